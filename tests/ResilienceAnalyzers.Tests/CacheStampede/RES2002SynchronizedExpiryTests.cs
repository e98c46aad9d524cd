using System.Threading.Tasks;
using ResilienceAnalyzers.CacheStampede;
using ResilienceAnalyzers.Tests.Infrastructure;
using Xunit;
using Verify = ResilienceAnalyzers.Tests.Infrastructure.CSharpCodeFixVerifier<
    ResilienceAnalyzers.CacheStampede.RES2002SynchronizedExpiryAnalyzer,
    ResilienceAnalyzers.CodeFixes.CacheStampede.RES2002SynchronizedExpiryCodeFix>;

namespace ResilienceAnalyzers.Tests.CacheStampede;

public sealed class RES2002SynchronizedExpiryTests
{
    [Fact]
    public Task ConstantTtlsForManyKeysAreFlaggedAndTheFixJittersThem() => Verify.VerifyCodeFixAsync(
        """
        using System;
        using System.Threading.Tasks;
        using Microsoft.Extensions.Caching.Distributed;
        using Microsoft.Extensions.Caching.Hybrid;
        using Microsoft.Extensions.Caching.Memory;
        using StackExchange.Redis;

        class Products(IMemoryCache memory, IDistributedCache distributed, IDatabase redis, HybridCache hybrid)
        {
            private static readonly TimeSpan Ttl = TimeSpan.FromMinutes(5);

            async Task WriteAsync(string id, string value)
            {
                memory.Set(id, value, [|TimeSpan.FromMinutes(5)|]);
                memory.Set(id, value, new MemoryCacheEntryOptions { AbsoluteExpirationRelativeToNow = [|Ttl|] });
                await distributed.SetStringAsync(id, value, new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = [|new TimeSpan(0, 5, 0)|] });
                await redis.StringSetAsync(id, value, [|TimeSpan.FromSeconds(300)|]);
                await hybrid.GetOrCreateAsync(id, token => ValueTask.FromResult(value), new HybridCacheEntryOptions { Expiration = [|Ttl|] });
                await memory.GetOrCreateAsync(id, entry =>
                {
                    entry.AbsoluteExpirationRelativeToNow = [|Ttl|];
                    return Task.FromResult(value);
                });
            }
        }
        """,
        """
        using System;
        using System.Threading.Tasks;
        using Microsoft.Extensions.Caching.Distributed;
        using Microsoft.Extensions.Caching.Hybrid;
        using Microsoft.Extensions.Caching.Memory;
        using StackExchange.Redis;

        class Products(IMemoryCache memory, IDistributedCache distributed, IDatabase redis, HybridCache hybrid)
        {
            private static readonly TimeSpan Ttl = TimeSpan.FromMinutes(5);

            async Task WriteAsync(string id, string value)
            {
                memory.Set(id, value, TimeSpan.FromMilliseconds(TimeSpan.FromMinutes(5).TotalMilliseconds * (0.9 + Random.Shared.NextDouble() * 0.2)));
                memory.Set(id, value, new MemoryCacheEntryOptions { AbsoluteExpirationRelativeToNow = TimeSpan.FromMilliseconds(Ttl.TotalMilliseconds * (0.9 + Random.Shared.NextDouble() * 0.2)) });
                await distributed.SetStringAsync(id, value, new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = TimeSpan.FromMilliseconds(new TimeSpan(0, 5, 0).TotalMilliseconds * (0.9 + Random.Shared.NextDouble() * 0.2)) });
                await redis.StringSetAsync(id, value, TimeSpan.FromMilliseconds(TimeSpan.FromSeconds(300).TotalMilliseconds * (0.9 + Random.Shared.NextDouble() * 0.2)));
                await hybrid.GetOrCreateAsync(id, token => ValueTask.FromResult(value), new HybridCacheEntryOptions { Expiration = TimeSpan.FromMilliseconds(Ttl.TotalMilliseconds * (0.9 + Random.Shared.NextDouble() * 0.2)) });
                await memory.GetOrCreateAsync(id, entry =>
                {
                    entry.AbsoluteExpirationRelativeToNow = TimeSpan.FromMilliseconds(Ttl.TotalMilliseconds * (0.9 + Random.Shared.NextDouble() * 0.2));
                    return Task.FromResult(value);
                });
            }
        }
        """,
        ReferenceSets.Caching);

