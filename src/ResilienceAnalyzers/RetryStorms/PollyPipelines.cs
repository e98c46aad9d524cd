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
    internal static bool HasOuterTimeout(IObjectCreationOperation options)
    {
        if (AddRetryCall(options) is not { } addRetry || Builder(addRetry) is not { } builder)
        {
            return false;
        }

        // Fluent chain: builder.AddTimeout(...).AddRetry(...)
        for (IOperation? receiver = builder; receiver is IInvocationOperation call; receiver = Builder(call))
        {
            if (call.TargetMethod.Name == "AddTimeout")
            {
                return true;
            }
        }

        // Separate statements on one builder: builder.AddTimeout(...); builder.AddRetry(...);
        var builderSymbol = ReferencedSymbol(Root(builder));
        return builderSymbol is not null && addRetry.Root().Descendants()
            .OfType<IInvocationOperation>()
            .Any(call => call.TargetMethod.Name == "AddTimeout"
                && call.Syntax.SpanStart < addRetry.Syntax.SpanStart
                && Builder(call) is { } timeoutBuilder
                && SymbolEqualityComparer.Default.Equals(ReferencedSymbol(Root(timeoutBuilder)), builderSymbol));
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
