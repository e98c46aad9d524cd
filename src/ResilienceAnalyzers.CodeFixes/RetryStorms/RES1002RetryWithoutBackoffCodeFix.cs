using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using ResilienceAnalyzers.Infrastructure;
using ResilienceAnalyzers.RetryStorms;

namespace ResilienceAnalyzers.CodeFixes.RetryStorms;

/// <summary>
/// Gives a constant-delay retry exponential backoff with jitter: <c>BackoffType = DelayBackoffType.Exponential,
/// UseJitter = true</c>. A zero delay gets no fix: the base delay is the code's to choose.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(RES1002RetryWithoutBackoffCodeFix))]
[Shared]
internal sealed class RES1002RetryWithoutBackoffCodeFix : RetryOptionsCodeFix
{
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(Descriptors.RES1002RetryWithoutBackoff.Id);

    private protected override string Title => "Use exponential backoff with jitter";

    private protected override IReadOnlyList<(string Property, ExpressionSyntax Value)> Settings() =>
    [
        (PollyRetryOptions.BackoffTypeName, RetryOptionsEditor.ExponentialBackoff()),
        (PollyRetryOptions.UseJitterName, RetryOptionsEditor.True()),
    ];

    private protected override bool CanFix(Diagnostic diagnostic) =>
        !diagnostic.Properties.ContainsKey(RES1002RetryWithoutBackoffAnalyzer.ZeroDelayProperty);
}
