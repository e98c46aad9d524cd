using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using ResilienceAnalyzers.Infrastructure;

namespace ResilienceAnalyzers.RetryStorms;

/// <summary>
/// RES1003: a Polly v8 retry with exponential backoff and <c>UseJitter</c> false, set so or left at its default, or whose
/// <c>DelayGenerator</c> doubles its delays without a <c>Random</c> part; a
/// hand-rolled retry loop whose delay doubles (<c>Math.Pow(2, n)</c>, <c>1 &lt;&lt; n</c>) without a <c>Random</c> part; an SDK's
/// reconnect schedule that grows the same for every client (the SignalR client's <c>WithAutomaticReconnect</c>).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
internal sealed class RES1003BackoffWithoutJitterAnalyzer : RetrySiteAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(Descriptors.RES1003BackoffWithoutJitter);

    private protected override void AnalyzePollyOptions(OperationAnalysisContext context, PollyRetryOptions options)
    {
        if (options.DelayGenerator is { } generator)
        {
            // The generator's delays replace the strategy's, and UseJitter does not touch them.
            if (options.GeneratedDelay is { Kind: DelayKind.Exponential, HasJitter: false } && context.Operation.Contains(generator.Syntax.GetLocation()))
            {
                context.ReportDiagnostic(Diagnostic.Create(
                    Descriptors.RES1003BackoffWithoutJitter,
                    generator.Syntax.GetLocation(),
                    "This DelayGenerator",
                    "the delays it returns double every attempt with no random part, and UseJitter does not apply to them"));
            }

            return;
        }

        if (options is not { ZeroDelaySetBy: null }
            || options.Backoff.Value != BackoffKind.Exponential
            || options.UseJitter.Value != false)
        {
            return;
        }

        var creation = options.Creation.Syntax.GetLocation();
        var (location, jitter) = options.UseJitter.SetBy is { } setBy
            ? (setBy.Syntax.GetLocation(), "UseJitter = false")
            : (creation, "UseJitter defaults to false");
        if (context.Operation.Contains(location))
        {
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.RES1003BackoffWithoutJitter, location, ImmutableArray.Create(creation), properties: null, options.TypeName, jitter));
        }
    }

    private protected override void AnalyzeLoop(OperationAnalysisContext context, HandRolledRetryLoop loop)
    {
        if (loop is { Delay: DelayKind.Exponential, HasJitter: false, DelayCall: { } call })
        {
            context.ReportDiagnostic(Diagnostic.Create(
                Descriptors.RES1003BackoffWithoutJitter,
                call.Syntax.GetLocation(),
                "This retry loop",
                "its delay grows by a factor every attempt, with no random part"));
        }
    }

    private protected override bool JudgesSdkRetries => true;

    /// <summary>The SDK readers report only settings without jitter: a schedule that grows is backoff without it.</summary>
    private protected override void AnalyzeSdkRetry(OperationAnalysisContext context, SdkRetry retry)
    {
        if (retry.Delay == DelayKind.Exponential)
        {
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.RES1003BackoffWithoutJitter, retry.Location, retry.FixProperties(), retry.Subject, retry.Spacing));
        }
    }

    private protected override void AnalyzePollyV7(OperationAnalysisContext context, PollyV7Retry retry)
    {
        if (retry is { Delay: DelayKind.Exponential, HasJitter: false, DelaySource: { } source })
        {
            context.ReportDiagnostic(Diagnostic.Create(
                Descriptors.RES1003BackoffWithoutJitter,
                source.Syntax.GetLocation(),
                "This Polly policy",
                "its sleep durations double with no random part"));
        }
    }
}
