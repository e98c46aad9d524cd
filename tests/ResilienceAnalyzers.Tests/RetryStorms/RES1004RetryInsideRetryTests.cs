using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using ResilienceAnalyzers.RetryStorms;
using ResilienceAnalyzers.Tests.Infrastructure;
using Xunit;
using Verify = ResilienceAnalyzers.Tests.Infrastructure.CSharpAnalyzerVerifier<
    ResilienceAnalyzers.RetryStorms.RES1004RetryInsideRetryAnalyzer>;

namespace ResilienceAnalyzers.Tests.RetryStorms;

public sealed class RES1004RetryInsideRetryTests
{
    [Fact]
    public Task ARetryLoopInsideARetryLoopIsFlaggedWithTheWorstCaseAttempts() => Verify.VerifyAnalyzerAsync(
        """
        using System;
        using System.IO;

        class Sync
        {
            string Read(Func<string> read)
            {
                for (var outer = 0; outer < 4; outer++)
                {
                    try
                    {
                        for (var inner = 0; inner < 4; inner++)
                        {
                            try
                            {
                                return read();
                            }
                            catch (IOException)
                            {
                            }
                        }

                        throw new IOException("inner gave up");
                    }
                    catch (IOException)
                    {
                    }
                }

                throw new IOException("outer gave up");
            }
        }
        """,
        Verify.Diagnostic("RES1004").WithSpan(12, 17, 12, 20).WithArguments("This retry loop", "another retry loop", "up to 16 times (4 outer × 4 inner)"));

    [Fact]
    public Task AnInnerRetryThatSwallowsItsLastFailureIsNotFlagged() => Verify.VerifyAnalyzerAsync(
        """
        using System;
        using System.IO;

        class Migrations
        {
            // The inner loop retries one condition and, when its attempts run out, returns: the outer catch never sees
            // the failure it retried, so nothing is tried outer × inner times.
            bool Migrate(Func<bool> migrate, Func<string, bool> isUpgrading)
            {
                for (var outer = 0; outer < 4; outer++)
                {
                    try
                    {
                        var attempt = 0;
                        while (attempt < 10)
                        {
                            try
                            {
                                return migrate();
                            }
                            catch (IOException ex)
                            {
                                if (!isUpgrading(ex.Message))
                                {
                                    throw;
                                }

                                attempt++;
                            }
                        }

                        return false;
                    }
                    catch (IOException)
                    {
                    }
                }

                throw new IOException("gave up");
            }
        }
        """);

    [Fact]
    public Task CountsThatAreNotConstantsAreNamedInWords() => Verify.VerifyAnalyzerAsync(
        """
        using System;
        using System.Net.Http;
        using System.Threading.Tasks;

        class Client
        {
            async Task<string> GetAsync(HttpClient client, int tries)
            {
                var attempt = 0;
                while (true)
                {
                    try
                    {
                        {|#0:for|} (var i = 0; i < tries; i++)
                        {
                            try
                            {
                                return await client.GetStringAsync("/orders");
                            }
                            catch (HttpRequestException)
                            {
                            }
                        }

                        throw new HttpRequestException("inner gave up");
                    }
                    catch (HttpRequestException) when (++attempt < 3)
                    {
                    }
                }
            }
        }
        """,
        Verify.Diagnostic("RES1004").WithLocation(0).WithArguments("This retry loop", "another retry loop", "outer attempts × inner attempts times"));

    [Fact]
    public Task AnOuterLoopThatRunsAnInnerRetryAgainUntilItSucceedsIsFlagged() => Verify.VerifyAnalyzerAsync(
        """
        using System;
        using System.IO;
        using System.Threading;
        using System.Threading.Tasks;

        class Uploader
        {
            async Task UploadAsync(Func<Task> upload)
            {
                var sent = false;
                while (!sent)
                {
                    {|#0:for|} (var attempt = 0; attempt < 3; attempt++)
                    {
                        try
                        {
                            await upload();
                            sent = true;
                            break;
                        }
                        catch (IOException)
                        {
                            await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(100, 400)));
                        }
                    }

                    if (!sent)
                    {
                        await Task.Delay(TimeSpan.FromMinutes(1));
                    }
                }
            }

            // The outer loop polls until cancelled; whether a pass succeeded does not decide whether it runs again.
            async Task PollAsync(Func<Task> poll, CancellationToken stoppingToken)
            {
                while (!stoppingToken.IsCancellationRequested)
                {
                    var done = false;
                    for (var attempt = 0; attempt < 3 && !done; attempt++)
                    {
                        try
                        {
                            await poll();
                            done = true;
                        }
                        catch (IOException)
                        {
                            await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(100, 400)), stoppingToken);
                        }
                    }

                    await Task.Delay(TimeSpan.FromSeconds(30), stoppingToken);
                }
            }
        }
        """,
        Verify.Diagnostic("RES1004").WithLocation(0).WithArguments("This retry loop", "an outer loop that runs it again until it succeeds", "3 times for every outer attempt"));

