using System.Collections.Concurrent;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using ResilienceAnalyzers.Infrastructure;

namespace ResilienceAnalyzers.RetryStorms;

/// <summary>
/// The retry an enclosing layer adds around the code it runs: a hand-rolled retry loop, or a Polly pipeline or policy.
/// A retry found through a registration key (<see cref="Key"/>) retries only if the compilation registers that key
/// with a retry, which is known at its end.
/// </summary>
internal sealed class OuterRetry
{
    internal OuterRetry(string description, int? attempts, string? key = null, RetriedExceptions? retried = null)
    {
        Description = description;
        Attempts = attempts;
        Key = key;
        Retried = retried ?? RetriedExceptions.Unknown;
    }

    /// <summary>"this retry loop", "the retry of the Polly pipeline \"orders\"".</summary>
    internal string Description { get; }

    /// <summary>The most attempts the layer makes, when its settings say so in constants.</summary>
    internal int? Attempts { get; }

    /// <summary>The key of the registered pipeline the layer runs, when it is fetched by key.</summary>
    internal string? Key { get; }

    /// <summary>The exceptions the layer tries again on, when the code shows them.</summary>
    internal RetriedExceptions Retried { get; }
}

/// <summary>
/// Polly executions that retry: the callback of <c>Execute</c>/<c>ExecuteAsync</c> on a v8 <c>ResiliencePipeline</c>,
/// or of <c>Execute*</c> on a v7 policy, when the pipeline or policy — followed through locals, fields and properties
/// (<see cref="Values"/>) — is built in view with <c>AddRetry</c> (<c>….AddRetry(…).Build()</c>), is a v7 retry policy
/// (<c>Policy.Handle&lt;…&gt;().WaitAndRetryAsync(…)</c>), or is fetched by key — <c>provider.GetPipeline(key)</c>, a
/// <c>[FromKeyedServices(key)]</c> parameter — from a registration, <c>AddResiliencePipeline(key, builder =&gt; …)</c>,
/// whose builder adds a retry. Registrations are gathered over the compilation; one in another assembly is not seen,
/// and its executions are not judged.
/// </summary>
internal sealed class PollyExecutions
{
    private readonly INamedTypeSymbol? pipeline;
    private readonly INamedTypeSymbol? genericPipeline;
    private readonly PollyRetrySymbols? retryOptions;
    private readonly PollyV7Symbols? v7;
    private readonly ConcurrentDictionary<string, int?> registeredRetries = new(System.StringComparer.Ordinal);

    private PollyExecutions(INamedTypeSymbol? pipeline, INamedTypeSymbol? genericPipeline, PollyRetrySymbols? retryOptions, PollyV7Symbols? v7)
    {
        this.pipeline = pipeline;
        this.genericPipeline = genericPipeline;
        this.retryOptions = retryOptions;
        this.v7 = v7;
    }

    /// <summary>
    /// Null when the compilation references neither Polly v8 nor Polly v7, or when its source builds no retry: every
    /// execution judged runs a pipeline whose builder calls <c>AddRetry</c> or a v7 retry policy, built in view.
    /// </summary>
    internal static PollyExecutions? Create(CompilationFacts facts)
    {
        if (!facts.MentionsAny("AddRetry") && !facts.MentionsAny(PollyV7Retry.NamesOfItsCalls))
        {
            return null;
        }

        var types = facts.Types;
        var pipeline = types.Get(WellKnownTypeNames.PollyResiliencePipeline);
        var genericPipeline = types.Get(WellKnownTypeNames.PollyResiliencePipeline1);
        var v7 = PollyV7Symbols.Resolve(types);
        return pipeline is null && genericPipeline is null && v7 is null ? null : new PollyExecutions(pipeline, genericPipeline, PollyRetrySymbols.Resolve(types), v7);
    }

    /// <summary>Records <c>AddResiliencePipeline(key, builder =&gt; …)</c> when its builder adds a retry, with the retry's attempts.</summary>
    internal void RecordRegistration(IInvocationOperation call, CancellationToken cancellationToken)
    {
        if (call.TargetMethod.Name != "AddResiliencePipeline"
            || call.Arguments.ValueFor("key") is not { } key
            || Values.Constant(key, cancellationToken) is not string name)
        {
            return;
        }

        foreach (var argument in call.Arguments)
        {
            if (argument.Value.WalkDownConversions() is IDelegateCreationOperation { Target: IAnonymousFunctionOperation configure }
                && PollyPipelines.CallsOnBuilderParameter(configure).FirstOrDefault(added => added.TargetMethod.Name == "AddRetry") is { } addRetry)
            {
                registeredRetries[name] = AttemptsOf(addRetry, cancellationToken);
            }
        }
    }

