using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using ResilienceAnalyzers.Infrastructure;

namespace ResilienceAnalyzers.RetryStorms;

/// <summary>The retry settings types of the SDKs the retry rules read; each absent when its SDK is not referenced.</summary>
internal sealed class SdkRetrySymbols
{
    private SdkRetrySymbols(INamedTypeSymbol? redisLinearRetry, INamedTypeSymbol? redisExponentialRetry)
    {
        RedisLinearRetry = redisLinearRetry;
        RedisExponentialRetry = redisExponentialRetry;
    }

    internal INamedTypeSymbol? RedisLinearRetry { get; }

    internal INamedTypeSymbol? RedisExponentialRetry { get; }

    /// <summary>The SDKs' types, or null when the compilation references none of them.</summary>
    internal static SdkRetrySymbols? Resolve(WellKnownTypes types)
    {
        var symbols = new SdkRetrySymbols(
            types.Get(WellKnownTypeNames.StackExchangeRedisLinearRetry),
            types.Get(WellKnownTypeNames.StackExchangeRedisExponentialRetry));
        return symbols.RedisLinearRetry is null && symbols.RedisExponentialRetry is null ? null : symbols;
    }
}

/// <summary>
/// A retry an SDK performs by its own settings, read from the object that configures it: what it is, how it spaces its
/// attempts, and the safer setting a fix can write in one edit. StackExchange.Redis reconnects for as long as a
/// connection is down, paced by its <c>ReconnectRetryPolicy</c>: <c>LinearRetry(ms)</c> waits the same interval before
/// every attempt; <c>ExponentialRetry(base, max)</c> waits a random time between the base and a growing bound (the
/// default), unless its maximum equals its base, which leaves one fixed interval.
/// </summary>
internal sealed class SdkRetry
{
    /// <summary>Diagnostic property: the type a fix creates in place of the flagged one, with the same arguments.</summary>
    internal const string SaferPolicyProperty = "SaferPolicy";

    private SdkRetry(string subject, string spacing, DelayKind delay, string? saferPolicy)
    {
        Subject = subject;
        Spacing = spacing;
        Delay = delay;
        SaferPolicy = saferPolicy;
    }

    /// <summary>"This StackExchange.Redis reconnect policy".</summary>
    internal string Subject { get; }

    /// <summary>How the attempts are spaced, as a message says it: "a fixed 5000 ms between reconnect attempts (LinearRetry)".</summary>
    internal string Spacing { get; }

    internal DelayKind Delay { get; }

    /// <summary>The type a fix puts in place of the created one (<c>ExponentialRetry</c> for <c>LinearRetry</c>), or null.</summary>
    internal string? SaferPolicy { get; }

    /// <summary>Reads an SDK's retry settings from their creation; null when the creation configures none.</summary>
    internal static SdkRetry? TryRead(IObjectCreationOperation creation, SdkRetrySymbols symbols)
    {
        var type = creation.Type;
        if (symbols.RedisLinearRetry is not null && SymbolEqualityComparer.Default.Equals(type, symbols.RedisLinearRetry))
        {
            var interval = Interval(creation.Arguments.ValueFor("maxRetryElapsedTimeAllowedMilliseconds"));
            return new SdkRetry(RedisSubject, $"{interval} between reconnect attempts (LinearRetry)", DelayKind.Constant, "ExponentialRetry");
        }

        if (symbols.RedisExponentialRetry is not null
            && SymbolEqualityComparer.Default.Equals(type, symbols.RedisExponentialRetry)
            && creation.Arguments.ValueFor("deltaBackOffMilliseconds") is { } baseDelay
            && creation.Arguments.ValueFor("maxDeltaBackOffMilliseconds") is { } maxDelay
            && Values.Integer(baseDelay) is { } from
            && Values.Integer(maxDelay) == from)
        {
            return new SdkRetry(RedisSubject, $"{Interval(baseDelay)} between reconnect attempts (ExponentialRetry whose maximum equals its base)", DelayKind.Constant, saferPolicy: null);
        }

        return null;
    }

    private const string RedisSubject = "This StackExchange.Redis reconnect policy";

    /// <summary>"a fixed 5000 ms" when the value is a constant the code shows, else "a fixed interval".</summary>
    private static string Interval(IOperation? value) =>
        value is not null && Values.Integer(value) is { } milliseconds ? $"a fixed {milliseconds.ToString(CultureInfo.InvariantCulture)} ms" : "a fixed interval";
}