    [Fact]
    public Task LoopsThatAreNotBothRetriesAreNotFlagged() => Verify.VerifyAnalyzerAsync(
        """
        using System;
        using System.Collections.Generic;
        using System.IO;

        class Sync
        {
            void ProcessAll(IEnumerable<string> items, Action<string> handle)
            {
                foreach (var item in items)
                {
                    for (var attempt = 0; attempt < 3; attempt++)
                    {
                        try
                        {
                            handle(item);
                            break;
                        }
                        catch (IOException)
                        {
                        }
                    }
                }
            }

            string RetryThenCleanUp(Func<string> read, Action cleanUp)
            {
                for (var attempt = 0; attempt < 3; attempt++)
                {
                    try
                    {
                        return read();
                    }
                    catch (IOException)
                    {
                        for (var i = 0; i < 2; i++)
                        {
                            try
                            {
                                cleanUp();
                                break;
                            }
                            catch (InvalidOperationException)
                            {
                            }
                        }
                    }
                }

                throw new IOException("gave up");
            }
        }
        """);

    private const string Unknown = "outer attempts × inner attempts times";

    private const string RetryingClients = """
        using System;
        using System.Net.Http;
        using System.Threading.Tasks;

        public interface IInventory
        {
            Task<string> ReserveAsync(string sku);
        }

        public sealed class Inventory(HttpClient http) : IInventory
        {
            public async Task<string> ReserveAsync(string sku)
            {
                for (var attempt = 1; ; attempt++)
                {
                    try
                    {
                        return await http.GetStringAsync($"/reserve/{sku}");
                    }
                    catch (HttpRequestException) when (attempt < 3)
                    {
                        await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(100, 200 << attempt)));
                    }
                }
            }
        }

        public sealed class Catalog(HttpClient http)
        {
            public Task<string> GetAsync(string sku) => http.GetStringAsync($"/items/{sku}");
        }
        """;

    [Fact]
    public Task RetriesAcrossMethodsAndRetryingHttpClientsAreFlaggedAtCompilationEnd() => VerifyAcrossFilesAsync(
        """
        using System;
        using System.Net.Http;
        using System.Threading.Tasks;
        using Microsoft.Extensions.DependencyInjection;

        static class Registrations
        {
            static void Add(IServiceCollection services) =>
                services.AddHttpClient<Catalog>().AddStandardResilienceHandler();
        }

        sealed class Checkout(IInventory inventory, Inventory concrete, Catalog catalog, Pricing pricing)
        {
            async Task<string> ReserveAsync(string sku)
            {
                for (var attempt = 0; attempt < 3; attempt++)
                {
                    try
                    {
                        var item = await catalog.{|#0:GetAsync|}(sku);
                        var price = await pricing.{|#1:QuoteAsync|}(item);
                        await concrete.{|#2:ReserveAsync|}(sku);
                        return await inventory.{|#3:ReserveAsync|}(sku) + price;
                    }
                    catch (HttpRequestException)
                    {
                        await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(100, 400)));
                    }
                }

                throw new HttpRequestException("gave up");
            }
        }

        sealed class Pricing(IInventory inventory)
        {
            public Task<string> QuoteAsync(string item) => LookUpAsync(item);

            private async Task<string> LookUpAsync(string item) => await inventory.ReserveAsync(item);
        }
        """,
        Verify.CompilationEndDiagnostic("RES1004").WithLocation(0)
            .WithArguments("the retry that AddStandardResilienceHandler adds to the HttpClient of Catalog, in Catalog.GetAsync", "this retry loop", "up to 12 times (3 outer × 4 inner)"),
        Verify.CompilationEndDiagnostic("RES1004").WithLocation(1)
            .WithArguments("the retry loop of Inventory.ReserveAsync (through Pricing.QuoteAsync → Pricing.LookUpAsync → IInventory.ReserveAsync)", "this retry loop", Unknown),
        Verify.CompilationEndDiagnostic("RES1004").WithLocation(2).WithArguments("the retry loop of Inventory.ReserveAsync", "this retry loop", Unknown),
        Verify.CompilationEndDiagnostic("RES1004").WithLocation(3).WithArguments("the retry loop of Inventory.ReserveAsync (through IInventory.ReserveAsync)", "this retry loop", Unknown));

