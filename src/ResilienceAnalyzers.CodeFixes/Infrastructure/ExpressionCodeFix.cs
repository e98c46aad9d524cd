using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace ResilienceAnalyzers.CodeFixes.Infrastructure;

/// <summary>
/// A code fix that replaces the expression a diagnostic marks — or the expression around it that <see cref="Target"/>
/// names — with a rewrite of it.
/// </summary>
internal abstract class ExpressionCodeFix : DocumentCodeFix
{
    private protected sealed override bool CanFix(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken) =>
        Marked(root, diagnostic) is { } marked && Replacement(marked, diagnostic, model, cancellationToken) is not null;

    /// <summary>The expression to rewrite, given the one the diagnostic marks; itself unless a fix rewrites more.</summary>
    private protected virtual ExpressionSyntax? Target(ExpressionSyntax marked) => marked;

    private protected sealed override async Task<Document> FixAsync(Document document, IEnumerable<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
        {
            return document;
        }

        var replacements = new Dictionary<ExpressionSyntax, ExpressionSyntax>();
        foreach (var diagnostic in diagnostics)
        {
            if (Marked(root, diagnostic) is { } marked && Replacement(marked, diagnostic, model, cancellationToken) is { } replacement)
            {
                replacements[marked] = replacement.WithTriviaFrom(marked);
            }
        }

        return document.WithSyntaxRoot(root.ReplaceNodes(replacements.Keys, (original, _) => replacements[original]));
    }

    /// <summary>What replaces the marked expression, or null when the fix does not apply.</summary>
    private protected abstract ExpressionSyntax? Replacement(ExpressionSyntax marked, Diagnostic diagnostic, SemanticModel model, CancellationToken cancellationToken);

    /// <summary>
    /// The expression to rewrite: the one the diagnostic marks, unless its first additional location names another, as
    /// <see cref="Target"/> widens it.
    /// </summary>
    private ExpressionSyntax? Marked(SyntaxNode root, Diagnostic diagnostic) =>
        root.FindNode((diagnostic.AdditionalLocations.Count > 0 ? diagnostic.AdditionalLocations[0] : diagnostic.Location).SourceSpan, getInnermostNodeForTie: true) is ExpressionSyntax marked
            ? Target(marked)
            : null;
}
