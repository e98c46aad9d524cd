using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using ResilienceAnalyzers.Infrastructure;
using ResilienceAnalyzers.RequestPaths;

namespace ResilienceAnalyzers.DnsAndDiscovery;

/// <summary>
/// RES5002: <c>new HttpClient(…)</c> that brings its own connection pool — no handler, or a handler created with it —
/// and is used only by the operation that creates it (a local, a <c>using</c>, a receiver or argument; not returned,
/// not stored), where that operation repeats: a request path (live, or at compilation end when a request path calls
/// the method), an iteration of a loop, or the fields and constructor of a type created per request (a controller).
/// A client over a handler it does not create — the shared handler of <c>new HttpClient(handler, disposeHandler:
/// false)</c>, or a factory's — shares connections and is not flagged.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
internal sealed class RES5002ClientPerOperationAnalyzer : ResilienceAnalyzer<INamedTypeSymbol>
{
    /// <summary>Diagnostic property: the lifetime, in minutes, a shared client's connections get (<c>resilience.pooled_connection_lifetime</c>).</summary>
    internal const string LifetimeMinutesProperty = "LifetimeMinutes";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(Descriptors.RES5002ClientPerOperation, Descriptors.RES5002ClientPerOperationAcrossMethods);

    internal override INamedTypeSymbol? ResolveSymbols(WellKnownTypes types) => types.Get(WellKnownTypeNames.SystemNetHttpHttpClient);

    internal override bool CanFindAnything(CompilationFacts facts) => facts.MentionsAny("HttpClient");

    internal override void OnCompilationStart(RuleContext context, INamedTypeSymbol httpClient)
    {
        var findings = new RequestPathFindings(context, Descriptors.RES5002ClientPerOperation, Descriptors.RES5002ClientPerOperationAcrossMethods);
        var requestPaths = context.Facts.RequestPaths;
        context.RegisterOperationAction(c => Analyze(c, httpClient, requestPaths, findings), OperationKind.ObjectCreation);
    }

    private static void Analyze(OperationAnalysisContext context, INamedTypeSymbol httpClient, RequestPathModel requestPaths, RequestPathFindings findings)
    {
        var creation = (IObjectCreationOperation)context.Operation;
        if (!creation.Type.InheritsFromOrEquals(httpClient) || !BringsItsOwnConnections(creation))
        {
            return;
        }

        if (InPerRequestInstance(creation, context.ContainingSymbol, requestPaths) is { } perRequestType)
        {
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.RES5002ClientPerOperation, creation.Syntax.GetLocation(), perRequestType));
            return;
        }

        if (!IsUsedOnlyHere(creation))
        {
            return;
        }

        var properties = context.Options.ReadAsProperty(creation.Syntax.SyntaxTree, ResilienceOptions.PooledConnectionLifetimeMinutes, LifetimeMinutesProperty);
        if (requestPaths.DescribeRequestPath(creation, context.ContainingSymbol) is null
            && creation.AncestorsWithinFunction().OfType<ILoopOperation>().Any()
            && context.ContainingSymbol is IMethodSymbol method)
        {
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.RES5002ClientPerOperation, creation.Syntax.GetLocation(), properties, $"each iteration of a loop in {method.ContainingType.Name}.{method.Name}"));
            return;
        }

        findings.Report(context, creation, creation.Syntax.GetLocation(), properties);
    }

    /// <summary>No handler, or one created for this client: a pool of its own. A handler from elsewhere is shared.</summary>
    private static bool BringsItsOwnConnections(IObjectCreationOperation creation) =>
        creation.Arguments.ValueFor("handler")?.WalkDownConversions() is null or IObjectCreationOperation;

    /// <summary>
    /// A field initializer or constructor assignment of an instance member of a type created per request.
    /// </summary>
    private static string? InPerRequestInstance(IObjectCreationOperation creation, ISymbol containingSymbol, RequestPathModel requestPaths)
    {
        var where = creation.ParentSkippingConversions() switch
        {
            IFieldInitializerOperation initializer when initializer.InitializedFields.Any(field => !field.IsStatic) => "the fields of",
            IPropertyInitializerOperation initializer when initializer.InitializedProperties.Any(property => !property.IsStatic) => "the properties of",
            ISimpleAssignmentOperation { Target: IMemberReferenceOperation { Member.IsStatic: false } } when containingSymbol is IMethodSymbol { MethodKind: MethodKind.Constructor } => "the constructor of",
            _ => null,
        };

        return where is not null && containingSymbol.ContainingType is { } type && requestPaths.DescribePerRequestType(type) is { } perRequestType
            ? $"{where} {perRequestType}, which is created per request"
            : null;
    }

    /// <summary>
    /// True when the client lives and dies with the operation: it is a local that is never returned or stored, the
    /// receiver of a call, or an argument.
    /// </summary>
    private static bool IsUsedOnlyHere(IObjectCreationOperation creation)
    {
        switch (creation.ParentSkippingConversions())
        {
            case IInvocationOperation or IArgumentOperation:
                return true;
            case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator }:
                var local = declarator.Symbol;
                return !creation.ReferencesTo(local).Any(reference =>
                    reference.ParentSkippingConversions() is IReturnOperation or ISimpleAssignmentOperation { Target: not ILocalReferenceOperation } or ICoalesceAssignmentOperation);
            default:
                return false;
        }
    }
}
