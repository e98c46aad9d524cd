using System;
using System.Collections.Concurrent;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using ResilienceAnalyzers.Infrastructure;

namespace ResilienceAnalyzers.RetryStorms;

/// <summary>Where the <c>HttpClient</c> a request is sent through comes from: a typed client's injected client, or a named one.</summary>
internal sealed class HttpClientOrigin
{
    private HttpClientOrigin(INamedTypeSymbol? typedClient, string? name)
    {
        TypedClient = typedClient;
        Name = name;
    }

    /// <summary>The typed client whose constructor receives the <c>HttpClient</c>.</summary>
    internal INamedTypeSymbol? TypedClient { get; }

    /// <summary>The name passed to <c>CreateClient</c>; empty for the default client.</summary>
    internal string? Name { get; }

    internal static HttpClientOrigin Typed(INamedTypeSymbol client) => new(client, null);

    internal static HttpClientOrigin Named(string name) => new(null, name);

    public override string ToString() => TypedClient is { } client
        ? $"the HttpClient of {client.Name}"
        : Name is { Length: > 0 } name ? $"the HttpClient named \"{name}\"" : "the default HttpClient";
}

/// <summary>A request sent through an <c>HttpClient</c> whose origin the code shows.</summary>
internal sealed class HttpSend
{
    internal HttpSend(HttpClientOrigin origin, string? unsafeMethod, IMethodSymbol sender, Location location, bool mentionsAnIdempotencyKey)
    {
        Origin = origin;
        Location = location;
        UnsafeMethod = unsafeMethod;
        Sender = sender;
        MentionsAnIdempotencyKey = mentionsAnIdempotencyKey;
    }

    internal HttpClientOrigin Origin { get; }

    /// <summary>"POST" or "PATCH" when the request is not safe to repeat.</summary>
    internal string? UnsafeMethod { get; }

    internal IMethodSymbol Sender { get; }

    /// <summary>The sending method's name in the call.</summary>
    internal Location Location { get; }

    internal bool MentionsAnIdempotencyKey { get; }
}

/// <summary>A registration that gives the clients it configures a retry.</summary>
internal sealed class HttpClientRetry
{
    internal HttpClientRetry(INamedTypeSymbol? typedClient, string? clientName, AddedRetry added, Location location)
    {
        TypedClient = typedClient;
        ClientName = clientName;
        Handler = added.Handler;
        Location = location;
        DisablesUnsafeMethods = added.DisablesUnsafeMethods;
        MaxAttempts = added.MaxAttempts;
    }

    /// <summary>The typed client it configures; with no <see cref="ClientName"/> either, every client (<c>ConfigureHttpClientDefaults</c>).</summary>
    internal INamedTypeSymbol? TypedClient { get; }

    internal string? ClientName { get; }

    internal bool ConfiguresEveryClient => TypedClient is null && ClientName is null;

    /// <summary>The method that adds the retry, e.g. <c>AddStandardResilienceHandler</c>.</summary>
    internal string Handler { get; }

    /// <summary>The handler method's name in the registration.</summary>
    internal Location Location { get; }

    /// <summary>True when the registration keeps POST and PATCH from being retried; null when the code cannot tell.</summary>
    internal bool? DisablesUnsafeMethods { get; }

    /// <summary>How many times a request is tried, first attempt included, when the code states it.</summary>
    internal int? MaxAttempts { get; }
}

/// <summary>What a handler method adds to a client builder: its name, whether it spares POST and PATCH, and its attempts.</summary>
internal sealed class AddedRetry
{
    internal AddedRetry(string handler, bool? disablesUnsafeMethods, int? maxAttempts)
    {
        Handler = handler;
        DisablesUnsafeMethods = disablesUnsafeMethods;
        MaxAttempts = maxAttempts;
    }

    internal string Handler { get; }

    internal bool? DisablesUnsafeMethods { get; }

    internal int? MaxAttempts { get; }
}

