using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;

namespace ResilienceAnalyzers.CodeFixes.Infrastructure;

/// <summary>
/// A code fix that rewrites a document for a set of diagnostics in one edit: Fix All hands it a document's diagnostics
/// together (so a <c>using</c> is added once and new members get distinct names), a single fix hands it one. It is
/// offered only on live diagnostics: the IDE offers no fix for a rule's compilation-end form.
/// </summary>
internal abstract class DocumentCodeFix : CodeFixProvider
{
    /// <summary>The fix's title, and the key that groups its diagnostics for Fix All.</summary>
    private protected abstract string Title { get; }

    public sealed override FixAllProvider GetFixAllProvider() =>
        FixAllProvider.Create(async (context, document, diagnostics) => await FixAsync(document, diagnostics, context.CancellationToken).ConfigureAwait(false));

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
            if (!diagnostic.Descriptor.CustomTags.Contains(WellKnownDiagnosticTags.CompilationEnd) && CanFix(root, model, diagnostic, context.CancellationToken))
            {
                var document = context.Document;
                context.RegisterCodeFix(CodeAction.Create(TitleFor(diagnostic), ct => FixAsync(document, [diagnostic], ct), equivalenceKey: Title), diagnostic);
            }
        }
    }

    /// <summary>The title shown for one diagnostic's fix, when it can say more than <see cref="Title"/>.</summary>
    private protected virtual string TitleFor(Diagnostic diagnostic) => Title;

    /// <summary>True when the fix can rewrite the code the diagnostic is on.</summary>
    private protected abstract bool CanFix(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken);

    /// <summary>The document with every fixable diagnostic of <paramref name="diagnostics"/> fixed.</summary>
    private protected abstract Task<Document> FixAsync(Document document, IEnumerable<Diagnostic> diagnostics, CancellationToken cancellationToken);
}
