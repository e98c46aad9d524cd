using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using ResilienceAnalyzers.Polly;

namespace RetryStorm;

/// <summary>
/// One retry layer, next to the dependency: two retries at most, exponential backoff with jitter, a retry budget that
/// caps retries at a share of requests, and a circuit breaker that stops calling a dependency that keeps failing. The
/// gateway does not retry: a failed call to orders has already been retried where it failed.
/// </summary>
internal sealed class DefendedRetries : IRetryPolicy
{
    private static readonly RetryBudget InventoryBudget = new(new RetryBudgetOptions { RetryRatio = 0.1, MinRetriesPerSecond = 5 });

    private static readonly ResiliencePipeline InventoryPipeline = new ResiliencePipelineBuilder()
        .AddCircuitBreaker(new CircuitBreakerStrategyOptions
        {
            FailureRatio = 0.5,
            MinimumThroughput = 20,
            SamplingDuration = TimeSpan.FromSeconds(2),
            BreakDuration = TimeSpan.FromSeconds(1),
        })
        .AddRetry(new RetryStrategyOptions
        {
            MaxRetryAttempts = 2,
            Delay = TimeSpan.FromMilliseconds(20),
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
        }.WithBudget(InventoryBudget))
        .Build();

    public string Name => "defended";

    public Task<string> CallOrdersAsync(HttpClient orders, string path, CancellationToken cancellationToken) =>
        orders.GetStringAsync(path, cancellationToken);

    public async Task<string> CallInventoryAsync(HttpClient inventory, string path, CancellationToken cancellationToken) =>
        await InventoryPipeline.ExecuteAsync(async token => await inventory.GetStringAsync(path, token), cancellationToken);
}
