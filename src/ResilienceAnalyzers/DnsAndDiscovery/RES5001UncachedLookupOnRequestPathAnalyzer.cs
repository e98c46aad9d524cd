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
/// RES5001: a DNS lookup (<c>Dns.GetHostAddresses</c>, <c>GetHostEntry</c>, their async and Begin forms) on a request
/// path. Live when the request path is the method itself; at compilation end when a request path calls the method
/// (<see cref="RequestPathReach"/>). A lookup deferred or cached (a lambda such as a cache factory or a
/// <c>ConnectCallback</c>, <c>field ??= …</c>) is not flagged, nor one whose argument is an IP address or
/// <c>localhost</c>, which never reaches the resolver.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
internal sealed class RES5001UncachedLookupOnRequestPathAnalyzer : ResilienceAnalyzer<INamedTypeSymbol>
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(Descriptors.RES5001UncachedLookupOnRequestPath, Descriptors.RES5001UncachedLookupAcrossMethods);

    internal override INamedTypeSymbol? ResolveSymbols(WellKnownTypes types) => types.Get(WellKnownTypeNames.SystemNetDns);

    internal override void OnCompilationStart(RuleContext context, INamedTypeSymbol dns)
    {
        var findings = new RequestPathFindings(context, Descriptors.RES5001UncachedLookupOnRequestPath, Descriptors.RES5001UncachedLookupAcrossMethods);
        context.RegisterOperationAction(
            c =>
            {
                var call = (IInvocationOperation)c.Operation;
                if (IsLookup(call, dns))
                {
                    findings.Report(c, call, call.NameLocation(), $"Dns.{call.TargetMethod.Name}");
                }
            },
            OperationKind.Invocation);
    }

    private static bool IsLookup(IInvocationOperation call, INamedTypeSymbol dns) =>
        call.TargetMethod.Name is "GetHostAddresses" or "GetHostAddressesAsync" or "GetHostEntry" or "GetHostEntryAsync" or "BeginGetHostAddresses" or "BeginGetHostEntry"
        && SymbolEqualityComparer.Default.Equals(call.TargetMethod.ContainingType, dns)
        && !NeverReachesTheResolver(call);

    /// <summary>An IP address or <c>localhost</c> written as a constant: the lookup returns without asking DNS.</summary>
    private static bool NeverReachesTheResolver(IInvocationOperation call) =>
        call.Arguments.FirstOrDefault()?.Value.ConstantValue is { HasValue: true, Value: string host }
        && (IPAddress.TryParse(host, out _) || string.Equals(host, "localhost", System.StringComparison.OrdinalIgnoreCase));
}
