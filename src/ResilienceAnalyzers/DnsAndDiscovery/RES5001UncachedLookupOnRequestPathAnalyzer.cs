using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Net;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using ResilienceAnalyzers.Infrastructure;
using ResilienceAnalyzers.RequestPaths;

namespace ResilienceAnalyzers.DnsAndDiscovery;

/// <summary>
/// RES5001: a lookup of where a service lives on a request path — a DNS lookup (<c>Dns.GetHostAddresses</c>,
/// <c>GetHostEntry</c>, their async and Begin forms), or a service-registry query that goes to the registry on every
/// call (Consul's <c>Health.Service</c>, <c>Catalog.Service(s)</c>, <c>Agent.Services</c>; Steeltoe's Consul discovery
/// client). Live when the request path is the method itself; at compilation end when a request path calls the method
/// (<see cref="RequestPathReach"/>). A lookup deferred or cached (a lambda such as a cache factory or a
/// <c>ConnectCallback</c>, <c>field ??= …</c>) is not flagged, nor a DNS lookup of an IP address or <c>localhost</c>,
/// which never reaches the resolver, nor one of a name the request supplies (a fresh answer about it is the point: a
/// domain being validated, the request's own host).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
internal sealed class RES5001UncachedLookupOnRequestPathAnalyzer : ResilienceAnalyzer<RES5001UncachedLookupOnRequestPathAnalyzer.Symbols>
{
    /// <summary>Registry clients whose methods query the registry on every call: Consul's, and Steeltoe's Consul discovery client (4.x, 3.x).</summary>
    private static readonly (string TypeName, ImmutableHashSet<string> Methods)[] RegistryClients =
    {
        (WellKnownTypeNames.ConsulIHealthEndpoint, ImmutableHashSet.Create("Service")),
        (WellKnownTypeNames.ConsulICatalogEndpoint, ImmutableHashSet.Create("Service", "Services")),
        (WellKnownTypeNames.ConsulIAgentEndpoint, ImmutableHashSet.Create("Services")),
        (WellKnownTypeNames.SteeltoeDiscoveryConsulConsulDiscoveryClient, ImmutableHashSet.Create("GetInstancesAsync", "GetServiceIdsAsync")),
        (WellKnownTypeNames.SteeltoeDiscoveryConsulDiscoveryIConsulDiscoveryClient, ImmutableHashSet.Create("GetInstances")),
    };

    private static readonly HashSet<string> DnsLookups = MethodNames.Of(
        "GetHostAddresses", "GetHostAddressesAsync", "GetHostEntry", "GetHostEntryAsync", "BeginGetHostAddresses", "BeginGetHostEntry");

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(Descriptors.RES5001UncachedLookupOnRequestPath, Descriptors.RES5001UncachedLookupAcrossMethods);

    internal override Symbols? ResolveSymbols(WellKnownTypes types)
    {
        var registries = RegistryClients
            .Select(registry => (Type: types.Get(registry.TypeName), registry.Methods))
            .Where(registry => registry.Type is not null)
            .Select(registry => new RegistryLookup(registry.Type!, registry.Methods))
            .ToImmutableArray();
        var dns = types.Get(WellKnownTypeNames.SystemNetDns);
        return dns is null && registries.IsEmpty ? null : new Symbols(dns, registries);
    }

    /// <summary>A DNS lookup spells <c>GetHost</c>; a registry client is judged wherever its vendor's assembly is referenced.</summary>
    internal override bool CanFindAnything(CompilationFacts facts) =>
        facts.MentionsAny("GetHost") || RegistryClients.Any(registry => facts.Types.Get(registry.TypeName) is not null);

    internal override void OnCompilationStart(RuleContext context, Symbols symbols)
    {
        var requestPaths = context.Facts.RequestPaths;
        var findings = new RequestPathFindings(context, Descriptors.RES5001UncachedLookupOnRequestPath, Descriptors.RES5001UncachedLookupAcrossMethods);
        context.RegisterCallsNamed(
            DnsLookups.Concat(symbols.Registries.SelectMany(registry => registry.Methods)).Distinct(),
            c =>
            {
                var call = (IInvocationOperation)c.Operation;
                if (Describe(call, symbols) is { } lookup && !KeptInAField(call, requestPaths) && call.Arguments.FirstOrDefault() is { } name)
                {
                    findings.ReportUnlessRequestSupplies(c, call, name.Value, call.NameLocation(), lookup);
                }
            });
    }

