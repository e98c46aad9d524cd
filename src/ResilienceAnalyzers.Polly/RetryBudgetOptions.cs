using System;

namespace ResilienceAnalyzers.Polly;

/// <summary>How much a <see cref="RetryBudget"/> lets clients retry.</summary>
public sealed class RetryBudgetOptions
{
    /// <summary>
    /// Retries allowed per request within the <see cref="Window"/>: 0.2 lets retries add at most 20 % to the traffic a
    /// dependency receives. Default 0.2; from 0 to 1000.
    /// </summary>
    public double RetryRatio { get; set; } = 0.2;

    /// <summary>
    /// Retries allowed per second whatever the traffic, so that a client sending few requests can still retry.
    /// Default 10; zero or more.
    /// </summary>
    public int MinRetriesPerSecond { get; set; } = 10;

    /// <summary>How long a request's deposit and a retry's withdrawal count. Default 10 seconds; from 1 s to 1 hour.</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The clock. Default <see cref="TimeProvider.System"/>; tests pass a fake.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Names the budget in telemetry (the <c>budget.name</c> tag). Default "default".</summary>
    public string Name { get; set; } = "default";
}
