using System.Threading.Tasks;
using ResilienceAnalyzers.CacheStampede;
using ResilienceAnalyzers.Tests.Infrastructure;
using Xunit;
using Verify = ResilienceAnalyzers.Tests.Infrastructure.CSharpAnalyzerVerifier<
    ResilienceAnalyzers.CacheStampede.RES2001CacheAsideWithoutSingleFlightAnalyzer>;
using Fix = ResilienceAnalyzers.Tests.Infrastructure.CSharpCodeFixVerifier<
    ResilienceAnalyzers.CacheStampede.RES2001CacheAsideWithoutSingleFlightAnalyzer,
    ResilienceAnalyzers.CodeFixes.CacheStampede.RES2001CacheAsideWithoutSingleFlightCodeFix>;

namespace ResilienceAnalyzers.Tests.CacheStampede;

public sealed class RES2001CacheAsideWithoutSingleFlightTests
{
    [Fact]
    public Task CacheAsideThatLoadsOnEveryMissIsFlaggedOnEachCache() => Verify.VerifyAnalyzerAsync(
        """
        using System;
        using System.Threading.Tasks;
        using Microsoft.Extensions.Caching.Distributed;
        using Microsoft.Extensions.Caching.Memory;
        using StackExchange.Redis;

        public record Product(string Id);

        public sealed class Products(IMemoryCache memory, IDistributedCache distributed, IDatabase redis, Func<string, Task<Product>> load)
        {
            public async Task<Product> FromMemoryAsync(string id)
            {
                var key = $"product:{id}";
                if (!memory.{|#0:TryGetValue|}(key, out Product? product))
                {
                    product = await load(id);
                    memory.Set(key, product, TimeSpan.FromMinutes(5));
                }

                return product!;
            }

            public async Task<string> FromDistributedAsync(string id)
            {
                var cached = await distributed.{|#1:GetStringAsync|}($"product:{id}");
                if (cached is not null)
                {
                    return cached;
                }

                var product = await load(id);
                await distributed.SetStringAsync($"product:{id}", product.Id);
                return product.Id;
            }

            public async Task<string> FromRedisAsync(string id)
            {
                var cached = await redis.{|#2:StringGetAsync|}("product:" + id);
                if (cached.HasValue)
                {
                    return cached!;
                }

                var product = await load(id);
                await redis.StringSetAsync("product:" + id, product.Id, TimeSpan.FromMinutes(5));
                return product.Id;
            }

            public Task<Product?> FactoryAsync(string id) =>
                memory.{|#3:GetOrCreateAsync|}(id, async entry =>
                {
                    entry.AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(5);
                    return await load(id);
                });

            public Product Blocking(string id)
            {
                if (memory.{|#4:Get|}<Product>(id) is { } cached)
                {
                    return cached;
                }

                var product = load(id).Result;
                memory.Set(id, product);
                return product;
            }
        }
        """,
        ReferenceSets.Caching,
        Verify.Diagnostic("RES2001").WithLocation(0).WithArguments("This cache-aside on IMemoryCache loads and writes back", "key"),
        Verify.Diagnostic("RES2001").WithLocation(1).WithArguments("This cache-aside on IDistributedCache loads and writes back", "$\"product:{id}\""),
        Verify.Diagnostic("RES2001").WithLocation(2).WithArguments("This cache-aside on Redis loads and writes back", "\"product:\" + id"),
        Verify.Diagnostic("RES2001").WithLocation(3).WithArguments("IMemoryCache.GetOrCreateAsync runs its factory once per concurrent request", "id"),
        Verify.Diagnostic("RES2001").WithLocation(4).WithArguments("This cache-aside on IMemoryCache loads and writes back", "id"));