    /// <summary>
    /// The walk binds only the methods that may still lead to a retry in the hops left: here the second step names
    /// neither the retrying method nor its interface, only the step after it, which does — three calls in all. Four
    /// calls away, the retry is past the walk's reach. An explicit implementation is named like the interface member a
    /// call spells, and its retry is found too.
    /// </summary>
    [Fact]
    public Task RetriesAreFoundThroughStepsThatNeverNameThem() => VerifyAcrossFilesAsync(
        """
        using System;
        using System.Net.Http;
        using System.Threading.Tasks;

        sealed class Checkout(Orders orders, Audit audit, IShipping shipping)
        {
            async Task<string> PlaceAsync(string sku)
            {
                for (var attempt = 0; attempt < 3; attempt++)
                {
                    try
                    {
                        await audit.RecordAsync(sku);
                        await shipping.{|#1:BookAsync|}(sku);
                        return await orders.{|#0:SubmitAsync|}(sku);
                    }
                    catch (HttpRequestException)
                    {
                        await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(100, 400)));
                    }
                }

                throw new HttpRequestException("gave up");
            }
        }

        sealed class Orders(Stock stock)
        {
            public Task<string> SubmitAsync(string sku) => QueueAsync(sku);

            private Task<string> QueueAsync(string sku) => stock.TakeAsync(sku);
        }

        sealed class Stock(Inventory inventory)
        {
            public Task<string> TakeAsync(string sku) => inventory.ReserveAsync(sku);
        }

        sealed class Audit(Orders orders)
        {
            public Task RecordAsync(string sku) => orders.SubmitAsync(sku);
        }

        interface IShipping
        {
            Task BookAsync(string order);
        }

        sealed class Shipping(HttpClient http) : IShipping
        {
            async Task IShipping.BookAsync(string order)
            {
                for (var attempt = 1; ; attempt++)
                {
                    try
                    {
                        await http.PostAsync($"/book/{order}", null);
                        return;
                    }
                    catch (HttpRequestException) when (attempt < 3)
                    {
                        await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(100, 200 << attempt)));
                    }
                }
            }
        }
        """,
        Verify.CompilationEndDiagnostic("RES1004").WithLocation(0)
            .WithArguments("the retry loop of Inventory.ReserveAsync (through Orders.SubmitAsync → Orders.QueueAsync → Stock.TakeAsync)", "this retry loop", Unknown),
        Verify.CompilationEndDiagnostic("RES1004").WithLocation(1)
            .WithArguments("the retry loop of Shipping.IShipping.BookAsync (through IShipping.BookAsync)", "this retry loop", Unknown));

