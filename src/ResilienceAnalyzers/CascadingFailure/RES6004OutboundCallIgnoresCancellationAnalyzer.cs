using System;
using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using ResilienceAnalyzers.Infrastructure;
using ResilienceAnalyzers.RequestPaths;

namespace ResilienceAnalyzers.CascadingFailure;

/// <summary>
/// RES6004: in a request or message handler, an outbound I/O call — <c>HttpClient</c> and its JSON extensions,
/// <c>HttpContent</c> reads, EF Core's async queries and saves, ADO.NET commands, connections and readers, Azure, AWS
/// and MongoDB clients — that can take a <c>CancellationToken</c> gets none (the parameter left to its default, or an
/// overload without it) or <c>default</c>, while the handler has the request's token. An explicit
/// <c>CancellationToken.None</c> is a decision and is not reported. A token left out where the enclosing function's
/// last parameter is a <c>CancellationToken</c> is CA2016's finding and is not reported twice.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
internal sealed class RES6004OutboundCallIgnoresCancellationAnalyzer : ResilienceAnalyzer<RES6004OutboundCallIgnoresCancellationAnalyzer.Symbols>
{
    /// <summary>Diagnostic property: the token to pass, as the handler writes it; absent when the handler has none and needs a parameter.</summary>
    internal const string TokenProperty = "Token";

