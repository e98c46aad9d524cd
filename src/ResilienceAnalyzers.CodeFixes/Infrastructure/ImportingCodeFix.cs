using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace ResilienceAnalyzers.CodeFixes.Infrastructure;

/// <summary>
/// A code fix that rewrites one node per diagnostic with code from a namespace, and adds that namespace's <c>using</c>
/// once for the document.
/// </summary>
internal abstract class ImportingCodeFix<TNode> : DocumentCodeFix
    where TNode : SyntaxNode
{
    /// <summary>The namespace the rewritten code uses.</summary>
    private protected abstract string Namespace { get; }

    private protected sealed override bool CanFix(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken) =>
        Target(root, model, diagnostic) is not null;

    private protected sealed override async Task<Document> FixAsync(Document document, IEnumerable<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is not CompilationUnitSyntax unit || model is null)
        {
            return document;
        }

        var targets = diagnostics.Select(diagnostic => Target(unit, model, diagnostic)).OfType<TNode>().ToList();
        var rewritten = unit.ReplaceNodes(targets, (original, _) => Rewrite(original));
        return document.WithSyntaxRoot(UsingDirectives.Ensure(rewritten, Namespace, model.Compilation));
    }

    /// <summary>The node the diagnostic's fix rewrites, or null when the fix does not apply.</summary>
    private protected abstract TNode? Target(SyntaxNode root, SemanticModel model, Diagnostic diagnostic);

    /// <summary>The rewrite of a node <see cref="Target"/> returned.</summary>
    private protected abstract TNode Rewrite(TNode target);
}
