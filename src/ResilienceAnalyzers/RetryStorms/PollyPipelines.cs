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
    /// (<c>builder.AddTimeout(...); builder.AddRetry(...);</c>).
    /// </summary>
    internal static IEnumerable<IInvocationOperation> EarlierCallsOnTheSameBuilder(IInvocationOperation call)
    {
        if (Builder(call) is not { } builder)
        {
            yield break;
        }

        for (IOperation? receiver = builder; receiver is IInvocationOperation chained; receiver = Builder(chained))
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
                && Builder(earlier) is { } earlierBuilder
                && earlierBuilder is not IInvocationOperation
                && SymbolEqualityComparer.Default.Equals(ReferencedSymbol(earlierBuilder), builderSymbol))
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

    /// <summary>The builder a pipeline call is made on: the instance, or the first argument of an extension method.</summary>
    private static IOperation? Builder(IInvocationOperation call) =>
        call.Instance ?? (call.TargetMethod.IsExtensionMethod && call.Arguments.Length > 0 ? call.Arguments[0].Value.WalkDownConversions() : null);

    private static IOperation Root(IOperation builder)
    {
        while (builder is IInvocationOperation call && Builder(call) is { } inner)
        {
            builder = inner;
        }

        return builder;
    }

    private static ISymbol? ReferencedSymbol(IOperation operation) => operation switch
    {
        ILocalReferenceOperation local => local.Local,
        IParameterReferenceOperation parameter => parameter.Parameter,
        IFieldReferenceOperation field => field.Field,
        _ => null,
    };
}