    [Fact]
    public Task ARetryLoopAroundAClientWhoseRegistrationRetriesIsFlagged() => VerifyAcrossFilesAsync(
        """
        using System;
        using System.Net.Http;
        using System.Threading.Tasks;
        using Microsoft.Extensions.DependencyInjection;
        using Polly;

        static class Registrations
        {
            static void Add(IServiceCollection services)
            {
                services.ConfigureHttpClientDefaults(builder => builder.AddStandardResilienceHandler());
                services.AddHttpClient("stock").AddTransientHttpErrorPolicy(policy => policy.WaitAndRetryAsync(2, attempt => TimeSpan.FromSeconds(attempt)));
            }
        }

        sealed class Prices(IHttpClientFactory factory)
        {
            async Task<string> GetAsync(string sku)
            {
                var http = factory.CreateClient("prices");
                for (var attempt = 0; attempt < 3; attempt++)
                {
                    try
                    {
                        return await http.{|#0:GetStringAsync|}($"/prices/{sku}");
                    }
                    catch (HttpRequestException)
                    {
                        await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(100, 400)));
                    }
                }

                throw new HttpRequestException("gave up");
            }

            async Task<string> StockAsync(string sku)
            {
                for (var attempt = 0; attempt < 2; attempt++)
                {
                    try
                    {
                        return await factory.CreateClient("stock").{|#1:GetStringAsync|}($"/stock/{sku}");
                    }
                    catch (HttpRequestException)
                    {
                        await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(100, 400)));
                    }
                }

                throw new HttpRequestException("gave up");
            }
        }
        """,
        Verify.CompilationEndDiagnostic("RES1004").WithLocation(0).WithArguments("the retry that AddStandardResilienceHandler adds to the HttpClient named \"prices\"", "this retry loop", "up to 12 times (3 outer × 4 inner)"),
        Verify.CompilationEndDiagnostic("RES1004").WithLocation(1).WithArguments("the retry that AddTransientHttpErrorPolicy adds to the HttpClient named \"stock\"", "this retry loop", "up to 6 times (2 outer × 3 inner)"));

    [Fact]
    public Task TwoRetryingHandlersInOneClientsRegistrationAreFlagged() => Verify.VerifyAnalyzerAsync(
        """
        using System;
        using System.Net.Http;
        using Microsoft.Extensions.DependencyInjection;
        using Polly;

        static class Registrations
        {
            static void Add(IServiceCollection services)
            {
                // The handler added first is the outer one: each of its attempts runs all of the next one's.
                services.AddHttpClient("prices")
                    .AddTransientHttpErrorPolicy(policy => policy.WaitAndRetryAsync(2, attempt => TimeSpan.FromSeconds(attempt)))
                    .{|#0:AddStandardResilienceHandler|}();

                // The resilience handlers return their own builders, so a second one is added through the client's builder.
                var orders = services.AddHttpClient("orders").ConfigureHttpClient(client => client.BaseAddress = new Uri("https://orders"));
                orders.AddStandardResilienceHandler();
                orders.{|#1:AddResilienceHandler|}("local", pipeline => pipeline.AddRetry(new Polly.Retry.RetryStrategyOptions<HttpResponseMessage>()));

                // One retry per client, a breaker or a timeout beside it, or a separate client: one retry layer each.
                services.AddHttpClient("quotes")
                    .AddPolicyHandler(Policy.Handle<HttpRequestException>().OrResult<HttpResponseMessage>(r => false).CircuitBreakerAsync(5, TimeSpan.FromSeconds(30)))
                    .AddStandardResilienceHandler();
                var rates = services.AddHttpClient("rates");
                rates.AddStandardResilienceHandler();
                rates.AddResilienceHandler("deadline", pipeline => pipeline.AddTimeout(TimeSpan.FromSeconds(5)));
                services.AddHttpClient("fx").AddStandardResilienceHandler();
                services.AddHttpClient("fees").AddStandardResilienceHandler();
            }
        }
        """,
        ReferenceSets.All,
        Verify.Diagnostic("RES1004").WithLocation(0).WithArguments(
            "The retry that AddStandardResilienceHandler adds", "the retry that AddTransientHttpErrorPolicy adds earlier in the same client's registration", "up to 12 times (3 outer × 4 inner)"),
        Verify.Diagnostic("RES1004").WithLocation(1).WithArguments(
            "The retry that AddResilienceHandler adds", "the retry that AddStandardResilienceHandler adds earlier in the same client's registration", "outer attempts × inner attempts times"));