/// <summary>
/// Which <c>HttpClient</c>s the DI container gives a retry, gathered over a compilation: typed clients
/// (<c>AddHttpClient&lt;TClient&gt;()</c>, <c>AddHttpClient&lt;TClient, TImplementation&gt;()</c>), named clients
/// (<c>AddHttpClient("name")</c>) and, through <c>ConfigureHttpClientDefaults</c>, every client of the factory — when
/// their registration adds <c>AddStandardResilienceHandler</c>, an <c>AddResilienceHandler</c> whose pipeline adds a
/// retry, or a Polly v7 retry written inline in <c>AddTransientHttpErrorPolicy</c> or <c>AddPolicyHandler</c>.
/// </summary>
internal sealed class HttpClientRetries
{
    private readonly INamedTypeSymbol clientBuilder;
    private readonly INamedTypeSymbol registrations;
    private readonly HttpRequests requests;
    private readonly ConcurrentDictionary<SyntaxNode, HttpClientRetry> retries = new();
    private readonly ConcurrentDictionary<INamedTypeSymbol, byte> typedClients = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentDictionary<INamedTypeSymbol, HttpSend?> unsafeSendsOfTypedClients = new(SymbolEqualityComparer.Default);

    private HttpClientRetries(INamedTypeSymbol clientBuilder, INamedTypeSymbol registrations, HttpRequests requests)
    {
        this.clientBuilder = clientBuilder;
        this.registrations = registrations;
        this.requests = requests;
    }

    /// <summary>
    /// The gatherer of one compilation (<see cref="CompilationFacts.HttpClientRetries"/>); null without
    /// <c>IHttpClientFactory</c>'s registration API, or when the source spells none of the handlers that add a retry.
    /// </summary>
    internal static HttpClientRetries? Create(CompilationFacts facts) =>
        facts.MentionsAny(NamesOfRetryingHandlers)
        && facts.Types is var types
        && types.Get(WellKnownTypeNames.MicrosoftExtensionsDependencyInjectionIHttpClientBuilder) is { } clientBuilder
        && types.Get(WellKnownTypeNames.MicrosoftExtensionsDependencyInjectionHttpClientFactoryServiceCollectionExtensions) is { } registrations
        && HttpRequests.Resolve(types) is { } requests
            ? new HttpClientRetries(clientBuilder, registrations, requests)
            : null;

    /// <summary>
    /// Records the call when it registers a typed client or adds a retry to a registration, and returns the retry it
    /// adds, if any.
    /// </summary>
    internal HttpClientRetry? RecordRegistration(IInvocationOperation call)
    {
        var method = call.TargetMethod;
        if (method.Name == "AddHttpClient" && SymbolEqualityComparer.Default.Equals(method.ContainingType, registrations))
        {
            if (TypedClientOf(method) is { } client)
            {
                typedClients.TryAdd(client, 0);
            }

            return null;
        }

        if (!MayAddARetry(method) || RetryAddedBy(call) is not { } added)
        {
            return null;
        }

        var retry = HttpClientBuilders.Registration(call.Arguments[0].Value, clientBuilder, registrations) switch
        {
            IInvocationOperation addHttpClient when TypedClientOf(addHttpClient.TargetMethod) is { } typed =>
                new HttpClientRetry(typed, null, added, call.NameLocation()),
            IInvocationOperation addHttpClient when NameArgument(addHttpClient) is { } name =>
                new HttpClientRetry(null, name, added, call.NameLocation()),
            IParameterReferenceOperation => new HttpClientRetry(null, null, added, call.NameLocation()),
            _ => null,
        };

        // Several rules record the same registrations into this one gatherer: a call is kept once.
        return retry is null ? null : retries.GetOrAdd(call.Syntax, retry);
    }

    /// <summary>
    /// The retry an earlier step of the same client's registration adds, when <paramref name="call"/> adds one too:
    /// earlier in its fluent chain (<c>.AddPolicyHandler(retry).AddStandardResilienceHandler()</c>), or an earlier
    /// statement on the builder kept in a local (<c>builder.AddStandardResilienceHandler();</c> twice). The handler
    /// added first is the outer one, so the later retry runs inside it. Null when the call adds no retry or nothing
    /// earlier does.
    /// </summary>
    internal (AddedRetry Outer, AddedRetry Inner)? StackedRetry(IInvocationOperation call)
    {
        if (!MayAddARetry(call.TargetMethod) || RetryAddedBy(call) is not { } inner)
        {
            return null;
        }

        var receiver = call.Arguments[0].Value.WalkDownConversions();
        for (; receiver is IInvocationOperation earlier && IsOnClientBuilder(earlier.TargetMethod); receiver = earlier.Arguments[0].Value.WalkDownConversions())
        {
            if (RetryAddedBy(earlier) is { } outer)
            {
                return (outer, inner);
            }
        }

        if (receiver is not ILocalReferenceOperation builder)
        {
            return null;
        }

        var outerOnTheLocal = builder.ReferencesTo(builder.Local)
            .Where(reference => reference.Syntax.SpanStart < call.Syntax.SpanStart)
            .Select(reference => reference.ParentSkippingConversions() is IArgumentOperation { Parent: IInvocationOperation step } && IsOnClientBuilder(step.TargetMethod) ? RetryAddedBy(step) : null)
            .LastOrDefault(retry => retry is not null);
        return outerOnTheLocal is null ? null : (outerOnTheLocal, inner);
    }