    /// <summary>"Dns.GetHostAddressesAsync", "Consul's Health.Service": the lookup the call makes, or null when it makes none.</summary>
    private static string? Describe(IInvocationOperation call, Symbols symbols)
    {
        var method = call.TargetMethod;
        if (DnsLookups.Contains(method.Name)
            && SymbolEqualityComparer.Default.Equals(method.ContainingType, symbols.Dns))
        {
            return NeverReachesTheResolver(call) ? null : $"Dns.{method.Name}";
        }

        foreach (var registry in symbols.Registries)
        {
            if (registry.Methods.Contains(method.Name)
                && (SymbolEqualityComparer.Default.Equals(method.ContainingType, registry.Type) || method.ContainingType.AllInterfaces.Contains(registry.Type, SymbolEqualityComparer.Default)))
            {
                return registry.Type.ContainingNamespace.ToDisplayString() == "Consul"
                    ? $"Consul's {registry.Type.Name.Substring(1).Replace("Endpoint", string.Empty)}.{method.Name}"
                    : $"{method.ContainingType.Name}.{method.Name}";
            }
        }

        return null;
    }

    /// <summary>
    /// The addresses are stored in a field of an object that outlives the request (<c>cachedAddresses = await Dns…</c>,
    /// typically behind an expiry check, the failure path keeping the last good value): a hand-rolled cache, which asks
    /// the resolver once per expiry, not per request. A field of a controller, page model or hub lives one request and
    /// caches nothing.
    /// </summary>
    private static bool KeptInAField(IInvocationOperation call, RequestPathModel requestPaths)
    {
        IOperation value = call;
        while (value.Parent is IAwaitOperation or IConversionOperation or IInvocationOperation { TargetMethod.Name: "ConfigureAwait" })
        {
            value = value.Parent;
        }

        return value.Parent is ISimpleAssignmentOperation { Target: IFieldReferenceOperation { Field: var field } } assignment
            && assignment.Value == value
            && (field.IsStatic || requestPaths.DescribePerRequestType(field.ContainingType) is null);
    }

    /// <summary>
    /// An IP address or <c>localhost</c> written as a constant, or the machine's own name — empty (<c>string.Empty</c>)
    /// or <c>Dns.GetHostName()</c> — which asks for its own addresses: the lookup finds no dependency.
    /// </summary>
    private static bool NeverReachesTheResolver(IInvocationOperation call) => call.Arguments.FirstOrDefault()?.Value switch
    {
        { ConstantValue: { HasValue: true, Value: string host } } =>
            host.Length == 0 || IPAddress.TryParse(host, out _) || string.Equals(host, "localhost", System.StringComparison.OrdinalIgnoreCase),
        IFieldReferenceOperation { Field: { Name: nameof(string.Empty), ContainingType.SpecialType: SpecialType.System_String } } => true,
        IInvocationOperation { TargetMethod: { Name: "GetHostName" } hostName } => SymbolEqualityComparer.Default.Equals(hostName.ContainingType, call.TargetMethod.ContainingType),
        _ => false,
    };

    /// <summary>A registry client type and the methods of it that query the registry on every call.</summary>
    internal sealed class RegistryLookup
    {
        internal RegistryLookup(INamedTypeSymbol type, ImmutableHashSet<string> methods)
        {
            Type = type;
            Methods = methods;
        }

        internal INamedTypeSymbol Type { get; }

        internal ImmutableHashSet<string> Methods { get; }
    }

    /// <summary><c>System.Net.Dns</c> and the registry clients the compilation references; any may be absent.</summary>
    internal sealed class Symbols
    {
        internal Symbols(INamedTypeSymbol? dns, ImmutableArray<RegistryLookup> registries)
        {
            Dns = dns;
            Registries = registries;
        }

        internal INamedTypeSymbol? Dns { get; }

        internal ImmutableArray<RegistryLookup> Registries { get; }
    }
}