    [Fact]
    public Task EntryOptionsBuiltBeforeTheWriteAreRead() => Verify.VerifyAnalyzerAsync(
        """
        using System;
        using System.Threading.Tasks;
        using Microsoft.Extensions.Caching.Distributed;
        using Microsoft.Extensions.Caching.Memory;

        class Products(IMemoryCache memory, IDistributedCache distributed, TimeSpan configured)
        {
            private static readonly DistributedCacheEntryOptions Shared = new() { AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(10) };
            private static readonly DistributedCacheEntryOptions Sliding = new() { SlidingExpiration = TimeSpan.FromMinutes(10) };

            async Task WriteAsync(string id, string value)
            {
                var options = new MemoryCacheEntryOptions { Size = 1 };
                options.AbsoluteExpirationRelativeToNow = {|#4:TimeSpan.FromMinutes(5)|};
                memory.Set(id, value, {|#0:options|});

                var chained = new DistributedCacheEntryOptions().SetAbsoluteExpiration({|#5:TimeSpan.FromMinutes(6)|});
                await distributed.SetStringAsync(id, value, {|#1:chained|});

                var later = new DistributedCacheEntryOptions();
                later.SetAbsoluteExpiration({|#6:TimeSpan.FromMinutes(7)|});
                await distributed.SetStringAsync(id, value, {|#2:later|});

                await distributed.SetStringAsync(id, value, {|#3:Shared|});
                await distributed.SetStringAsync(id, value, Sliding);

                var computed = new MemoryCacheEntryOptions { AbsoluteExpirationRelativeToNow = configured };
                memory.Set(id, value, computed);
                memory.Set("catalog:version", value, options);
            }
        }
        """,
        ReferenceSets.Caching,
        Verify.Diagnostic("RES2002").WithLocation(0).WithLocation(4).WithArguments("TimeSpan.FromMinutes(5)"),
        Verify.Diagnostic("RES2002").WithLocation(1).WithLocation(5).WithArguments("TimeSpan.FromMinutes(6)"),
        Verify.Diagnostic("RES2002").WithLocation(2).WithLocation(6).WithArguments("TimeSpan.FromMinutes(7)"),
        Verify.Diagnostic("RES2002").WithLocation(3).WithArguments("TimeSpan.FromMinutes(10)"));

    [Fact]
    public Task AnAbsoluteExpirationOfNowPlusAConstantIsAConstantTtlAndTheFixJittersIt() => Verify.VerifyCodeFixAsync(
        """
        using System;
        using System.Threading.Tasks;
        using Microsoft.Extensions.Caching.Memory;

        sealed record Invoice(string Id, DateTimeOffset ExpiresAt);

        class Stores(IMemoryCache memory, Func<string, Task<Invoice>> load)
        {
            public TimeSpan CacheSpan { get; private set; } = TimeSpan.FromMinutes(5);

            Task<Invoice?> StoreAsync(string id) => memory.GetOrCreateAsync("store:" + id, async entry =>
            {
                entry.AbsoluteExpiration = DateTimeOffset.UtcNow + [|TimeSpan.FromMinutes(1.0)|];
                return await load(id);
            });

            void Write(string id, Invoice invoice) =>
                memory.Set(id, invoice, new MemoryCacheEntryOptions { AbsoluteExpiration = DateTime.UtcNow + [|TimeSpan.FromSeconds(30)|] });

            // Expiries read from the data, from a settable property, or never: no one constant TTL.
            Task<Invoice?> InvoiceAsync(string id) => memory.GetOrCreateAsync("invoice:" + id, async entry =>
            {
                var invoice = await load(id);
                entry.AbsoluteExpiration = invoice.ExpiresAt;
                return invoice;
            });

            Task<Invoice?> BalanceAsync(string id) => memory.GetOrCreateAsync("balance:" + id, async entry =>
            {
                entry.AbsoluteExpiration = DateTimeOffset.UtcNow + CacheSpan;
                return await load(id);
            });

            void Forever(string id, Invoice invoice) => memory.Set(id, invoice, new MemoryCacheEntryOptions { AbsoluteExpiration = DateTimeOffset.MaxValue });
        }
        """,
        """
        using System;
        using System.Threading.Tasks;
        using Microsoft.Extensions.Caching.Memory;

        sealed record Invoice(string Id, DateTimeOffset ExpiresAt);

        class Stores(IMemoryCache memory, Func<string, Task<Invoice>> load)
        {
            public TimeSpan CacheSpan { get; private set; } = TimeSpan.FromMinutes(5);

            Task<Invoice?> StoreAsync(string id) => memory.GetOrCreateAsync("store:" + id, async entry =>
            {
                entry.AbsoluteExpiration = DateTimeOffset.UtcNow + TimeSpan.FromMilliseconds(TimeSpan.FromMinutes(1.0).TotalMilliseconds * (0.9 + Random.Shared.NextDouble() * 0.2));
                return await load(id);
            });

            void Write(string id, Invoice invoice) =>
                memory.Set(id, invoice, new MemoryCacheEntryOptions { AbsoluteExpiration = DateTime.UtcNow + TimeSpan.FromMilliseconds(TimeSpan.FromSeconds(30).TotalMilliseconds * (0.9 + Random.Shared.NextDouble() * 0.2)) });

            // Expiries read from the data, from a settable property, or never: no one constant TTL.
            Task<Invoice?> InvoiceAsync(string id) => memory.GetOrCreateAsync("invoice:" + id, async entry =>
            {
                var invoice = await load(id);
                entry.AbsoluteExpiration = invoice.ExpiresAt;
                return invoice;
            });

            Task<Invoice?> BalanceAsync(string id) => memory.GetOrCreateAsync("balance:" + id, async entry =>
            {
                entry.AbsoluteExpiration = DateTimeOffset.UtcNow + CacheSpan;
                return await load(id);
            });

            void Forever(string id, Invoice invoice) => memory.Set(id, invoice, new MemoryCacheEntryOptions { AbsoluteExpiration = DateTimeOffset.MaxValue });
        }
        """,
        ReferenceSets.Caching);

