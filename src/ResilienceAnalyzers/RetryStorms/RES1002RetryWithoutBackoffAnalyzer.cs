using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using ResilienceAnalyzers.Infrastructure;

namespace ResilienceAnalyzers.RetryStorms;

/// <summary>
/// RES1002: a Polly v8 retry whose delay is constant — set so, or the default of <c>RetryStrategyOptions</c> — or zero
/// (a custom <c>DelayGenerator</c> decides the delays itself and is not judged); a hand-rolled retry loop that does not
/// wait between attempts, or always waits the same time; an SDK's retry settings that space attempts by one fixed interval
/// (StackExchange.Redis's <c>LinearRetry</c>).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
internal sealed class RES1002RetryWithoutBackoffAnalyzer : RetrySiteAnalyzer
{
    /// <summary>Diagnostic property, present when the delay is zero: a fix cannot choose a delay for the code.</summary>
    internal const string ZeroDelayProperty = "ZeroDelay";

    /// <summary>Diagnostic property on hand-rolled retry loops: the name of the loop's attempt counter, which a fix grows the wait with.</summary>
    internal const string AttemptCounterProperty = "AttemptCounter";

    /// <summary>Diagnostic property on Polly v7 retries and retry loops: the base delay a fix uses, from <c>resilience.retry_base_delay_ms</c>.</summary>
    internal const string BaseDelayProperty = "BaseDelayMilliseconds";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(Descriptors.RES1002RetryWithoutBackoff);

    private protected override void AnalyzePollyOptions(OperationAnalysisContext context, PollyRetryOptions options)
    {
        if (options.DelayGenerator is not null)
        {
            return;
        }

        var creation = options.Creation.Syntax.GetLocation();
        var (location, delay, properties) = options switch
        {
            { ZeroDelaySetBy: { } zeroDelay } => (
                zeroDelay.Syntax.GetLocation(),
                "no delay between attempts (Delay is zero)",
                ImmutableDictionary<string, string?>.Empty.Add(ZeroDelayProperty, "true")),
            { Backoff: { Value: BackoffKind.Constant, SetBy: { } setBy } } => (
                setBy.Syntax.GetLocation(),
                "a constant delay between attempts (BackoffType = Constant)",
                null),
            { Backoff: { Value: BackoffKind.Constant, IsDefault: true } } => (
                creation,
                "a constant delay between attempts (Constant backoff, 2 s, no jitter, is the default of RetryStrategyOptions)",
                null),
            _ => (null, string.Empty, null),
        };

        if (location is not null && context.Operation.Contains(location))
        {
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.RES1002RetryWithoutBackoff, location, ImmutableArray.Create(creation), properties, options.TypeName, delay));
        }
    }

    private protected override void AnalyzeLoop(OperationAnalysisContext context, HandRolledRetryLoop loop)
    {
        var (location, delay) = loop switch
        {
            { Delay: DelayKind.None, RetriesConcurrencyConflictsOnly: false } => (loop.KeywordLocation, "no delay between attempts"),
            { Delay: DelayKind.Constant, HasJitter: false, DelayCall: { } call } => (call.Syntax.GetLocation(), "a constant delay between attempts"),
            _ => (null, string.Empty),
        };

        if (location is null)
        {
            return;
        }

        var properties = loop.AttemptCounter is { } counter
            ? BaseDelay(context, loop.Loop.Syntax.SyntaxTree).Add(AttemptCounterProperty, counter.Name)
            : null;
        context.ReportDiagnostic(Diagnostic.Create(Descriptors.RES1002RetryWithoutBackoff, location, properties, "This retry loop", delay));
    }

    private static ImmutableDictionary<string, string?> BaseDelay(OperationAnalysisContext context, SyntaxTree tree) =>
        context.Options.ReadAsProperty(tree, ResilienceOptions.RetryBaseDelayMilliseconds, BaseDelayProperty);

    private protected override bool JudgesSdkRetries => true;

    private protected override void AnalyzeSdkRetry(OperationAnalysisContext context, SdkRetry retry)
    {
        if (retry.Delay is DelayKind.Constant or DelayKind.None)
        {
            var properties = retry.Fix == SdkRetry.ExponentialRetryProperty ? BaseDelay(context, retry.Location.SourceTree!).AddRange(retry.FixProperties()!) : retry.FixProperties();
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.RES1002RetryWithoutBackoff, retry.Location, properties, retry.Subject, retry.Spacing));
        }
    }

    private protected override void AnalyzePollyV7(OperationAnalysisContext context, PollyV7Retry retry)
    {
        var (location, delay) = retry switch
        {
            { Delay: DelayKind.None } => (retry.NameLocation, $"no delay between attempts ({retry.MethodName} retries at once)"),
            { Delay: DelayKind.Constant, DelaySource: { } source } => (source.Syntax.GetLocation(), "a constant delay between attempts"),
            _ => (null, string.Empty),
        };

        if (location is not null)
        {
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.RES1002RetryWithoutBackoff, location, BaseDelay(context, retry.Call.Syntax.SyntaxTree), "This Polly policy", delay));
        }
    }
}