    [Fact]
    public Task SingleFlightCachesGuardedLoadsAndCheapFactoriesAreNotFlagged() => Verify.VerifyAnalyzerAsync(
        """
        using System;
        using System.Collections.Concurrent;
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.Extensions.Caching.Distributed;
        using Microsoft.Extensions.Caching.Hybrid;
        using Microsoft.Extensions.Caching.Memory;
        using StackExchange.Redis;

        public record Product(string Id);

        public sealed class Products(IMemoryCache memory, IMemoryCache other, IDistributedCache distributed, IDatabase redis, HybridCache hybrid, Func<string, Task<Product>> load, Func<string, Product> compute)
        {
            private static readonly ConcurrentDictionary<string, SemaphoreSlim> Locks = new();
            private readonly object sync = new();

            public ValueTask<Product> HybridAsync(string id) => hybrid.GetOrCreateAsync(id, async token => await load(id));

            public async Task<Product> PerKeyLockAsync(string id)
            {
                if (memory.TryGetValue(id, out Product? product))
                {
                    return product!;
                }

                var gate = Locks.GetOrAdd(id, _ => new SemaphoreSlim(1, 1));
                await gate.WaitAsync();
                try
                {
                    product = await load(id);
                    memory.Set(id, product);
                    return product;
                }
                finally
                {
                    gate.Release();
                }
            }

            public Product Locked(string id)
            {
                lock (sync)
                {
                    if (!memory.TryGetValue(id, out Product? product))
                    {
                        product = load(id).Result;
                        memory.Set(id, product);
                    }

                    return product!;
                }
            }

            public async Task<string> RedisLockAsync(string id)
            {
                var cached = await redis.StringGetAsync(id);
                if (cached.HasValue)
                {
                    return cached!;
                }

                if (await redis.LockTakeAsync("lock:" + id, "me", TimeSpan.FromSeconds(10)))
                {
                    var product = await load(id);
                    await redis.StringSetAsync(id, product.Id);
                }

                return id;
            }

            public Product? Cheap(string id) => memory.GetOrCreate(id, entry => compute(id));

            public Task<Product>? Lazy(string id) => memory.GetOrCreate(id, entry => new Lazy<Task<Product>>(() => load(id))).Value;

            public async Task<Product> OtherKeyOrCacheAsync(string id)
            {
                memory.TryGetValue(id, out Product? product);
                var loaded = await load(id);
                memory.Set("recent", loaded);
                other.Set(id, loaded);
                return product ?? loaded;
            }

            public Product Synchronous(string id)
            {
                if (!memory.TryGetValue(id, out Product? product))
                {
                    product = compute(id);
                    memory.Set(id, product);
                }

                return product!;
            }

            public async Task WarmUpAsync(string id) => memory.Set(id, await load(id));

            public async Task<Product> UnrelatedWaitAsync(string id)
            {
                if (!memory.TryGetValue(id, out Product? product))
                {
                    product = compute(id);
                    await Task.Delay(1);
                    memory.Set(id, product);
                }

                return product!;
            }
        }
        """,
        ReferenceSets.Caching);

    [Fact]
    public Task ALoadedValueIsFollowedThroughSeveralLocalsToTheWrite() => Verify.VerifyAnalyzerAsync(
        """
        using System;
        using System.Text.Json;
        using System.Threading.Tasks;
        using Microsoft.Extensions.Caching.Distributed;

        public record Profile(string Name);

        public record ProfileView(string Name);

        public interface IProfiles
        {
            Task<Profile> LoadAsync(string userId);
        }

        public interface IAudit
        {
            Task MissAsync(string key);
        }

        public sealed class Profiles(IDistributedCache cache, IProfiles profiles, IAudit audit)
        {
            // The service's answer is reshaped and serialized before it is written back: still one load per miss.
            public async Task<string> ViewAsync(string userId)
            {
                var key = "profile:" + userId;
                var cached = await cache.[|GetStringAsync|](key);
                if (cached is not null)
                {
                    return cached;
                }

                var profile = await profiles.LoadAsync(userId);
                var view = new ProfileView(profile.Name);
                var json = JsonSerializer.Serialize(view);
                await cache.SetStringAsync(key, json);
                return json;
            }

            // The miss path waits only to record the miss; what is written is computed from nothing it loaded.
            public async Task<string> StampAsync(string userId)
            {
                var key = "stamp:" + userId;
                var cached = await cache.GetStringAsync(key);
                if (cached is not null)
                {
                    return cached;
                }

                await audit.MissAsync(key);
                var ticks = DateTime.UtcNow.Ticks;
                var text = ticks.ToString();
                await cache.SetStringAsync(key, text);
                return text;
            }
        }
        """,
        ReferenceSets.Caching);

