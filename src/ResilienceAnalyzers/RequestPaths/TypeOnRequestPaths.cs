using Microsoft.CodeAnalysis;
using ResilienceAnalyzers.Infrastructure;

namespace ResilienceAnalyzers.RequestPaths;

/// <summary>What a rule about one API used on request paths resolves: the API's type, and the request-path model.</summary>
internal sealed class TypeOnRequestPaths
{
    private TypeOnRequestPaths(INamedTypeSymbol type, RequestPathModel requestPaths)
    {
        Type = type;
        RequestPaths = requestPaths;
    }

    /// <summary>The inspected type (<c>Dns</c>, <c>HttpClient</c>, Redis's <c>IDatabaseAsync</c>…).</summary>
    internal INamedTypeSymbol Type { get; }

    internal RequestPathModel RequestPaths { get; }

    /// <summary>The type and the model, or <see langword="null"/> when the compilation does not reference the type.</summary>
    internal static TypeOnRequestPaths? Resolve(WellKnownTypes types, string metadataName) =>
        types.Get(metadataName) is { } type ? new TypeOnRequestPaths(type, new RequestPathModel(types)) : null;
}
