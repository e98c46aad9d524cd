using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using ResilienceAnalyzers.Infrastructure;
using ResilienceAnalyzers.RetryStorms;

namespace ResilienceAnalyzers.CodeFixes.RetryStorms;

/// <summary>Adds jitter to an exponential Polly v8 retry: <c>UseJitter = true</c>.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(RES1003BackoffWithoutJitterCodeFix))]
[Shared]
internal sealed class RES1003BackoffWithoutJitterCodeFix : RetryOptionsCodeFix
{
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(Descriptors.RES1003BackoffWithoutJitter.Id);

    private protected override string Title => "Add jitter to the backoff (UseJitter = true)";

    private protected override IReadOnlyList<(string Property, ExpressionSyntax Value)> Settings() =>
        [(PollyRetryOptions.UseJitterName, RetryOptionsEditor.True())];
}
