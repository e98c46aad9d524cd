using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace ResilienceAnalyzers.Infrastructure;

/// <summary>What the primary handler of a factory's client does with its connections.</summary>
internal enum PrimaryHandlerConnections
{
    /// <summary>The code does not show it (a handler resolved from DI, built by a helper): judged safe.</summary>
    Unknown,

    /// <summary>A <c>SocketsHttpHandler</c> whose <c>PooledConnectionLifetime</c> replaces connections, each resolving the name again.</summary>
    Rotated,

    /// <summary>A handler that keeps its connections as long as it lives: only the factory's handler rotation renews them.</summary>
    KeptForever,
}

/// <summary>
/// What the compilation registers with the DI container, recorded as the driver binds each call and read at compilation
/// end: the types the container keeps for the process's lifetime (<c>AddSingleton</c>,
/// <c>TryAddSingleton</c>, <c>AddHostedService</c>), the typed <c>HttpClient</c>s (<c>AddHttpClient&lt;T&gt;</c>), and
/// the primary handler each client of the factory is configured with (<c>ConfigurePrimaryHttpMessageHandler</c>,
/// <c>UseSocketsHttpHandler</c>, per client or for every client through <c>ConfigureHttpClientDefaults</c>).
/// </summary>
internal sealed class ServiceRegistrations
{
    private readonly object gate = new();
    private readonly HashSet<SyntaxNode> recorded = new();
    private readonly HashSet<INamedTypeSymbol> keptForTheProcess = new(SymbolEqualityComparer.Default);
    private readonly HashSet<INamedTypeSymbol> typedClients = new(SymbolEqualityComparer.Default);
    private readonly Dictionary<INamedTypeSymbol, PrimaryHandlerConnections> handlersOfTypedClients = new(SymbolEqualityComparer.Default);
    private readonly Dictionary<string, PrimaryHandlerConnections> handlersOfNamedClients = new(StringComparer.Ordinal);
    private readonly INamedTypeSymbol? clientBuilder;
    private readonly INamedTypeSymbol? clientRegistrations;
    private readonly INamedTypeSymbol? socketsHttpHandler;
    private readonly INamedTypeSymbol? httpClientFactory;
    private readonly List<(IInvocationOperation CreateClient, INamedTypeSymbol Singleton)> clientsCreatedForSingletons = new();

    internal ServiceRegistrations(WellKnownTypes types)
    {
        clientBuilder = types.Get(WellKnownTypeNames.MicrosoftExtensionsDependencyInjectionIHttpClientBuilder);
        clientRegistrations = types.Get(WellKnownTypeNames.MicrosoftExtensionsDependencyInjectionHttpClientFactoryServiceCollectionExtensions);
        socketsHttpHandler = types.Get(WellKnownTypeNames.SystemNetHttpSocketsHttpHandler);
        httpClientFactory = types.Get(WellKnownTypeNames.SystemNetHttpIHttpClientFactory);
    }

    /// <summary>True when the compilation registers a client of the factory, which also makes DI inject <c>HttpClient</c> itself.</summary>
    internal bool RegistersFactoryClients { get; private set; }

    /// <summary>Clients created from the factory in the lambda that builds a singleton (<c>AddSingleton(sp => new X(factory.CreateClient()))</c>).</summary>
    internal IReadOnlyList<(IInvocationOperation CreateClient, INamedTypeSymbol Singleton)> ClientsCreatedForSingletons => clientsCreatedForSingletons;

    /// <summary>The primary handler <c>ConfigureHttpClientDefaults</c> gives every client, when it sets one.</summary>
    internal PrimaryHandlerConnections? DefaultPrimaryHandler { get; private set; }

    /// <summary>True when some registration configures a primary handler.</summary>
    internal bool ConfiguresPrimaryHandlers { get; private set; }

    /// <summary>True when some registration configures a primary handler whose client the code does not show (a builder from elsewhere).</summary>
    internal bool ConfiguresUntracedPrimaryHandlers { get; private set; }

    /// <summary>The types the DI container keeps one instance of for the process's lifetime: singletons and hosted services.</summary>
    internal IEnumerable<INamedTypeSymbol> TypesKeptForTheProcess => keptForTheProcess;

