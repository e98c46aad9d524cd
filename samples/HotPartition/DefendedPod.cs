using System;
using System.Collections.Concurrent;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using StackExchange.Redis;

namespace HotPartition;

/// <summary>
/// Defended: the counter is salted into <see cref="Shards"/> keys (<c>views:total:0</c> … <c>views:total:9</c>), each
/// view adding to a random one, so its writes spread over the partitions; readers sum the shards. Product reads go
/// through a per-pod local cache kept for a second, so a hot product costs the store one read per pod per second.
/// </summary>
internal static class DefendedPod
{
    public const int Shards = 10;

    public static string ViewShard(int shard) => $"views:total:{shard}";

    public static void Map(WebApplication app, PartitionedClient store)
    {
        var products = new LocalCache(TimeSpan.FromSeconds(1));
        app.MapGet("/products/{id:int}", async (int id) =>
        {
            var key = $"product:{id}";
            var product = await products.GetAsync(key, () => store.For(key).StringGetAsync(key));
            var shard = ViewShard(Random.Shared.Next(Shards));
            await store.For(shard).StringIncrementAsync(shard);
            return Results.Text(product.IsNull ? "unknown" : product.ToString());
        });
    }

    /// <summary>The counter's value: the sum of its shards, read from the partitions that own them.</summary>
    public static async Task<long> ReadViewsAsync(PartitionedClient store)
    {
        long total = 0;
        for (var shard = 0; shard < Shards; shard++)
        {
            total += (long)await store.For(ViewShard(shard)).StringGetAsync(ViewShard(shard));
        }

        return total;
    }
}

/// <summary>
/// A pod's local cache: a value read from the store is shared by every request for <c>keepFor</c>; concurrent misses
/// of one key share one read (the first caller's task).
/// </summary>
internal sealed class LocalCache(TimeSpan keepFor)
{
    private readonly ConcurrentDictionary<string, (Lazy<Task<RedisValue>> Value, DateTime Expires)> entries = new();

    public Task<RedisValue> GetAsync(string key, Func<Task<RedisValue>> read)
    {
        var now = DateTime.UtcNow;

        // The update may be computed more than once under contention; only the stored entry's read ever starts.
        return entries.AddOrUpdate(
            key,
            _ => (new Lazy<Task<RedisValue>>(read), now + keepFor),
            (_, entry) => entry.Expires > now && !(entry.Value.IsValueCreated && entry.Value.Value.IsFaulted) ? entry : (new Lazy<Task<RedisValue>>(read), now + keepFor)).Value.Value;
    }
}
