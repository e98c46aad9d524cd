using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using ResilienceAnalyzers.Infrastructure;

namespace ResilienceAnalyzers.RetryStorms;

/// <summary>The retry settings types of the SDKs the retry rules read; each absent when its SDK is not referenced.</summary>
internal sealed class SdkRetrySymbols
{
    private SdkRetrySymbols(INamedTypeSymbol? redisLinearRetry, INamedTypeSymbol? redisExponentialRetry, INamedTypeSymbol? signalRBuilderExtensions)
    {
        RedisLinearRetry = redisLinearRetry;
        RedisExponentialRetry = redisExponentialRetry;
        SignalRBuilderExtensions = signalRBuilderExtensions;
    }

    internal INamedTypeSymbol? RedisLinearRetry { get; }

    internal INamedTypeSymbol? RedisExponentialRetry { get; }

    /// <summary>The SignalR client's <c>WithAutomaticReconnect</c> extensions.</summary>
    internal INamedTypeSymbol? SignalRBuilderExtensions { get; }

    /// <summary>True when an SDK configures its retries through calls (SignalR), not only through the objects it creates.</summary>
    internal bool ReadsCalls => SignalRBuilderExtensions is not null;

    /// <summary>The SDKs' types, or null when the compilation references none of them.</summary>
    internal static SdkRetrySymbols? Resolve(WellKnownTypes types)
    {
        var symbols = new SdkRetrySymbols(
            types.Get(WellKnownTypeNames.StackExchangeRedisLinearRetry),
            types.Get(WellKnownTypeNames.StackExchangeRedisExponentialRetry),
            types.Get(WellKnownTypeNames.MicrosoftAspNetCoreSignalRClientHubConnectionBuilderExtensions));
        return symbols.RedisLinearRetry is null && symbols.RedisExponentialRetry is null && symbols.SignalRBuilderExtensions is null ? null : symbols;
    }
}

/// <summary>
/// A retry an SDK performs by its own settings, read from the object that configures it: what it is, how it spaces its
/// attempts, and the safer setting a fix can write in one edit. StackExchange.Redis reconnects for as long as a
/// connection is down, paced by its <c>ReconnectRetryPolicy</c>: <c>LinearRetry(ms)</c> waits the same interval before
/// every attempt; <c>ExponentialRetry(base, max)</c> waits a random time between the base and a growing bound (the
/// default), unless its maximum equals its base, which leaves one fixed interval. The SignalR client's
/// <c>WithAutomaticReconnect()</c> waits 0, 2, 10 and 30 s before its four attempts, the same for every client, and
/// <c>WithAutomaticReconnect(delays)</c> waits the delays given, also without jitter.
/// </summary>
internal sealed class SdkRetry
{
    /// <summary>Diagnostic property: the type a fix creates in place of the flagged one, with the same arguments.</summary>
    internal const string SaferPolicyProperty = "SaferPolicy";

    private SdkRetry(Location location, string subject, string spacing, DelayKind delay, string? saferPolicy)
    {
        Location = location;
        Subject = subject;
        Spacing = spacing;
        Delay = delay;
        SaferPolicy = saferPolicy;
    }

    /// <summary>Where the settings are made: the creation, or the name of the configuring call.</summary>
    internal Location Location { get; }

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
            return new SdkRetry(creation.Syntax.GetLocation(), RedisSubject, $"{interval} between reconnect attempts (LinearRetry)", DelayKind.Constant, "ExponentialRetry");
        }

        if (symbols.RedisExponentialRetry is not null
            && SymbolEqualityComparer.Default.Equals(type, symbols.RedisExponentialRetry)
            && creation.Arguments.ValueFor("deltaBackOffMilliseconds") is { } baseDelay
            && creation.Arguments.ValueFor("maxDeltaBackOffMilliseconds") is { } maxDelay
            && Values.Integer(baseDelay) is { } from
            && Values.Integer(maxDelay) == from)
        {
            return new SdkRetry(creation.Syntax.GetLocation(), RedisSubject, $"{Interval(baseDelay)} between reconnect attempts (ExponentialRetry whose maximum equals its base)", DelayKind.Constant, saferPolicy: null);
        }

        return null;
    }

    /// <summary>Reads the SignalR client's automatic reconnect from <c>WithAutomaticReconnect</c>; null for a custom <c>IRetryPolicy</c> or delays the code does not show.</summary>
    internal static SdkRetry? TryRead(IInvocationOperation call, SdkRetrySymbols symbols)
    {
        if (call.TargetMethod.Name != "WithAutomaticReconnect" || !SymbolEqualityComparer.Default.Equals(call.TargetMethod.ContainingType, symbols.SignalRBuilderExtensions))
        {
            return null;
        }

        // A call still being typed ("WithAutomaticReconnect(") binds as the default; wait until it is written.
        if (call.Arguments.Length == 1 && !call.Syntax.ContainsDiagnostics)
        {
            return new SdkRetry(call.NameLocation(), SignalRSubject, "0, 2, 10 and 30 s before its four attempts, the default of WithAutomaticReconnect(), the same for every client", DelayKind.Exponential, saferPolicy: null);
        }

        if (call.Arguments.ValueFor("reconnectDelays")?.WalkDownConversions() is not IArrayCreationOperation { Initializer: { } delays } || delays.ElementValues.Length == 0)
        {
            return null;
        }

        var seconds = delays.ElementValues.Select(delay => Values.Duration(delay)).ToList();
        if (seconds.Any(delay => delay is null))
        {
            return null;
        }

        var schedule = $"a fixed schedule, the same for every client ({string.Join(", ", seconds.Select(delay => delay!.Value.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)))} s)";
        if (seconds.Distinct().Count() == 1)
        {
            return new SdkRetry(call.NameLocation(), SignalRSubject, schedule, DelayKind.Constant, saferPolicy: null);
        }

        // Delays that only grow back off; a schedule that also shrinks is the code's own design, left to review.
        var grows = seconds.Zip(seconds.Skip(1), (earlier, later) => later >= earlier).All(grew => grew);
        return grows ? new SdkRetry(call.NameLocation(), SignalRSubject, schedule, DelayKind.Exponential, saferPolicy: null) : null;
    }

    private const string RedisSubject = "This StackExchange.Redis reconnect policy";

    private const string SignalRSubject = "This SignalR client's automatic reconnect";

    /// <summary>"a fixed 5000 ms" when the value is a constant the code shows, else "a fixed interval".</summary>
    private static string Interval(IOperation? value) =>
        value is not null && Values.Integer(value) is { } milliseconds ? $"a fixed {milliseconds.ToString(CultureInfo.InvariantCulture)} ms" : "a fixed interval";
}
