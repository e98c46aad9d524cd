using System.Collections.Generic;
using System.Globalization;

namespace ResilienceAnalyzers.Benchmarks;

/// <summary>
/// Generates a corpus of service code of the kinds the rules inspect: HTTP clients with retries, Polly pipelines,
/// cache-aside over IMemoryCache, producer/consumer workers, controllers with authorization checks and client
/// registrations, Redis counters and a lock-guarded write. One file in ten has an unbounded queue and an unfenced write
/// under a lock, and one controller in two a DNS lookup or a client per request (and one in ten a constant Redis key),
/// so the analyzers report as well as search.
/// </summary>
internal static class CorpusGenerator
{
    internal static IEnumerable<(string Path, string Text)> Generate(int files)
    {
        for (var i = 0; i < files; i++)
        {
            var text = (i % 5) switch
            {
                0 => HttpClientWithRetry(i),
                1 => PollyPipeline(i),
                2 => CacheAside(i),
                3 => Worker(i, unbounded: i % 10 == 3),
                _ => Controller(i),
            };
            yield return ($"/corpus/File{i.ToString(CultureInfo.InvariantCulture)}.cs", text);
        }
    }

    private static string HttpClientWithRetry(int i) => $$"""
        using System;
        using System.Net.Http;
        using System.Threading;
        using System.Threading.Tasks;

        namespace Corpus.N{{i}};

        public sealed class InventoryClient{{i}}
        {
            private readonly HttpClient client;

            public InventoryClient{{i}}(HttpClient client) => this.client = client;

            public async Task<string> GetStockAsync(string sku, CancellationToken ct)
            {
                for (var attempt = 1; ; attempt++)
                {
                    try
                    {
                        using var response = await client.GetAsync($"/stock/{sku}", ct);
                        response.EnsureSuccessStatusCode();
                        return await response.Content.ReadAsStringAsync(ct);
                    }
                    catch (HttpRequestException) when (attempt < 3)
                    {
                        var delay = TimeSpan.FromMilliseconds(100 * Math.Pow(2, attempt) * Random.Shared.NextDouble());
                        await Task.Delay(delay, ct);
                    }
                }
            }

            public async Task<bool> ReserveAsync(string sku, int quantity, CancellationToken ct)
            {
                using var content = new StringContent(sku + ":" + quantity);
                using var response = await client.PostAsync("/reservations", content, ct);
                return response.IsSuccessStatusCode;
            }
        }
        """;

    private static string PollyPipeline(int i) => $$"""
        using System;
        using System.Net.Http;
        using System.Threading;
        using System.Threading.Tasks;
        using Polly;
        using Polly.CircuitBreaker;
        using Polly.Retry;
        using Polly.Timeout;

        namespace Corpus.N{{i}};

        public sealed class PricingGateway{{i}}
        {
            private static readonly ResiliencePipeline<HttpResponseMessage> Pipeline = new ResiliencePipelineBuilder<HttpResponseMessage>()
                .AddRetry(new RetryStrategyOptions<HttpResponseMessage>
                {
                    MaxRetryAttempts = {{i % 4 + 1}},
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                    Delay = TimeSpan.FromMilliseconds({{50 + i % 200}}),
                })
                .AddCircuitBreaker(new CircuitBreakerStrategyOptions<HttpResponseMessage> { FailureRatio = 0.5, MinimumThroughput = 20 })
                .AddTimeout(TimeSpan.FromSeconds(2))
                .Build();

            private readonly HttpClient client;

            public PricingGateway{{i}}(HttpClient client) => this.client = client;

            public async Task<decimal> GetPriceAsync(string sku, CancellationToken ct)
            {
                using var response = await Pipeline.ExecuteAsync(async token => await client.GetAsync($"/price/{sku}", token), ct);
                var text = await response.Content.ReadAsStringAsync(ct);
                return decimal.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
            }
        }
        """;

