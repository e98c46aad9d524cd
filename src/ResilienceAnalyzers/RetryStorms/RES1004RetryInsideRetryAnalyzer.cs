using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using ResilienceAnalyzers.Infrastructure;

namespace ResilienceAnalyzers.RetryStorms;

/// <summary>
/// RES1004: a retry inside a retry. Live: a hand-rolled retry loop inside the <c>try</c> block of another retry loop of
/// the same method, inside a loop that runs it again until a flag its attempt sets on success is true, or inside the callback of a Polly pipeline or policy built in view that retries
/// (<see cref="PollyExecutions"/>); the message states the worst-case attempts per call when both layers count their
/// attempts in constants. At compilation end: a call in the retried <c>try</c> block of a retry loop, or in the callback
/// of a retrying Polly execution (a pipeline registered by key included), that runs another retry — a retry loop in a
/// method it reaches within <see cref="CallGraph.MaxHops"/> calls, an <c>HttpClient</c> whose DI registration adds a
/// retry (<c>AddStandardResilienceHandler</c>, a Polly handler), or a database call through an EF Core context whose
/// options turn on its retry on failure (<see cref="EfCoreRetries"/>), or a call to an Azure SDK client while the code
/// leaves its retry at the default (<see cref="AzureClientRetries"/>). Live as well: MassTransit's message retry
/// configured on a receive endpoint of a bus that configures one too (<see cref="MassTransitRetries"/>).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
internal sealed class RES1004RetryInsideRetryAnalyzer : ResilienceAnalyzer<WellKnownTypes>
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(Descriptors.RES1004RetryInsideRetry, Descriptors.RES1004RetryInsideRetryAcrossMethods);

    /// <summary>Nothing to resolve: retry loops need no API, and the Polly and HttpClient facts resolve their own.</summary>
    internal override WellKnownTypes? ResolveSymbols(WellKnownTypes types) => types;

    internal override void OnCompilationStart(RuleContext context, WellKnownTypes types)
    {
        var facts = context.Facts;
        var polly = facts.PollyExecutions;
        var clientRetries = facts.HttpClientRetries;
        var efRetries = facts.EfCoreRetries;
        var azureRetries = facts.AzureClientRetries;
        var retries = new RetriesAcrossMethods(facts.Calls, clientRetries, polly, efRetries, azureRetries);
        context.RegisterOperationAction(c => AnalyzeLoop(c, facts, polly, retries), OperationKind.Loop);
        if (azureRetries is not null && facts.MentionsAny("MaxRetries"))
        {
            context.RegisterOperationAction(c => azureRetries.RecordSetting((ISimpleAssignmentOperation)c.Operation), OperationKind.SimpleAssignment);
        }

        var massTransitRetries = facts.MentionsAny("UseMessageRetry") ? types.Get(WellKnownTypeNames.MassTransitMessageRetryConfigurationExtensions) : null;
        if (polly is not null || clientRetries is not null || efRetries is not null || azureRetries is not null || massTransitRetries is not null)
        {
            // Polly executions, HttpClient registrations and sends, EF Core's retry settings, database and Azure client calls; without these APIs there is nothing to read per call.
            context.RegisterOperationAction(
                c =>
                {
                    var call = (IInvocationOperation)c.Operation;
                    retries.RecordCall(call, c.ContainingSymbol, c.CancellationToken);
                    if (massTransitRetries is not null && MassTransitRetries.BusRetryAround(call, massTransitRetries) is { } busRetry)
                    {
                        c.ReportDiagnostic(Diagnostic.Create(
                            Descriptors.RES1004RetryInsideRetry,
                            call.NameLocation(),
                            "This MassTransit message retry",
                            "the message retry configured on the bus, which every receive endpoint runs",
                            Attempts(MassTransitRetries.Attempts(busRetry), MassTransitRetries.Attempts(call))));
                    }

                    if (clientRetries?.StackedRetry(call) is var (outer, inner))
                    {
                        c.ReportDiagnostic(Diagnostic.Create(
                            Descriptors.RES1004RetryInsideRetry,
                            call.NameLocation(),
                            $"The retry that {inner.Handler} adds",
                            $"the retry that {outer.Handler} adds earlier in the same client's registration",
                            Attempts(outer.MaxAttempts, inner.MaxAttempts)));
                    }
                },
                OperationKind.Invocation);
        }

        context.RegisterCompilationEndAction(retries.Report);
    }

    private static void AnalyzeLoop(OperationAnalysisContext context, CompilationFacts facts, PollyExecutions? polly, RetriesAcrossMethods retries)
    {
        if (facts.RetryLoop((ILoopOperation)context.Operation) is not { } inner)
        {
            return;
        }

        // A retry that swallows its last failure hands nothing to a retry around it: the layers do not multiply — unless
        // the loop around it checks a flag the inner attempt sets on success, and so runs the whole retry again.
        if (!inner.PassesOnTheLastFailure)
        {
            if (RunsItAgainUntilItSucceeds(inner))
            {
                context.ReportDiagnostic(Diagnostic.Create(Descriptors.RES1004RetryInsideRetry, inner.KeywordLocation, "This retry loop", "an outer loop that runs it again until it succeeds", Attempts(null, inner.MaxAttempts)));
            }

            return;
        }

        retries.RecordRetryLoop(inner, context.ContainingSymbol);
        var outer = EnclosingRetryLoop(inner.Loop, facts) is { } loop
            ? new OuterRetry("another retry loop", loop.MaxAttempts)
            : polly?.EnclosingExecution(inner.Loop, context.CancellationToken) is { Key: null } execution ? execution : null;
        if (outer is not null)
        {
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.RES1004RetryInsideRetry, inner.KeywordLocation, "This retry loop", outer.Description, Attempts(outer.Attempts, inner.MaxAttempts)));
        }
    }

    /// <summary>"up to 16 times (4 outer × 4 inner)" when both layers state their attempts; "3 times for every outer attempt" when only the inner one does.</summary>
    private static string Attempts(int? outer, int? inner, string innerLayer = "inner") => (outer, inner) switch
    {
        (int o, int i) => $"up to {o * i} times ({o} outer × {i} {innerLayer})",
        (null, int i) => $"{i} times for every outer attempt",
        _ => "outer attempts × inner attempts times",
    };

    /// <summary>The nearest enclosing loop of the same method whose retried <c>try</c> block contains <paramref name="loop"/>.</summary>
    private static HandRolledRetryLoop? EnclosingRetryLoop(ILoopOperation loop, CompilationFacts facts)
    {
        IOperation child = loop;
        for (var node = loop.Parent; node is not null and not (IAnonymousFunctionOperation or ILocalFunctionOperation); child = node, node = node.Parent)
        {
            if (node is ITryOperation attempt
                && attempt.Body == child
                && attempt.Parent is { } owner
                && EnclosingLoop(owner) is { } candidate
                && facts.RetryLoop(candidate) is { } outer
                && outer.RetryingCatches.Any(c => c.Parent == attempt))
            {
                return outer;
            }
        }

        return null;
    }

    /// <summary>
    /// True when the loop around the retry keeps going while a flag that the retried <c>try</c> sets to <c>true</c> on
    /// success is still false (<c>while (!sent) { for (…) { try { …; sent = true; break; } catch { … } } }</c>): every
    /// pass of the outer loop makes all the inner attempts again.
    /// </summary>
    private static bool RunsItAgainUntilItSucceeds(HandRolledRetryLoop inner)
    {
        var successFlags = inner.RetriedOperations
            .OfType<ISimpleAssignmentOperation>()
            .Where(assignment => assignment.Value.ConstantValue is { HasValue: true, Value: true })
            .Select(assignment => assignment.Target)
            .OfType<ILocalReferenceOperation>()
            .Select(flag => flag.Local)
            .ToImmutableHashSet<ILocalSymbol>(SymbolEqualityComparer.Default);
        var outer = inner.Loop.AncestorsWithinFunction().OfType<ILoopOperation>().FirstOrDefault();
        var condition = outer switch
        {
            IWhileLoopOperation whileLoop => whileLoop.Condition,
            IForLoopOperation forLoop => forLoop.Condition,
            _ => null,
        };
        return !successFlags.IsEmpty && condition is not null && condition.DescendantsAndSelf().Any(node =>
            node is IUnaryOperation { OperatorKind: UnaryOperatorKind.Not, Operand: ILocalReferenceOperation negated } && successFlags.Contains(negated.Local)
            || node is IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals, LeftOperand: ILocalReferenceOperation compared, RightOperand.ConstantValue: { HasValue: true, Value: false } } && successFlags.Contains(compared.Local));
    }

    /// <summary>The loop the operation is in, or is, without leaving its lambda or local function.</summary>
    private static ILoopOperation? EnclosingLoop(IOperation operation) =>
        operation as ILoopOperation ?? operation.AncestorsWithinFunction().OfType<ILoopOperation>().FirstOrDefault();

    /// <summary>What the compilation-end form needs: which methods retry, and what the retried blocks call.</summary>
    private sealed class RetriesAcrossMethods
    {
        private readonly CallGraph calls;
        private readonly HttpClientRetries? clientRetries;
        private readonly PollyExecutions? polly;
        private readonly EfCoreRetries? efRetries;
        private readonly AzureClientRetries? azureRetries;
        private readonly ConcurrentDictionary<IMethodSymbol, SdkCall> sdkCalls = new(SymbolEqualityComparer.Default);
        private readonly ConcurrentDictionary<IMethodSymbol, int?> attemptsOfRetryLoops = new(SymbolEqualityComparer.Default);
        private readonly ConcurrentDictionary<IMethodSymbol, HttpSend> sends = new(SymbolEqualityComparer.Default);
        private readonly ConcurrentBag<RetriedCall> retriedCalls = new();

        internal RetriesAcrossMethods(CallGraph calls, HttpClientRetries? clientRetries, PollyExecutions? polly, EfCoreRetries? efRetries, AzureClientRetries? azureRetries)
        {
            this.calls = calls;
            this.clientRetries = clientRetries;
            this.polly = polly;
            this.efRetries = efRetries;
            this.azureRetries = azureRetries;
        }

        internal void RecordCall(IInvocationOperation call, ISymbol caller, CancellationToken cancellationToken)
        {
            if (polly is not null && caller is IMethodSymbol method)
            {
                polly.RecordRegistration(call, cancellationToken);
                if (polly.ReadExecution(call, cancellationToken) is var (callback, retry))
                {
                    RecordRetriedCalls(callback.Body.Descendants().OfType<IInvocationOperation>(), method, retry);
                }
            }

            efRetries?.RecordConfiguration(call, caller);
            if (caller is IMethodSymbol calling && ReadSdkCall(call) is { } sdkCall)
            {
                sdkCalls.TryAdd(calling.OriginalDefinition, sdkCall);
            }

            if (clientRetries is not null)
            {
                clientRetries.RecordRegistration(call);
                if (clientRetries.ReadSend(call, caller) is { } send)
                {
                    sends.TryAdd(send.Sender.OriginalDefinition, send);
                }
            }
        }

        /// <summary>Records that the method retries, and every call its retried <c>try</c> blocks make.</summary>
        internal void RecordRetryLoop(HandRolledRetryLoop loop, ISymbol containingSymbol)
        {
            if (containingSymbol is not IMethodSymbol caller)
            {
                return;
            }

            attemptsOfRetryLoops.TryAdd(caller.OriginalDefinition, loop.MaxAttempts);
            RecordRetriedCalls(loop.RetriedOperations.OfType<IInvocationOperation>(), caller, new OuterRetry("this retry loop", loop.MaxAttempts, retried: RetriedExceptions.OfCatches(loop.RetryingCatches)));
        }

        private void RecordRetriedCalls(IEnumerable<IInvocationOperation> retried, IMethodSymbol caller, OuterRetry outer)
        {
            foreach (var call in retried)
            {
                var send = clientRetries?.ReadSend(call, caller);
                retriedCalls.Add(new RetriedCall(call.NameLocation(), caller.OriginalDefinition, call.TargetMethod.OriginalDefinition, send?.Origin, ReadSdkCall(call), outer));
            }
        }

        internal void Report(CompilationAnalysisContext context)
        {
            var reported = new HashSet<Location>();
            // Only a method that may retry ends a path: the senders through clients without a retry and the callers of
            // contexts without retry on failure are left out, or the walk would read most of a compilation that sends.
            var walk = calls.WalkTowards(attemptsOfRetryLoops.Keys
                .Concat(sdkCalls.Where(sdkCall => MayRetry(sdkCall.Value)).Select(sdkCall => sdkCall.Key))
                .Concat(sends.Where(send => clientRetries?.RetryOf(send.Value.Origin) is not null).Select(send => send.Key)));
            foreach (var call in retriedCalls)
            {
                if (OuterAttempts(call.Outer) is var (retries, outerAttempts) && retries && InnerRetry(call, walk, context.CancellationToken) is var (inner, attempts, layer) && reported.Add(call.Location))
                {
                    context.ReportDiagnostic(Diagnostic.Create(Descriptors.RES1004RetryInsideRetryAcrossMethods, call.Location, inner, call.Outer.Description, Attempts(outerAttempts, attempts, layer)));
                }
            }
        }

        /// <summary>Whether the outer layer retries — a pipeline fetched by key retries if a registration of the key adds a retry — and its attempts.</summary>
        private (bool Retries, int? Attempts) OuterAttempts(OuterRetry outer)
        {
            if (outer.Key is not { } key)
            {
                return (true, outer.Attempts);
            }

            return polly is not null && polly.TryGetRegisteredRetry(key, out var attempts) ? (true, attempts) : (false, null);
        }

        /// <summary>Describes the retry the call runs, its attempts and what the message calls its layer, or returns null when it runs none the code shows.</summary>
        private (string Description, int? Attempts, string Layer)? InnerRetry(RetriedCall call, CalleeWalk walk, CancellationToken cancellationToken)
        {
            if (call.Origin is { } origin && clientRetries?.RetryOf(origin) is { } retry)
            {
                return ($"the retry that {retry.Handler} adds to {origin}", retry.MaxAttempts, "inner");
            }

            if (call.Sdk is { } sdkCall)
            {
                return SdkRetry(sdkCall, call.Outer);
            }

            if (SymbolEqualityComparer.Default.Equals(call.Callee, call.Caller))
            {
                return null;
            }

            if (RetryIn(call.Callee, call.Outer) is { } direct)
            {
                return direct;
            }

            var path = calls.CalleePathFrom(call.Callee, walk, method => !SymbolEqualityComparer.Default.Equals(method, call.Caller) && RetryIn(method, call.Outer) is not null, cancellationToken);
            if (path.IsEmpty || RetryIn(path[path.Length - 1], call.Outer) is not var (description, attempts, layer))
            {
                return null;
            }

            return ($"{description} (through {string.Join(" → ", path.Take(path.Length - 1).Prepend(call.Callee).Select(Name))})", attempts, layer);
        }

        private (string Description, int? Attempts, string Layer)? RetryIn(IMethodSymbol method, OuterRetry outer)
        {
            if (attemptsOfRetryLoops.TryGetValue(method, out var attempts))
            {
                return ($"the retry loop of {Name(method)}", attempts, "inner");
            }

            if (sdkCalls.TryGetValue(method, out var sdkCall) && SdkRetry(sdkCall, outer) is var (description, sdkAttempts, layer))
            {
                return ($"{description}, in {Name(method)}", sdkAttempts, layer);
            }

            return sends.TryGetValue(method, out var send) && clientRetries?.RetryOf(send.Origin) is { } retry
                ? ($"the retry that {retry.Handler} adds to {send.Origin}, in {Name(method)}", retry.MaxAttempts, "inner")
                : null;
        }

        /// <summary>A database call through an EF Core context, or a call to an Azure SDK client; null for any other call.</summary>
        private SdkCall? ReadSdkCall(IInvocationOperation call) =>
            efRetries?.ContextOf(call) is { } context ? new SdkCall(context, null)
            : azureRetries?.RetryOf(call) is { } azure ? new SdkCall(null, azure)
            : null;

        /// <summary>True when the call's retry, whatever retries around it, is one <see cref="SdkRetry"/> can find.</summary>
        private bool MayRetry(SdkCall call) => call switch
        {
            { Context: { } context } => efRetries is not null && efRetries.Retries(context, out _),
            { AzureClient: not null } => azureRetries is { DefaultsHold: true },
            _ => false,
        };

        /// <summary>
        /// The SDK's own retry a call runs, when the outer retry repeats it — when it retries on the exception the SDK
        /// hands on once its attempts run out: the retry on failure of an EF Core context whose options turn it on
        /// (<c>RetryLimitExceededException</c>), or an Azure client's retry while the code sets no retry count
        /// (<c>RequestFailedException</c>); null otherwise. Asked at compilation end, when every setting is recorded.
        /// </summary>
        private (string Description, int? Attempts, string Layer)? SdkRetry(SdkCall call, OuterRetry outer) => call switch
        {
            { Context: { } context } when efRetries is not null && efRetries.Retries(context, out var attempts) && efRetries.RepeatedBy(outer.Retried) =>
                ($"the retry on failure EF Core gives {context.Name}", attempts, "EF"),
            { AzureClient: var (description, attempts) } when azureRetries is { DefaultsHold: true } && azureRetries.RepeatedBy(outer.Retried) => (description, attempts, "Azure"),
            _ => null,
        };

        private static string Name(IMethodSymbol method) => $"{method.ContainingType.Name}.{method.Name}";
    }

    /// <summary>A call made in the retried <c>try</c> block of a retry loop.</summary>
    private sealed class RetriedCall
    {
        internal RetriedCall(Location location, IMethodSymbol caller, IMethodSymbol callee, HttpClientOrigin? origin, SdkCall? sdk, OuterRetry outer)
        {
            Location = location;
            Caller = caller;
            Callee = callee;
            Origin = origin;
            Sdk = sdk;
            Outer = outer;
        }

        internal Location Location { get; }

        internal IMethodSymbol Caller { get; }

        internal IMethodSymbol Callee { get; }

        /// <summary>Where the client comes from, when the call sends an HTTP request.</summary>
        internal HttpClientOrigin? Origin { get; }

        /// <summary>The SDK client the call goes through, when the SDK may retry it by itself.</summary>
        internal SdkCall? Sdk { get; }

        /// <summary>The retry the call is made in: a retry loop, or a Polly pipeline or policy.</summary>
        internal OuterRetry Outer { get; }
    }

    /// <summary>A call through an SDK client that may retry it by itself: an EF Core context, or an Azure client with its retry's description and attempts.</summary>
    private sealed class SdkCall
    {
        internal SdkCall(INamedTypeSymbol? context, (string Description, int Attempts)? azureClient)
        {
            Context = context;
            AzureClient = azureClient;
        }

        internal INamedTypeSymbol? Context { get; }

        internal (string Description, int Attempts)? AzureClient { get; }
    }
}