    [Fact]
    public Task FixJittersTheTtlOfOptionsBuiltInTheMethod() => Verify.VerifyCodeFixAsync(
        """
        using System;
        using Microsoft.Extensions.Caching.Memory;

        class Products(IMemoryCache memory)
        {
            void Write(string id, string value)
            {
                var options = new MemoryCacheEntryOptions();
                options.AbsoluteExpirationRelativeToNow = {|#1:TimeSpan.FromMinutes(5)|};
                memory.Set(id, value, {|#0:options|});
            }
        }
        """,
        """
        using System;
        using Microsoft.Extensions.Caching.Memory;

        class Products(IMemoryCache memory)
        {
            void Write(string id, string value)
            {
                var options = new MemoryCacheEntryOptions();
                options.AbsoluteExpirationRelativeToNow = TimeSpan.FromMilliseconds(TimeSpan.FromMinutes(5).TotalMilliseconds * (0.9 + Random.Shared.NextDouble() * 0.2));
                memory.Set(id, value, options);
            }
        }
        """,
        ReferenceSets.Caching,
        Verify.Diagnostic("RES2002").WithLocation(0).WithLocation(1).WithArguments("TimeSpan.FromMinutes(5)"));

    [Fact]
    public Task OptionsSharedInAFieldGetNoFix() => Verify.VerifyCodeFixAsync(
        """
        using System;
        using Microsoft.Extensions.Caching.Memory;

        class Products(IMemoryCache memory)
        {
            private static readonly MemoryCacheEntryOptions Shared = new() { AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(10) };

            void Write(string id, string value) => memory.Set(id, value, {|RES2002:Shared|});
        }
        """,
        """
        using System;
        using Microsoft.Extensions.Caching.Memory;

        class Products(IMemoryCache memory)
        {
            private static readonly MemoryCacheEntryOptions Shared = new() { AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(10) };

            void Write(string id, string value) => memory.Set(id, value, {|RES2002:Shared|});
        }
        """,
        ReferenceSets.Caching);

