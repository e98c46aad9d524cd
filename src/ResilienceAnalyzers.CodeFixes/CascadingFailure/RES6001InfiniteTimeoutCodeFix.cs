using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using ResilienceAnalyzers.CascadingFailure;
using ResilienceAnalyzers.CodeFixes.Infrastructure;
using ResilienceAnalyzers.Infrastructure;

namespace ResilienceAnalyzers.CodeFixes.CascadingFailure;

/// <summary>Replaces <c>Timeout.InfiniteTimeSpan</c> with <c>TimeSpan.FromSeconds(N)</c>, N from <c>resilience.default_timeout</c> (default 30).</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(RES6001InfiniteTimeoutCodeFix))]
[Shared]
internal sealed class RES6001InfiniteTimeoutCodeFix : ExpressionCodeFix
{
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(Descriptors.RES6001InfiniteTimeout.Id);

    private protected override string Title => "Use a finite timeout";

    private protected override ExpressionSyntax? Replacement(ExpressionSyntax marked, Diagnostic diagnostic, SemanticModel model, CancellationToken cancellationToken) =>
        diagnostic.Option(RES6001InfiniteTimeoutAnalyzer.TimeoutSecondsProperty) is { } seconds
            ? SyntaxTemplates.Expression($"global::System.TimeSpan.FromSeconds({seconds})")
            : null;
}
