using System.Collections.Immutable;
using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace ResilienceAnalyzers.Infrastructure;

/// <summary>An integer option read from <c>.editorconfig</c> as <c>resilience.&lt;Name&gt; = value</c>.</summary>
internal sealed class IntegerOption
{
    internal IntegerOption(string name, int defaultValue, int minimum, string description)
    {
        Name = name;
        DefaultValue = defaultValue;
        Minimum = minimum;
        Description = description;
    }

    /// <summary>The key without its prefix, e.g. <c>default_queue_capacity</c>.</summary>
    internal string Name { get; }

    /// <summary>The full <c>.editorconfig</c> key, e.g. <c>resilience.default_queue_capacity</c>.</summary>
    internal string Key => ResilienceOptions.Prefix + Name;

    internal int DefaultValue { get; }

    /// <summary>The smallest accepted value; smaller or unparsable values fall back to the default.</summary>
    internal int Minimum { get; }

    internal string Description { get; }
}

/// <summary>Every <c>.editorconfig</c> key the rules read, and the one reader of them.</summary>
internal static class ResilienceOptions
{
    internal const string Prefix = "resilience.";

    internal static readonly IntegerOption DefaultQueueCapacity = new(
        "default_queue_capacity",
        defaultValue: 1000,
        minimum: 1,
        "Capacity given to a queue when a code fix bounds it (RES3001).");

    internal static readonly IntegerOption MaxRetryAttempts = new(
        "max_retry_attempts",
        defaultValue: 3,
        minimum: 1,
        "Attempt cap a code fix gives a retry that has none (RES1001).");

    internal static readonly IntegerOption RetryBaseDelayMilliseconds = new(
        "retry_base_delay_ms",
        defaultValue: 200,
        minimum: 1,
        "Base delay, in milliseconds, of the exponential backoff a code fix gives a retry that waits no time at all (RES1002).");

    internal static readonly IntegerOption MaxDegreeOfParallelism = new(
        "max_degree_of_parallelism",
        defaultValue: 8,
        minimum: 1,
        "How many items a code fix lets run at once when it bounds a fan-out (RES3002).");

    internal static readonly IntegerOption TtlJitterPercent = new(
        "ttl_jitter_percent",
        defaultValue: 10,
        minimum: 1,
        "How far, in percent either way, a code fix randomizes a constant cache TTL (RES2002).");

    internal static readonly IntegerOption DefaultTimeoutSeconds = new(
        "default_timeout",
        defaultValue: 30,
        minimum: 1,
        "Timeout, in seconds, a code fix gives an outbound call that has none (RES6001).");

    internal static readonly IntegerOption PooledConnectionLifetimeMinutes = new(
        "pooled_connection_lifetime",
        defaultValue: 2,
        minimum: 1,
        "PooledConnectionLifetime, in minutes, a code fix gives a long-lived or shared HttpClient's handler, so it sees DNS changes (RES5002, RES5003).");

    internal static readonly IntegerOption HotKeyShards = new(
        "hot_key_shards",
        defaultValue: 10,
        minimum: 2,
        "Number of keys a code fix salts a hot counter key into; readers the fix rewrites sum that many shards (RES7001).");

    internal static readonly ImmutableArray<IntegerOption> All =
        ImmutableArray.Create(DefaultQueueCapacity, MaxRetryAttempts, RetryBaseDelayMilliseconds, MaxDegreeOfParallelism, TtlJitterPercent, DefaultTimeoutSeconds, PooledConnectionLifetimeMinutes, HotKeyShards);

    /// <summary>The option's value for the file, as the diagnostic property a code fix reads it from.</summary>
    internal static ImmutableDictionary<string, string?> ReadAsProperty(this AnalyzerOptions options, SyntaxTree tree, IntegerOption option, string property) =>
        ImmutableDictionary<string, string?>.Empty.Add(property, options.Read(tree, option).ToString(CultureInfo.InvariantCulture));

    /// <summary>The option's value for the file <paramref name="tree"/> belongs to, or its default.</summary>
    internal static int Read(this AnalyzerOptions options, SyntaxTree tree, IntegerOption option)
    {
        var config = options.AnalyzerConfigOptionsProvider.GetOptions(tree);
        return config.TryGetValue(option.Key, out var text)
            && int.TryParse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            && value >= option.Minimum
                ? value
                : option.DefaultValue;
    }
}