    /// <summary>
    /// The first POST or PATCH a typed client declared in this compilation sends through its own <c>HttpClient</c> from a
    /// method that mentions no idempotency key; null when it sends none. Reads the client's source (its semantic model
    /// is the compilation's cached one), once per client.
    /// </summary>
    internal HttpSend? UnsafeSendOf(INamedTypeSymbol client, Compilation compilation, CancellationToken cancellationToken) =>
        unsafeSendsOfTypedClients.GetOrAdd(client, typed => FindUnsafeSend(typed, compilation, cancellationToken));

    /// <summary>The request the call sends, when it sends one through an <c>HttpClient</c> whose origin the code shows.</summary>
    internal HttpSend? ReadSend(IInvocationOperation call, ISymbol containingSymbol)
    {
        if (containingSymbol is not IMethodSymbol sender
            || requests.ClientOf(call) is not { } client
            || OriginOf(client, followLocal: true) is not { } origin)
        {
            return null;
        }

        var unsafeMethod = requests.UnsafeMethod(call);
        return new HttpSend(origin, unsafeMethod, sender, call.NameLocation(), unsafeMethod is not null && HttpRequests.MentionsAnIdempotencyKey(call.Root()));
    }

    /// <summary>
    /// The registration that gives the client a retry, if any: its own registration first, then the defaults every
    /// factory client gets; among several, the first in source order. Call at compilation end.
    /// </summary>
    internal HttpClientRetry? RetryOf(HttpClientOrigin origin)
    {
        var inSourceOrder = retries.Values
            .OrderBy(retry => retry.Location.SourceTree?.FilePath, System.StringComparer.Ordinal)
            .ThenBy(retry => retry.Location.SourceSpan.Start)
            .ToList();
        return inSourceOrder.FirstOrDefault(retry => !retry.ConfiguresEveryClient && (origin.TypedClient is { } client
                ? SymbolEqualityComparer.Default.Equals(retry.TypedClient, client)
                : retry.ClientName == origin.Name))
            ?? inSourceOrder.FirstOrDefault(retry => retry.ConfiguresEveryClient && (origin.TypedClient is not { } typed || typedClients.ContainsKey(typed)));
    }

    /// <summary>
    /// The retry the call adds to a client builder, or null when it adds none. Unconfigured, the standard handler's retry
    /// makes its first attempt and <see cref="PollyRetryOptions.DefaultMaxRetryAttempts"/> retries; a Polly v7 retry
    /// states its count.
    /// </summary>
    private static AddedRetry? RetryAddedBy(IInvocationOperation call)
    {
        const int StandardHandlerAttempts = PollyRetryOptions.DefaultMaxRetryAttempts + 1;
        var configuration = call.Arguments.Skip(1).Select(argument => argument.Value).ToList();
        var calls = configuration.SelectMany(value => value.DescendantsAndSelf()).OfType<IInvocationOperation>().ToList();
        bool DisablesUnsafeMethods() =>
            calls.Any(c => c.TargetMethod.Name is "DisableForUnsafeHttpMethods" or "DisableFor") || ConfiguredLater(call, "DisableForUnsafeHttpMethods", "DisableFor");

        var handler = call.TargetMethod.Name;
        switch (handler)
        {
            case "AddStandardResilienceHandler":
                return configuration.Count == 0
                    ? new AddedRetry(handler, DisablesUnsafeMethods(), StandardHandlerAttempts)
                    : new AddedRetry(handler, configuration.Any(value => value.WalkDownConversions() is not IDelegateCreationOperation) ? null : DisablesUnsafeMethods(), null);
            case "AddResilienceHandler" when calls.Any(c => c.TargetMethod.Name == "AddRetry"):
                return new AddedRetry(handler, DisablesUnsafeMethods(), null);
            case "AddTransientHttpErrorPolicy" or "AddPolicyHandler" when calls.FirstOrDefault(c => c.TargetMethod.Name.IndexOf("Retry", StringComparison.Ordinal) >= 0) is { } retry:
                // A policy selector that is handed the request can choose by method: the code does not show what it retries.
                var selectsByRequest = configuration.Any(value => value.WalkDownConversions() is IDelegateCreationOperation { Target: IAnonymousFunctionOperation lambda }
                    && lambda.Symbol.Parameters.Any(p => p.Type.Name == "HttpRequestMessage"));
                var retryCount = retry.Arguments.ValueFor("retryCount")?.ConstantValue;
                return new AddedRetry(handler, selectsByRequest ? null : false, retryCount is { HasValue: true, Value: int count } ? count + 1 : null);
            default:
                return null;
        }
    }

