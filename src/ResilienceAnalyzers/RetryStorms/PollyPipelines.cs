using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using ResilienceAnalyzers.Infrastructure;

namespace ResilienceAnalyzers.RetryStorms;

/// <summary>What the Polly v8 pipeline around a strategy holds, read from the builder calls of one method.</summary>
internal static class PollyPipelines
{
    /// <summary>
    /// True when the retry options are passed to an <c>AddRetry</c> call whose builder had <c>AddTimeout</c> called on it
    /// first: strategies added earlier are outer, so that timeout bounds the whole retry sequence.
    /// </summary>
    internal static bool HasOuterTimeout(IObjectCreationOperation options) =>
        AddRetryCall(options) is { } addRetry && EarlierCallsOnTheSameBuilder(addRetry).Any(call => call.TargetMethod.Name == "AddTimeout");

    /// <summary>
    /// The calls made on the builder of <paramref name="call"/> before it: the fluent chain it continues
    /// (<c>builder.AddTimeout(...).AddRetry(...)</c>) and earlier statements on the same local, parameter or field
    /// (<c>builder.AddTimeout(...); builder.AddRetry(...).AddCircuitBreaker(...);</c>), each chain whole.
    /// </summary>
    internal static IEnumerable<IInvocationOperation> EarlierCallsOnTheSameBuilder(IInvocationOperation call)
    {
        if (call.Receiver() is not { } builder)
        {
            yield break;
        }

        for (IOperation? receiver = builder; receiver is IInvocationOperation chained; receiver = chained.Receiver())
        {
            yield return chained;
        }

        if (ReferencedSymbol(Root(builder)) is not { } builderSymbol)
        {
            yield break;
        }

        foreach (var earlier in call.Root().Descendants().OfType<IInvocationOperation>())
        {
            if (earlier.Syntax.SpanStart < call.Syntax.SpanStart
                && BuilderRoot(earlier) is { } earlierRoot
                && SymbolEqualityComparer.Default.Equals(ReferencedSymbol(earlierRoot), builderSymbol))
            {
                yield return earlier;
            }
        }
    }

    private static IInvocationOperation? AddRetryCall(IObjectCreationOperation options)
    {
        var parent = options.ParentSkippingConversions();
        if (parent is IArgumentOperation { Parent: IInvocationOperation { TargetMethod.Name: "AddRetry" } direct })
        {
            return direct;
        }

        if (parent is IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator })
        {
            return options.Root().Descendants()
                .OfType<IInvocationOperation>()
                .FirstOrDefault(call => call.TargetMethod.Name == "AddRetry"
                    && call.Arguments.Any(argument => argument.Value.WalkDownConversions() is ILocalReferenceOperation local
                        && SymbolEqualityComparer.Default.Equals(local.Local, declarator.Symbol)));
        }

        return null;
    }

    /// <summary>
    /// The <c>Build()</c> that builds the pipeline a call adds to: the end of the fluent chain the call is part of, or a
    /// later <c>Build()</c> on the same builder local, parameter or field; <see langword="null"/> when the builder leaves
    /// the method unbuilt.
    /// </summary>
    internal static IInvocationOperation? BuildCallFor(IInvocationOperation call)
    {
        var current = call;
        while (current.NextInChain() is { } next)
        {
            current = next;
        }

        if (current.TargetMethod.Name == "Build")
        {
            return current;
        }

        var builderSymbol = BuilderRoot(call) is { } root ? ReferencedSymbol(root) : null;
        return builderSymbol is null
            ? null
            : call.Root().Descendants()
                .OfType<IInvocationOperation>()
                .FirstOrDefault(build => build.TargetMethod.Name == "Build"
                    && build.Syntax.SpanStart > call.Syntax.SpanStart
                    && BuilderRoot(build) is { } buildRoot
                    && SymbolEqualityComparer.Default.Equals(ReferencedSymbol(buildRoot), builderSymbol));
    }

    /// <summary>
    /// Every pipeline call a configuring lambda (<c>AddResiliencePipeline(key, builder =&gt; …)</c>) makes on its first
    /// parameter, the builder, fluent or statement by statement.
    /// </summary>
    internal static IEnumerable<IInvocationOperation> CallsOnBuilderParameter(IAnonymousFunctionOperation lambda)
    {
        var builder = lambda.Symbol.Parameters.FirstOrDefault();
        return lambda.Body.Descendants()
            .OfType<IInvocationOperation>()
            .Where(call => BuilderRoot(call) is IParameterReferenceOperation reference && SymbolEqualityComparer.Default.Equals(reference.Parameter, builder));
    }

    /// <summary>What a pipeline call is ultimately made on: the builder local, parameter or field at the start of its chain.</summary>
    internal static IOperation? BuilderRoot(IInvocationOperation call) => call.Receiver() is { } builder ? Root(builder) : null;

    private static IOperation Root(IOperation builder)
    {
        while (builder is IInvocationOperation call && call.Receiver() is { } inner)
        {
            builder = inner;
        }

        return builder;
    }

    /// <summary>The local, parameter or field the operation reads; null for anything else.</summary>
    internal static ISymbol? ReferencedSymbol(IOperation operation) => operation switch
    {
        ILocalReferenceOperation local => local.Local,
        IParameterReferenceOperation parameter => parameter.Parameter,
        IFieldReferenceOperation field => field.Field,
        _ => null,
    };
}
