using System.Collections.Immutable;
using System.Globalization;
using Microsoft.CodeAnalysis;

namespace ResilienceAnalyzers.Infrastructure;

/// <summary>
/// The registry of every rule the pack reports. IDs are <c>RES</c> + four digits, the first digit naming the failure
/// mode; help links are computed from the ID and point at the rule's page, <c>docs/rules/&lt;ID&gt;.md</c>.
/// </summary>
internal static class Descriptors
{
    /// <summary>Where the rule pages live; the help link of a rule is this plus <c>&lt;ID&gt;.md</c>.</summary>
    internal const string RulePagesUrl = "https://github.com/ResilienceAnalyzers/ResilienceAnalyzers/blob/main/docs/rules/";

    internal static readonly DiagnosticDescriptor RES1001RetryWithoutAttemptCap = Create(
        "RES1001",
        FailureMode.RetryStorm,
        RuleLevel.Warning,
        title: "Retry without an attempt cap",
        messageFormat: "{0} retries without end ({1}): while the dependency is down every call keeps retrying, so the load on it never falls and it cannot recover; cap the attempts",
        description: "A retry with no attempt cap turns every failed call into an endless stream of calls. During a brownout the failing "
            + "dependency receives user traffic multiplied by the retries still in flight, the extra load keeps it failing, and the storm "
            + "outlives the original fault — often until the callers are restarted. Cap the attempts (3 is a common choice) and pair the "
            + "retry with a retry budget or circuit breaker, which cap the total load.");

    internal static readonly DiagnosticDescriptor RES1002RetryWithoutBackoff = Create(
        "RES1002",
        FailureMode.RetryStorm,
        RuleLevel.Warning,
        title: "Retry without backoff",
        messageFormat: "{0} retries with {1}: every client retries at the same fixed pace, hammering the failing dependency while it tries to recover; use exponential backoff with jitter",
        description: "A retry that waits the same time (or no time) between attempts keeps the pressure on a struggling dependency constant: "
            + "failed callers come back on a fixed schedule, and their retries add to the load exactly when the dependency has the least "
            + "capacity. Polly v8's RetryStrategyOptions defaults to a constant 2-second delay without jitter. Exponential backoff spreads "
            + "the retries out over a growing window, and jitter stops clients from retrying in lockstep.");

    internal static readonly DiagnosticDescriptor RES1003BackoffWithoutJitter = Create(
        "RES1003",
        FailureMode.RetryStorm,
        RuleLevel.Warning,
        title: "Exponential backoff without jitter",
        messageFormat: "{0} backs off without jitter ({1}): clients that failed together retry together, in synchronized waves that overload the dependency again; randomize each delay (in Polly, UseJitter = true)",
        description: "Exponential backoff without jitter makes every client that failed at the same moment (which is what an outage does) "
            + "wait exactly the same delays, so their retries arrive together in waves at 1 s, 2 s, 4 s… Each wave is as large as the "
            + "original failure and can knock the recovering dependency over again. Jitter randomizes each delay so the retries spread "
            + "evenly over the window.");

    internal static readonly DiagnosticDescriptor RES1004RetryInsideRetry = Create(
        "RES1004",
        FailureMode.RetryStorm,
        RuleLevel.Warning,
        title: "Retry inside a retry",
        messageFormat: "{0} runs inside {1}: every outer attempt makes all the inner attempts, so a failing call is tried {2}; keep one retry layer",
        description: "Retries multiply across layers: three attempts around three attempts is nine calls for every failure, and each extra "
            + "layer multiplies again. During a brownout the failing dependency receives that multiple of the traffic that failed, which is "
            + "exactly the load that keeps it down. Retry at one layer only — usually the outermost that knows whether the operation is safe to "
            + "repeat — and let the inner layers fail fast.");

    internal static readonly DiagnosticDescriptor RES1004RetryInsideRetryAcrossMethods = AtCompilationEnd(
        RES1004RetryInsideRetry,
        "This call runs {0} inside {1}: every outer attempt makes all the inner attempts, so a failing call is tried {2}; keep one retry layer");