    /// <summary>The handlers <see cref="MayAddARetry"/> reads: a compilation whose source spells none of them gives no client a retry.</summary>
    private static readonly string[] NamesOfRetryingHandlers = { "AddStandardResilienceHandler", "AddResilienceHandler", "AddTransientHttpErrorPolicy", "AddPolicyHandler" };

    /// <summary>
    /// A step of a client's registration chain that may add a retry: one of the handlers <see cref="RetryAddedBy"/>
    /// reads, its name tested before its type, since every call of the compilation is asked.
    /// </summary>
    private bool MayAddARetry(IMethodSymbol method) =>
        Array.IndexOf(NamesOfRetryingHandlers, method.Name) >= 0 && IsOnClientBuilder(method);

    /// <summary>An extension method of <c>IHttpClientBuilder</c>: a step of a client's registration chain.</summary>
    private bool IsOnClientBuilder(IMethodSymbol method) =>
        method.IsExtensionMethod && SymbolEqualityComparer.Default.Equals(method.Parameters.FirstOrDefault()?.Type, clientBuilder);

    /// <summary>True when a call chained after <paramref name="call"/> (<c>.Configure(...)</c>) calls one of the methods.</summary>
    private static bool ConfiguredLater(IInvocationOperation call, params string[] names)
    {
        for (var chained = call.ParentSkippingConversions(); chained is IArgumentOperation { Parent: IInvocationOperation next }; chained = next.ParentSkippingConversions())
        {
            if (next.Descendants().OfType<IInvocationOperation>().Any(c => names.Contains(c.TargetMethod.Name)))
            {
                return true;
            }
        }

        return false;
    }

    private HttpClientOrigin? OriginOf(IOperation client, bool followLocal)
    {
        switch (client.WalkDownConversions())
        {
            case IFieldReferenceOperation { Field: { IsStatic: false } field }:
                return HttpClientOrigin.Typed(field.ContainingType);
            case IPropertyReferenceOperation { Property: { IsStatic: false } property }:
                return HttpClientOrigin.Typed(property.ContainingType);
            case IParameterReferenceOperation { Parameter.ContainingSymbol: IMethodSymbol { MethodKind: MethodKind.Constructor } constructor }:
                return HttpClientOrigin.Typed(constructor.ContainingType);
            case IInvocationOperation { TargetMethod.Name: "CreateClient" } create when create.Type.InheritsFromOrEquals(requests.HttpClient):
                return HttpClientOrigin.Named(NameArgument(create) ?? string.Empty);
            case ILocalReferenceOperation local when followLocal && local.DeclaredValue() is { } initializer:
                return OriginOf(initializer, followLocal: false);
            default:
                return null;
        }
    }

    private HttpSend? FindUnsafeSend(INamedTypeSymbol client, Compilation compilation, CancellationToken cancellationToken)
    {
        foreach (var reference in client.DeclaringSyntaxReferences)
        {
            var declaration = reference.GetSyntax(cancellationToken);
            var model = CompilationFacts.For(compilation).ModelOf(declaration.SyntaxTree);
            foreach (var method in declaration.DescendantNodes().OfType<MethodDeclarationSyntax>())
            {
                if (model.GetDeclaredSymbol(method, cancellationToken) is not { } sender || model.GetOperation(method, cancellationToken) is not { } body)
                {
                    continue;
                }

                var send = body.Descendants()
                    .OfType<IInvocationOperation>()
                    .Select(call => ReadSend(call, sender))
                    .FirstOrDefault(read => read is { UnsafeMethod: not null, MentionsAnIdempotencyKey: false }
                        && SymbolEqualityComparer.Default.Equals(read.Origin.TypedClient, client));
                if (send is not null)
                {
                    return send;
                }
            }
        }

        return null;
    }

    private static INamedTypeSymbol? TypedClientOf(IMethodSymbol addHttpClient) =>
        addHttpClient.TypeArguments.LastOrDefault() as INamedTypeSymbol;

    private static string? NameArgument(IInvocationOperation call) =>
        call.Arguments.ValueFor("name")?.ConstantValue is { HasValue: true, Value: string name } ? name : null;
}
