using System;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using ResilienceAnalyzers.Infrastructure;

namespace ResilienceAnalyzers.RetryStorms;

/// <summary>Requests sent through an <c>HttpClient</c>, and whether they are safe to repeat.</summary>
internal sealed class HttpRequests
{
    private readonly INamedTypeSymbol httpClient;
    private readonly INamedTypeSymbol? httpMethod;

    private HttpRequests(INamedTypeSymbol httpClient, INamedTypeSymbol? httpMethod)
    {
        this.httpClient = httpClient;
        this.httpMethod = httpMethod;
    }

    internal static HttpRequests? Resolve(WellKnownTypes types) =>
        types.Get(WellKnownTypeNames.SystemNetHttpHttpClient) is { } httpClient
            ? new HttpRequests(httpClient, types.Get(WellKnownTypeNames.SystemNetHttpHttpMethod))
            : null;

    internal INamedTypeSymbol HttpClient => httpClient;

    /// <summary>The client the call sends a request through (<c>GetAsync</c>, <c>PostAsJsonAsync</c>, <c>SendAsync</c>…), or null.</summary>
    internal IOperation? ClientOf(IInvocationOperation call)
    {
        var method = call.TargetMethod;
        var client = method.IsExtensionMethod ? call.Arguments.FirstOrDefault()?.Value : call.Instance;
        return client is not null && IsSend(method.Name) && client.Type.InheritsFromOrEquals(httpClient) ? client : null;
    }

    /// <summary>"POST" or "PATCH" when the call sends one through an <c>HttpClient</c>.</summary>
    internal string? UnsafeMethod(IInvocationOperation call)
    {
        if (ClientOf(call) is null)
        {
            return null;
        }

        return call.TargetMethod.Name switch
        {
            "PostAsync" or "PostAsJsonAsync" => "POST",
            "PatchAsync" or "PatchAsJsonAsync" => "PATCH",
            "Send" or "SendAsync" when call.Arguments.ValueFor("request")?.WalkDownConversions() is IObjectCreationOperation request
                && request.Arguments.FirstOrDefault()?.Value is IPropertyReferenceOperation { Property.Name: "Post" or "Patch" } verb
                && SymbolEqualityComparer.Default.Equals(verb.Property.ContainingType, httpMethod) => verb.Property.Name.ToUpperInvariant(),
            _ => null,
        };
    }

    /// <summary>True when the code mentions an idempotency key (an <c>Idempotency-Key</c> header, an option named so).</summary>
    internal static bool MentionsAnIdempotencyKey(IOperation body) =>
        body.Descendants().Any(operation => operation is ILiteralOperation { ConstantValue: { HasValue: true, Value: string text } }
            && text.IndexOf("idempotency", StringComparison.OrdinalIgnoreCase) >= 0);

    private static bool IsSend(string name) =>
        name.StartsWith("Send", StringComparison.Ordinal)
        || name.StartsWith("Get", StringComparison.Ordinal)
        || name.StartsWith("Post", StringComparison.Ordinal)
        || name.StartsWith("Put", StringComparison.Ordinal)
        || name.StartsWith("Patch", StringComparison.Ordinal)
        || name.StartsWith("Delete", StringComparison.Ordinal);
}
