using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Simplification;

namespace ResilienceAnalyzers.CodeFixes.Infrastructure;

/// <summary>
/// Expressions written as C# text: types are spelled <c>global::System.X</c> (in member access and in <c>new</c>) and marked for the simplifier, which
/// shortens them wherever the document's usings allow; identifiers named as placeholders are replaced by code.
/// </summary>
internal static class SyntaxTemplates
{
    internal static ExpressionSyntax Expression(string text, IReadOnlyDictionary<string, ExpressionSyntax>? placeholders = null)
    {
        var expression = SyntaxFactory.ParseExpression(text);
        var typeNames = expression.DescendantNodesAndSelf()
            .Where(node => node switch
            {
                MemberAccessExpressionSyntax access => StartsWithAlias(access),
                QualifiedNameSyntax name => name.Parent is not QualifiedNameSyntax && name.DescendantNodes().OfType<AliasQualifiedNameSyntax>().Any(),
                _ => false,
            })
            .Cast<ExpressionSyntax>()
            .ToList();
        var holes = expression.DescendantNodesAndSelf()
            .OfType<IdentifierNameSyntax>()
            .Where(name => placeholders?.ContainsKey(name.Identifier.ValueText) == true)
            .ToList();

        return expression.ReplaceNodes(
            typeNames.Concat(holes),
            (original, rewritten) => original is IdentifierNameSyntax hole && holes.Contains(hole)
                ? SyntaxFactory.ParenthesizedExpression(placeholders![hole.Identifier.ValueText].WithoutTrivia()).WithAdditionalAnnotations(Simplifier.Annotation)
                : rewritten.WithAdditionalAnnotations(Simplifier.Annotation));
    }

    /// <summary>True for every level of <c>global::System.Threading.Thread.Sleep</c>, so the simplifier can shorten the type wherever it is.</summary>
    private static bool StartsWithAlias(MemberAccessExpressionSyntax access) => access.Expression switch
    {
        AliasQualifiedNameSyntax => true,
        MemberAccessExpressionSyntax inner => StartsWithAlias(inner),
        _ => false,
    };
}
