using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using ResilienceAnalyzers.Infrastructure;

namespace ResilienceAnalyzers.DnsAndDiscovery;

/// <summary>
/// RES5004: a client of <c>IHttpClientFactory</c> kept for the process's lifetime — <c>factory.CreateClient(…)</c> kept in a
/// static member, or in an instance member of a hosted service or a singleton, or created in the lambda that builds a
/// singleton; a typed client (or the <c>HttpClient</c> DI injects) received by the constructor of a hosted service or a
/// singleton and kept (in a member, or captured by a primary constructor) — when the handler it keeps holds its connections
/// forever: the primary handler its registration (or <c>ConfigureHttpClientDefaults</c>) configures without
/// <c>PooledConnectionLifetime</c>, or, with no primary handler configured, the factory's default before
/// Microsoft.Extensions.Http 9.0 (from 9.0 on, the default handler rotates its connections every handler lifetime).
/// Lifetimes and handlers come from the registrations, anywhere in the compilation: reported at compilation end, or
/// live where the file shows all it takes.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
internal sealed class RES5004FactoryClientKeptForTheProcessAnalyzer : ResilienceAnalyzer<RES5004FactoryClientKeptForTheProcessAnalyzer.Symbols>
{
    /// <summary>The first version of Microsoft.Extensions.Http whose default primary handler sets <c>PooledConnectionLifetime</c>.</summary>
    private const int FirstVersionRotatingConnections = 9;

