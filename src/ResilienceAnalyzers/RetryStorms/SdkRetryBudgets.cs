using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using ResilienceAnalyzers.Infrastructure;

namespace ResilienceAnalyzers.RetryStorms;

/// <summary>The SDK settings that give retries a budget of their own; each absent when its SDK is not referenced.</summary>
internal sealed class SdkRetryBudgetSymbols
{
    private SdkRetryBudgetSymbols(INamedTypeSymbol? awsClientConfig, INamedTypeSymbol? grpcServiceConfig)
    {
        AwsClientConfig = awsClientConfig;
        GrpcServiceConfig = grpcServiceConfig;
        OperationKinds = (awsClientConfig, grpcServiceConfig) switch
        {
            (not null, not null) => [OperationKind.SimpleAssignment, OperationKind.ObjectCreation],
            (not null, null) => [OperationKind.SimpleAssignment],
            _ => [OperationKind.ObjectCreation],
        };
    }

    /// <summary>AWSSDK.Core's <c>ClientConfig</c>, the base of every AWS client's configuration.</summary>
    internal INamedTypeSymbol? AwsClientConfig { get; }

    /// <summary>Grpc.Net.Client's <c>ServiceConfig</c>, which holds a channel's retry and hedging policies.</summary>
    internal INamedTypeSymbol? GrpcServiceConfig { get; }

    /// <summary>The operations that set the referenced SDKs' budgets: assignments (AWS), creations (gRPC's service config).</summary>
    internal OperationKind[] OperationKinds { get; }

    /// <summary>
    /// The SDKs among these whose budget settings a file of the compilation names (<c>ThrottleRetries</c>,
    /// <c>ServiceConfig</c>), or null when none is: the others have nothing to read.
    /// </summary>
    internal SdkRetryBudgetSymbols? SpelledIn(CompilationFacts facts) =>
        (AwsClientConfig is not null && facts.MentionsAny("ThrottleRetries") ? AwsClientConfig : null) is var aws
        && (GrpcServiceConfig is not null && facts.MentionsAny("ServiceConfig") ? GrpcServiceConfig : null) is var grpc
        && (aws is not null || grpc is not null)
            ? new SdkRetryBudgetSymbols(aws, grpc)
            : null;

    internal static SdkRetryBudgetSymbols? Resolve(WellKnownTypes types) =>
        types.Get(WellKnownTypeNames.AmazonRuntimeClientConfig) is var aws && types.Get(WellKnownTypeNames.GrpcNetClientConfigurationServiceConfig) is var grpc
        && (aws is not null || grpc is not null)
            ? new SdkRetryBudgetSymbols(aws, grpc)
            : null;
}

/// <summary>
/// An SDK's retries left without the budget the SDK itself offers. The AWS SDK retries a failed request
/// <c>MaxErrorRetry</c> times (2 by default) and, while <c>ThrottleRetries</c> is true (the default), takes each retry
/// from a quota per endpoint that failures drain and successes refill, so an outage stops the retries;
/// <c>ThrottleRetries = false</c> turns the quota off. A gRPC channel retries or hedges as its <c>ServiceConfig</c>'s
/// method configs say, and only <c>RetryThrottling</c> (a token bucket, gRPC's retry budget) stops retries and hedges
/// while most calls fail.
/// </summary>
internal static class SdkRetryBudgets
{
    /// <summary>Where an SDK's retries lose their budget, with the message's subject; null when the operation sets none.</summary>
    internal static (Location Location, string Subject)? TryRead(IOperation operation, SdkRetryBudgetSymbols symbols) => operation switch
    {
        ISimpleAssignmentOperation assignment when symbols.AwsClientConfig is not null => ReadAwsQuota(assignment, symbols.AwsClientConfig),
        IObjectCreationOperation creation when symbols.GrpcServiceConfig is not null => ReadGrpcServiceConfig(creation, symbols.GrpcServiceConfig),
        _ => null,
    };

    private static (Location, string)? ReadAwsQuota(ISimpleAssignmentOperation assignment, INamedTypeSymbol clientConfig)
    {
        if (assignment.Target is not IPropertyReferenceOperation { Property: { Name: "ThrottleRetries" } property }
            || !SymbolEqualityComparer.Default.Equals(property.ContainingType, clientConfig)
            || Values.Constant(assignment.Value) is not false)
        {
            return null;
        }

        // A client that never retries has no retries to budget.
        var retriesOff = assignment.Parent is IObjectOrCollectionInitializerOperation initializer
            && initializer.Initializers.OfType<ISimpleAssignmentOperation>().Any(sibling =>
                sibling.Target is IPropertyReferenceOperation { Property.Name: "MaxErrorRetry" } && Values.Integer(sibling.Value) == 0);
        return retriesOff ? null : (assignment.Value.Syntax.GetLocation(), "This AWS client, its retry quota turned off (ThrottleRetries = false),");
    }

    private static (Location, string)? ReadGrpcServiceConfig(IObjectCreationOperation creation, INamedTypeSymbol serviceConfig)
    {
        if (!SymbolEqualityComparer.Default.Equals(creation.Type, serviceConfig)
            || creation.Initializer is not { } initializer
            || initializer.Initializers.OfType<ISimpleAssignmentOperation>().Any(IsRetryThrottling)
            || ThrottlingAssignedLater(creation))
        {
            return null;
        }

        var retries = initializer.Initializers
            .OfType<IMemberInitializerOperation>()
            .Where(member => member.InitializedMember is IPropertyReferenceOperation { Property.Name: "MethodConfigs" })
            .SelectMany(member => member.Initializer is IObjectOrCollectionInitializerOperation added ? added.Initializers : ImmutableArray<IOperation>.Empty)
            .OfType<IInvocationOperation>()
            .SelectMany(add => add.Arguments)
            .Select(argument => Values.Origin(argument.Value))
            .OfType<IObjectCreationOperation>()
            .SelectMany(method => method.Initializer?.Initializers ?? ImmutableArray<IOperation>.Empty)
            .OfType<ISimpleAssignmentOperation>()
            .Select(setting => (setting.Target as IPropertyReferenceOperation)?.Property.Name)
            .FirstOrDefault(name => name is "RetryPolicy" or "HedgingPolicy");
        if (retries is null)
        {
            return null;
        }

        var location = creation.Syntax is ObjectCreationExpressionSyntax { Type: var type } ? type.GetLocation() : creation.Syntax.GetLocation();
        var what = retries == "RetryPolicy" ? "retry policy" : "hedging policy";
        return (location, $"This gRPC service config's {what}, without RetryThrottling,");
    }

    private static bool IsRetryThrottling(ISimpleAssignmentOperation assignment) =>
        assignment.Target is IPropertyReferenceOperation { Property.Name: "RetryThrottling" };

    /// <summary>A service config created into a local whose <c>RetryThrottling</c> a later statement sets.</summary>
    private static bool ThrottlingAssignedLater(IObjectCreationOperation creation) =>
        creation.Parent is IVariableInitializerOperation { Parent: IVariableDeclaratorOperation { Symbol: var local } }
        && creation.ReferencesTo(local).Any(reference =>
            reference.Parent is IPropertyReferenceOperation { Property.Name: "RetryThrottling", Parent: ISimpleAssignmentOperation assignment } throttling
            && assignment.Target == throttling);
}