    internal static readonly DiagnosticDescriptor RES1005RetryWithoutBudget = Create(
        "RES1005",
        FailureMode.RetryStorm,
        RuleLevel.Info,
        title: "Retry without a budget or circuit breaker",
        messageFormat: "{0} has no circuit breaker, rate limiter or retry budget: backoff spreads retries out but does not cap them, so while the dependency is down every call still makes all its attempts; add a circuit breaker or a retry budget",
        description: "Capped, jittered backoff bounds each call, not the load the whole fleet sends: during an outage every request still "
            + "makes every attempt, so the failing dependency receives a multiple of the normal traffic for as long as the outage lasts. A "
            + "circuit breaker stops calling a dependency that keeps failing, and a retry budget caps retries at a share of requests; either "
            + "keeps retries from prolonging the outage. Info, because the breaker may live elsewhere (an outer pipeline, another layer).");

    internal static readonly DiagnosticDescriptor RES1006NonIdempotentRetry = Create(
        "RES1006",
        FailureMode.RetryStorm,
        RuleLevel.Info,
        title: "Retrying a call that is not safe to repeat",
        messageFormat: "{0} is retried without an idempotency key: a request that reached the server but whose response was lost is sent again, and the operation happens twice; send an Idempotency-Key header the server deduplicates on, or do not retry it",
        description: "POST and PATCH are not idempotent: when a timeout or a dropped connection hides a request that the server did "
            + "process, retrying it creates a second order, a second payment, a second message. During an incident, when timeouts are "
            + "common, such duplicates multiply. Retry only idempotent calls, or give the request an idempotency key the server uses to "
            + "recognize a repeat. Info, because the server may deduplicate by other means.");

    internal static readonly DiagnosticDescriptor RES1006NonIdempotentRetryAcrossFiles = AtCompilationEnd(RES1006NonIdempotentRetry);

    internal static readonly DiagnosticDescriptor RES1007StatefulStrategyBuiltPerCall = Create(
        "RES1007",
        FailureMode.RetryStorm,
        RuleLevel.Warning,
        title: "Stateful resilience strategy built per call",
        messageFormat: "{0} with a {1} is built inside {2}: every request gets a new {1} whose state starts empty, so it never trips or limits anything; build it once (a static field or a DI-registered pipeline)",
        description: "A circuit breaker, rate limiter, concurrency limiter or bulkhead protects a dependency only through the state it "
            + "keeps across calls: failures counted in a sampling window, an open circuit, permits in use. Built inside a controller action, "
            + "a minimal-API handler or a message handler, a new instance is created for every request and thrown away after it, so the "
            + "breaker never sees enough failures to open and the limiter never sees more than one caller. The code looks defended while the "
            + "failing dependency still receives every call and every retry. Build the pipeline once and share it.");

    internal static readonly DiagnosticDescriptor RES1007StatefulStrategyBuiltPerCallAcrossMethods = AtCompilationEnd(RES1007StatefulStrategyBuiltPerCall);

    internal static readonly DiagnosticDescriptor RES2001CacheAsideWithoutSingleFlight = Create(
        "RES2001",
        FailureMode.CacheStampede,
        RuleLevel.Info,
        title: "Cache-aside without single flight",
        messageFormat: "{0} on a miss of {1} with nothing making concurrent misses wait for one load: when a hot key expires every request in flight runs the load itself, and the origin receives one load per request; let one caller load while the others wait (HybridCache.GetOrCreateAsync or a per-key lock)",
        description: "Cache-aside — read the key, on a miss load the value and write it back — protects the origin only while the key "
            + "is cached. When a hot key expires, or the cache is flushed or restarted, every request that arrives before the first load "
            + "finishes misses too, and each runs the slow load: the origin receives as many loads as there are concurrent requests, "
            + "exactly when it has no cached help, and its latency grows the window in which requests miss. IMemoryCache.GetOrCreateAsync "
            + "does not prevent this: its factory runs once per concurrent miss. Single flight — HybridCache, or a per-key lock around the "
            + "load — makes one caller load while the others wait for its result.");