    [Fact]
    public Task ACacheReachedThroughAMemberAnotherFileDeclaresIsRead() => Verify.VerifyAnalyzerAsync(
        [
            """
            using Microsoft.Extensions.Caching.Memory;

            public abstract class CachingController(IMemoryCache cache)
            {
                protected IMemoryCache Entries { get; } = cache;
            }

            public interface ICatalogue : IMemoryCache
            {
            }

            public static class Shared
            {
                public static ICatalogue? Products { get; set; }
            }
            """,
            """
            using System;
            using System.Threading.Tasks;
            using Microsoft.Extensions.Caching.Memory;

            public record Product(string Id);

            public sealed class ProductsController(Func<string, Task<Product>> load) : CachingController(null!)
            {
                public async Task<Product> ShowAsync(string id)
                {
                    if (!Entries.{|#0:TryGetValue|}(id, out Product? product))
                    {
                        product = await load(id);
                        Entries.Set(id, product);
                    }

                    return product!;
                }

                public async Task<Product> SharedAsync(string id)
                {
                    var products = Shared.Products!;
                    if (!products.{|#1:TryGetValue|}(id, out Product? product))
                    {
                        product = await load(id);
                        products.Set(id, product);
                    }

                    return product!;
                }
            }
            """,
        ],
        ReferenceSets.Caching,
        Verify.Diagnostic("RES2001").WithLocation(0).WithArguments("This cache-aside on IMemoryCache loads and writes back", "id"),
        Verify.Diagnostic("RES2001").WithLocation(1).WithArguments("This cache-aside on IMemoryCache loads and writes back", "id"));

    [Fact]
    public Task AMissPathThatLoadsThroughAnotherCacheAsideOfTheSameCacheIsNotFlagged() => Verify.VerifyAnalyzerAsync(
        """
        using System;
        using System.Linq;
        using System.Net.Http;
        using System.Threading.Tasks;
        using Microsoft.Extensions.Caching.Memory;

        public record Manifest(string[] Versions);

        public sealed class LanguagePacks(IMemoryCache cache, HttpClient http)
        {
            // The origin: the manifest, fetched on a miss. Flagged here, where the load is.
            private async Task<Manifest> GetManifest()
            {
                if (cache.[|TryGetValue|]("manifest", out Manifest? manifest))
                {
                    return manifest!;
                }

                manifest = new Manifest((await http.GetStringAsync("https://example.org/manifest")).Split(','));
                cache.Set("manifest", manifest, TimeSpan.FromHours(1));
                return manifest;
            }

            // A miss here only compares with the cached manifest: the origin is behind GetManifest's cache.
            public async Task<bool> IsCurrent(string version)
            {
                if (cache.TryGetValue("current:" + version, out bool current))
                {
                    return current;
                }

                current = await Compare(version);
                cache.Set("current:" + version, current, TimeSpan.FromHours(1));
                return current;
            }

            private async Task<bool> Compare(string version) => (await GetManifest()).Versions.Contains(version);

            // A miss here also fetches on its own: it loads from the origin too.
            public async Task<bool> IsListed(string version)
            {
                if (cache.[|TryGetValue|]("listed:" + version, out bool listed))
                {
                    return listed;
                }

                listed = await CompareAndFetch(version);
                cache.Set("listed:" + version, listed, TimeSpan.FromHours(1));
                return listed;
            }

            private async Task<bool> CompareAndFetch(string version) =>
                (await GetManifest()).Versions.Contains(version) && (await http.GetStringAsync("https://example.org/" + version)).Length > 0;
        }
        """,
        ReferenceSets.Caching);