    [Fact]
    public Task OneKeyJitteredOrComputedTtlsAreNotFlagged() => Verify.VerifyAnalyzerAsync(
        """
        using System;
        using Microsoft.Extensions.Caching.Memory;
        using StackExchange.Redis;

        class Products(IMemoryCache memory, IDatabase redis, TimeSpan configured)
        {
            void Write(string id, string value, int seconds)
            {
                memory.Set("catalog:version", value, TimeSpan.FromMinutes(5));
                memory.Set(id, value, TimeSpan.FromMilliseconds(300_000 * (0.9 + Random.Shared.NextDouble() * 0.2)));
                memory.Set(id, value, configured);
                memory.Set(id, value, TimeSpan.FromSeconds(seconds));
                memory.Set(id, value, new MemoryCacheEntryOptions { SlidingExpiration = TimeSpan.FromMinutes(5) });
                redis.StringSet(id, value);
                memory.Set(id, value);
            }
        }
        """,
        ReferenceSets.Caching);

    /// <summary>
    /// Keys written from one collection loaded on a miss are restored together by the next miss: not flagged. The same
    /// loop at warm-up, each entry reloaded alone on its own miss, is.
    /// </summary>
    [Fact]
    public Task EntriesOfOneLoadRestoredTogetherOnAMissAreNotFlaggedButAWarmUpLoopIs() => Verify.VerifyAnalyzerAsync(
        """
        using System;
        using System.Collections.Generic;
        using Microsoft.Extensions.Caching.Memory;

        sealed record SigningKey(string Id, string Material);

        class SigningKeys(IMemoryCache cache, Func<IReadOnlyList<SigningKey>> fetchAll, Func<string, SigningKey> fetchOne)
        {
            private static readonly TimeSpan KeyLifetime = TimeSpan.FromHours(12);

            SigningKey? Resolve(string keyId)
            {
                if (!cache.TryGetValue("key:" + keyId, out SigningKey? found))
                {
                    foreach (var key in fetchAll())
                    {
                        cache.Set("key:" + key.Id, key, KeyLifetime);
                        if (key.Id == keyId)
                        {
                            found = key;
                        }
                    }
                }

                return found;
            }

            void WarmUp(IEnumerable<string> ids)
            {
                foreach (var id in ids)
                {
                    var key = fetchOne(id);
                    cache.Set("key:" + id, key, [|KeyLifetime|]);
                }
            }
        }
        """,
        ReferenceSets.Caching);

    [Fact]
    public Task EntriesRecomputedFromAnotherCacheAsideOfTheClassAreNotFlagged() => Verify.VerifyAnalyzerAsync(
        """
        using System;
        using System.Linq;
        using System.Net.Http;
        using System.Threading.Tasks;
        using Microsoft.Extensions.Caching.Memory;

        sealed record Manifest(string[] Versions);

        sealed class LanguagePacks(IMemoryCache cache, HttpClient http)
        {
            private async Task<Manifest> GetManifest()
            {
                if (!cache.TryGetValue("manifest", out Manifest? manifest))
                {
                    manifest = new Manifest((await http.GetStringAsync("https://example.org/manifest")).Split(','));
                    cache.Set("manifest", manifest, TimeSpan.FromHours(1));
                }

                return manifest!;
            }

            // Expiring together, these entries are recomputed from the cached manifest, not fetched.
            public async Task<bool> IsCurrent(string version)
            {
                if (!cache.TryGetValue("current:" + version, out bool current))
                {
                    current = await Compare(version);
                    cache.Set("current:" + version, current, TimeSpan.FromHours(1));
                }

                return current;
            }

            private async Task<bool> Compare(string version) => (await GetManifest()).Versions.Contains(version);

            // These also fetch on each miss.
            public async Task<bool> IsListed(string version)
            {
                if (!cache.TryGetValue("listed:" + version, out bool listed))
                {
                    listed = await CompareAndFetch(version);
                    cache.Set("listed:" + version, listed, [|TimeSpan.FromHours(1)|]);
                }

                return listed;
            }

            private async Task<bool> CompareAndFetch(string version) =>
                (await GetManifest()).Versions.Contains(version) && (await http.GetStringAsync("https://example.org/" + version)).Length > 0;
        }
        """,
        ReferenceSets.Caching);