    internal static readonly DiagnosticDescriptor RES2002SynchronizedExpiry = Create(
        "RES2002",
        FailureMode.CacheStampede,
        RuleLevel.Info,
        title: "Constant TTL for many keys",
        messageFormat: "Every key written here gets the same constant TTL ({0}) with no jitter: keys written together — a warm-up, a burst of traffic, a cache restart — expire together, and their misses reach the origin in one burst; randomize each TTL by a few percent",
        description: "A cache whose keys all live exactly as long expires them in the same waves it filled them: after a deploy, a "
            + "cache restart or a traffic burst, thousands of keys written within seconds of each other expire within the same seconds, and "
            + "every one of them misses at once. The origin receives the whole working set's recompute load in one burst — a stampede "
            + "across keys rather than on one hot key. Randomizing each TTL by a few percent (or refreshing early) spreads the expiries "
            + "out. Info, because a constant TTL is harmless for keys that are never written in bulk.");

    internal static readonly DiagnosticDescriptor RES3001UnboundedQueue = Create(
        "RES3001",
        FailureMode.QueueOverload,
        RuleLevel.Warning,
        title: "Unbounded queue between producer and consumer",
        messageFormat: "{0} is an unbounded queue: when producers outpace consumers its depth and memory grow until the process fails; bound it so producers wait",
        description: "An unbounded channel, BlockingCollection or Dataflow block accepts every item it is given. When producers outpace "
            + "consumers, during a traffic spike or while a downstream dependency is slow, the queue's depth, memory and item latency grow "
            + "without limit until the process runs out of memory or its items time out. A bounded queue makes producers wait when it "
            + "is full (backpressure), so overload turns into slower producers instead of a crash.");

    internal static readonly DiagnosticDescriptor RES3002UnboundedFanOut = Create(
        "RES3002",
        FailureMode.QueueOverload,
        RuleLevel.Disabled,
        title: "Unbounded fan-out",
        messageFormat: "{0} starts one concurrent operation per item of {1} with no limit on how many run at once: a large input sends that many calls to the downstream at the same moment, more than it can serve; bound the concurrency (Parallel.ForEachAsync with MaxDegreeOfParallelism, or a SemaphoreSlim)",
        description: "Starting a task per item — Task.WhenAll over items.Select(CallAsync), Task.Run per item of a loop, or tasks "
            + "collected in a loop and awaited together — runs as many operations at once as there are items. The code's concurrency "
            + "then depends on its input: a batch of ten thousand opens ten thousand connections, queries or calls at once, which "
            + "exhausts connection pools and overloads the downstream, turning one large request into an incident. Bounding the degree "
            + "of parallelism keeps the load on the downstream constant whatever the input size. Off by default, an audit rule: on "
            + "real services about half the inputs it flags are small by construction in ways the code does not show.");

    internal static readonly DiagnosticDescriptor RES4001AuthorizationFailsOpen = Create(
        "RES4001",
        FailureMode.FailOpenSecurity,
        RuleLevel.Warning,
        title: "Authorization that fails open",
        messageFormat: "{0} grants access ({1}) when the access check in {2} fails: an outage of what the check depends on — a timeout, an open circuit breaker, a network error — lets every caller in, including the ones it must deny; fail closed (deny, or let the error surface)",
        description: "Authorization that depends on a remote service, a database or a token endpoint fails whenever they do. A catch "
            + "block or a resilience fallback that answers \"allowed\" in that case turns every outage of the dependency into an "
            + "authorization bypass: while the policy service is down, slow or behind an open circuit breaker, every request passes, "
            + "including those of callers who would be denied. Attackers can cause such failures on purpose (slow requests, oversized "
            + "tokens). Fail closed: deny (return false, context.Fail(), AuthorizationResult.Failed()) or let the exception surface, "
            + "keep the logging, and degrade only the features that do not need the decision.");

