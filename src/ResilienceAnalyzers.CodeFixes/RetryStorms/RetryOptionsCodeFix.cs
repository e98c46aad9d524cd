using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using ResilienceAnalyzers.CodeFixes.Infrastructure;

namespace ResilienceAnalyzers.CodeFixes.RetryStorms;

/// <summary>
/// The base of fixes that set properties of the Polly v8 retry options a diagnostic names in its first additional
/// location (the options' creation); a rule may also fix its other retry sites.
/// </summary>
internal abstract class RetryOptionsCodeFix : EditingCodeFix
{
    /// <summary>The properties to set and their new values.</summary>
    private protected abstract IReadOnlyList<(string Property, ExpressionSyntax Value)> Settings();

    private protected sealed override bool CanFix(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken) =>
        IsOnOptions(diagnostic) ? CanFixOptions(diagnostic) : OtherSite(root, model, diagnostic).Replacement is not null;

    private protected sealed override void Edit(DocumentEditor editor, SyntaxNode root, SemanticModel model, IEnumerable<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        foreach (var diagnostic in diagnostics)
        {
            if (!IsOnOptions(diagnostic))
            {
                if (OtherSite(root, model, diagnostic) is (var original, { } replacement))
                {
                    editor.ReplaceNode(original, replacement);
                }
            }
            else if (CanFixOptions(diagnostic))
            {
                RetryOptionsEditor.Set(editor, root, model, diagnostic.AdditionalLocations[0].SourceSpan, Settings(), cancellationToken);
            }
        }
    }

    /// <summary>False for Polly v8 diagnostics the fix cannot settle.</summary>
    private protected virtual bool CanFixOptions(Diagnostic diagnostic) => true;

    /// <summary>
    /// The rewrite of a diagnostic on a retry site other than Polly v8 options: the node to replace and its replacement,
    /// or a <see langword="null"/> replacement for none (the default).
    /// </summary>
    private protected virtual (SyntaxNode Original, SyntaxNode? Replacement) OtherSiteRewrite(SyntaxNode node, SemanticModel model, Diagnostic diagnostic) =>
        (node, null);

    /// <summary>Polly v8 options diagnostics name the options' creation; a hand-rolled loop's or Polly v7 policy's do not.</summary>
    private static bool IsOnOptions(Diagnostic diagnostic) => diagnostic.AdditionalLocations.Count > 0;

    private (SyntaxNode Original, SyntaxNode? Replacement) OtherSite(SyntaxNode root, SemanticModel model, Diagnostic diagnostic) =>
        root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is { } node ? OtherSiteRewrite(node, model, diagnostic) : (root, null);
}