    /// <summary>True when the DI container keeps one instance of the type for the process's lifetime: a singleton or a hosted service.</summary>
    internal bool IsKeptForTheProcess(INamedTypeSymbol type) => keptForTheProcess.Contains(type.OriginalDefinition);

    /// <summary>True when the type is registered as a typed client: the factory injects a client of its own into it.</summary>
    internal bool IsTypedClient(ITypeSymbol type) => type is INamedTypeSymbol named && typedClients.Contains(named.OriginalDefinition);

    /// <summary>The primary handler the registration of the typed client sets, if it sets one.</summary>
    internal PrimaryHandlerConnections? PrimaryHandlerOf(INamedTypeSymbol typedClient) =>
        handlersOfTypedClients.TryGetValue(typedClient.OriginalDefinition, out var handler) ? handler : null;

    /// <summary>The primary handler the registration of the named client sets, if it sets one.</summary>
    internal PrimaryHandlerConnections? PrimaryHandlerOf(string clientName) =>
        handlersOfNamedClients.TryGetValue(clientName, out var handler) ? handler : null;

    /// <summary>The calls <see cref="Record"/> reads: registrations of singletons and hosted services, and of clients and their primary handlers.</summary>
    internal static HashSet<string> CallNames { get; } = MethodNames.Of(
        "AddSingleton", "TryAddSingleton", "AddHostedService", "AddHttpClient", "ConfigurePrimaryHttpMessageHandler", "UseSocketsHttpHandler");

    /// <summary>
    /// Records the call when it registers a service or configures a client: the rules that read registrations record
    /// the calls of <see cref="CallNames"/>, each call once whichever of them records it first, and read the
    /// registrations at compilation end.
    /// </summary>
    internal void Record(IInvocationOperation call)
    {
        if (!CallNames.Contains(call.TargetMethod.Name))
        {
            return;
        }

        lock (gate)
        {
            if (recorded.Add(call.Syntax))
            {
                RecordRegistration(call);
            }
        }
    }

    private void RecordRegistration(IInvocationOperation call)
    {
        var method = call.TargetMethod;
        switch (method.Name)
        {
            case "AddSingleton" or "TryAddSingleton" or "AddHostedService" when method.ContainingNamespace?.ToDisplayString() == "Microsoft.Extensions.DependencyInjection":
                if (RegisteredImplementation(call) is { } implementation)
                {
                    keptForTheProcess.Add(implementation.OriginalDefinition);
                    RecordClientsCreatedFor(call, implementation);
                }

                break;
            case "AddHttpClient" when SymbolEqualityComparer.Default.Equals(method.ContainingType, clientRegistrations):
                RegistersFactoryClients = true;
                foreach (var typed in method.TypeArguments.OfType<INamedTypeSymbol>())
                {
                    typedClients.Add(typed.OriginalDefinition);
                }

                break;
            case "ConfigurePrimaryHttpMessageHandler" or "UseSocketsHttpHandler" when call.Receiver() is { } builder && SymbolEqualityComparer.Default.Equals(builder.Type, clientBuilder):
                RecordPrimaryHandler(call, builder);
                break;
        }
    }

    /// <summary>
    /// The type the registration makes the container keep: the last type argument (<c>AddSingleton&lt;IService, Service&gt;</c>),
    /// the last <c>typeof</c>, the type a factory lambda creates, or the instance handed over.
    /// </summary>
    private static INamedTypeSymbol? RegisteredImplementation(IInvocationOperation call)
    {
        var typeArgument = call.TargetMethod.TypeArguments.LastOrDefault() as INamedTypeSymbol;
        if (typeArgument is { TypeKind: TypeKind.Class })
        {
            return typeArgument;
        }

        var last = call.Arguments.LastOrDefault()?.Value.WalkDownConversions();
        return last switch
        {
            ITypeOfOperation { TypeOperand: INamedTypeSymbol type } => type,
            IDelegateCreationOperation { Target: IAnonymousFunctionOperation factory } => factory.Body.Descendants().OfType<IReturnOperation>()
                .Select(returned => returned.ReturnedValue?.WalkDownConversions()).OfType<IObjectCreationOperation>().FirstOrDefault()?.Type as INamedTypeSymbol,
            IObjectCreationOperation { Type: INamedTypeSymbol created } => created,
            _ => typeArgument,
        };
    }

