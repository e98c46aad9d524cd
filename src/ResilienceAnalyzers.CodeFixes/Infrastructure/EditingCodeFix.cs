using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Editing;

namespace ResilienceAnalyzers.CodeFixes.Infrastructure;

/// <summary>A <see cref="DocumentCodeFix"/> that edits the document through a <see cref="DocumentEditor"/>.</summary>
internal abstract class EditingCodeFix : DocumentCodeFix
{
    private protected sealed override async Task<Document> FixAsync(Document document, IEnumerable<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
        {
            return document;
        }

        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        Edit(editor, root, model, diagnostics, cancellationToken);
        return editor.GetChangedDocument();
    }

    /// <summary>Records on <paramref name="editor"/> the edits that fix every fixable diagnostic of <paramref name="diagnostics"/>.</summary>
    private protected abstract void Edit(DocumentEditor editor, SyntaxNode root, SemanticModel model, IEnumerable<Diagnostic> diagnostics, CancellationToken cancellationToken);
}
