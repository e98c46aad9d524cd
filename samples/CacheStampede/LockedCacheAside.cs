using System;
using System.Threading.Tasks;
using Microsoft.Extensions.Caching.Distributed;

namespace CacheStampede;

/// <summary>Cache-aside with a per-key lock in the process: on a miss one caller recomputes, the others wait for its value.</summary>
internal sealed class LockedCacheAside(IDistributedCache cache, Origin origin, TimeSpan ttl) : IPriceCache
{
    private readonly KeyLocks locks = new();

    public string Name => "per-key lock";

    public async Task<string> GetAsync(string key)
    {
        var cached = await cache.GetStringAsync(key);
        if (cached is not null)
        {
            return cached;
        }

        var gate = locks.For(key);
        await gate.WaitAsync();
        try
        {
            // The caller that held the lock before has filled the cache.
            cached = await cache.GetStringAsync(key);
            if (cached is not null)
            {
                return cached;
            }

            var price = await origin.RecomputeAsync(key);
            await cache.SetStringAsync(key, price, new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = ttl });
            return price;
        }
        finally
        {
            gate.Release();
        }
    }
}
