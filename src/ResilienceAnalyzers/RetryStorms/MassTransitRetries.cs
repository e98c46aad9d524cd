using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using ResilienceAnalyzers.Infrastructure;

namespace ResilienceAnalyzers.RetryStorms;

/// <summary>
/// MassTransit's message retry configured twice on one path: <c>cfg.UseMessageRetry(…)</c> on the bus configures a
/// retry filter for every receive endpoint, and <c>e.UseMessageRetry(…)</c> inside <c>cfg.ReceiveEndpoint(…, e =&gt; …)</c>
/// adds another to that endpoint's pipe, inside it: every attempt of the bus's retry runs all of the endpoint's. (A
/// consumer's <c>r.None()</c> does not turn the bus's retry off, which is how the nesting shows in practice.)
/// </summary>
internal static class MassTransitRetries
{
    private const string UseMessageRetry = "UseMessageRetry";

    /// <summary>
    /// For an endpoint's <c>UseMessageRetry</c> call, the bus's <c>UseMessageRetry</c> call on the configurator whose
    /// <c>ReceiveEndpoint</c> the endpoint is configured in, in the same body; null for any other call.
    /// </summary>
    internal static IInvocationOperation? BusRetryAround(IInvocationOperation call, INamedTypeSymbol retryExtensions)
    {
        if (call.TargetMethod.Name != UseMessageRetry || !SymbolEqualityComparer.Default.Equals(call.TargetMethod.ContainingType, retryExtensions))
        {
            return null;
        }

        var receive = call.Ancestors().OfType<IInvocationOperation>().FirstOrDefault(ancestor => ancestor.TargetMethod.Name == "ReceiveEndpoint");
        if (receive?.Instance is not { } bus || Symbol(bus) is not { } busSymbol)
        {
            return null;
        }

        var body = receive.AncestorsWithinFunction().LastOrDefault() ?? receive;
        return body.Descendants()
            .OfType<IInvocationOperation>()
            .FirstOrDefault(other => other != call
                && other.TargetMethod.Name == UseMessageRetry
                && SymbolEqualityComparer.Default.Equals(other.TargetMethod.ContainingType, retryExtensions)
                && other.Arguments.Length > 0
                && SymbolEqualityComparer.Default.Equals(Symbol(other.Arguments[0].Value), busSymbol));
    }

    /// <summary>The attempts a <c>UseMessageRetry</c> call's policy makes (its retries and the first), when the code writes its count as a constant.</summary>
    internal static int? Attempts(IInvocationOperation useMessageRetry)
    {
        var policy = useMessageRetry.Arguments.Select(argument => argument.Value.WalkDownConversions())
            .OfType<IDelegateCreationOperation>()
            .Select(creation => creation.Target)
            .OfType<IAnonymousFunctionOperation>()
            .SelectMany(lambda => lambda.Body.Descendants().OfType<IInvocationOperation>())
            .FirstOrDefault(configuring => configuring.TargetMethod.Name is "Immediate" or "Interval" or "Intervals" or "Incremental" or "Exponential");
        var retries = policy?.TargetMethod.Name switch
        {
            "Intervals" => policy.Arguments.ValueFor("intervals")?.WalkDownConversions() is IArrayCreationOperation { Initializer: { } intervals } ? intervals.ElementValues.Length : null,
            null => null,
            _ => policy.Arguments.Length > 1 ? Values.Integer(policy.Arguments[1].Value) : null,
        };
        return retries + 1;
    }

    private static ISymbol? Symbol(IOperation receiver) => receiver.WalkDownConversions() switch
    {
        IParameterReferenceOperation parameter => parameter.Parameter,
        ILocalReferenceOperation local => local.Local,
        _ => null,
    };
}