    private void RecordClientsCreatedFor(IInvocationOperation registration, INamedTypeSymbol singleton)
    {
        if (registration.TargetMethod.Name == "AddHostedService" || registration.Arguments.LastOrDefault()?.Value.WalkDownConversions() is not IDelegateCreationOperation { Target: IAnonymousFunctionOperation factory })
        {
            return;
        }

        clientsCreatedForSingletons.AddRange(factory.Body.Descendants()
            .OfType<IInvocationOperation>()
            .Where(call => IsCreateClient(call, httpClientFactory))
            .Select(call => (call, singleton)));
    }

    /// <summary><c>factory.CreateClient(…)</c>: the interface's method or its extension for the default client.</summary>
    internal static bool IsCreateClient(IInvocationOperation call, INamedTypeSymbol? httpClientFactory) =>
        call.TargetMethod.Name == "CreateClient" && httpClientFactory is not null && SymbolEqualityComparer.Default.Equals(call.Receiver()?.Type, httpClientFactory);

    private void RecordPrimaryHandler(IInvocationOperation call, IOperation builder)
    {
        ConfiguresPrimaryHandlers = true;
        var connections = call.TargetMethod.Name == "UseSocketsHttpHandler" ? PrimaryHandlerConnections.Rotated : ConnectionsOf(call);
        switch (HttpClientBuilders.Registration(builder, clientBuilder!, clientRegistrations))
        {
            case IInvocationOperation addHttpClient:
                if (addHttpClient.Arguments.ValueFor("name")?.ConstantValue is { HasValue: true, Value: string name })
                {
                    handlersOfNamedClients[name] = Combined(handlersOfNamedClients.TryGetValue(name, out var earlier) ? earlier : null, connections);
                }

                foreach (var typed in addHttpClient.TargetMethod.TypeArguments.OfType<INamedTypeSymbol>())
                {
                    var key = typed.OriginalDefinition;
                    handlersOfTypedClients[key] = Combined(handlersOfTypedClients.TryGetValue(key, out var earlier) ? earlier : null, connections);
                }

                break;
            case IParameterReferenceOperation:
                DefaultPrimaryHandler = Combined(DefaultPrimaryHandler, connections);
                break;
            default:
                ConfiguresUntracedPrimaryHandlers = true;
                break;
        }
    }

    /// <summary>Two configurations of one client's primary handler: judged only when they agree, in whatever order they run.</summary>
    private static PrimaryHandlerConnections Combined(PrimaryHandlerConnections? earlier, PrimaryHandlerConnections connections) =>
        earlier is null || earlier == connections ? connections : PrimaryHandlerConnections.Unknown;

    /// <summary>
    /// The connections of the handler a <c>ConfigurePrimaryHttpMessageHandler</c> lambda creates: rotated by a
    /// <c>SocketsHttpHandler</c> that sets <c>PooledConnectionLifetime</c>, kept forever by one that does not or by an
    /// <c>HttpClientHandler</c>; unknown for a handler from DI, a helper, or a lambda that configures the factory's own.
    /// </summary>
    private PrimaryHandlerConnections ConnectionsOf(IInvocationOperation call)
    {
        if (call.Arguments.Skip(1).FirstOrDefault()?.Value.WalkDownConversions() is not IDelegateCreationOperation { Target: IAnonymousFunctionOperation lambda })
        {
            return PrimaryHandlerConnections.Unknown;
        }

        if (lambda.Body.Descendants().Any(operation => operation is IPropertyReferenceOperation { Property.Name: "PooledConnectionLifetime" }))
        {
            return PrimaryHandlerConnections.Rotated;
        }

        var created = lambda.Body.Descendants().OfType<IReturnOperation>()
            .Select(returned => returned.ReturnedValue is { } value ? Values.Origin(value) : null)
            .OfType<IObjectCreationOperation>()
            .FirstOrDefault();
        return created?.Type is { } handler && (handler.InheritsFromOrEquals(socketsHttpHandler) || handler.Name == "HttpClientHandler")
            ? PrimaryHandlerConnections.KeptForever
            : PrimaryHandlerConnections.Unknown;
    }
}