    private const string CreatedClient = "This client from IHttpClientFactory";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.RES5004FactoryClientKeptForTheProcess, Descriptors.RES5004FactoryClientKeptForTheProcessAcrossFiles);

    internal override bool CanFindAnything(CompilationFacts facts) => facts.MentionsAny("CreateClient", "AddHttpClient");

    /// <summary>A client injected into a registered type is reported at its constructor's parameter, which may be generated code.</summary>
    internal override bool ReportsOnlyInCodeItIsHanded => false;

    internal override Symbols? ResolveSymbols(WellKnownTypes types) =>
        types.Get(WellKnownTypeNames.SystemNetHttpIHttpClientFactory) is { } factory && types.Get(WellKnownTypeNames.SystemNetHttpHttpClient) is { } httpClient
            ? new Symbols(factory, httpClient, types.Get(WellKnownTypeNames.MicrosoftExtensionsHostingIHostedService))
            : null;

    internal override void OnCompilationStart(RuleContext context, Symbols symbols)
    {
        var kept = new ConcurrentDictionary<ISymbol, KeptClient>(SymbolEqualityComparer.Default);
        var judgedLive = symbols.Factory.ContainingAssembly.Identity.Version.Major < FirstVersionRotatingConnections
            && !context.Facts.MentionsAny("ConfigurePrimaryHttpMessageHandler", "UseSocketsHttpHandler", "ConfigureHttpClientDefaults");
        var facts = context.Facts;
        var registrations = facts.ServiceRegistrations;
        context.RegisterCallsNamed(
            ServiceRegistrations.CallNames.Append("CreateClient"),
            c =>
            {
                registrations.Record((IInvocationOperation)c.Operation);
                RecordCreatedClient(c, symbols, judgedLive, kept);
            });
        context.RegisterCompilationEndAction(c =>
        {
            if (kept.IsEmpty && !facts.MentionsAny("AddSingleton", "AddHostedService"))
            {
                return;
            }

            var injected = registrations.TypesKeptForTheProcess.SelectMany(owner => InjectedAndKept(owner, symbols, registrations, facts, c.CancellationToken));
            foreach (var client in kept.Values.Concat(injected).OrderBy(client => client.Location.SourceSpan.Start))
            {
                if (Judge(client, symbols, registrations) is { } diagnostic)
                {
                    c.ReportDiagnostic(diagnostic);
                }
            }

            foreach (var (createClient, singleton) in registrations.ClientsCreatedForSingletons)
            {
                var client = new KeptClient(createClient.Syntax.GetLocation(), singleton, ClientName(createClient), typedClient: null, injected: false, keeper: null);
                if (Judge(client, symbols, registrations) is { } diagnostic)
                {
                    c.ReportDiagnostic(diagnostic);
                }
            }
        });
    }

    /// <summary>
    /// <c>factory.CreateClient(…)</c> whose client is kept in a member: a static one, or an instance one set where the
    /// instance is built. Reported live when the file shows all it takes — a static member or a hosted service, a factory
    /// before 9.0, and no primary handler configured anywhere (<paramref name="judgedLive"/>) — and judged at
    /// compilation end otherwise.
    /// </summary>
    private static void RecordCreatedClient(OperationAnalysisContext context, Symbols symbols, bool judgedLive, ConcurrentDictionary<ISymbol, KeptClient> kept)
    {
        var call = (IInvocationOperation)context.Operation;
        if (!ServiceRegistrations.IsCreateClient(call, symbols.Factory) || call.MemberKeeping(context.ContainingSymbol) is not { } member)
        {
            return;
        }

        var owner = member.ContainingType;
        var keeper = member.IsStatic ? $"the static {Kind(member)} {owner.Name}.{member.Name}" : HostedServiceName(owner, symbols);
        if (judgedLive && keeper is not null)
        {
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.RES5004FactoryClientKeptForTheProcess, call.Syntax.GetLocation(), CreatedClient, keeper, PinnedByTheFactoryVersion(symbols)));
            return;
        }

        kept.TryAdd(member, new KeptClient(call.Syntax.GetLocation(), owner, ClientName(call), typedClient: null, injected: false, keeper));
    }

    /// <summary>
    /// The constructor parameters of class or interface type that an instance the container keeps for the process keeps
    /// too: assigned to an instance member by a constructor (<c>_client = client ?? throw …</c>), or a primary
    /// constructor's parameter read after construction. Read at compilation end, for the few types registered as
    /// singletons or hosted services, so that no rule pays for every parameter reference of the compilation.
    /// </summary>
    private static IEnumerable<KeptClient> InjectedAndKept(INamedTypeSymbol owner, Symbols symbols, ServiceRegistrations registrations, CompilationFacts facts, CancellationToken cancellationToken)
    {
        // Only the source can show what a constructor keeps, so a service registered from a library is not read at all
        // (listing its constructors would load all its members from metadata); and only constructors that receive a
        // client are read: most singletons take none.
        if (owner.DeclaringSyntaxReferences.IsEmpty)
        {
            yield break;
        }

        foreach (var constructor in owner.InstanceConstructors.Where(constructor => constructor.Parameters.Any(parameter =>
            SymbolEqualityComparer.Default.Equals(parameter.Type, symbols.HttpClient) || registrations.IsTypedClient(parameter.Type))))
        {
            foreach (var declaration in constructor.DeclaringSyntaxReferences.Select(reference => reference.GetSyntax(cancellationToken)))
            {
                var model = facts.ModelOf(declaration.SyntaxTree);
                var kept = declaration is TypeDeclarationSyntax type
                    ? CapturedByPrimaryConstructor(type, constructor, model, cancellationToken)
                    : AssignedToMembers(model.GetOperation(declaration, cancellationToken));
                foreach (var parameter in kept.Distinct<IParameterSymbol>(SymbolEqualityComparer.Default))
                {
                    if (parameter.Type is INamedTypeSymbol { TypeKind: TypeKind.Class or TypeKind.Interface } parameterType && parameter.Locations.FirstOrDefault() is { } location)
                    {
                        yield return new KeptClient(location, owner, name: null, typedClient: parameterType, injected: true, keeper: null);
                    }
                }
            }
        }
    }

    /// <summary>The parameters a constructor body assigns to instance members, directly or through <c>?? throw</c>.</summary>
    private static IEnumerable<IParameterSymbol> AssignedToMembers(IOperation? body) =>
        body?.Descendants()
            .OfType<ISimpleAssignmentOperation>()
            .Where(assignment => assignment.Target is IMemberReferenceOperation { Member.IsStatic: false })
            .Select(assignment => assignment.Value.WalkDownConversions() is ICoalesceOperation coalesce ? coalesce.Value.WalkDownConversions() : assignment.Value.WalkDownConversions())
            .OfType<IParameterReferenceOperation>()
            .Select(reference => reference.Parameter)
        ?? Enumerable.Empty<IParameterSymbol>();

    /// <summary>A primary constructor's parameters that the type's members read: the compiler keeps those for the instance's life.</summary>
    private static IEnumerable<IParameterSymbol> CapturedByPrimaryConstructor(TypeDeclarationSyntax type, IMethodSymbol constructor, SemanticModel model, CancellationToken cancellationToken) =>
        constructor.Parameters.Where(parameter => type.Members
            .SelectMany(member => member.DescendantNodes().OfType<IdentifierNameSyntax>())
            .Any(name => name.Identifier.ValueText == parameter.Name
                && SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(name, cancellationToken).Symbol, parameter)));

    private static Diagnostic? Judge(KeptClient client, Symbols symbols, ServiceRegistrations registrations)
    {
        var keeper = client.Keeper ?? LifetimeOf(client.Owner, symbols, registrations);
        if (keeper is null || registrations.ConfiguresUntracedPrimaryHandlers)
        {
            return null;
        }

        string subject;
        PrimaryHandlerConnections? configured;
        if (!client.Injected)
        {
            subject = CreatedClient;
            if (client.Name is null && registrations.ConfiguresPrimaryHandlers)
            {
                return null;
            }

            configured = client.Name is { } name ? registrations.PrimaryHandlerOf(name) : null;
        }
        else if (registrations.IsTypedClient(client.TypedClient!))
        {
            subject = $"The typed client {client.TypedClient!.Name}";
            configured = registrations.PrimaryHandlerOf(client.TypedClient!);
        }
        else if (SymbolEqualityComparer.Default.Equals(client.TypedClient, symbols.HttpClient) && registrations.RegistersFactoryClients)
        {
            var ownerIsTypedClient = registrations.IsTypedClient(client.Owner);
            subject = ownerIsTypedClient ? $"The HttpClient injected into the typed client {client.Owner.Name}" : "The HttpClient injected from IHttpClientFactory";
            configured = ownerIsTypedClient ? registrations.PrimaryHandlerOf(client.Owner) : registrations.PrimaryHandlerOf(string.Empty);
        }
        else
        {
            return null;
        }

        var handler = configured ?? registrations.DefaultPrimaryHandler;
        var why = handler switch
        {
            PrimaryHandlerConnections.KeptForever => "its primary handler, configured without PooledConnectionLifetime, keeps its connections forever",
            null when symbols.Factory.ContainingAssembly.Identity.Version.Major < FirstVersionRotatingConnections => PinnedByTheFactoryVersion(symbols),
            _ => null,
        };
        return why is null ? null : Diagnostic.Create(Descriptors.RES5004FactoryClientKeptForTheProcessAcrossFiles, client.Location, subject, keeper, why);
    }

    /// <summary>"the hosted service Worker" or "the singleton PriceCache", or null when the container does not keep the type for the process.</summary>
    private static string? LifetimeOf(INamedTypeSymbol owner, Symbols symbols, ServiceRegistrations registrations) =>
        HostedServiceName(owner, symbols) ?? (registrations.IsKeptForTheProcess(owner) ? $"the singleton {owner.Name}" : null);

    private static string? HostedServiceName(INamedTypeSymbol owner, Symbols symbols) =>
        symbols.HostedService is not null && owner.AllInterfaces.Contains(symbols.HostedService, SymbolEqualityComparer.Default) ? $"the hosted service {owner.Name}" : null;

    private static string PinnedByTheFactoryVersion(Symbols symbols) =>
        $"its handler keeps its connections forever (Microsoft.Extensions.Http {symbols.Factory.ContainingAssembly.Identity.Version.Major}.x builds an HttpClientHandler without PooledConnectionLifetime)";

    /// <summary>The client's name: <c>""</c> for the default client, null when it is not a constant.</summary>
    private static string? ClientName(IInvocationOperation createClient) =>
        createClient.Arguments.ValueFor("name") is not { } name ? string.Empty
        : name.ConstantValue is { HasValue: true, Value: string constant } ? constant : null;

    private static string Kind(ISymbol member) => member is IPropertySymbol ? "property" : "field";

    /// <summary><c>IHttpClientFactory</c>, <c>HttpClient</c> and <c>IHostedService</c> (absent without hosting).</summary>
    internal sealed class Symbols
    {
        internal Symbols(INamedTypeSymbol factory, INamedTypeSymbol httpClient, INamedTypeSymbol? hostedService)
        {
            Factory = factory;
            HttpClient = httpClient;
            HostedService = hostedService;
        }

        internal INamedTypeSymbol Factory { get; }

        internal INamedTypeSymbol HttpClient { get; }

        internal INamedTypeSymbol? HostedService { get; }
    }

    /// <summary>A client some instance keeps: where, which client, and who keeps it when that is already known (a static member).</summary>
    private sealed class KeptClient
    {
        internal KeptClient(Location location, INamedTypeSymbol owner, string? name, INamedTypeSymbol? typedClient, bool injected, string? keeper)
        {
            Location = location;
            Owner = owner;
            Name = name;
            TypedClient = typedClient;
            Injected = injected;
            Keeper = keeper;
        }

        internal Location Location { get; }

        internal INamedTypeSymbol Owner { get; }

        /// <summary>The name a created client was asked for; null when it is not a constant.</summary>
        internal string? Name { get; }

        /// <summary>The type of an injected client's parameter.</summary>
        internal INamedTypeSymbol? TypedClient { get; }

        internal bool Injected { get; }

        internal string? Keeper { get; }
    }
}
