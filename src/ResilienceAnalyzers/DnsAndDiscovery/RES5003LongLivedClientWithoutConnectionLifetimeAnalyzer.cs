using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using ResilienceAnalyzers.Infrastructure;

namespace ResilienceAnalyzers.DnsAndDiscovery;

/// <summary>
/// RES5003: an <c>HttpClient</c> stored in a static field or property whose handler does not set
/// <c>PooledConnectionLifetime</c> — <c>new HttpClient()</c> (its default handler keeps connections forever), or
/// <c>new HttpClient(new SocketsHttpHandler { … })</c> without it. Reported on the client's creation.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
internal sealed class RES5003LongLivedClientWithoutConnectionLifetimeAnalyzer : ResilienceAnalyzer<RES5003LongLivedClientWithoutConnectionLifetimeAnalyzer.Symbols>
{
    /// <summary>Diagnostic property: the lifetime, in minutes, a fix sets (<c>resilience.pooled_connection_lifetime</c>).</summary>
    internal const string LifetimeMinutesProperty = "LifetimeMinutes";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(Descriptors.RES5003LongLivedClientWithoutConnectionLifetime);

    internal override Symbols? ResolveSymbols(WellKnownTypes types) =>
        types.Get(WellKnownTypeNames.SystemNetHttpHttpClient) is { } httpClient && types.Get(WellKnownTypeNames.SystemNetHttpSocketsHttpHandler) is { } handler
            ? new Symbols(httpClient, handler)
            : null;

    internal override void OnCompilationStart(RuleContext context, Symbols symbols) =>
        context.RegisterOperationAction(c => Analyze(c, symbols), OperationKind.ObjectCreation);

    private static void Analyze(OperationAnalysisContext context, Symbols symbols)
    {
        var creation = (IObjectCreationOperation)context.Operation;
        if (!creation.Type.InheritsFromOrEquals(symbols.HttpClient) || !IsKeptStatically(creation) || SetsTheLifetime(creation, symbols))
        {
            return;
        }

        var properties = context.Options.ReadAsProperty(creation.Syntax.SyntaxTree, ResilienceOptions.PooledConnectionLifetimeMinutes, LifetimeMinutesProperty);
        context.ReportDiagnostic(Diagnostic.Create(Descriptors.RES5003LongLivedClientWithoutConnectionLifetime, creation.Syntax.GetLocation(), properties, "This static HttpClient"));
    }

    /// <summary>The initializer of a static field or property, or the value assigned to one.</summary>
    private static bool IsKeptStatically(IObjectCreationOperation creation) =>
        creation.ParentSkippingConversions() switch
        {
            IFieldInitializerOperation initializer => initializer.InitializedFields.Any(field => field.IsStatic),
            IPropertyInitializerOperation initializer => initializer.InitializedProperties.Any(property => property.IsStatic),
            ISimpleAssignmentOperation { Target: IMemberReferenceOperation { Member.IsStatic: true } } => true,
            _ => false,
        };

    /// <summary>
    /// True when the handler passed to the client is a <c>SocketsHttpHandler</c> that sets <c>PooledConnectionLifetime</c>,
    /// or a handler the code does not show (a parameter, a factory's): only a visible handler without it is judged.
    /// </summary>
    private static bool SetsTheLifetime(IObjectCreationOperation client, Symbols symbols)
    {
        var handler = client.Arguments.ValueFor("handler")?.WalkDownConversions();
        return handler switch
        {
            null => false,
            IObjectCreationOperation sockets when sockets.Type.InheritsFromOrEquals(symbols.SocketsHttpHandler) =>
                sockets.Initializer?.Initializers.OfType<ISimpleAssignmentOperation>().Any(a => a.Target is IPropertyReferenceOperation { Property.Name: "PooledConnectionLifetime" }) == true,
            IObjectCreationOperation => false,
            _ => true,
        };
    }

    /// <summary><c>HttpClient</c> and <c>SocketsHttpHandler</c>.</summary>
    internal sealed class Symbols
    {
        internal Symbols(INamedTypeSymbol httpClient, INamedTypeSymbol socketsHttpHandler)
        {
            HttpClient = httpClient;
            SocketsHttpHandler = socketsHttpHandler;
        }

        internal INamedTypeSymbol HttpClient { get; }

        internal INamedTypeSymbol SocketsHttpHandler { get; }
    }
}
