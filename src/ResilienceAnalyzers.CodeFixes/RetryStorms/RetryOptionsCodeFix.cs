using System.Collections.Generic;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace ResilienceAnalyzers.CodeFixes.RetryStorms;

/// <summary>
/// The base of fixes that set properties of the Polly v8 retry options a diagnostic names in its first additional
/// location (the options' creation); a rule may also fix its other retry sites.
/// </summary>
internal abstract class RetryOptionsCodeFix : CodeFixProvider
{
    private protected abstract string Title { get; }

    /// <summary>The properties to set and their new values.</summary>
    private protected abstract IReadOnlyList<(string Property, ExpressionSyntax Value)> Settings();

    public sealed override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public sealed override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        foreach (var diagnostic in context.Diagnostics)
        {
            if (diagnostic.AdditionalLocations.Count == 0)
            {
                // Not Polly v8 options: a hand-rolled loop or a Polly v7 policy.
                await RegisterOtherSiteFixAsync(context, diagnostic).ConfigureAwait(false);
                continue;
            }

            if (!CanFix(diagnostic))
            {
                continue;
            }

            var creationSpan = diagnostic.AdditionalLocations[0].SourceSpan;
            context.RegisterCodeFix(
                CodeAction.Create(Title, ct => RetryOptionsEditor.SetAsync(context.Document, creationSpan, Settings(), ct), equivalenceKey: Title),
                diagnostic);
        }
    }

    /// <summary>False for Polly v8 diagnostics the fix cannot settle.</summary>
    private protected virtual bool CanFix(Diagnostic diagnostic) => true;

    /// <summary>
    /// The rewrite of a diagnostic on a retry site other than Polly v8 options: the node to replace and its replacement,
    /// or a <see langword="null"/> replacement for none (the default).
    /// </summary>
    private protected virtual (SyntaxNode Original, SyntaxNode? Replacement) OtherSiteRewrite(SyntaxNode node, SemanticModel model, Diagnostic diagnostic) =>
        (node, null);

    private async Task RegisterOtherSiteFixAsync(CodeFixContext context, Diagnostic diagnostic)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root?.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not { } node || model is null)
        {
            return;
        }

        var (original, replacement) = OtherSiteRewrite(node, model, diagnostic);
        if (replacement is not null)
        {
            context.RegisterCodeFix(
                CodeAction.Create(Title, _ => Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNode(original, replacement))), equivalenceKey: Title),
                diagnostic);
        }
    }
}