    internal static readonly DiagnosticDescriptor RES4002FallbackSkipsAuthorization = Create(
        "RES4002",
        FailureMode.FailOpenSecurity,
        RuleLevel.Warning,
        title: "Fallback that skips the authorization check",
        messageFormat: "This catch calls {0} without the access check ({1}) the try makes before {2}: when the primary path fails — the check's own dependency included — the fallback serves the resource to every caller, authorized or not; check access before the try, or repeat the check in the fallback",
        description: "A try that checks access and then loads a resource, with a catch that loads it again from a replica or a "
            + "cache, has two paths to the resource and only one is guarded. Whenever the primary path throws — the database times "
            + "out, or the authorization service itself is down, which is exactly when the check fails — the fallback serves the "
            + "resource without asking whether the caller may see it. Check access once, before the try, so both paths are behind "
            + "it, or repeat the check in the fallback and fail closed when it cannot be made.");

    internal static readonly DiagnosticDescriptor RES5001UncachedLookupOnRequestPath = Create(
        "RES5001",
        FailureMode.DnsAndDiscovery,
        RuleLevel.Warning,
        title: "DNS lookup on every request",
        messageFormat: "{0} looks up addresses on every request, in {1}: each request waits on the resolver, so when DNS or the service registry is slow or down every request stalls or fails though the backends are healthy; resolve through a cache that keeps the last known good addresses",
        description: "Service discovery is a dependency like any other, and a lookup per request puts it on every request's critical "
            + "path. A DNS server or registry that slows down adds its latency to every call; one that stops answering fails every call, "
            + "while the services behind the names are healthy — the outage of the lookup becomes the outage of everything that uses it. "
            + "Resolve once and cache: SocketsHttpHandler resolves per connection (with PooledConnectionLifetime to see changes), "
            + "Microsoft.Extensions.ServiceDiscovery refreshes in the background and keeps the last known good endpoints, and a hand-rolled "
            + "lookup belongs behind a cache with a generous TTL that serves stale addresses when a refresh fails.");

    internal static readonly DiagnosticDescriptor RES5001UncachedLookupAcrossMethods = AtCompilationEnd(RES5001UncachedLookupOnRequestPath);

    internal static readonly DiagnosticDescriptor RES5002ClientPerOperation = Create(
        "RES5002",
        FailureMode.DnsAndDiscovery,
        RuleLevel.Warning,
        title: "HttpClient created per operation",
        messageFormat: "A new HttpClient is created per operation, in {0}: each one opens its own connections, which linger in TIME_WAIT after it is disposed, so under load the machine runs out of sockets and calls fail; use IHttpClientFactory or one shared client whose handler sets PooledConnectionLifetime",
        description: "An HttpClient owns a connection pool. Creating one per request or per loop iteration opens new TCP (and TLS) "
            + "connections for every operation and throws them away after it; each closed connection holds its socket in TIME_WAIT for "
            + "up to four minutes. Under load the ephemeral port range runs out, new connections fail with SocketException, and every "
            + "outbound call of the instance fails at once — while each call also paid a full DNS lookup and handshake. Reuse clients: "
            + "IHttpClientFactory pools and rotates handlers, or one static client over a SocketsHttpHandler with "
            + "PooledConnectionLifetime shares connections and still sees DNS changes (a bare static HttpClient never does, see RES5003).");

    internal static readonly DiagnosticDescriptor RES5002ClientPerOperationAcrossMethods = AtCompilationEnd(RES5002ClientPerOperation);

    internal static readonly DiagnosticDescriptor RES5003LongLivedClientWithoutConnectionLifetime = Create(
        "RES5003",
        FailureMode.DnsAndDiscovery,
        RuleLevel.Info,
        title: "Long-lived HttpClient that never sees DNS changes",
        messageFormat: "{0} lives as long as the process and its connections never expire: after a failover or a blue-green switch changes what the host name resolves to, it keeps sending to the old addresses; set PooledConnectionLifetime on a SocketsHttpHandler",
        description: "An HttpClient kept in a static field reuses its pooled connections for as long as they stay open, and opens new "
            + "ones only when they break. DNS is resolved when a connection opens, so a client that never replaces its connections never "
            + "sees a DNS change: after a failover, a blue-green deployment or a scaling event moves the service to new addresses, the "
            + "client keeps talking to the old ones — to a drained node, a stale replica, or nothing. PooledConnectionLifetime on a "
            + "SocketsHttpHandler retires connections after a while, so new ones resolve the name again. Info, because a client of a "
            + "fixed address does not need it.");

