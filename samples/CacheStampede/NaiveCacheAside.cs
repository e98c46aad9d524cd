using System;
using System.Threading.Tasks;
using Microsoft.Extensions.Caching.Distributed;

namespace CacheStampede;

/// <summary>Cache-aside as it is usually written: on a miss, every caller loads the value itself (flagged: RES2001).</summary>
internal sealed class NaiveCacheAside(IDistributedCache cache, Origin origin, TimeSpan ttl) : IPriceCache
{
    public string Name => "naive";

    public async Task<string> GetAsync(string key)
    {
        var cached = await cache.GetStringAsync(key);
        if (cached is not null)
        {
            return cached;
        }

        var price = await origin.RecomputeAsync(key);
        await cache.SetStringAsync(key, price, new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = ttl });
        return price;
    }
}
