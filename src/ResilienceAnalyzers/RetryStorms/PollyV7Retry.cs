using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using ResilienceAnalyzers.Infrastructure;

namespace ResilienceAnalyzers.RetryStorms;

/// <summary>The Polly v7 retry syntax types; absent when the compilation lacks the Polly package.</summary>
internal sealed class PollyV7Symbols
{
    private PollyV7Symbols(ImmutableHashSet<INamedTypeSymbol> retrySyntax, INamedTypeSymbol? backoff)
    {
        RetrySyntax = retrySyntax;
        Backoff = backoff;
    }

    /// <summary>The static classes that declare <c>Retry</c>, <c>WaitAndRetry</c> and their Forever and Async forms.</summary>
    internal ImmutableHashSet<INamedTypeSymbol> RetrySyntax { get; }

    /// <summary><c>Polly.Contrib.WaitAndRetry.Backoff</c>, when referenced.</summary>
    internal INamedTypeSymbol? Backoff { get; }

    internal static PollyV7Symbols? Resolve(WellKnownTypes types)
    {
        var syntax = new[]
            {
                WellKnownTypeNames.PollyRetrySyntax,
                WellKnownTypeNames.PollyRetryTResultSyntax,
                WellKnownTypeNames.PollyAsyncRetrySyntax,
                WellKnownTypeNames.PollyAsyncRetryTResultSyntax,
            }
            .Select(types.Get)
            .OfType<INamedTypeSymbol>()
            .ToImmutableHashSet<INamedTypeSymbol>(SymbolEqualityComparer.Default);
        return syntax.IsEmpty ? null : new PollyV7Symbols(syntax, types.Get(WellKnownTypeNames.PollyContribWaitAndRetryBackoff));
    }
}

/// <summary>
/// The retry-site model for Polly v7: a <c>Retry</c>, <c>RetryForever</c>, <c>WaitAndRetry</c> or
/// <c>WaitAndRetryForever</c> call (sync or async, on a <c>PolicyBuilder</c> or <c>PolicyBuilder&lt;T&gt;</c>), with
/// the shape of its waits read from the sleep-duration provider's lambda or from the Polly.Contrib.WaitAndRetry
/// <c>Backoff</c> helper that produced its durations.
/// </summary>
internal sealed class PollyV7Retry
{
    private PollyV7Retry(IInvocationOperation call, bool isForever, DelayKind delay, bool hasJitter, IOperation? delaySource)
    {
        Call = call;
        IsForever = isForever;
        Delay = delay;
        HasJitter = hasJitter;
        DelaySource = delaySource;
    }

    internal IInvocationOperation Call { get; }

    /// <summary>RetryForever(Async) or WaitAndRetryForever(Async): no attempt cap.</summary>
    internal bool IsForever { get; }

    internal DelayKind Delay { get; }

    internal bool HasJitter { get; }

    /// <summary>The argument that decides the waits (provider or durations), if any.</summary>
    internal IOperation? DelaySource { get; }

    /// <summary>The method name as written (<c>RetryForever</c>), where diagnostics about the call are reported.</summary>
    internal Location NameLocation => Call.NameLocation();

    /// <summary>
    /// What a call of v7's retry syntax spells, with the argument list a call writes right after the name: each of its
    /// eight methods contains one of these. <c>Retry</c> and <c>RetryAsync</c> alone are extension methods, called
    /// after a dot, so that v8's <c>AddRetry(</c> and a method of the code's own named like <c>DoWithRetryAsync(</c> do
    /// not count as one.
    /// </summary>
    internal static string[] NamesOfItsCalls { get; } = { ".Retry(", ".RetryAsync(", "RetryForever", "WaitAndRetry(", "WaitAndRetryAsync(" };

    internal string MethodName => Call.TargetMethod.Name;

    internal static PollyV7Retry? TryRead(IInvocationOperation call, PollyV7Symbols symbols, INamedTypeSymbol? random)
    {
        // Every retry of Polly v7's syntax is named for it; most calls leave at the name, before the set of types.
        var method = call.TargetMethod;
        if (method.Name.IndexOf("Retry", System.StringComparison.Ordinal) < 0 || !symbols.RetrySyntax.Contains(method.ContainingType))
        {
            return null;
        }

        var isForever = method.Name.Contains("Forever");
        if (!method.Name.StartsWith("WaitAndRetry", System.StringComparison.Ordinal))
        {
            return new PollyV7Retry(call, isForever, DelayKind.None, hasJitter: false, delaySource: null);
        }

        var source = call.Arguments.FirstOrDefault(argument => argument.Parameter is { } parameter && (ReturnsTimeSpan(parameter.Type) || IsTimeSpanSequence(parameter.Type)))?.Value.WalkDownConversions();
        var (delay, hasJitter) = source is IInvocationOperation helper && SymbolEqualityComparer.Default.Equals(helper.TargetMethod.ContainingType, symbols.Backoff)
            ? ClassifyBackoffHelper(helper)
            : source is not null && DelayShapes.FunctionOf(source) is var (provider, body)
                ? ClassifyProvider(provider, body, random)
                : (DelayKind.Unknown, false);

        return new PollyV7Retry(call, isForever, delay, hasJitter, source);
    }

    /// <summary>
    /// Reads a sleep-duration provider: the lambda's body, or a method's one expression (<c>WaitAndRetryAsync(3, Backoff)</c>),
    /// whose first <c>int</c> parameter is the attempt number.
    /// </summary>
    private static (DelayKind, bool) ClassifyProvider(IMethodSymbol provider, IOperation? body, INamedTypeSymbol? random)
    {
        var attempt = provider.Parameters.FirstOrDefault(parameter => parameter.Type.SpecialType == SpecialType.System_Int32);
        return DelayShapes.ClassifyFunction(
            body,
            operation => operation is IParameterReferenceOperation reference && SymbolEqualityComparer.Default.Equals(reference.Parameter, attempt),
            random);
    }

    /// <summary>Polly.Contrib.WaitAndRetry's helpers say their shape in their names; the two "Jitter" ones randomize.</summary>
    private static (DelayKind, bool) ClassifyBackoffHelper(IInvocationOperation helper) => helper.TargetMethod.Name switch
    {
        "ConstantBackoff" => (DelayKind.Constant, false),
        "LinearBackoff" => (DelayKind.Linear, false),
        "ExponentialBackoff" => (DelayKind.Exponential, false),
        "DecorrelatedJitterBackoffV2" or "AwsDecorrelatedJitterBackoff" => (DelayKind.Exponential, true),
        _ => (DelayKind.Unknown, false),
    };

    private static bool ReturnsTimeSpan(ITypeSymbol type) =>
        type is INamedTypeSymbol { TypeKind: TypeKind.Delegate, DelegateInvokeMethod.ReturnType: { Name: "TimeSpan" } };

    private static bool IsTimeSpanSequence(ITypeSymbol type) =>
        type is INamedTypeSymbol { Name: "IEnumerable", TypeArguments.Length: 1 } sequence && sequence.TypeArguments[0].Name == "TimeSpan";
}