    [Fact]
    public Task AMissThatRunsAFactoryEveryConstructionBuildsInMemoryIsNotFlagged() => Verify.VerifyAnalyzerAsync(
        """
        using System;
        using System.Net.Http;
        using System.Threading.Tasks;
        using Microsoft.Extensions.Caching.Memory;

        // A pool of clients: what a miss runs is the factory each construction passes.
        internal sealed class ClientPool<TKey, TClient>(IMemoryCache cache, Func<TKey, Task<TClient>> create) where TKey : notnull
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

        internal sealed class Pool<TKey, TClient> where TKey : notnull
        {
            private readonly IMemoryCache cache;
            private readonly Func<TKey, Task<TClient>> create;

            public Pool(IMemoryCache cache, Func<TKey, TClient> create)
            {
                this.cache = cache;
                this.create = key => Task.FromResult(create(key));
            }

            public Pool(IMemoryCache cache, Func<TKey, Task<TClient>> create)
            {
                this.cache = cache;
                this.create = create;
            }

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

        // Public: a caller outside this project may pass a factory that loads.
        public sealed class SharedPool<TKey, TClient> where TKey : notnull
        {
            private readonly IMemoryCache cache;
            private readonly Func<TKey, Task<TClient>> create;

            public SharedPool(IMemoryCache cache, Func<TKey, Task<TClient>> create)
            {
                this.cache = cache;
                this.create = create;
            }

            public async Task<TClient> GetAsync(TKey key)
            {
                if (!cache.[|TryGetValue|](key, out TClient? client))
                {
                    client = await create(key);
                    cache.Set(key, client, TimeSpan.FromMinutes(30));
                }

                return client!;
            }
        }

        internal sealed class Lookups<TKey, TValue> where TKey : notnull
        {
            private readonly IMemoryCache cache;
            private readonly Func<TKey, Task<TValue>> load;

            public Lookups(IMemoryCache cache, Func<TKey, Task<TValue>> load)
            {
                this.cache = cache;
                this.load = load;
            }

            public async Task<TValue> GetAsync(TKey key)
            {
                if (!cache.[|TryGetValue|](key, out TValue? value))
                {
                    value = await load(key);
                    cache.Set(key, value, TimeSpan.FromMinutes(30));
                }

                return value!;
            }
        }

        public sealed class Senders(IMemoryCache cache, HttpClient http)
        {
            private readonly ClientPool<Uri, HttpClient> clients = new(cache, uri => Task.FromResult(new HttpClient { BaseAddress = uri }));
            private readonly Pool<Uri, HttpClient> handlers = new(cache, uri => new HttpClient { BaseAddress = uri });
            private readonly Pool<string, Uri> endpoints = new Pool<string, Uri>(cache, name => Task.FromResult(new Uri("https://" + name)));
            private readonly SharedPool<string, Uri> shared = new(cache, name => Task.FromResult(new Uri("https://" + name)));

            // One construction loads from an origin: every miss of this pool reaches it.
            private readonly Lookups<string, string> names = new(cache, id => Task.FromResult(id));
            private readonly Lookups<string, string> pages = new(cache, async id => await http.GetStringAsync("https://example.org/" + id));
        }
        """,
        ReferenceSets.Caching);

