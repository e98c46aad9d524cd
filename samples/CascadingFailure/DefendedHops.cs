using System;
using System.Net.Http;
using System.Threading;
using System.Threading.RateLimiting;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;
using ResilienceAnalyzers.Polly;

namespace CascadingFailure;

/// <summary>
/// Defended: every hop has a timeout shorter than its caller's; pricing is called through a circuit breaker and at most
/// one retry, with backoff and jitter, inside a retry budget; recommendations get 100 ms behind their own breaker, and
/// the order goes out without them when they are late or the breaker is open (the degraded path); the gateway sheds
/// what it cannot serve — past 16 checkouts in flight, 503 at once — instead of queueing it.
/// </summary>
internal sealed class DefendedHops : IHops
{
    public const int GatewayConcurrency = 16;

    private readonly ResiliencePipeline pricing = new ResiliencePipelineBuilder()
        .AddCircuitBreaker(new CircuitBreakerStrategyOptions
        {
            FailureRatio = 0.5,
            MinimumThroughput = 20,
            SamplingDuration = TimeSpan.FromSeconds(2),
            BreakDuration = TimeSpan.FromSeconds(1),
        })
        .AddRetry(new RetryStrategyOptions
        {
            MaxRetryAttempts = 1,
            Delay = TimeSpan.FromMilliseconds(50),
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
        }.WithBudget(new RetryBudget(new RetryBudgetOptions { RetryRatio = 0.1, MinRetriesPerSecond = 5 })))
        .AddTimeout(TimeSpan.FromMilliseconds(1200))
        .Build();

    private readonly ResiliencePipeline recommendations = new ResiliencePipelineBuilder()
        .AddCircuitBreaker(new CircuitBreakerStrategyOptions
        {
            FailureRatio = 0.5,
            MinimumThroughput = 10,
            SamplingDuration = TimeSpan.FromSeconds(2),
            BreakDuration = TimeSpan.FromSeconds(2),
        })
        .AddTimeout(TimeSpan.FromMilliseconds(100))
        .Build();

    public HttpClient Client(Uri address, TimeSpan budget) =>
        new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) }) { BaseAddress = address, Timeout = budget };

    public Task<string> OrderAsync(HttpClient orders, int id, CancellationToken cancellationToken) =>
        orders.GetStringAsync(new Uri($"/orders/{id}", UriKind.Relative), cancellationToken);

    public async Task<string> PriceAsync(HttpClient pricingClient, int id, CancellationToken cancellationToken) =>
        await pricing.ExecuteAsync(async token => await pricingClient.GetStringAsync(new Uri($"/prices/{id}", UriKind.Relative), token), cancellationToken);

    public async Task<string> RecommendationsAsync(HttpClient recommendationsClient, int id, CancellationToken cancellationToken)
    {
        try
        {
            return await recommendations.ExecuteAsync(async token => await recommendationsClient.GetStringAsync(new Uri($"/recommendations/{id}", UriKind.Relative), token), cancellationToken);
        }
        catch (Exception ex) when (ex is HttpRequestException or TimeoutRejectedException or BrokenCircuitException)
        {
            return "[]";
        }
    }

    public void ConfigureGateway(IServiceCollection services) =>
        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status503ServiceUnavailable;
            options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(_ =>
                RateLimitPartition.GetConcurrencyLimiter("gateway", _ => new ConcurrencyLimiterOptions { PermitLimit = GatewayConcurrency, QueueLimit = 0 }));
        });

    public void UseGateway(WebApplication app) => app.UseRateLimiter();
}
