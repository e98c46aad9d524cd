using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Simplification;
using Microsoft.CodeAnalysis.Text;
using ResilienceAnalyzers.CodeFixes.Infrastructure;
using ResilienceAnalyzers.Infrastructure;
using ResilienceAnalyzers.RetryStorms;

namespace ResilienceAnalyzers.CodeFixes.RetryStorms;

/// <summary>
/// Sets properties of a Polly v8 retry options object the way its code already sets them: the value the code assigns
/// last is replaced where it stands; a property left at its default is added to the object initializer.
/// </summary>
internal static class RetryOptionsEditor
{
    internal static ExpressionSyntax ExponentialBackoff() =>
        SyntaxFactory.MemberAccessExpression(
            SyntaxKind.SimpleMemberAccessExpression,
            SyntaxFactory.ParseExpression("global::Polly.DelayBackoffType").WithAdditionalAnnotations(Simplifier.Annotation),
            SyntaxFactory.IdentifierName("Exponential"));

    internal static ExpressionSyntax True() => SyntaxFactory.LiteralExpression(SyntaxKind.TrueLiteralExpression);

    /// <summary>Records on <paramref name="editor"/> the settings of the options created at <paramref name="creationSpan"/>.</summary>
    internal static void Set(DocumentEditor editor, SyntaxNode root, SemanticModel model, TextSpan creationSpan, IReadOnlyList<(string Property, ExpressionSyntax Value)> values, CancellationToken cancellationToken)
    {
        if (root.FindNode(creationSpan, getInnermostNodeForTie: true) is not BaseObjectCreationExpressionSyntax creationSyntax
            || model.GetOperation(creationSyntax, cancellationToken) is not IObjectCreationOperation creation
            || PollyRetrySymbols.Resolve(WellKnownTypes.For(model.Compilation)) is not { } symbols
            || PollyRetryOptions.TryRead(creation, symbols) is not { } options)
        {
            return;
        }

        var additions = new List<AssignmentExpressionSyntax>();
        foreach (var (property, value) in values)
        {
            if (options.AssignedValue(property)?.Syntax is { } assigned)
            {
                editor.ReplaceNode(assigned, value.WithTriviaFrom(assigned));
            }
            else
            {
                additions.Add(ObjectInitializers.Assignment(property, value));
            }
        }

        editor.ReplaceNode(
            creationSyntax,
            (current, _) => ObjectInitializers.WithAssignments((BaseObjectCreationExpressionSyntax)current, additions));
    }
}
