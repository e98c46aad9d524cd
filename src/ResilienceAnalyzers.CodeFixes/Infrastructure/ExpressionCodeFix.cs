using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace ResilienceAnalyzers.CodeFixes.Infrastructure;

/// <summary>A code fix that replaces the expression a diagnostic marks with a rewrite of it; Fix All batches the independent replacements.</summary>
internal abstract class ExpressionCodeFix : CodeFixProvider
{
    private protected abstract string Title { get; }

    public sealed override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public sealed override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            if (root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is ExpressionSyntax marked
                && Replacement(marked, diagnostic, model) is { } replacement)
            {
                var document = context.Document;
                var changed = document.WithSyntaxRoot(root.ReplaceNode(marked, replacement.WithTriviaFrom(marked)));
                context.RegisterCodeFix(CodeAction.Create(Title, _ => Task.FromResult(changed), equivalenceKey: Title), diagnostic);
            }
        }
    }

    /// <summary>What replaces the marked expression, or null when the fix does not apply.</summary>
    private protected abstract ExpressionSyntax? Replacement(ExpressionSyntax marked, Diagnostic diagnostic, SemanticModel model);
}