    internal static readonly DiagnosticDescriptor RES5003LongLivedClientWithoutConnectionLifetimeAcrossFiles = AtCompilationEnd(RES5003LongLivedClientWithoutConnectionLifetime);

    internal static readonly DiagnosticDescriptor RES5004FactoryClientKeptForTheProcess = Create(
        "RES5004",
        FailureMode.DnsAndDiscovery,
        RuleLevel.Warning,
        title: "HttpClient from the factory kept for the process's lifetime",
        messageFormat: "{0} is kept by {1}, which lives as long as the process, and {2}: the factory never gives it a fresh handler, so it talks to the addresses it resolved first and a DNS change, blue/green switch or failover never reaches it; keep IHttpClientFactory and create the client where it is used",
        description: "IHttpClientFactory keeps DNS changes flowing by rotating the handlers behind its clients: a client created for an "
            + "operation gets the current handler, and an expired one is disposed once no client uses it. A client kept in a static field, "
            + "a hosted service or a singleton — or a typed client injected into one — keeps the handler it was created with for the "
            + "process's lifetime. When that handler keeps its connections forever (the HttpClientHandler that Microsoft.Extensions.Http "
            + "before 9.0 builds, or a primary handler configured without PooledConnectionLifetime), the client keeps sending to the "
            + "instances its connections reached first: traffic stays on retired or drained addresses until the process restarts. "
            + "Create the client from the factory where it is used, or give the primary handler a PooledConnectionLifetime.");

    internal static readonly DiagnosticDescriptor RES5004FactoryClientKeptForTheProcessAcrossFiles = AtCompilationEnd(RES5004FactoryClientKeptForTheProcess);

    internal static readonly DiagnosticDescriptor RES6001InfiniteTimeout = Create(
        "RES6001",
        FailureMode.CascadingFailure,
        RuleLevel.Warning,
        title: "Outbound call without a timeout",
        messageFormat: "{0} is Timeout.InfiniteTimeSpan: a dependency that stops answering holds each call, its thread and its connection forever, so callers pile up until this service stops answering too; set a finite timeout",
        description: "A call without a timeout waits as long as the dependency takes — forever when it hangs rather than fails. Each "
            + "stuck call holds a connection, a request slot and the caller's own request; as they accumulate, connection pools and "
            + "thread pools run dry and this service stops answering its callers, which spreads the outage up the call graph. A finite "
            + "timeout turns a hung dependency into fast failures that a retry budget, a circuit breaker or a degraded path can handle. "
            + "Per-call cancellation (CancelAfter) can still set shorter deadlines; the client's timeout is the backstop for the call "
            + "that forgets.");

    internal static readonly DiagnosticDescriptor RES6002ClientWithoutResilienceHandler = Create(
        "RES6002",
        FailureMode.CascadingFailure,
        RuleLevel.Info,
        title: "HttpClient registered without a resilience handler",
        messageFormat: "{0} registers an HttpClient with no resilience handler: no attempt timeout, no retry of transient failures and no circuit breaker, so a slow dependency holds each caller for the client's full 100-second timeout and a failing one is called at full rate; add AddStandardResilienceHandler()",
        description: "A client from IHttpClientFactory with no handler of its own waits up to HttpClient.Timeout (100 seconds by "
            + "default) for every call, retries nothing, and keeps calling a dependency that fails every time. When that dependency "
            + "slows down, each request to this service holds a thread, a connection and its caller for as long, and the slowdown "
            + "spreads up the call graph. The standard resilience handler adds a total and a per-attempt timeout, a capped, jittered "
            + "retry, a circuit breaker and a rate limiter with defaults that fit most HTTP dependencies. Info, because a handler may "
            + "come from somewhere the code does not show.");

