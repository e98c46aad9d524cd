using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using ResilienceAnalyzers.Infrastructure;

namespace ResilienceAnalyzers.RetryStorms;

/// <summary>
/// RES1006: a POST or PATCH that is retried without an idempotency key. Live: sent from the retried <c>try</c> of a
/// hand-rolled retry loop — <c>HttpClient.PostAsync</c>, <c>PatchAsync</c>, <c>PostAsJsonAsync</c>,
/// <c>PatchAsJsonAsync</c>, or <c>SendAsync</c> of a request created with <c>HttpMethod.Post</c> or
/// <c>HttpMethod.Patch</c> — in a method that mentions no idempotency key; or sent by a typed client whose registration
/// adds a retry that does not spare unsafe methods, reported on the registration; or sent from the callback of a Polly
/// pipeline or policy built in view that retries (<see cref="PollyExecutions"/>). At compilation end: the same for
/// named clients and for <c>ConfigureHttpClientDefaults</c>, whose requests can be sent from anywhere, and for sends run
/// by a pipeline fetched by a key whose registration retries.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
internal sealed class RES1006NonIdempotentRetryAnalyzer : ResilienceAnalyzer<HttpRequests>
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(Descriptors.RES1006NonIdempotentRetry, Descriptors.RES1006NonIdempotentRetryAcrossFiles);

    internal override HttpRequests? ResolveSymbols(WellKnownTypes types) => HttpRequests.Resolve(types);

    internal override void OnCompilationStart(RuleContext context, HttpRequests requests)
    {
        var facts = context.Facts;
        context.RegisterOperationAction(c => AnalyzeLoop(c, facts, requests), OperationKind.Loop);
        var polly = facts.PollyExecutions;
        var clientRetries = facts.HttpClientRetries;
        if (polly is null && clientRetries is null)
        {
            return;
        }

        // One action reads every invocation for both APIs: the driver's cost of a callback is paid once per call.
        var sendsUnderRegisteredPipelines = new ConcurrentBag<(Location Location, string Method, string Key)>();
        var unsafeSends = new ConcurrentBag<HttpSend>();
        context.RegisterOperationAction(
            c =>
            {
                var call = (IInvocationOperation)c.Operation;
                if (polly is not null)
                {
                    AnalyzePollyExecution(c, call, requests, polly, sendsUnderRegisteredPipelines);
                }

                if (clientRetries is not null)
                {
                    AnalyzeClientCall(c, call, clientRetries, unsafeSends);
                }
            },
            OperationKind.Invocation);
        context.RegisterCompilationEndAction(c =>
        {
            if (polly is not null)
            {
                ReportSendsUnderRegisteredPipelines(c, polly, sendsUnderRegisteredPipelines);
            }

            if (clientRetries is not null)
            {
                ReportRetryingRegistrations(c, clientRetries, unsafeSends);
            }
        });
    }

    private static void AnalyzeLoop(OperationAnalysisContext context, CompilationFacts facts, HttpRequests requests)
    {
        if (facts.RetryLoop((ILoopOperation)context.Operation) is not { } loop
            || HttpRequests.MentionsAnIdempotencyKey(loop.Loop.Root()))
        {
            return;
        }

        foreach (var send in loop.RetriedOperations.OfType<IInvocationOperation>())
        {
            if (requests.UnsafeMethod(send) is { } method)
            {
                context.ReportDiagnostic(Diagnostic.Create(Descriptors.RES1006NonIdempotentRetry, send.NameLocation(), $"This {method}"));
            }
        }
    }

    /// <summary>
    /// An unsafe request sent from the callback of a Polly execution that retries: live when the pipeline or policy is
    /// built in view, at compilation end when it is fetched by a key some registration gives a retry.
    /// </summary>
    private static void AnalyzePollyExecution(OperationAnalysisContext context, IInvocationOperation call, HttpRequests requests, PollyExecutions polly, ConcurrentBag<(Location, string, string)> sendsUnderRegisteredPipelines)
    {
        polly.RecordRegistration(call, context.CancellationToken);
        if (polly.ReadExecution(call, context.CancellationToken) is not var (callback, retry) || HttpRequests.MentionsAnIdempotencyKey(call.Root()))
        {
            return;
        }

        foreach (var send in callback.Body.Descendants().OfType<IInvocationOperation>())
        {
            if (requests.UnsafeMethod(send) is not { } method)
            {
                continue;
            }

            if (retry.Key is { } key)
            {
                sendsUnderRegisteredPipelines.Add((send.NameLocation(), method, key));
            }
            else
            {
                context.ReportDiagnostic(Diagnostic.Create(Descriptors.RES1006NonIdempotentRetry, send.NameLocation(), $"This {method}"));
            }
        }
    }

    /// <summary>Reports the unsafe requests sent under a pipeline fetched by a key, once every registration is recorded and the key is known to retry.</summary>
    private static void ReportSendsUnderRegisteredPipelines(CompilationAnalysisContext context, PollyExecutions polly, ConcurrentBag<(Location Location, string Method, string Key)> sendsUnderRegisteredPipelines)
    {
        foreach (var send in sendsUnderRegisteredPipelines.OrderBy(s => s.Location.SourceTree?.FilePath, StringComparer.Ordinal).ThenBy(s => s.Location.SourceSpan.Start))
        {
            if (polly.TryGetRegisteredRetry(send.Key, out _))
            {
                context.ReportDiagnostic(Diagnostic.Create(Descriptors.RES1006NonIdempotentRetryAcrossFiles, send.Location, $"This {send.Method}"));
            }
        }
    }

    /// <summary>
    /// A typed client's registration whose retry repeats an unsafe request the client sends, reported live; and every
    /// unsafe send, kept for the registrations of named clients and of every client, judged at compilation end.
    /// </summary>
    private static void AnalyzeClientCall(OperationAnalysisContext context, IInvocationOperation call, HttpClientRetries clientRetries, ConcurrentBag<HttpSend> unsafeSends)
    {
        if (clientRetries.RecordRegistration(call) is { TypedClient: { } client, DisablesUnsafeMethods: false } retry
            && clientRetries.UnsafeSendOf(client, context.Compilation, context.CancellationToken) is { } unsafeSend)
        {
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.RES1006NonIdempotentRetry, retry.Location, Subject(retry, unsafeSend)));
        }

        if (clientRetries.ReadSend(call, context.ContainingSymbol) is { UnsafeMethod: not null, MentionsAnIdempotencyKey: false } send)
        {
            unsafeSends.Add(send);
        }
    }

    /// <summary>
    /// Reports each registration of a named client or of every client whose retry repeats an unsafe request, naming the
    /// first such request in source order; typed clients' registrations are reported live.
    /// </summary>
    private static void ReportRetryingRegistrations(CompilationAnalysisContext context, HttpClientRetries clientRetries, ConcurrentBag<HttpSend> unsafeSends)
    {
        var reported = new HashSet<Location>();
        foreach (var send in unsafeSends.OrderBy(s => s.Location.SourceTree?.FilePath, StringComparer.Ordinal).ThenBy(s => s.Location.SourceSpan.Start))
        {
            if (clientRetries.RetryOf(send.Origin) is { TypedClient: null, DisablesUnsafeMethods: false } retry && reported.Add(retry.Location))
            {
                context.ReportDiagnostic(Diagnostic.Create(Descriptors.RES1006NonIdempotentRetryAcrossFiles, retry.Location, Subject(retry, send)));
            }
        }
    }

    /// <summary>"The POST sent by OrdersClient.PlaceAsync, whose HttpClient this AddStandardResilienceHandler retries,".</summary>
    private static string Subject(HttpClientRetry retry, HttpSend send) =>
        $"The {send.UnsafeMethod} sent by {send.Sender.ContainingType.Name}.{send.Sender.Name}, whose HttpClient this {retry.Handler} retries,";
}