    [Fact]
    public Task EntriesBuiltByAFactoryEveryConstructionRunsInMemoryAreNotFlagged() => Verify.VerifyAnalyzerAsync(
        """
        using System;
        using System.Net.Http;
        using System.Threading.Tasks;
        using Microsoft.Extensions.Caching.Memory;

        // Expiring together, these entries are client objects built again from their keys.
        sealed class Pool<TKey, TClient>(IMemoryCache cache, Func<TKey, Task<TClient>> create) where TKey : notnull
        {
            public async Task<TClient> GetAsync(TKey key)
            {
                if (!cache.TryGetValue(key, out TClient? client))
                {
                    client = await create(key);
                    cache.Set(key, client, TimeSpan.FromMinutes(30));
                }

                return client!;
            }
        }

        // These are fetched again.
        sealed class Lookups<TKey, TValue>(IMemoryCache cache, Func<TKey, Task<TValue>> load) where TKey : notnull
        {
            public async Task<TValue> GetAsync(TKey key)
            {
                if (!cache.TryGetValue(key, out TValue? value))
                {
                    value = await load(key);
                    cache.Set(key, value, [|TimeSpan.FromMinutes(30)|]);
                }

                return value!;
            }
        }

        sealed class Senders(IMemoryCache cache, HttpClient http)
        {
            private readonly Pool<Uri, HttpClient> clients = new(cache, uri => Task.FromResult(new HttpClient { BaseAddress = uri }));
            private readonly Lookups<string, string> pages = new(cache, async id => await http.GetStringAsync("https://example.org/" + id));
        }
        """,
        ReferenceSets.Caching);

    [Fact]
    public Task EntriesReloadedOneAtATimeByAQueueConsumerAreNotFlagged() => Verify.VerifyAnalyzerAsync(
        """
        using System;
        using System.Threading;
        using System.Threading.Channels;
        using System.Threading.Tasks;
        using Microsoft.Extensions.Caching.Memory;

        sealed record Store(string Id);

        class StoreListener(IMemoryCache cache, Func<string, Task<Store>> find, Channel<string> changes)
        {
            // Every entry is reloaded by the one loop below, one store after another: no burst when they expire together.
            public async Task ListenAsync(CancellationToken cancellationToken)
            {
                await foreach (var id in changes.Reader.ReadAllAsync(cancellationToken))
                {
                    await GetStore(id);
                }
            }

            public async Task<Store?> ShowAsync(string id) => await GetStoreForPage(id);

            private Task<Store?> GetStore(string id) =>
                cache.GetOrCreateAsync("store:" + id, async entry =>
                {
                    entry.AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(1);
                    return await find(id);
                });

            private Task<Store?> GetStoreForPage(string id) =>
                cache.GetOrCreateAsync("page:" + id, async entry =>
                {
                    entry.AbsoluteExpirationRelativeToNow = [|TimeSpan.FromMinutes(1)|];
                    return await find(id);
                });
        }
        """,
        ReferenceSets.Caching);

    [Fact]
    public Task MarkersThatLoadNothingAreNotFlaggedButLoadedValuesAre() => Verify.VerifyAnalyzerAsync(
        """
        using System;
        using Microsoft.Extensions.Caching.Memory;
        using StackExchange.Redis;

        class Users(IMemoryCache memory, IDatabase redis)
        {
            // A miss means "not seen yet": nothing is loaded, so nothing stampedes when the markers expire together.
            void Mark(string userId, string profile)
            {
                memory.Set("seen:" + userId, true, TimeSpan.FromHours(1));
                redis.StringSet("lock-out:" + userId, 1, TimeSpan.FromMinutes(15));
                redis.StringSet("reset:" + userId, new byte[1], TimeSpan.FromHours(24));
                redis.StringSet("profile:" + userId, profile, [|TimeSpan.FromHours(24)|]);
            }
        }
        """,
        ReferenceSets.Caching);

