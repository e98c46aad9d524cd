using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using ResilienceAnalyzers.Infrastructure;

namespace ResilienceAnalyzers.RetryStorms;

/// <summary>What the retry rules resolve once per compilation; Polly's part is absent without Polly.Core.</summary>
internal sealed class RetrySymbols
{
    internal RetrySymbols(PollyRetrySymbols? polly, PollyV7Symbols? pollyV7, RetryLoopSymbols loops)
    {
        Polly = polly;
        PollyV7 = pollyV7;
        Loops = loops;
    }

    internal PollyRetrySymbols? Polly { get; }

    internal PollyV7Symbols? PollyV7 { get; }

    internal RetryLoopSymbols Loops { get; }
}

/// <summary>
/// The base of the rules that judge retry sites: it reads Polly v8 retry options at every creation and at every
/// assignment to a property of a local holding them (when Polly.Core is referenced), Polly v7 retry policies at every
/// call (when Polly is referenced and the source spells a call of its retry syntax), hand-rolled retry loops at every
/// loop, and the retry settings of the SDKs it reads where they are set (StackExchange.Redis's reconnect policies, the
/// SignalR client's automatic reconnect and retry policies, RabbitMQ's connection recovery, Azure clients' retry
/// options, EF Core's retry on failure, MassTransit's message retry, Orleans's connection retry filters, Azure
/// Functions' retry attributes, gRPC's hedging), and hands each reading to the rule.
/// </summary>
internal abstract class RetrySiteAnalyzer : ResilienceAnalyzer<RetrySymbols>
{
    internal sealed override RetrySymbols? ResolveSymbols(WellKnownTypes types) =>
        new(PollyRetrySymbols.Resolve(types), PollyV7Symbols.Resolve(types), new RetryLoopSymbols(types));

    internal sealed override void OnCompilationStart(RuleContext context, RetrySymbols symbols)
    {
        if (symbols.Polly is { } polly && context.Facts.MentionsAny(PollyRetryOptions.NamesWhereCreated))
        {
            context.RegisterOperationAction(
                c =>
                {
                    if (PollyRetryOptions.TryReadAt(c.Operation, polly) is { } options)
                    {
                        AnalyzePollyOptions(c, options);
                    }
                },
                OperationKind.ObjectCreation,
                OperationKind.SimpleAssignment);
        }

        if (symbols.PollyV7 is { } pollyV7 && context.Facts.MentionsAny(PollyV7Retry.NamesOfItsCalls))
        {
            context.RegisterCallsNamed(
                pollyV7.RetrySyntax.SelectMany(syntax => syntax.MemberNames).Where(name => name.Contains("Retry")).Distinct(),
                c =>
                {
                    if (PollyV7Retry.TryRead((IInvocationOperation)c.Operation, pollyV7, symbols.Loops.Random) is { } retry)
                    {
                        AnalyzePollyV7(c, retry);
                    }
                });
        }

        if (JudgesSdkRetries && context.Facts.SdkRetrySymbols is { } sdks)
        {
            void ReadSdkRetry(OperationAnalysisContext c)
            {
                if (SdkRetry.TryRead(c.Operation, c.ContainingSymbol, sdks) is { } retry)
                {
                    AnalyzeSdkRetry(c, retry);
                }
            }

            if (sdks.OperationKinds.Length > 0)
            {
                context.RegisterOperationAction(ReadSdkRetry, sdks.OperationKinds);
            }

            if (sdks.CallNames.Length > 0)
            {
                context.RegisterCallsNamed(sdks.CallNames, ReadSdkRetry);
            }
        }

        var facts = context.Facts;
        context.RegisterOperationAction(
            c =>
            {
                if (facts.RetryLoop((ILoopOperation)c.Operation) is { } loop)
                {
                    AnalyzeLoop(c, loop);
                }
            },
            OperationKind.Loop);
    }

    /// <summary>
    /// Judges Polly options. A diagnostic must be reported only where <c>context.Operation</c> contains its location,
    /// so each setting is reported once, by the operation that holds it.
    /// </summary>
    private protected abstract void AnalyzePollyOptions(OperationAnalysisContext context, PollyRetryOptions options);

    /// <summary>Judges a Polly v7 retry policy.</summary>
    private protected abstract void AnalyzePollyV7(OperationAnalysisContext context, PollyV7Retry retry);

    /// <summary>Judges a hand-rolled retry loop.</summary>
    private protected abstract void AnalyzeLoop(OperationAnalysisContext context, HandRolledRetryLoop loop);

    /// <summary>True for a rule that judges SDKs' retry settings: only such a rule has the SDK readers run.</summary>
    private protected virtual bool JudgesSdkRetries => false;

    /// <summary>Judges the retry settings of an SDK, for a rule whose <see cref="JudgesSdkRetries"/> is true.</summary>
    private protected virtual void AnalyzeSdkRetry(OperationAnalysisContext context, SdkRetry retry)
    {
    }
}
