using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading.Tasks;
using LabKit;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Caching.StackExchangeRedis;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace CacheStampede;

/// <summary>The lab's knobs; every count and duration is bounded (see <see cref="Program"/>).</summary>
/// <param name="TtlSeconds">How long a price stays cached.</param>
/// <param name="Burst">Concurrent requests that arrive right after the hot key expires.</param>
/// <param name="OutputFolder">Where the event log and the chart go.</param>
internal sealed record LabSettings(int TtlSeconds, int Burst, string OutputFolder)
{
    /// <summary>Requests per second each variant's hot key receives before and around its expiry.</summary>
    public const int SteadyRatePerSecond = 100;

    /// <summary>How long the origin takes to recompute a price.</summary>
    public static readonly TimeSpan RecomputeTime = TimeSpan.FromMilliseconds(200);
}

/// <summary>What one variant's run measured.</summary>
/// <param name="Recomputes">Recomputes after the warm-up.</param>
/// <param name="BurstRecomputes">Recomputes that started from half a second before the expiry to a second after it.</param>
/// <param name="FirstRecomputeBeforeExpiry">Seconds before the expiry the first recompute after the warm-up started; negative when after.</param>
/// <param name="RecomputeTimes">Start of every recompute after the warm-up, in seconds from the expiry.</param>
internal sealed record VariantResult(string Variant, int Recomputes, int BurstRecomputes, int PeakOriginConcurrency, double BurstP99Ms, double? FirstRecomputeBeforeExpiry, double[] RecomputeTimes);

/// <summary>
/// Runs every variant at once on its own hot key: warm the key, send steady traffic until a second past its expiry,
/// and right after the expiry a burst of concurrent requests.
/// </summary>
internal static class StampedeLab
{
    /// <summary>
    /// The variants over one cache: in the process, or on Redis (where the lock is a Redis lock too, and Redis is
    /// HybridCache's second level).
    /// </summary>
    public static IReadOnlyList<IPriceCache> CreateVariants(Origin origin, TimeSpan ttl, IConnectionMultiplexer? redis)
    {
        IDistributedCache cache = redis is null
            ? new MemoryDistributedCache(Options.Create(new MemoryDistributedCacheOptions()))
            : new RedisCache(Options.Create(new RedisCacheOptions { ConnectionMultiplexerFactory = () => Task.FromResult(redis) }));
        var services = new ServiceCollection();
        if (redis is not null)
        {
            services.AddSingleton(cache);
        }

        services.AddHybridCache();
        var hybrid = services.BuildServiceProvider().GetRequiredService<HybridCache>();
        return
        [
            new NaiveCacheAside(cache, origin, ttl),
            redis is null ? new LockedCacheAside(cache, origin, ttl) : new RedisLockCacheAside(redis.GetDatabase(), origin, ttl),
            new HybridCacheVariant(hybrid, origin, ttl),
            new EarlyExpiration(cache, origin, ttl),
            new StaleWhileRevalidate(cache, origin, ttl),
        ];
    }

    public static async Task<IReadOnlyList<VariantResult>> RunAsync(LabSettings settings, Origin origin, IReadOnlyList<IPriceCache> variants)
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        var results = new ConcurrentDictionary<IPriceCache, VariantResult>();
        await Parallel.ForEachAsync(variants, new ParallelOptions { MaxDegreeOfParallelism = variants.Count }, async (variant, _) =>
            results[variant] = await RunVariantAsync(settings, origin, variant, $"{run}:{variant.Name.Replace(' ', '-')}:hot"));
        return variants.Select(variant => results[variant]).ToList();
    }

    private static async Task<VariantResult> RunVariantAsync(LabSettings settings, Origin origin, IPriceCache variant, string key)
    {
        await variant.GetAsync(key);
        var expiry = origin.Now + settings.TtlSeconds;
        var steady = SteadyTrafficAsync(variant, key, origin, expiry + 1);
        var wait = TimeSpan.FromSeconds(expiry + 0.05 - origin.Now);
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait);
        }

        var latencies = await BurstAsync(variant, key, settings.Burst);
        await steady;

        var times = origin.RecomputesOf(key).Skip(1).Select(time => time - expiry).ToArray();
        return new VariantResult(
            variant.Name,
            times.Length,
            times.Count(time => time >= -0.5 && time < 1),
            origin.PeakConcurrencyOf(key),
            Percentiles.Of(latencies, 0.99),
            times.Length == 0 ? null : -times[0],
            times);
    }

    /// <summary>Open loop: the key is read <see cref="LabSettings.SteadyRatePerSecond"/> times a second until <paramref name="until"/>.</summary>
    private static async Task SteadyTrafficAsync(IPriceCache variant, string key, Origin origin, double until)
    {
        var reads = new List<Task>();
        var interval = 1.0 / LabSettings.SteadyRatePerSecond;
        for (var due = origin.Now; due < until; due += interval)
        {
            var wait = TimeSpan.FromSeconds(due - origin.Now);
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait);
            }

            reads.Add(variant.GetAsync(key));
        }

        await Task.WhenAll(reads);
    }

    private static async Task<double[]> BurstAsync(IPriceCache variant, string key, int burst)
    {
        // One task per request, all at once: this concurrent burst is the load the lab exists to create; --burst bounds it.
#pragma warning disable RES3002
        var requests = Enumerable.Range(0, burst).Select(async _ =>
        {
            var started = Stopwatch.GetTimestamp();
            await variant.GetAsync(key);
            return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        });
        return await Task.WhenAll(requests);
#pragma warning restore RES3002
    }
}
