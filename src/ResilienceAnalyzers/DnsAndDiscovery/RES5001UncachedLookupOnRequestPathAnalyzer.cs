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
/// <c>localhost</c>, which never reaches the resolver, nor one of a name the request supplies (a fresh answer about it
/// is the point: a domain being validated, the request's own host).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
internal sealed class RES5001UncachedLookupOnRequestPathAnalyzer : ResilienceAnalyzer<INamedTypeSymbol>
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(Descriptors.RES5001UncachedLookupOnRequestPath, Descriptors.RES5001UncachedLookupAcrossMethods);

    internal override INamedTypeSymbol? ResolveSymbols(WellKnownTypes types) => types.Get(WellKnownTypeNames.SystemNetDns);

    internal override void OnCompilationStart(RuleContext context, INamedTypeSymbol dns)
    {
        var requestPaths = context.Facts.RequestPaths;
        var findings = new RequestPathFindings(context, Descriptors.RES5001UncachedLookupOnRequestPath, Descriptors.RES5001UncachedLookupAcrossMethods);
        context.RegisterOperationAction(
            c =>
            {
                var call = (IInvocationOperation)c.Operation;
                if (IsLookup(call, dns) && !KeptInAField(call, requestPaths) && call.Arguments.FirstOrDefault() is { } host)
                {
                    findings.ReportUnlessRequestSupplies(c, call, host.Value, call.NameLocation(), $"Dns.{call.TargetMethod.Name}");
                }
            },
            OperationKind.Invocation);
    }

    private static bool IsLookup(IInvocationOperation call, INamedTypeSymbol dns) =>
        call.TargetMethod.Name is "GetHostAddresses" or "GetHostAddressesAsync" or "GetHostEntry" or "GetHostEntryAsync" or "BeginGetHostAddresses" or "BeginGetHostEntry"
        && SymbolEqualityComparer.Default.Equals(call.TargetMethod.ContainingType, dns)
        && !NeverReachesTheResolver(call);

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

    /// <summary>An IP address or <c>localhost</c> written as a constant: the lookup returns without asking DNS.</summary>
    private static bool NeverReachesTheResolver(IInvocationOperation call) =>
        call.Arguments.FirstOrDefault()?.Value.ConstantValue is { HasValue: true, Value: string host }
        && (IPAddress.TryParse(host, out _) || string.Equals(host, "localhost", System.StringComparison.OrdinalIgnoreCase));
}
