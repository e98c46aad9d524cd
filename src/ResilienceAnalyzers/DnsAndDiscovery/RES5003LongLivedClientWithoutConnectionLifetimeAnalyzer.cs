using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using ResilienceAnalyzers.Infrastructure;

namespace ResilienceAnalyzers.DnsAndDiscovery;

/// <summary>
/// RES5003: an <c>HttpClient</c> that lives as long as the process, whose handler does not set
/// <c>PooledConnectionLifetime</c> — <c>new HttpClient()</c> (its default handler keeps connections forever), or a
/// client over a <c>SocketsHttpHandler</c> without it, created in the call or before it (a local, a field). Long-lived:
/// kept in a static field or property, or in an instance field or property of a hosted service (live) or of a type the
/// compilation registers as a singleton (<see cref="ServiceRegistrations"/>, at compilation end). Reported on the client's creation.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
internal sealed class RES5003LongLivedClientWithoutConnectionLifetimeAnalyzer : ResilienceAnalyzer<RES5003LongLivedClientWithoutConnectionLifetimeAnalyzer.Symbols>
{
    /// <summary>Diagnostic property: the lifetime, in minutes, a fix sets (<c>resilience.pooled_connection_lifetime</c>).</summary>
    internal const string LifetimeMinutesProperty = "LifetimeMinutes";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(Descriptors.RES5003LongLivedClientWithoutConnectionLifetime, Descriptors.RES5003LongLivedClientWithoutConnectionLifetimeAcrossFiles);

    internal override Symbols? ResolveSymbols(WellKnownTypes types) =>
        types.Get(WellKnownTypeNames.SystemNetHttpHttpClient) is { } httpClient && types.Get(WellKnownTypeNames.SystemNetHttpSocketsHttpHandler) is { } handler
            ? new Symbols(httpClient, handler, types.Get(WellKnownTypeNames.MicrosoftExtensionsHostingIHostedService))
            : null;

    internal override void OnCompilationStart(RuleContext context, Symbols symbols)
    {
        var keptByInstances = new ConcurrentBag<(Diagnostic Diagnostic, INamedTypeSymbol Owner)>();
        var registrations = context.Facts.ServiceRegistrations;
        context.RegisterOperationAction(c => Analyze(c, symbols, keptByInstances), OperationKind.ObjectCreation);
        context.RegisterCallsNamed(ServiceRegistrations.CallNames, c => registrations.Record((IInvocationOperation)c.Operation));
        context.RegisterCompilationEndAction(c =>
        {
            foreach (var (diagnostic, owner) in keptByInstances)
            {
                if (registrations.IsKeptForTheProcess(owner))
                {
                    c.ReportDiagnostic(diagnostic);
                }
            }
        });
    }

    private static void Analyze(OperationAnalysisContext context, Symbols symbols, ConcurrentBag<(Diagnostic, INamedTypeSymbol)> keptByInstances)
    {
        var creation = (IObjectCreationOperation)context.Operation;
        if (!creation.Type.InheritsFromOrEquals(symbols.HttpClient) || creation.MemberKeeping(context.ContainingSymbol) is not { } member || SetsTheLifetime(creation, symbols))
        {
            return;
        }

        var properties = context.Options.ReadAsProperty(creation.Syntax.SyntaxTree, ResilienceOptions.PooledConnectionLifetimeMinutes, LifetimeMinutesProperty);
        var owner = member.ContainingType;
        if (member.IsStatic)
        {
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.RES5003LongLivedClientWithoutConnectionLifetime, creation.Syntax.GetLocation(), properties, "This static HttpClient"));
        }
        else if (owner.AllInterfaces.Contains(symbols.HostedService, SymbolEqualityComparer.Default))
        {
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.RES5003LongLivedClientWithoutConnectionLifetime, creation.Syntax.GetLocation(), properties, $"This HttpClient of the hosted service {owner.Name}"));
        }
        else
        {
            keptByInstances.Add((Diagnostic.Create(Descriptors.RES5003LongLivedClientWithoutConnectionLifetimeAcrossFiles, creation.Syntax.GetLocation(), properties, $"This HttpClient of the singleton {owner.Name}"), owner));
        }
    }

    /// <summary>
    /// True when the handler passed to the client is a <c>SocketsHttpHandler</c> that sets <c>PooledConnectionLifetime</c>
    /// — in its initializer, or, when it is built in a local first, by an assignment to that local — or a handler the
    /// code does not show (a parameter, a factory's): only a visible handler without it is judged.
    /// </summary>
    private static bool SetsTheLifetime(IObjectCreationOperation client, Symbols symbols)
    {
        if (client.Arguments.ValueFor("handler") is not { } argument)
        {
            return false;
        }

        return Values.Origin(argument) switch
        {
            IObjectCreationOperation sockets when sockets.Type.InheritsFromOrEquals(symbols.SocketsHttpHandler) =>
                sockets.Initializer?.Initializers.OfType<ISimpleAssignmentOperation>().Any(a => a.Target is IPropertyReferenceOperation { Property.Name: "PooledConnectionLifetime" }) == true
                || (argument.WalkDownConversions() is ILocalReferenceOperation local && local.ReferencesTo(local.Local).Any(reference =>
                    reference.Parent is IPropertyReferenceOperation { Property.Name: "PooledConnectionLifetime", Parent: ISimpleAssignmentOperation assignment } property
                    && assignment.Target == property)),
            IObjectCreationOperation => false,
            _ => true,
        };
    }

    /// <summary><c>HttpClient</c>, <c>SocketsHttpHandler</c> and <c>IHostedService</c> (absent without hosting).</summary>
    internal sealed class Symbols
    {
        internal Symbols(INamedTypeSymbol httpClient, INamedTypeSymbol socketsHttpHandler, INamedTypeSymbol? hostedService)
        {
            HttpClient = httpClient;
            SocketsHttpHandler = socketsHttpHandler;
            HostedService = hostedService;
        }

        internal INamedTypeSymbol? HostedService { get; }

        internal INamedTypeSymbol HttpClient { get; }

        internal INamedTypeSymbol SocketsHttpHandler { get; }
    }
}
