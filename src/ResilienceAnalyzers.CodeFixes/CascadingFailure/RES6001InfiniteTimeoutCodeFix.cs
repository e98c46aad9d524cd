using System.Collections.Immutable;
using System.Composition;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using ResilienceAnalyzers.CascadingFailure;
using ResilienceAnalyzers.CodeFixes.Infrastructure;
using ResilienceAnalyzers.Infrastructure;

namespace ResilienceAnalyzers.CodeFixes.CascadingFailure;

/// <summary>Replaces <c>Timeout.InfiniteTimeSpan</c> with <c>TimeSpan.FromSeconds(N)</c>, N from <c>resilience.default_timeout</c> (default 30).</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(RES6001InfiniteTimeoutCodeFix))]
[Shared]
internal sealed class RES6001InfiniteTimeoutCodeFix : CodeFixProvider
{
    private const string Title = "Use a finite timeout";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(Descriptors.RES6001InfiniteTimeout.Id);

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        foreach (var diagnostic in context.Diagnostics)
        {
            if (root?.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is ExpressionSyntax infinite
                && diagnostic.Properties.TryGetValue(RES6001InfiniteTimeoutAnalyzer.TimeoutSecondsProperty, out var seconds)
                && seconds is not null)
            {
                var finite = SyntaxTemplates.Expression($"global::System.TimeSpan.FromSeconds({seconds})").WithTriviaFrom(infinite);
                var document = context.Document;
                context.RegisterCodeFix(
                    CodeAction.Create(Title, _ => Task.FromResult(document.WithSyntaxRoot(root.ReplaceNode(infinite, finite))), equivalenceKey: Title),
                    diagnostic);
            }
        }
    }
}
