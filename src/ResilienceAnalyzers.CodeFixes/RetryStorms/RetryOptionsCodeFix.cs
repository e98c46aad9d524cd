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

    /// <summary>Registers a fix for a diagnostic on a retry site other than Polly v8 options; none by default.</summary>
    private protected virtual Task RegisterOtherSiteFixAsync(CodeFixContext context, Diagnostic diagnostic) => Task.CompletedTask;
}
