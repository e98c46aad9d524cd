using System.Collections.Concurrent;
using System.Threading;

namespace CacheStampede;

/// <summary>One lock per cache key, created on first use, so callers of different keys never wait for each other.</summary>
internal sealed class KeyLocks
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> locks = new();

    public SemaphoreSlim For(string key) => locks.GetOrAdd(key, _ => new SemaphoreSlim(1, 1));
}