    [Fact]
    public Task CallsThatRunNoOtherRetryAreNotFlagged() => VerifyAcrossFilesAsync(
        """
        using System;
        using System.Collections.Generic;
        using System.Net.Http;
        using System.Threading.Tasks;
        using Microsoft.Extensions.DependencyInjection;
        using Polly;

        static class Registrations
        {
            static void Add(IServiceCollection services)
            {
                services.AddHttpClient<Catalog>().AddResilienceHandler("timeout", pipeline => pipeline.AddTimeout(TimeSpan.FromSeconds(2)));
                services.AddHttpClient("plain");
            }
        }

        sealed class Callers(Catalog catalog, IInventory inventory, IHttpClientFactory factory)
        {
            async Task<string> RetryAroundPlainCallsAsync(string sku)
            {
                for (var attempt = 0; attempt < 3; attempt++)
                {
                    try
                    {
                        await factory.CreateClient("plain").GetStringAsync("/ping");
                        await RetryAroundPlainCallsAsync(sku);
                        return await catalog.GetAsync(sku);
                    }
                    catch (HttpRequestException)
                    {
                        await inventory.ReserveAsync(sku);
                        await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(100, 400)));
                    }
                }

                throw new HttpRequestException("gave up");
            }

            async Task ReserveEachAsync(IEnumerable<string> skus)
            {
                foreach (var sku in skus)
                {
                    await inventory.ReserveAsync(sku);
                }
            }

            Task<string> FourHopsAwayAsync(string sku) => OneAsync(sku);

            Task<string> OneAsync(string sku) => TwoAsync(sku);

            Task<string> TwoAsync(string sku) => ThreeAsync(sku);

            Task<string> ThreeAsync(string sku) => inventory.ReserveAsync(sku);

            async Task<string> RetryFarAwayAsync(string sku)
            {
                for (var attempt = 0; attempt < 3; attempt++)
                {
                    try
                    {
                        return await FourHopsAwayAsync(sku);
                    }
                    catch (HttpRequestException)
                    {
                        await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(100, 400)));
                    }
                }

                throw new HttpRequestException("gave up");
            }
        }
        """);

    [Theory]
    [InlineData("return await catalog.GetAsync(")]
    [InlineData("return await catalog.(sku);")]
    [InlineData("return await unknown.GetAsync(sku);")]
    [InlineData("return await new Catalog(null!).GetAsync(sku)")]
    public async Task HalfTypedCallsAreAnalyzedWithoutCrashing(string statement)
    {
        var source = $$"""
            using System.Net.Http;
            using System.Threading.Tasks;
            using Microsoft.Extensions.DependencyInjection;

            sealed class Caller(Catalog catalog)
            {
                static void Add(IServiceCollection services) => services.AddHttpClient<Catalog>().AddStandardResilienceHandler(;

                async Task<string> GetAsync(string sku)
                {
                    for (var attempt = 0; attempt < 3; attempt++)
                    {
                        try
                        {
                            {{statement}}
                        }
                        catch (HttpRequestException)
                        {
                        }
                    }

                    throw new HttpRequestException();
                }
            }
            """;

        Assert.InRange(await AnalyzerRunner.CountAsync(new RES1004RetryInsideRetryAnalyzer(), [RetryingClients, source], ReferenceSets.HttpResilience), 0, 1);
    }