    [Fact]
    public Task ACacheAsideReachedOnlyFromAQueueConsumerThatAwaitsEachItemIsNotFlagged() => Verify.VerifyAnalyzerAsync(
        """
        using System;
        using System.Collections.Generic;
        using System.Threading;
        using System.Threading.Channels;
        using System.Threading.Tasks;
        using Microsoft.Extensions.Caching.Memory;

        public record Order(string Id, string ShopId);

        public record Shop(string Id);

        public interface IOrders
        {
            Task<Order> FindAsync(string id);

            Task<Shop> FindShopAsync(string id);
        }

        // One loop drains the queue and awaits each order: two misses of these methods never run at once.
        public sealed class OrderWatcher(IMemoryCache memory, IOrders orders)
        {
            private readonly Channel<string> pending = Channel.CreateBounded<string>(100);

            public async Task WatchAsync(CancellationToken cancellationToken)
            {
                while (await pending.Reader.WaitToReadAsync(cancellationToken) && pending.Reader.TryRead(out var id))
                {
                    var order = await GetOrder(id);
                    foreach (var shopId in new[] { order.ShopId })
                    {
                        await this.GetShop(shopId);
                    }
                }
            }

            private Task<Order?> GetOrder(string id) =>
                memory.GetOrCreateAsync("order:" + id, async entry => await orders.FindAsync(id));

            private async Task<Shop> GetShop(string id)
            {
                if (!memory.TryGetValue("shop:" + id, out Shop? shop))
                {
                    shop = await orders.FindShopAsync(id);
                    memory.Set("shop:" + id, shop, TimeSpan.FromMinutes(1));
                }

                return shop!;
            }
        }

        // The same methods, but also reached from a public method, started without waiting, or public themselves.
        public sealed class OrderPages(IMemoryCache memory, IOrders orders)
        {
            private readonly Channel<string> pending = Channel.CreateBounded<string>(100);

            public async Task WatchAsync(CancellationToken cancellationToken)
            {
                var running = new List<Task>();
                await foreach (var id in pending.Reader.ReadAllAsync(cancellationToken))
                {
                    await GetOrder(id);
                    running.Add(GetShop(id));
                }

                await Task.WhenAll(running);
            }

            public Task<Order?> ShowAsync(string id) => GetOrder(id);

            public async Task<Order?> DetailsAsync(string id)
            {
                while (await pending.Reader.WaitToReadAsync())
                {
                    return await LoadForPage(id);
                }

                return null;
            }

            private Task<Order?> GetOrder(string id) =>
                memory.[|GetOrCreateAsync|]("order:" + id, async entry => await orders.FindAsync(id));

            private Task<Shop?> GetShop(string id) =>
                memory.[|GetOrCreateAsync|]("shop:" + id, async entry => await orders.FindShopAsync(id));

            public Task<Order?> LoadForPage(string id) =>
                memory.[|GetOrCreateAsync|]("page:" + id, async entry => await orders.FindAsync(id));
        }
        """,
        ReferenceSets.Caching);

    [Theory]
    [InlineData("if (!memory.TryGetValue(id, out Product? p)) { p = await load(id); memory.Set(id, ", 0)]
    [InlineData("if (!memory.TryGetValue(", 0)]
    [InlineData("return await memory.GetOrCreateAsync(id, async e => await )", 1)]
    [InlineData("await distributed.SetStringAsync(id, (await load(id)).Id); await distributed.GetStringAsync(", 0)]
    public async Task HalfTypedCodeIsAnalyzedWithoutCrashing(string statements, int expected)
    {
        var source = $$"""
            using System;
            using System.Threading.Tasks;
            using Microsoft.Extensions.Caching.Distributed;
            using Microsoft.Extensions.Caching.Memory;

            public record Product(string Id);

            public sealed class Products(IMemoryCache memory, IDistributedCache distributed, Func<string, Task<Product>> load)
            {
                public async Task<object?> GetAsync(string id)
                {
                    {{statements}}
                    return null;
                }
            }
            """;

        Assert.Equal(expected, await AnalyzerRunner.CountAsync(new RES2001CacheAsideWithoutSingleFlightAnalyzer(), source, ReferenceSets.Caching));
    }

