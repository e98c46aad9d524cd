using System;
using System.Globalization;
using System.Threading.Tasks;
using Microsoft.Extensions.Caching.Distributed;

namespace CacheStampede;

/// <summary>
/// Probabilistic early expiration ("XFetch"): each read may refresh the value before it expires, with a probability
/// that grows as expiry nears and with the recompute's cost, so a hot key is refreshed by one caller ahead of time and
/// never expires under load. A real miss is loaded under a per-key lock.
/// </summary>
internal sealed class EarlyExpiration(IDistributedCache cache, Origin origin, TimeSpan ttl) : IPriceCache
{
    private readonly KeyLocks locks = new();

    public string Name => "early expiration";

    public async Task<string> GetAsync(string key)
    {
        var gate = locks.For(key);
        var entry = Entry.Parse(await cache.GetStringAsync(key));
        if (entry is not null)
        {
            // Refresh early when now − Δ·ln(U) passes the expiry; only the caller that gets the lock at once refreshes.
            var refreshEarly = Now() - (entry.RecomputeMs * Math.Log(Random.Shared.NextDouble())) >= entry.ExpiresAtMs;
            if (!refreshEarly || !gate.Wait(0))
            {
                return entry.Price;
            }
        }
        else
        {
            await gate.WaitAsync();
        }

        try
        {
            var current = Entry.Parse(await cache.GetStringAsync(key));
            if (current is not null && current != entry)
            {
                return current.Price;
            }

            var started = Now();
            var price = await origin.RecomputeAsync(key);
            var stored = new Entry(price, Now() - started, Now() + ttl.TotalMilliseconds);
            await cache.SetStringAsync(key, stored.ToString(), new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = ttl });
            return price;
        }
        finally
        {
            gate.Release();
        }
    }

    private static double Now() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    /// <summary>A cached price with what XFetch needs: how long it took to compute, and when it expires.</summary>
    private sealed record Entry(string Price, double RecomputeMs, double ExpiresAtMs)
    {
        public static Entry? Parse(string? text) =>
            text?.Split('\n') is [var price, var recompute, var expires]
                ? new Entry(price, double.Parse(recompute, CultureInfo.InvariantCulture), double.Parse(expires, CultureInfo.InvariantCulture))
                : null;

        public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Price}\n{RecomputeMs}\n{ExpiresAtMs}");
    }
}