    /// <summary>
    /// The callback an <c>Execute*</c> call runs and the retry it runs it under; null when the call is not an execution,
    /// has no lambda callback, or runs it under nothing known to retry.
    /// </summary>
    internal (IAnonymousFunctionOperation Callback, OuterRetry Retry)? ReadExecution(IInvocationOperation call, CancellationToken cancellationToken)
    {
        if (!call.TargetMethod.Name.StartsWith("Execute", System.StringComparison.Ordinal)
            || call.Instance is not { } policy
            || !IsPipelineOrPolicy(call.TargetMethod.ContainingType)
            || call.Arguments.Select(a => a.Value.WalkDownConversions()).OfType<IDelegateCreationOperation>().FirstOrDefault()?.Target is not IAnonymousFunctionOperation callback
            || RetryOf(policy, cancellationToken) is not { } retry)
        {
            return null;
        }

        return (callback, retry);
    }

    /// <summary>The retry an execution that runs a callback inside the operation's lambda adds, or null.</summary>
    internal OuterRetry? EnclosingExecution(IOperation operation, CancellationToken cancellationToken) =>
        operation.Ancestors().OfType<IAnonymousFunctionOperation>().FirstOrDefault()?.UseOfLambda() is IArgumentOperation { Parent: IInvocationOperation execution }
        && ReadExecution(execution, cancellationToken) is { } read
            ? read.Retry
            : null;

    /// <summary>At compilation end: whether a registration of the key adds a retry, and its attempts when the code shows them.</summary>
    internal bool TryGetRegisteredRetry(string key, out int? attempts) => registeredRetries.TryGetValue(key, out attempts);

    private bool IsPipelineOrPolicy(INamedTypeSymbol type) =>
        SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, pipeline)
        || SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, genericPipeline)
        || (v7 is not null && type.ContainingNamespace?.ToDisplayString() == "Polly" && type.Name.EndsWith("Policy", System.StringComparison.Ordinal));

    private OuterRetry? RetryOf(IOperation policy, CancellationToken cancellationToken)
    {
        switch (Values.Origin(policy, cancellationToken))
        {
            case IInvocationOperation { TargetMethod.Name: "Build" } build:
                return PollyPipelines.EarlierCallsOnTheSameBuilder(build).FirstOrDefault(added => added.TargetMethod.Name == "AddRetry") is { } addRetry
                    ? new OuterRetry(
                        "the retry of this Polly pipeline",
                        AttemptsOf(addRetry, cancellationToken),
                        retried: OptionsOf(addRetry, cancellationToken) is { } options ? RetriedExceptions.OfPollyOptions(options) : RetriedExceptions.Unknown)
                    : null;
            case IInvocationOperation { TargetMethod.Name: "GetPipeline", Arguments.Length: > 0 } get when Values.Constant(get.Arguments[0].Value, cancellationToken) is string key:
                return Registered(key);
            case IParameterReferenceOperation { Parameter: var parameter } when KeyedServiceKey(parameter) is { } key:
                return Registered(key);
            case IInvocationOperation created when v7 is not null && PollyV7Retry.TryRead(created, v7, random: null) is { } retry:
                return new OuterRetry(
                    "the retry of this Polly policy",
                    retry.IsForever || created.Arguments.ValueFor("retryCount") is not { } count ? null : Values.Integer(count, cancellationToken) + 1,
                    retried: RetriedExceptions.OfPollyV7(created));
            default:
                return null;
        }
    }

    private static OuterRetry Registered(string key) => new($"the retry of the Polly pipeline \"{key}\"", attempts: null, key);

    /// <summary>The key of <c>[FromKeyedServices("key")]</c> on the parameter, when it is a string constant.</summary>
    private static string? KeyedServiceKey(IParameterSymbol parameter) =>
        parameter.GetAttributes()
            .FirstOrDefault(attribute => attribute.AttributeClass?.Name == "FromKeyedServicesAttribute")
            ?.ConstructorArguments.FirstOrDefault().Value as string;

    /// <summary>Attempts in all (the first try and the retries) of an <c>AddRetry</c> whose options the code shows; Polly's default is 3 retries.</summary>
    private int? AttemptsOf(IInvocationOperation addRetry, CancellationToken cancellationToken) =>
        retryOptions is not null && OptionsOf(addRetry, cancellationToken) is { } creation && PollyRetryOptions.TryRead(creation, retryOptions) is { MaxRetryAttempts.Value: int retries }
            ? retries + 1
            : null;

    /// <summary>The creation of the options an <c>AddRetry</c> is given, where the code shows it.</summary>
    private static IObjectCreationOperation? OptionsOf(IInvocationOperation addRetry, CancellationToken cancellationToken) =>
        addRetry.Arguments.FirstOrDefault(a => a.Parameter?.Name == "options")?.Value is { } options
            ? Values.Origin(options, cancellationToken) as IObjectCreationOperation
            : null;
}