    [Theory]
    [InlineData("new(cache, async key => await http.GetStringAsync(key))", 1)]
    [InlineData("new(cache, key => Task.FromResult(key.Trim()))", 0)]
    [InlineData("new(cache, key => new UnknownClient(key))", 0)]
    [InlineData("new(cache, key => ", 0)]
    [InlineData("new(cache, )", 0)]
    public async Task APoolConstructedInHalfTypedCodeIsAnalyzedWithoutCrashing(string construction, int expected)
    {
        var source = $$"""
            using System;
            using System.Net.Http;
            using System.Threading.Tasks;
            using Microsoft.Extensions.Caching.Memory;

            internal sealed class Pool<TKey, TValue>(IMemoryCache cache, Func<TKey, Task<TValue>> create) where TKey : notnull
            {
                public async Task<TValue> GetAsync(TKey key)
                {
                    if (!cache.TryGetValue(key, out TValue? value))
                    {
                        value = await create(key);
                        cache.Set(key, value, TimeSpan.FromMinutes(30));
                    }

                    return value!;
                }
            }

            public sealed class Users(IMemoryCache cache, HttpClient http)
            {
                private readonly Pool<string, string> names = {{construction}};
            }
            """;

        Assert.Equal(expected, await AnalyzerRunner.CountAsync(new RES2001CacheAsideWithoutSingleFlightAnalyzer(), source, ReferenceSets.Caching));
    }

    [Fact]
    public Task TheFixMovesGetOrCreateAsyncToHybridCache() => Fix.VerifyCodeFixAsync(
        """
        using System;
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.Extensions.Caching.Hybrid;
        using Microsoft.Extensions.Caching.Memory;

        public record Product(string Id);

        public sealed class Products(IMemoryCache memory, Func<string, Task<Product>> load)
        {
            public async Task<Product?> GetAsync(string id, CancellationToken cancellationToken)
            {
                return await memory.[|GetOrCreateAsync|]($"product:{id}", async entry =>
                {
                    entry.AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(5);
                    return await load(id);
                });
            }

            public async Task<Product?> GetPlainAsync(string id) => await memory.[|GetOrCreateAsync|](id, async entry => await load(id));

            public async Task<Product> GetByHandAsync(string id, CancellationToken cancellationToken)
            {
                var key = $"product:{id}";
                if (!memory.[|TryGetValue|](key, out Product? product))
                {
                    product = await load(id);
                    memory.Set(key, product, TimeSpan.FromMinutes(5));
                }

                return product!;
            }
        }

        public sealed class Prices(IMemoryCache memory, HybridCache shared, Func<string, Task<decimal>> load)
        {
            public async Task<decimal> GetAsync(string sku) => await memory.[|GetOrCreateAsync|](sku, async _ => await load(sku));

            public async Task<decimal> GetByHandAsync(string sku)
            {
                if (!memory.[|TryGetValue|](sku, out decimal price))
                {
                    price = await load(sku);
                    memory.Set(sku, price);
                }

                return price;
            }
        }
        """,
        """
        using System;
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.Extensions.Caching.Hybrid;
        using Microsoft.Extensions.Caching.Memory;

        public record Product(string Id);

        public sealed class Products(IMemoryCache memory, Func<string, Task<Product>> load, HybridCache hybridCache)
        {
            public async Task<Product?> GetAsync(string id, CancellationToken cancellationToken)
            {
                return await hybridCache.GetOrCreateAsync($"product:{id}", async token =>
                {
                    return await load(id);
                }, new HybridCacheEntryOptions { Expiration = TimeSpan.FromMinutes(5) }, cancellationToken: cancellationToken);
            }

            public async Task<Product?> GetPlainAsync(string id) => await hybridCache.GetOrCreateAsync(id, async token => await load(id));

            public async Task<Product> GetByHandAsync(string id, CancellationToken cancellationToken)
            {
                var key = $"product:{id}";
                Product? product = await hybridCache.GetOrCreateAsync(key, async token => await load(id), new HybridCacheEntryOptions { Expiration = TimeSpan.FromMinutes(5) }, cancellationToken: cancellationToken);

                return product!;
            }
        }

        public sealed class Prices(IMemoryCache memory, HybridCache shared, Func<string, Task<decimal>> load)
        {
            public async Task<decimal> GetAsync(string sku) => await shared.GetOrCreateAsync(sku, async token => await load(sku));

            public async Task<decimal> GetByHandAsync(string sku)
            {
                decimal price = await shared.GetOrCreateAsync(sku, async token => await load(sku));

                return price;
            }
        }
        """,
        ReferenceSets.Caching);