    /// <summary>The parameter a code fix adds to a minimal-API handler that has no token.</summary>
    internal const string AddedParameterName = "cancellationToken";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.RES6004OutboundCallIgnoresCancellation);

    internal override Symbols? ResolveSymbols(WellKnownTypes types) =>
        types.Get(WellKnownTypeNames.SystemThreadingCancellationToken) is { } token && types.Get(WellKnownTypeNames.MicrosoftAspNetCoreHttpHttpContext) is not null
            ? new Symbols(token, types.Get(WellKnownTypeNames.SystemDataCommonDbCommand)?.ContainingNamespace)
            : null;

    internal override void OnCompilationStart(RuleContext context, Symbols symbols)
    {
        var requestPaths = context.Facts.RequestPaths;
        var outboundTypes = new ConcurrentDictionary<INamedTypeSymbol, bool>(SymbolEqualityComparer.Default);
        context.RegisterMemberCallsEndingIn("Async", RequestPathModel.WordsOfEntryPoints, requestPaths.MayRunInAnEntryPoint, c => Analyze(c, symbols, requestPaths, outboundTypes));
    }

    private static void Analyze(OperationAnalysisContext context, Symbols symbols, RequestPathModel requestPaths, ConcurrentDictionary<INamedTypeSymbol, bool> outboundTypes)
    {
        var call = (IInvocationOperation)context.Operation;
        var method = call.TargetMethod;
        if (!IsOutboundIo(method.ContainingType.OriginalDefinition, symbols, outboundTypes)
            || MissingToken(call, symbols) is not { } missing
            || requestPaths.RequestTokenAt(call, context.ContainingSymbol) is not { } request
            || (missing == Missing.LeftOut && Ca2016Reports(call, context.ContainingSymbol, symbols)))
        {
            return;
        }

        var properties = request.Expression is { } token
            ? ImmutableDictionary<string, string?>.Empty.Add(TokenProperty, token)
            : ImmutableDictionary<string, string?>.Empty;
        var advice = request.Expression is { } expression
            ? $"pass {expression}"
            : "add a CancellationToken parameter to the handler, which ASP.NET Core binds to the request's abort, and pass it";
        context.ReportDiagnostic(Diagnostic.Create(
            Descriptors.RES6004OutboundCallIgnoresCancellation,
            call.NameLocation(),
            properties,
            method.Name,
            request.Handler,
            missing == Missing.LeftOut ? "no cancellation token" : "default instead of the request's cancellation token",
            advice));
    }

    /// <summary>The type's answer, worked out once per type: its namespace is read as text.</summary>
    private static bool IsOutboundIo(INamedTypeSymbol type, Symbols symbols, ConcurrentDictionary<INamedTypeSymbol, bool> known)
    {
        if (!known.TryGetValue(type, out var outbound))
        {
            outbound = known.GetOrAdd(type, IsOutboundIo(type, symbols));
        }

        return outbound;
    }

    /// <summary>
    /// A type whose async methods talk to another process: HTTP sends, EF Core, ADO.NET, the Azure, AWS and MongoDB
    /// SDKs. Reading an <c>HttpContent</c> is not: the client has usually buffered it already.
    /// </summary>
    private static bool IsOutboundIo(INamedTypeSymbol type, Symbols symbols)
    {
        var space = type.ContainingNamespace?.ToDisplayString() ?? string.Empty;
        return (space is "System.Net.Http" or "System.Net.Http.Json" && type.Name is not ("HttpContent" or "HttpContentJsonExtensions"))
            || space.StartsWith("Microsoft.EntityFrameworkCore", StringComparison.Ordinal)
            || space.StartsWith("Azure", StringComparison.Ordinal)
            || space.StartsWith("Amazon", StringComparison.Ordinal)
            || space.StartsWith("MongoDB.Driver", StringComparison.Ordinal)
            || (symbols.AdoNet is not null && InheritsFromNamespace(type, symbols.AdoNet));
    }

    /// <summary>ADO.NET providers derive their commands, connections and readers from <c>System.Data.Common</c>.</summary>
    private static bool InheritsFromNamespace(INamedTypeSymbol type, INamespaceSymbol space)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(current.ContainingNamespace, space))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// How the call misses a token: its <c>CancellationToken</c> parameter left to its default, an overload that takes
    /// one not chosen, or <c>default</c> passed. Null when a token is passed — <c>CancellationToken.None</c> included —
    /// or the method cannot take one.
    /// </summary>
    private static Missing? MissingToken(IInvocationOperation call, Symbols symbols)
    {
        foreach (var argument in call.Arguments)
        {
            if (!SymbolEqualityComparer.Default.Equals(argument.Parameter?.Type, symbols.CancellationToken))
            {
                continue;
            }

            if (argument.ArgumentKind == ArgumentKind.DefaultValue)
            {
                return Missing.LeftOut;
            }

            return argument.Value.WalkDownConversions() switch
            {
                IDefaultValueOperation => Missing.Default,
                IObjectCreationOperation { Arguments.Length: 0 } => Missing.Default,
                _ => null,
            };
        }

        return HasOverloadTakingAToken(call.TargetMethod, symbols) ? Missing.LeftOut : null;
    }

    /// <summary>True when the type has the same method with a <c>CancellationToken</c> added at the end (<c>GetStringAsync(uri, token)</c>).</summary>
    private static bool HasOverloadTakingAToken(IMethodSymbol method, Symbols symbols)
    {
        var parameters = method.OriginalDefinition.Parameters;
        return method.ContainingType.GetMembers(method.Name).OfType<IMethodSymbol>().Any(overload =>
            overload.Parameters.Length == parameters.Length + 1
            && SymbolEqualityComparer.Default.Equals(overload.Parameters[parameters.Length].Type, symbols.CancellationToken)
            && parameters.Select((parameter, index) => SameType(parameter.Type, overload.Parameters[index].Type)).All(same => same));
    }

    /// <summary>The same type, or the same type parameter position of two generic overloads (<c>T</c> of each).</summary>
    private static bool SameType(ITypeSymbol left, ITypeSymbol right) =>
        SymbolEqualityComparer.Default.Equals(left, right)
        || (left is ITypeParameterSymbol first && right is ITypeParameterSymbol second && first.Ordinal == second.Ordinal);

    /// <summary>
    /// True when CA2016 reports the call: the nearest enclosing method, lambda or local function has a single
    /// <c>CancellationToken</c> parameter and it is the last.
    /// </summary>
    private static bool Ca2016Reports(IInvocationOperation call, ISymbol containingSymbol, Symbols symbols)
    {
        var function = call.Ancestors().Select(node => node switch
        {
            IAnonymousFunctionOperation lambda => lambda.Symbol,
            ILocalFunctionOperation local => local.Symbol,
            _ => null,
        }).FirstOrDefault(symbol => symbol is not null) ?? containingSymbol as IMethodSymbol;
        var parameters = function?.Parameters ?? ImmutableArray<IParameterSymbol>.Empty;
        return parameters.Length > 0
            && SymbolEqualityComparer.Default.Equals(parameters[parameters.Length - 1].Type, symbols.CancellationToken)
            && parameters.Count(parameter => SymbolEqualityComparer.Default.Equals(parameter.Type, symbols.CancellationToken)) == 1;
    }

    private enum Missing
    {
        LeftOut,
        Default,
    }

    /// <summary><c>CancellationToken</c> and the <c>System.Data.Common</c> namespace (null when ADO.NET is not referenced).</summary>
    internal sealed class Symbols
    {
        internal Symbols(INamedTypeSymbol cancellationToken, INamespaceSymbol? adoNet)
        {
            CancellationToken = cancellationToken;
            AdoNet = adoNet;
        }

        internal INamedTypeSymbol CancellationToken { get; }

        internal INamespaceSymbol? AdoNet { get; }
    }
}
