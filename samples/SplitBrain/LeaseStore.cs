using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using StackExchange.Redis;

namespace SplitBrain;

/// <summary>A grant of leadership: who holds it, and the fencing token that grew with this grant.</summary>
internal sealed record Lease(string Node, long Token);

/// <summary>
/// A lease with a time-to-live, the way many "highly available" services elect a leader: whoever takes the key leads
/// until it expires unless renewed. It has no quorum and cannot stop a former holder that has not noticed it expired.
/// </summary>
internal interface ILeaseStore
{
    /// <summary>Takes the lease, or renews it for its holder; <see langword="null"/> while another node holds it.</summary>
    Task<Lease?> TryAcquireAsync(string node, TimeSpan ttl);

    /// <summary>Who holds the lease now according to the store (<see langword="null"/> when nobody does).</summary>
    Task<string?> HolderAsync();
}

/// <summary>The lease in the lab's process: one holder, an expiry, a token that grows with every new grant.</summary>
internal sealed class InProcessLeaseStore : ILeaseStore
{
    private readonly Lock gate = new();
    private readonly Stopwatch clock = Stopwatch.StartNew();
    private string? holder;
    private TimeSpan expiresAt;
    private long token;

    public Task<Lease?> TryAcquireAsync(string node, TimeSpan ttl)
    {
        lock (gate)
        {
            var now = clock.Elapsed;
            if (holder is not null && holder != node && now < expiresAt)
            {
                return Task.FromResult<Lease?>(null);
            }

            if (holder != node || now >= expiresAt)
            {
                token++;
            }

            holder = node;
            expiresAt = now + ttl;
            return Task.FromResult<Lease?>(new Lease(node, token));
        }
    }

    public Task<string?> HolderAsync()
    {
        lock (gate)
        {
            return Task.FromResult(holder is not null && clock.Elapsed < expiresAt ? holder : null);
        }
    }
}

/// <summary>
/// The same lease on Redis: <c>LockTake</c> grants it, <c>LockExtend</c> renews it for its holder, and an <c>INCR</c>
/// taken with each new grant is the fencing token.
/// </summary>
internal sealed class RedisLeaseStore(IDatabase redis, string prefix) : ILeaseStore
{
    private readonly string leaseKey = prefix + ":lease";
    private readonly string tokenKey = prefix + ":lease-grants";

    public async Task<Lease?> TryAcquireAsync(string node, TimeSpan ttl)
    {
        if (await redis.LockExtendAsync(leaseKey, node, ttl))
        {
            // Only grants increment the counter, so its value is still the holder's token.
            return new Lease(node, (long)await redis.StringGetAsync(tokenKey));
        }

        if (!await redis.LockTakeAsync(leaseKey, node, ttl))
        {
            return null;
        }

        return new Lease(node, await redis.StringIncrementAsync(tokenKey));
    }

    public async Task<string?> HolderAsync()
    {
        var holder = await redis.LockQueryAsync(leaseKey);
        return holder.IsNull ? null : holder.ToString();
    }
}
