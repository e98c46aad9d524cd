using System;
using System.Threading.Tasks;
using StackExchange.Redis;

namespace CacheStampede;

/// <summary>
/// Cache-aside on Redis with a per-key Redis lock, so one caller in the whole fleet recomputes: the lock is taken with
/// a random token and an expiry (a crashed holder cannot block the key forever) and released only by its holder;
/// the others poll the cache, a bounded number of times, until the value appears.
/// </summary>
internal sealed class RedisLockCacheAside(IDatabase redis, Origin origin, TimeSpan ttl) : IPriceCache
{
    private static readonly TimeSpan LockExpiry = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(20);
    private const int MaxPolls = 1000;

    public string Name => "per-key lock";

    public async Task<string> GetAsync(string key)
    {
        var lockKey = "lock:" + key;
        for (var poll = 0; poll < MaxPolls; poll++)
        {
            var cached = await redis.StringGetAsync(key);
            if (cached.HasValue)
            {
                return cached.ToString();
            }

            var token = Guid.NewGuid().ToString("N");
            if (await redis.LockTakeAsync(lockKey, token, LockExpiry))
            {
                try
                {
                    cached = await redis.StringGetAsync(key);
                    if (cached.HasValue)
                    {
                        return cached.ToString();
                    }

                    var price = await origin.RecomputeAsync(key);
                    await redis.StringSetAsync(key, price, ttl);
                    return price;
                }
                finally
                {
                    await redis.LockReleaseAsync(lockKey, token);
                }
            }

            await Task.Delay(PollInterval);
        }

        throw new TimeoutException($"No value for {key} after {MaxPolls} polls of {PollInterval.TotalMilliseconds} ms.");
    }
}
