using System;
using System.Threading.Tasks;
using Microsoft.Extensions.Caching.Hybrid;

namespace CacheStampede;

/// <summary>HybridCache: GetOrCreateAsync runs one factory per key at a time and hands its result to every concurrent caller.</summary>
internal sealed class HybridCacheVariant(HybridCache cache, Origin origin, TimeSpan ttl) : IPriceCache
{
    public string Name => "HybridCache";

    public async Task<string> GetAsync(string key) =>
        await cache.GetOrCreateAsync(
            key,
            async _ => await origin.RecomputeAsync(key),
            new HybridCacheEntryOptions { Expiration = ttl, LocalCacheExpiration = ttl });
}