    [Fact]
    public Task KeysThatDoNotVaryAndOneByteMarkersAreNotFlagged() => Verify.VerifyAnalyzerAsync(
        """
        using System;
        using System.Threading.Tasks;
        using Microsoft.Extensions.Caching.Distributed;
        using Microsoft.Extensions.Caching.Memory;

        class FeeRates(IMemoryCache memory, string cacheKey)
        {
            private readonly TimeSpan expiration = TimeSpan.FromMinutes(25);

            // One key per instance, refreshed by its owner.
            void Refresh(decimal[] rates) => memory.Set(cacheKey, rates, expiration);
        }

        class Challenges(IDistributedCache cache)
        {
            private static readonly DistributedCacheEntryOptions Lifetime = new() { AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(5) };

            // A used-challenge marker: a miss means "not used yet", and nothing is reloaded.
            Task MarkUsedAsync(string challenge) => cache.SetAsync("used:" + challenge, [1], Lifetime);

            // A temporary entry under a fresh key: written once, never reloaded.
            async Task<string> AddTemporaryAsync(byte[] scheme)
            {
                var id = Guid.NewGuid().ToString();
                await cache.SetAsync(Key(id), scheme, new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(10) });
                return id;
            }

            async Task StoreAsync(string user, byte[] profile) =>
                await cache.SetAsync(Key(user), profile, new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = [|TimeSpan.FromMinutes(10)|] });

            private static string Key(string id) => "scheme:" + id;
        }

        static class Tokens
        {
            internal static byte[] RandomBytes(int count) => System.Security.Cryptography.RandomNumberGenerator.GetBytes(count);
        }

        class LoginCodes(IMemoryCache memory)
        {
            private static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(60);

            // A one-time code under a random key: a miss means "expired", nothing reloads.
            string Issue(string userId)
            {
                var code = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(20));
                memory.Set(CodeKey(code), userId, Lifetime);
                return code;
            }

            string IssueShort(string userId)
            {
                var code = System.Security.Cryptography.RandomNumberGenerator.GetHexString(12);
                memory.Set("code:" + code, userId, Lifetime);
                return code;
            }

            // A random shard of a counter is written again and again: still many keys under one TTL.
            void Count(long hits) => memory.Set($"hits:{Random.Shared.Next(8)}", hits, [|Lifetime|]);

            private static string CodeKey(string code) => "login:" + code.ToLowerInvariant();
        }
        """,
        ReferenceSets.Caching);

    [Fact]
    public Task SynchronousFactoriesThatComputeInMemoryAreNotFlaggedButLoadsAre() => Verify.VerifyAnalyzerAsync(
        """
        using System;
        using System.Data;
        using System.Threading.Tasks;
        using Microsoft.Extensions.Caching.Memory;

        sealed record QueryModel(string Schema);

        class Queries(IMemoryCache memory, IDbConnection connection)
        {
            private static readonly TimeSpan CacheTime = TimeSpan.FromMinutes(60);

            // A model parsed from a schema already in memory: a miss costs CPU, not a call to an origin.
            QueryModel Model(string schema) => memory.GetOrCreate("model:" + schema, entry =>
            {
                entry.AbsoluteExpirationRelativeToNow = CacheTime;
                return new QueryModel(schema.Trim());
            })!;

            // A synchronous database read is a load.
            object? Count(string table) => memory.GetOrCreate("count:" + table, entry =>
            {
                entry.AbsoluteExpirationRelativeToNow = [|CacheTime|];
                using var command = connection.CreateCommand();
                command.CommandText = "select count(*) from " + table;
                return command.ExecuteScalar();
            });

            // A cached task, or a lazy one, starts the load on a miss.
            Task<string> Profile(string id) => memory.GetOrCreate("profile:" + id, entry =>
            {
                entry.AbsoluteExpirationRelativeToNow = [|CacheTime|];
                return LoadAsync(id);
            })!;

            Lazy<Task<string>> LazyProfile(string id) => memory.GetOrCreate("lazy:" + id, entry =>
            {
                entry.AbsoluteExpirationRelativeToNow = [|CacheTime|];
                return new Lazy<Task<string>>(() => LoadAsync(id));
            })!;

            Task<string> LoadAsync(string id) => Task.FromResult(id);
        }
        """,
        ReferenceSets.Caching);

    [Theory]
    [InlineData("memory.Set(id, value, TimeSpan.FromMinutes(", 0)]
    [InlineData("memory.Set(id, value, TimeSpan.FromMinutes(5)", 1)]
    [InlineData("memory.Set(, value, TimeSpan.FromMinutes(5));", 0)]
    [InlineData("memory.Set(id, value, new MemoryCacheEntryOptions { AbsoluteExpirationRelativeToNow = });", 0)]
    public async Task HalfTypedCodeIsAnalyzedWithoutCrashing(string statement, int expected)
    {
        var source = $$"""
            using System;
            using Microsoft.Extensions.Caching.Memory;

            class Products(IMemoryCache memory)
            {
                void Write(string id, string value)
                {
                    {{statement}}
                }
            }
            """;

        Assert.Equal(expected, await AnalyzerRunner.CountAsync(new RES2002SynchronizedExpiryAnalyzer(), source, ReferenceSets.Caching));
    }
}
