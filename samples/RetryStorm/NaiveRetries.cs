using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Polly;
using Polly.Retry;

namespace RetryStorm;

/// <summary>
/// Retries as they are often written: at every layer, many attempts, a short constant pause, nothing that notices the
/// dependency is overloaded. Each piece looks harmless; stacked, they multiply.
/// </summary>
internal sealed class NaiveRetries : IRetryPolicy
{
    // Gateway → orders: Polly with a constant 20 ms delay (flagged: no backoff, no breaker or budget).
    private static readonly ResiliencePipeline GatewayPipeline = new ResiliencePipelineBuilder()
        .AddRetry(new RetryStrategyOptions
        {
            MaxRetryAttempts = 4,
            Delay = TimeSpan.FromMilliseconds(20),
            BackoffType = DelayBackoffType.Constant,
        })
        .Build();

    public string Name => "naive";

    public async Task<string> CallOrdersAsync(HttpClient orders, string path, CancellationToken cancellationToken) =>
        await GatewayPipeline.ExecuteAsync(async token => await orders.GetStringAsync(path, token), cancellationToken);

    // Orders → inventory: a hand-rolled loop, ten attempts 10 ms apart (flagged: no backoff).
    public async Task<string> CallInventoryAsync(HttpClient inventory, string path, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await inventory.GetStringAsync(path, cancellationToken);
            }
            catch (Exception ex) when (attempt < 10 && ex is HttpRequestException or TaskCanceledException)
            {
                await Task.Delay(10, cancellationToken);
            }
        }
    }
}
