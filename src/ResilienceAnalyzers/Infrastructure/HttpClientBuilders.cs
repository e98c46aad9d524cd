using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace ResilienceAnalyzers.Infrastructure;

/// <summary>Reads the <c>IHttpClientBuilder</c> chains that register and configure the clients of <c>IHttpClientFactory</c>.</summary>
internal static class HttpClientBuilders
{
    /// <summary>
    /// Follows a builder back to where it came from: the <c>AddHttpClient</c> call that made it, or the parameter of the
    /// lambda passed to <c>ConfigureHttpClientDefaults</c>; null when the code does not show.
    /// </summary>
    internal static IOperation? Registration(IOperation builder, INamedTypeSymbol clientBuilder, INamedTypeSymbol? registrations)
    {
        for (var hops = 0; hops < 8; hops++)
        {
            builder = builder.WalkDownConversions();
            switch (builder)
            {
                case IInvocationOperation { TargetMethod.Name: "AddHttpClient" } addHttpClient when SymbolEqualityComparer.Default.Equals(addHttpClient.TargetMethod.ContainingType, registrations):
                    return addHttpClient;
                case IInvocationOperation chained when SymbolEqualityComparer.Default.Equals(chained.TargetMethod.ReturnType, clientBuilder) && chained.Arguments.Length > 0:
                    builder = chained.Arguments[0].Value;
                    break;
                case ILocalReferenceOperation local when local.DeclaredValue() is { } initializer:
                    builder = initializer;
                    break;
                case IParameterReferenceOperation { Parameter.ContainingSymbol: IMethodSymbol { MethodKind: MethodKind.AnonymousFunction } } parameter
                    when parameter.Ancestors().OfType<IAnonymousFunctionOperation>().FirstOrDefault()?.UseOfLambda() is IArgumentOperation { Parent: IInvocationOperation { TargetMethod.Name: "ConfigureHttpClientDefaults" } }:
                    return parameter;
                default:
                    return null;
            }
        }

        return null;
    }
}