    private static string CacheAside(int i) => $$"""
        using System;
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.Extensions.Caching.Memory;

        namespace Corpus.N{{i}};

        public interface IProfileStore{{i}}
        {
            Task<string> LoadAsync(int id, CancellationToken ct);
        }

        public sealed class ProfileCache{{i}}
        {
            private readonly IMemoryCache cache;
            private readonly IProfileStore{{i}} store;

            public ProfileCache{{i}}(IMemoryCache cache, IProfileStore{{i}} store)
            {
                this.cache = cache;
                this.store = store;
            }

            public async Task<string> GetAsync(int id, CancellationToken ct)
            {
                var key = $"profile:{id}";
                if (cache.TryGetValue(key, out string? profile) && profile is not null)
                {
                    return profile;
                }

                profile = await store.LoadAsync(id, ct);
                cache.Set(key, profile, TimeSpan.FromSeconds({{30 + i % 60}}));
                return profile;
            }
        }
        """;

    private static string Worker(int i, bool unbounded)
    {
        var creation = unbounded
            ? "Channel.CreateUnbounded<Job>()"
            : "Channel.CreateBounded<Job>(new BoundedChannelOptions(500) { FullMode = BoundedChannelFullMode.Wait })";
        return $$"""
            using System;
            using System.Collections.Generic;
            using System.Threading;
            using System.Threading.Channels;
            using System.Threading.Tasks;
            using StackExchange.Redis;

            namespace Corpus.N{{i}};

            public sealed record Job(int Id, string Payload);

            public sealed class JobWorker{{i}}
            {
                private readonly Channel<Job> jobs = {{creation}};
                private int processed;

                public ValueTask EnqueueAsync(Job job, CancellationToken ct) => jobs.Writer.WriteAsync(job, ct);

                public async Task RunAsync(CancellationToken ct)
                {
                    await foreach (var job in jobs.Reader.ReadAllAsync(ct))
                    {
                        await HandleAsync(job, ct);
                        Interlocked.Increment(ref processed);
                    }
                }

                public int Processed => Volatile.Read(ref processed);

                public async Task PublishProgressAsync(IDatabase redis, string node, long fencingToken)
                {
                    if (await redis.LockTakeAsync("lock:progress{{i}}", node, TimeSpan.FromSeconds(10)))
                    {
                        await redis.StringSetAsync("progress{{i}}", {{(unbounded ? "Processed" : "$\"{Processed}:{fencingToken}\"")}});
                    }
                }

                private static Task HandleAsync(Job job, CancellationToken ct)
                {
                    var words = new List<string>(job.Payload.Split(' '));
                    words.Sort(StringComparer.Ordinal);
                    return Task.Delay(words.Count, ct);
                }
            }
            """;
    }

    private static string Controller(int i) => $$"""
        using System;
        using System.Net;
        using System.Net.Http;
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Authorization;
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.Extensions.DependencyInjection;
        using StackExchange.Redis;

        namespace Corpus.N{{i}};

        public sealed record Order(int Id, string Customer, decimal Total);

        [ApiController]
        [Route("orders{{i}}")]
        public sealed class OrdersController{{i}} : ControllerBase
        {
            private readonly IAuthorizationService authorization;

            public OrdersController{{i}}(IAuthorizationService authorization) => this.authorization = authorization;

            public static void Register(IServiceCollection services) => services.AddHttpClient("orders{{i}}");

            [HttpGet("{id:int}")]
            public async Task<ActionResult<Order>> GetAsync(int id, CancellationToken ct)
            {
                var order = new Order(id, "customer-" + id, id * 1.5m);
                try
                {
                    var result = await authorization.AuthorizeAsync(User, order, "read-order");
                    if (!result.Succeeded)
                    {
                        return Forbid();
                    }
                }
                catch (TimeoutException)
                {
                    return StatusCode(503);
                }

                {{(i % 10 == 4 ? "await Dns.GetHostAddressesAsync(\"orders.internal\", ct);" : "await Task.Yield();")}}
                await HttpContext.RequestServices.GetRequiredService<IDatabase>().StringIncrementAsync({{(i % 10 == 4 ? "\"orders:read\"" : "\"orders:read:\" + id")}});
                return order;
            }

            [HttpGet("{id:int}/stock")]
            public async Task<ActionResult<string>> StockAsync(int id, CancellationToken ct)
            {
                {{(i % 10 == 9 ? "using var client = new HttpClient();" : "var client = HttpContext.RequestServices.GetRequiredService<IHttpClientFactory>().CreateClient();")}}
                return await client.GetStringAsync("http://inventory/" + id, ct);
            }
        }
        """;
}
