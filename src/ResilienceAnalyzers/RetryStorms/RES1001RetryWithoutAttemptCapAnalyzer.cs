using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using ResilienceAnalyzers.Infrastructure;

namespace ResilienceAnalyzers.RetryStorms;

/// <summary>
/// RES1001: a Polly v8 retry with <c>MaxRetryAttempts = int.MaxValue</c>, unless a timeout added before it in the same
/// pipeline bounds the whole retry sequence; a hand-rolled retry loop (<c>while (true)</c>, <c>for (;;)</c>,
/// <c>do … while (true)</c>) in which no attempt counter is compared; an SDK's retries set to have no end (EF Core's
/// count of <see cref="SdkRetry.EndlessRetryCount"/> or more, an Orleans retry filter that always says yes and never
/// waits, a SignalR retry policy that never returns null).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
internal sealed class RES1001RetryWithoutAttemptCapAnalyzer : RetrySiteAnalyzer
{
    /// <summary>Diagnostic property: the cap a fix sets, from <c>resilience.max_retry_attempts</c>.</summary>
    internal const string AttemptCapProperty = "AttemptCap";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(Descriptors.RES1001RetryWithoutAttemptCap);

    private protected override void AnalyzePollyOptions(OperationAnalysisContext context, PollyRetryOptions options)
    {
        if (options.MaxRetryAttempts is not { Value: int.MaxValue, SetBy: { } setBy }
            || !context.Operation.Contains(setBy.Syntax.GetLocation())
            || PollyPipelines.HasOuterTimeout(options.Creation))
        {
            return;
        }

        Report(context, setBy.Syntax.GetLocation(), options.TypeName, "MaxRetryAttempts = int.MaxValue");
    }

    private protected override void AnalyzeLoop(OperationAnalysisContext context, HandRolledRetryLoop loop)
    {
        if (!loop.IsInfinite || loop.HasAttemptCheck)
        {
            return;
        }

        Report(context, loop.KeywordLocation, "This retry loop", "nothing counts or limits its attempts");
    }

    private protected override void AnalyzePollyV7(OperationAnalysisContext context, PollyV7Retry retry)
    {
        if (retry.IsForever)
        {
            Report(context, retry.NameLocation, "This Polly policy", retry.MethodName);
        }
    }

    private protected override bool JudgesSdkRetries => true;

    private protected override void AnalyzeSdkRetry(OperationAnalysisContext context, SdkRetry retry)
    {
        if (retry.Endless is { } why)
        {
            Report(context, retry.EndlessAt, retry.Subject, why);
        }
    }

    /// <summary>Reports at <paramref name="location"/>, with the cap a fix would set from <c>resilience.max_retry_attempts</c>.</summary>
    private static void Report(OperationAnalysisContext context, Location location, string retrySite, string why)
    {
        context.ReportDiagnostic(Diagnostic.Create(
            Descriptors.RES1001RetryWithoutAttemptCap,
            location,
            context.Options.ReadAsProperty(context.Operation.Syntax.SyntaxTree, ResilienceOptions.MaxRetryAttempts, AttemptCapProperty),
            retrySite,
            why));
    }
}