    [Fact]
    public Task NoFixWhereHybridCacheCannotTakeOver()
    {
        const string source = """
            using System;
            using System.Threading.Tasks;
            using Microsoft.Extensions.Caching.Memory;

            public record Product(string Id);

            public sealed class Products
            {
                private readonly IMemoryCache memory;
                private readonly Func<string, Task<Product>> load;

                public Products(IMemoryCache memory, Func<string, Task<Product>> load)
                {
                    this.memory = memory;
                    this.load = load;
                }

                public async Task<Product?> NoPrimaryConstructorAsync(string id) => await memory.[|GetOrCreateAsync|](id, async entry => await load(id));

                public Task<Product?> NotAwaited(string id) => memory.[|GetOrCreateAsync|](id, async entry => await load(id));

                public async Task<Product?> ObjectKeyAsync(int id) => await memory.[|GetOrCreateAsync|](id, async entry => await load(id.ToString()));

                public async Task<Product?> EntryUsedAsync(string id) => await memory.[|GetOrCreateAsync|](id, async entry =>
                {
                    entry.SlidingExpiration = TimeSpan.FromMinutes(1);
                    return await load(id);
                });
            }
            """;

        return Fix.VerifyCodeFixAsync(source, source, ReferenceSets.Caching);
    }

    [Fact]
    public Task NoFixWithoutTheHybridCachePackage()
    {
        const string source = """
            using System;
            using System.Threading.Tasks;
            using Microsoft.Extensions.Caching.Memory;

            public sealed class Products(IMemoryCache memory, Func<string, Task<string>> load)
            {
                public async Task<string?> GetAsync(string id) => await memory.[|GetOrCreateAsync|](id, async entry => await load(id));
            }
            """;

        return Fix.VerifyCodeFixAsync(source, source, ReferenceSets.AspNetCore);
    }

    [Fact]
    public Task HandWrittenCacheAsideOfOtherShapesGetsNoFix()
    {
        const string source = """
            using System;
            using System.Threading.Tasks;
            using Microsoft.Extensions.Caching.Hybrid;
            using Microsoft.Extensions.Caching.Memory;

            public sealed class Products(IMemoryCache memory, HybridCache hybrid, Func<string, Task<string>> load)
            {
                public async Task<string?> WithElseAsync(string id)
                {
                    if (!memory.[|TryGetValue|](id, out string? value))
                    {
                        value = await load(id);
                        memory.Set(id, value);
                    }
                    else
                    {
                        Console.WriteLine("hit");
                    }

                    return value;
                }

                public async Task<string?> MoreWorkAsync(string id)
                {
                    if (!memory.[|TryGetValue|](id, out string? value))
                    {
                        value = await load(id);
                        Console.WriteLine("loaded");
                        memory.Set(id, value);
                    }

                    return value;
                }

                public async Task<string?> EntryOptionsAsync(string id)
                {
                    if (!memory.[|TryGetValue|](id, out string? value))
                    {
                        value = await load(id);
                        memory.Set(id, value, new MemoryCacheEntryOptions { SlidingExpiration = TimeSpan.FromMinutes(1) });
                    }

                    return value;
                }
            }
            """;

        return Fix.VerifyCodeFixAsync(source, source, ReferenceSets.Caching);
    }
}