    internal static readonly DiagnosticDescriptor RES6002ClientWithoutResilienceHandlerAcrossFiles = AtCompilationEnd(RES6002ClientWithoutResilienceHandler);

    internal static readonly DiagnosticDescriptor RES6003ContradictoryOptions = Create(
        "RES6003",
        FailureMode.CascadingFailure,
        RuleLevel.Warning,
        title: "Resilience options that cannot work",
        messageFormat: "{0}: {1}; the options fail validation when the pipeline is built, so the service fails at startup or at its first call instead of at build time; correct the value",
        description: "Polly and Microsoft.Extensions.Http.Resilience validate their options when a pipeline is built: a circuit breaker "
            + "needs a minimum throughput of at least 2, a failure ratio between 0 and 1 and a sampling duration of at least half a "
            + "second; a retry cannot have a negative number of attempts; the standard HTTP handler needs a total request timeout longer "
            + "than the attempt timeout and a sampling duration at least twice the attempt timeout. Values written as constants that break "
            + "these rules compile, then fail at startup — or, for pipelines built lazily, on the first request, in production. Checking "
            + "them here moves that failure to the build.");

    internal static readonly DiagnosticDescriptor RES6004OutboundCallIgnoresCancellation = Create(
        "RES6004",
        FailureMode.CascadingFailure,
        RuleLevel.Info,
        title: "Outbound call ignores the request's cancellation",
        messageFormat: "{0} in {1} gets {2}: when the caller gives up — a timeout upstream, a closed connection — the call keeps running and holds its connection, its thread and the dependency for nobody; {3}",
        description: "A request handler that calls a dependency without the request's cancellation token keeps that call running after "
            + "its caller has gone. When a dependency slows, callers time out and retry, and every abandoned request leaves its query or "
            + "HTTP call in flight: the dependency works for requests nobody waits for, its queue grows by the retries, and the slowdown "
            + "spreads up the call chain. Passing the request's token (a CancellationToken parameter, which ASP.NET Core binds to the "
            + "request's abort, or HttpContext.RequestAborted) stops the work with the caller. Info, because some work must finish "
            + "whatever the caller does; pass CancellationToken.None there to say so.");

    internal static readonly DiagnosticDescriptor RES6005StreamedResponseNotDisposed = Create(
        "RES6005",
        FailureMode.CascadingFailure,
        RuleLevel.Warning,
        title: "Streamed HTTP response not disposed",
        messageFormat: "{0} is not disposed on every path: until it is disposed or read to its end it keeps its connection out of the pool, so under load calls wait for connections until the GC finalizes the abandoned ones; declare it with using",
        description: "A response read with HttpCompletionOption.ResponseHeadersRead, and a stream from GetStreamAsync, hold their "
            + "connection until the body is read to its end or the response is disposed. On the path that does neither — an early return "
            + "on a status code, EnsureSuccessStatusCode throwing, a partial read — the connection is neither reused nor closed until the "
            + "garbage collector finalizes its socket. Under load the pool runs out of connections (MaxConnectionsPerServer, or the "
            + "server's limit), every call queues for one, and the service slows for reasons no dependency explains. Dispose the "
            + "response (using var) so its connection returns on every path.");

    internal static readonly DiagnosticDescriptor RES7001ConstantKeyOnWritePath = Create(
        "RES7001",
        FailureMode.HotPartition,
        RuleLevel.Info,
        title: "Constant key written on every request",
        messageFormat: "{0} writes the constant key \"{1}\" on every request, in {2}: every instance sends every request's write to the one shard that owns this key, which saturates while the others idle; shard the key (\"{1}:{{0..N-1}}\") and sum the shards when reading",
        description: "A counter, list or sorted set kept under one fixed key — a global request counter, a leaderboard, an activity "
            + "feed — is written by every request of every instance. A Redis cluster, a partitioned store or a single primary "
            + "serializes those writes on the node that owns the key: its CPU and network saturate while the other nodes idle, and "
            + "latency rises for every key on that node. Salting the key into N shards spreads the writes over N slots; readers sum or "
            + "merge the shards. Info, because a key written rarely, or on a store that is not partitioned, is harmless.");

