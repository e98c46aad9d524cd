using System.Collections.Generic;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace ResilienceAnalyzers.CodeFixes.RetryStorms;

/// <summary>
/// The base of fixes that set properties of the Polly v8 retry options a diagnostic names in its first additional
/// location (the options' creation).
/// </summary>
internal abstract class RetryOptionsCodeFix : CodeFixProvider
{
    private protected abstract string Title { get; }

    /// <summary>The properties to set and their new values.</summary>
    private protected abstract IReadOnlyList<(string Property, ExpressionSyntax Value)> Settings();

    public sealed override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public sealed override Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        foreach (var diagnostic in context.Diagnostics)
        {
            if (!CanFix(diagnostic) || diagnostic.AdditionalLocations.Count == 0)
            {
                continue;
            }

            var creationSpan = diagnostic.AdditionalLocations[0].SourceSpan;
            context.RegisterCodeFix(
                CodeAction.Create(Title, ct => RetryOptionsEditor.SetAsync(context.Document, creationSpan, Settings(), ct), equivalenceKey: Title),
                diagnostic);
        }

        return Task.CompletedTask;
    }

    /// <summary>False for diagnostics the fix cannot settle.</summary>
    private protected virtual bool CanFix(Diagnostic diagnostic) => true;
}