    [Fact]
    public Task RetriesRunByARetryingPollyPipelineOrPolicyAreFlagged() => VerifyAcrossFilesAsync(
        """
        using System;
        using System.Net.Http;
        using System.IO;
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.Extensions.DependencyInjection;
        using Polly;
        using Polly.Registry;
        using Polly.Retry;

        static class Registrations
        {
            public static void Add(IServiceCollection services)
            {
                services.AddResiliencePipeline("orders", builder => builder.AddRetry(new RetryStrategyOptions { MaxRetryAttempts = 2 }));
                services.AddResiliencePipeline("timed", builder => builder.AddTimeout(TimeSpan.FromSeconds(2)));
            }
        }

        sealed class Built
        {
            private readonly IInventory inventory;
            private readonly ResiliencePipeline pipeline;

            public Built(IInventory inventory)
            {
                this.inventory = inventory;
                pipeline = new ResiliencePipelineBuilder().AddRetry(new RetryStrategyOptions { MaxRetryAttempts = 3 }).Build();
            }

            public ValueTask<string> ReserveAsync(string sku) => pipeline.ExecuteAsync(async token => await inventory.{|#0:ReserveAsync|}(sku));

            public ValueTask<string> ReadAsync(Stream stream) => pipeline.ExecuteAsync(async token =>
            {
                {|#4:for|} (var attempt = 0; attempt < 3; attempt++)
                {
                    try
                    {
                        return await new StreamReader(stream).ReadToEndAsync(token);
                    }
                    catch (IOException) when (attempt < 2)
                    {
                    }
                }

                throw new IOException();
            });
        }

        sealed class ByKey(ResiliencePipelineProvider<string> provider, [FromKeyedServices("orders")] ResiliencePipeline keyed, IInventory inventory)
        {
            public ValueTask<string> FetchedAsync(string sku) =>
                provider.GetPipeline("orders").ExecuteAsync(async token => await inventory.{|#1:ReserveAsync|}(sku));

            public ValueTask<string> KeyedAsync(string sku) => keyed.ExecuteAsync(async token => await inventory.{|#2:ReserveAsync|}(sku));

            public ValueTask<string> TimedAsync(string sku) =>
                provider.GetPipeline("timed").ExecuteAsync(async token => await inventory.ReserveAsync(sku));

            public ValueTask<string> UnknownAsync(string sku) =>
                provider.GetPipeline("elsewhere").ExecuteAsync(async token => await inventory.ReserveAsync(sku));
        }

        sealed class PolicyV7(IInventory inventory)
        {
            private static readonly IAsyncPolicy Retry = Policy.Handle<HttpRequestException>().WaitAndRetryAsync(3, attempt => TimeSpan.FromSeconds(Math.Pow(2, attempt)));
            private static readonly IAsyncPolicy Breaker = Policy.Handle<HttpRequestException>().CircuitBreakerAsync(5, TimeSpan.FromSeconds(30));

            public Task<string> RetriedAsync(string sku) => Retry.ExecuteAsync(() => inventory.{|#3:ReserveAsync|}(sku));

            public Task<string> BrokenAsync(string sku) => Breaker.ExecuteAsync(() => inventory.ReserveAsync(sku));
        }
        """,
        Verify.CompilationEndDiagnostic("RES1004").WithLocation(0).WithArguments("the retry loop of Inventory.ReserveAsync (through IInventory.ReserveAsync)", "the retry of this Polly pipeline", Unknown),
        Verify.Diagnostic("RES1004").WithLocation(4).WithArguments("This retry loop", "the retry of this Polly pipeline", "up to 12 times (4 outer × 3 inner)"),
        Verify.CompilationEndDiagnostic("RES1004").WithLocation(1).WithArguments("the retry loop of Inventory.ReserveAsync (through IInventory.ReserveAsync)", "the retry of the Polly pipeline \"orders\"", Unknown),
        Verify.CompilationEndDiagnostic("RES1004").WithLocation(2).WithArguments("the retry loop of Inventory.ReserveAsync (through IInventory.ReserveAsync)", "the retry of the Polly pipeline \"orders\"", Unknown),
        Verify.CompilationEndDiagnostic("RES1004").WithLocation(3).WithArguments("the retry loop of Inventory.ReserveAsync (through IInventory.ReserveAsync)", "the retry of this Polly policy", Unknown));

    /// <summary>The EF Core contexts of <see cref="EfDatabaseCallsInsideARetryAreFlaggedWithTheWorstCase"/>: two retry on failure, one does not.</summary>
    private const string EfContexts = """
        using System;
        using Microsoft.EntityFrameworkCore;
        using Microsoft.Extensions.DependencyInjection;

        public sealed class Order
        {
            public int Id { get; set; }

            public bool Paid { get; set; }
        }

        public sealed class OrdersContext(DbContextOptions<OrdersContext> options) : DbContext(options)
        {
            public DbSet<Order> Orders => Set<Order>();
        }

        public sealed class ReportsContext(DbContextOptions<ReportsContext> options) : DbContext(options)
        {
            public DbSet<Order> Orders => Set<Order>();
        }

        public sealed class AuditContext : DbContext
        {
            protected override void OnConfiguring(DbContextOptionsBuilder options) =>
                options.UseSqlServer("Server=audit", sql => sql.EnableRetryOnFailure(2, TimeSpan.FromSeconds(5), null));
        }

        static class Database
        {
            static void Add(IServiceCollection services)
            {
                services.AddDbContext<OrdersContext>(options => options.UseSqlServer("Server=db", sql => sql.EnableRetryOnFailure()));
                services.AddDbContext<ReportsContext>(options => options.UseSqlServer("Server=db"));
            }
        }
        """;