    internal static readonly DiagnosticDescriptor RES7001ConstantKeyAcrossMethods = AtCompilationEnd(RES7001ConstantKeyOnWritePath);

    internal static readonly DiagnosticDescriptor RES8001WriteUnderLeaseWithoutFencing = Create(
        "RES8001",
        FailureMode.SplitBrain,
        RuleLevel.Info,
        title: "Shared state written under a lease without a fencing token",
        messageFormat: "{0} writes shared state only while {1} says this node leads, and passes no fencing token: a leader paused past its lease (GC, VM pause, network partition) keeps writing after another node took over, the store accepts both, and state diverges; pass a token that grows with every lease and have the store reject older ones",
        description: "A lock or lease with a time-to-live — Redis LockTake, SET NX with an expiry, a heartbeat timestamp — cannot "
            + "stop its former holder from acting: a process paused by garbage collection, a VM migration or a network partition "
            + "wakes up still believing it leads, after the lease expired and another node took it. Both nodes then write. The "
            + "defence is a fencing token: a number that grows with every grant of the lease (a consensus store's revision, a "
            + "Kubernetes Lease's transitions, an INCR at acquisition), sent with every write, and checked by the storage, which "
            + "rejects writes carrying an older token. Info, because the store may check leadership in a way the code does not show.");

    internal static readonly SuppressionDescriptor RES9001JitterRandomness = new(
        "RES9001",
        suppressedDiagnosticId: "CA5394",
        justification: "Random only jitters a retry delay or a cache TTL: spreading retries or expiries out needs no cryptographic randomness, and it protects no secret");

    /// <summary>RES9002: one suppression per dispose rule that flags clients <c>IHttpClientFactory</c> owns.</summary>
    internal static readonly ImmutableArray<SuppressionDescriptor> RES9002FactoryOwnedClients = ImmutableArray.Create(
        FactoryOwnedClientSuppression("CA2000"),
        FactoryOwnedClientSuppression("IDISP001"),
        FactoryOwnedClientSuppression("IDISP004"),
        FactoryOwnedClientSuppression("IDISP006"));

    internal static string HelpLinkFor(string id) => RulePagesUrl + id + ".md";

    private static SuppressionDescriptor FactoryOwnedClientSuppression(string suppressedId) => new(
        "RES9002",
        suppressedId,
        justification: "The HttpClient comes from IHttpClientFactory, which owns its handler and connections: disposing the client is optional, and a using around a new HttpClient instead would open a connection pool per operation (RES5002)");

    /// <summary>
    /// The form of a rule reported at compilation end, from facts spread over the compilation (calls into other
    /// methods, DI registrations in other files): same ID, title, category and severity, its own message. The IDE shows
    /// it only in full-solution analysis; builds always report it.
    /// </summary>
    private static DiagnosticDescriptor AtCompilationEnd(DiagnosticDescriptor rule, string? messageFormat = null) => Construct(
        rule.Id,
        rule.Title.ToString(CultureInfo.InvariantCulture),
        messageFormat ?? rule.MessageFormat.ToString(CultureInfo.InvariantCulture),
        rule.Category,
        rule.DefaultSeverity,
        rule.IsEnabledByDefault,
        rule.Description.ToString(CultureInfo.InvariantCulture),
        WellKnownDiagnosticTags.CompilationEnd);

    private static DiagnosticDescriptor Create(string id, string category, RuleLevel level, string title, string messageFormat, string description) =>
        Construct(id, title, messageFormat, category, level.ToSeverity(), level.IsEnabledByDefault(), description);

    private static DiagnosticDescriptor Construct(
        string id,
        string title,
        string messageFormat,
        string category,
        DiagnosticSeverity severity,
        bool isEnabledByDefault,
        string description,
        params string[] customTags)
    {
#pragma warning disable RS0030 // The registry is the one place allowed to construct descriptors.
        return new DiagnosticDescriptor(id, title, messageFormat, category, severity, isEnabledByDefault, description, HelpLinkFor(id), customTags);
#pragma warning restore RS0030
    }
}
