using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using ResilienceAnalyzers.CascadingFailure;
using ResilienceAnalyzers.CodeFixes.Infrastructure;
using ResilienceAnalyzers.Infrastructure;

namespace ResilienceAnalyzers.CodeFixes.CascadingFailure;

/// <summary>
/// Appends <c>.AddStandardResilienceHandler()</c> to the registration's builder chain — on a line of its own when the
/// chain already puts each call on one. Offered only when the compilation references Microsoft.Extensions.Http.Resilience.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(RES6002ClientWithoutResilienceHandlerCodeFix))]
[Shared]
internal sealed class RES6002ClientWithoutResilienceHandlerCodeFix : EditingCodeFix
{
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(Descriptors.RES6002ClientWithoutResilienceHandler.Id);

    private protected override string Title => "Add the standard resilience handler";

    private protected override bool CanFix(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken) =>
        EndOfChain(root, diagnostic) is not null;

    private protected override void Edit(DocumentEditor editor, SyntaxNode root, SemanticModel model, IEnumerable<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        foreach (var diagnostic in diagnostics)
        {
            if (EndOfChain(root, diagnostic) is { } chain)
            {
                editor.ReplaceNode(chain, (current, _) => WithStandardHandler((InvocationExpressionSyntax)current));
            }
        }
    }

    /// <summary>The last call of the builder chain that starts with the marked <c>AddHttpClient</c>.</summary>
    private static InvocationExpressionSyntax? EndOfChain(SyntaxNode root, Diagnostic diagnostic)
    {
        if (!diagnostic.Properties.ContainsKey(RES6002ClientWithoutResilienceHandlerAnalyzer.StandardHandlerAvailableProperty)
            || root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true).FirstAncestorOrSelf<InvocationExpressionSyntax>() is not { } call)
        {
            return null;
        }

        while (call.Parent is MemberAccessExpressionSyntax { Parent: InvocationExpressionSyntax next } access && access.Expression == call)
        {
            call = next;
        }

        return call;
    }

    private static InvocationExpressionSyntax WithStandardHandler(InvocationExpressionSyntax chain)
    {
        var dot = SyntaxFactory.Token(SyntaxKind.DotToken);
        var receiver = (ExpressionSyntax)chain.WithoutTrailingTrivia();
        if (chain.Expression is MemberAccessExpressionSyntax last
            && last.OperatorToken.GetPreviousToken().TrailingTrivia.LastOrDefault(trivia => trivia.IsKind(SyntaxKind.EndOfLineTrivia)) is { RawKind: (int)SyntaxKind.EndOfLineTrivia } lineBreak)
        {
            receiver = receiver.WithTrailingTrivia(lineBreak);
            dot = dot.WithLeadingTrivia(last.OperatorToken.LeadingTrivia);
        }

        var added = SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, receiver, dot, SyntaxFactory.IdentifierName("AddStandardResilienceHandler"));
        return SyntaxFactory.InvocationExpression(added).WithTrailingTrivia(chain.GetTrailingTrivia());
    }
}