    /// <summary>
    /// EF Core's retry on failure makes up to 7 attempts of each save and query by default, then throws a
    /// <c>RetryLimitExceededException</c> around the provider's exception: a retry of the code's own that tries again on
    /// it makes them all again on every outer attempt. A retry that tries again only on what EF Core hands on unretried
    /// (a <c>DbUpdateConcurrencyException</c>, say), a context without retry on failure, and calls that reach no database
    /// are left alone.
    /// </summary>
    [Fact]
    public Task EfDatabaseCallsInsideARetryAreFlaggedWithTheWorstCase() => Verify.VerifyAnalyzerAsync(
        [EfContexts, """
        using System;
        using System.Data.Common;
        using System.Linq;
        using System.Threading.Tasks;
        using Microsoft.EntityFrameworkCore;
        using Polly;
        using Polly.Retry;

        sealed class Payments(OrdersContext orders, AuditContext audit, ReportsContext reports)
        {
            private static readonly ResiliencePipeline Pipeline =
                new ResiliencePipelineBuilder().AddRetry(new RetryStrategyOptions { MaxRetryAttempts = 2 }).Build();

            private static readonly IAsyncPolicy ProviderErrors =
                Policy.HandleInner<DbException>().WaitAndRetryAsync(3, attempt => TimeSpan.FromSeconds(Random.Shared.Next(1, 4) * attempt));

            private static readonly IAsyncPolicy Conflicts =
                Policy.Handle<DbUpdateConcurrencyException>().WaitAndRetryAsync(3, attempt => TimeSpan.FromSeconds(Random.Shared.Next(1, 4) * attempt));

            async Task PayAsync(int id)
            {
                for (var attempt = 0; attempt < 4; attempt++)
                {
                    try
                    {
                        var order = await orders.Orders.Where(o => o.Id == id).{|#0:FirstAsync|}();
                        order.Paid = true;
                        await orders.{|#1:SaveChangesAsync|}();
                        await audit.{|#2:SaveChangesAsync|}();
                        await reports.SaveChangesAsync();
                        await reports.Orders.CountAsync();
                        await {|#3:SaveOrdersAsync|}();
                        return;
                    }
                    catch (Exception)
                    {
                        await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(100, 400)));
                    }
                }

                throw new InvalidOperationException("gave up");
            }

            async Task ResolveConflictAsync()
            {
                for (var attempt = 0; attempt < 4; attempt++)
                {
                    try
                    {
                        await orders.SaveChangesAsync();
                        return;
                    }
                    catch (DbUpdateConcurrencyException)
                    {
                        await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(100, 400)));
                    }
                }

                throw new InvalidOperationException("gave up");
            }

            ValueTask<int> RefundAsync() => Pipeline.ExecuteAsync(async token => await orders.{|#4:SaveChangesAsync|}(token));

            Task<int> ReconcileAsync() => ProviderErrors.ExecuteAsync(() => orders.{|#5:SaveChangesAsync|}());

            Task<int> MergeAsync() => Conflicts.ExecuteAsync(() => orders.SaveChangesAsync());

            Task<int> SaveOrdersAsync() => orders.SaveChangesAsync();

            Task<int> SaveOnceAsync() => orders.SaveChangesAsync();
        }
        """],
        ReferenceSets.All,
        Verify.CompilationEndDiagnostic("RES1004").WithLocation(0).WithArguments("the retry on failure EF Core gives OrdersContext", "this retry loop", "up to 28 times (4 outer × 7 EF)"),
        Verify.CompilationEndDiagnostic("RES1004").WithLocation(1).WithArguments("the retry on failure EF Core gives OrdersContext", "this retry loop", "up to 28 times (4 outer × 7 EF)"),
        Verify.CompilationEndDiagnostic("RES1004").WithLocation(2).WithArguments("the retry on failure EF Core gives AuditContext", "this retry loop", "up to 12 times (4 outer × 3 EF)"),
        Verify.CompilationEndDiagnostic("RES1004").WithLocation(3).WithArguments("the retry on failure EF Core gives OrdersContext, in Payments.SaveOrdersAsync", "this retry loop", "up to 28 times (4 outer × 7 EF)"),
        Verify.CompilationEndDiagnostic("RES1004").WithLocation(4).WithArguments("the retry on failure EF Core gives OrdersContext", "the retry of this Polly pipeline", "up to 21 times (3 outer × 7 EF)"),
        Verify.CompilationEndDiagnostic("RES1004").WithLocation(5).WithArguments("the retry on failure EF Core gives OrdersContext", "the retry of this Polly policy", "up to 28 times (4 outer × 7 EF)"));

