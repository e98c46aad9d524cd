using System;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Caching.Distributed;

namespace CacheStampede;

/// <summary>
/// Stale-while-revalidate: a value is fresh for the TTL and kept as long again; a read of a stale value returns it at
/// once and starts one background refresh. A real miss is loaded under a per-key lock.
/// </summary>
internal sealed class StaleWhileRevalidate(IDistributedCache cache, Origin origin, TimeSpan ttl) : IPriceCache
{
    private readonly KeyLocks locks = new();

    public string Name => "stale-while-revalidate";

    public async Task<string> GetAsync(string key)
    {
        var gate = locks.For(key);
        var cached = Parse(await cache.GetStringAsync(key));
        if (cached is var (price, freshUntil))
        {
            if (Now() >= freshUntil && gate.Wait(0))
            {
                _ = RefreshAsync(key, gate);
            }

            return price;
        }

        await gate.WaitAsync();
        try
        {
            return Parse(await cache.GetStringAsync(key))?.Price ?? await LoadAsync(key);
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task RefreshAsync(string key, SemaphoreSlim gate)
    {
        try
        {
            await LoadAsync(key);
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task<string> LoadAsync(string key)
    {
        var price = await origin.RecomputeAsync(key);
        var entry = string.Create(CultureInfo.InvariantCulture, $"{price}\n{Now() + ttl.TotalMilliseconds}");
        await cache.SetStringAsync(key, entry, new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = ttl * 2 });
        return price;
    }

    private static (string Price, double FreshUntilMs)? Parse(string? text) =>
        text?.Split('\n') is [var price, var freshUntil] ? (price, double.Parse(freshUntil, CultureInfo.InvariantCulture)) : null;

    private static double Now() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
}