    private const string AzureUploads = """
        using System;
        using System.IO;
        using System.Threading.Tasks;
        using Azure;
        using Azure.Storage.Blobs;

        sealed class Uploads(BlobClient blob, BlobContainerClient container)
        {
            async Task UploadAsync(Stream content)
            {
                for (var attempt = 0; attempt < 3; attempt++)
                {
                    try
                    {
                        await container.{|#0:CreateIfNotExistsAsync|}();
                        await blob.{|#1:UploadAsync|}(content, overwrite: true);
                        var snapshot = blob.WithSnapshot("2026-12-01");
                        return;
                    }
                    catch (RequestFailedException)
                    {
                        await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(100, 400)));
                    }
                }

                throw new InvalidOperationException("gave up");
            }
        }
        """;

    /// <summary>An Azure client retries by itself (3 times, 5 for Storage): inside a retry of the code's own, every outer attempt makes them all.</summary>
    [Fact]
    public Task AzureClientCallsInsideARetryAreFlaggedWhileTheirRetryIsTheDefault() => Verify.VerifyAnalyzerAsync(
        AzureUploads,
        ReferenceSets.DataAndCloudSdks,
        Verify.CompilationEndDiagnostic("RES1004").WithLocation(0).WithArguments("the retry the Azure SDK gives BlobContainerClient (5 retries by default)", "this retry loop", "up to 18 times (3 outer × 6 Azure)"),
        Verify.CompilationEndDiagnostic("RES1004").WithLocation(1).WithArguments("the retry the Azure SDK gives BlobClient (5 retries by default)", "this retry loop", "up to 18 times (3 outer × 6 Azure)"));

    /// <summary>Where the code sets a client's retry count, which client it applies to is not followed: no Azure call counts as retrying.</summary>
    [Fact]
    public Task AzureClientCallsAreNotFlaggedWhereTheCodeSetsTheirRetries() => Verify.VerifyAnalyzerAsync(
        [AzureUploads.Replace("{|#0:CreateIfNotExistsAsync|}", "CreateIfNotExistsAsync").Replace("{|#1:UploadAsync|}", "UploadAsync"), """
        using Azure.Storage.Blobs;

        static class Clients
        {
            static BlobClientOptions Options()
            {
                var options = new BlobClientOptions();
                options.Retry.MaxRetries = 0;
                return options;
            }
        }
        """],
        ReferenceSets.DataAndCloudSdks);

    /// <summary>MassTransit's retry on the bus runs around every endpoint's: the endpoint's is flagged; an endpoint retry alone is not.</summary>
    [Fact]
    public Task AMassTransitEndpointRetryInsideTheBusRetryIsFlagged() => Verify.VerifyAnalyzerAsync(
        """
        using System;
        using MassTransit;

        static class Buses
        {
            static void Configure(IBusRegistrationConfigurator bus) =>
                bus.UsingInMemory((context, cfg) =>
                {
                    cfg.UseMessageRetry(r => r.Interval(3, TimeSpan.FromSeconds(1)));
                    cfg.ReceiveEndpoint("orders", e =>
                    {
                        e.{|#0:UseMessageRetry|}(r => r.Immediate(4));
                        e.ConfigureConsumers(context);
                    });
                    cfg.ReceiveEndpoint("audit", e => e.ConfigureConsumers(context));
                });

            static void EndpointOnly(IBusRegistrationConfigurator bus) =>
                bus.UsingInMemory((context, cfg) => cfg.ReceiveEndpoint("billing", e => e.UseMessageRetry(r => r.Immediate(4))));
        }
        """,
        ReferenceSets.Messaging,
        Verify.Diagnostic("RES1004").WithLocation(0).WithArguments("This MassTransit message retry", "the message retry configured on the bus, which every receive endpoint runs", "up to 20 times (4 outer × 5 inner)"));

    private static Task VerifyAcrossFilesAsync(string source, params DiagnosticResult[] expected) =>
        Verify.VerifyAnalyzerAsync([RetryingClients, source], ReferenceSets.All, expected);
}
