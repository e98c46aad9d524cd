using System.Threading.Tasks;
using ResilienceAnalyzers.CascadingFailure;
using ResilienceAnalyzers.Tests.Infrastructure;
using Xunit;
using Verify = ResilienceAnalyzers.Tests.Infrastructure.CSharpCodeFixVerifier<
    ResilienceAnalyzers.CascadingFailure.RES6004OutboundCallIgnoresCancellationAnalyzer,
    ResilienceAnalyzers.CodeFixes.CascadingFailure.RES6004OutboundCallIgnoresCancellationCodeFix>;
using Files = ResilienceAnalyzers.Tests.Infrastructure.CSharpAnalyzerVerifier<ResilienceAnalyzers.CascadingFailure.RES6004OutboundCallIgnoresCancellationAnalyzer>;

namespace ResilienceAnalyzers.Tests.CascadingFailure;

public sealed class RES6004OutboundCallIgnoresCancellationTests
{
    private const string NoToken = "no cancellation token";
    private const string DefaultToken = "default instead of the request's cancellation token";
    private const string AddAParameter = "add a CancellationToken parameter to the handler, which ASP.NET Core binds to the request's abort, and pass it";

    [Fact]
    public Task ControllerActionsAndPageHandlersPassTheRequestsAbort() => Verify.VerifyCodeFixAsync(
        """
        using System.Data.Common;
        using System.Net.Http;
        using System.Net.Http.Json;
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.AspNetCore.Mvc.RazorPages;

        public sealed record Order(int Id);

        public sealed class OrdersController(HttpClient client, DbConnection connection) : ControllerBase
        {
            public async Task<string> Get(int id) => await client.{|#0:GetStringAsync|}($"/orders/{id}");

            public async Task<Order?> Find(int id) => await client.{|#1:GetFromJsonAsync|}<Order>($"/orders/{id}");

            public async Task Delete(CancellationToken cancellationToken, int id)
            {
                using var command = connection.CreateCommand();
                command.CommandText = "DELETE FROM orders";
                await command.{|#2:ExecuteNonQueryAsync|}();
            }

            public async Task Archive(int id, CancellationToken cancellationToken)
            {
                await connection.{|#3:OpenAsync|}(default);
            }
        }

        public sealed class OrdersPage(HttpClient client) : PageModel
        {
            public string Text { get; private set; } = "";

            public async Task OnGetAsync() => Text = await client.{|#4:GetStringAsync|}("/orders");
        }
        """,
        """
        using System.Data.Common;
        using System.Net.Http;
        using System.Net.Http.Json;
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.AspNetCore.Mvc.RazorPages;

        public sealed record Order(int Id);

        public sealed class OrdersController(HttpClient client, DbConnection connection) : ControllerBase
        {
            public async Task<string> Get(int id) => await client.GetStringAsync($"/orders/{id}", HttpContext.RequestAborted);

            public async Task<Order?> Find(int id) => await client.GetFromJsonAsync<Order>($"/orders/{id}", HttpContext.RequestAborted);

            public async Task Delete(CancellationToken cancellationToken, int id)
            {
                using var command = connection.CreateCommand();
                command.CommandText = "DELETE FROM orders";
                await command.ExecuteNonQueryAsync(cancellationToken);
            }

            public async Task Archive(int id, CancellationToken cancellationToken)
            {
                await connection.OpenAsync(cancellationToken);
            }
        }

        public sealed class OrdersPage(HttpClient client) : PageModel
        {
            public string Text { get; private set; } = "";

            public async Task OnGetAsync() => Text = await client.GetStringAsync("/orders", HttpContext.RequestAborted);
        }
        """,
        ReferenceSets.AspNetCore,
        Verify.Diagnostic("RES6004").WithLocation(0).WithArguments("GetStringAsync", "the controller action OrdersController.Get", NoToken, "pass HttpContext.RequestAborted"),
        Verify.Diagnostic("RES6004").WithLocation(1).WithArguments("GetFromJsonAsync", "the controller action OrdersController.Find", NoToken, "pass HttpContext.RequestAborted"),
        Verify.Diagnostic("RES6004").WithLocation(2).WithArguments("ExecuteNonQueryAsync", "the controller action OrdersController.Delete", NoToken, "pass cancellationToken"),
        Verify.Diagnostic("RES6004").WithLocation(3).WithArguments("OpenAsync", "the controller action OrdersController.Archive", DefaultToken, "pass cancellationToken"),
        Verify.Diagnostic("RES6004").WithLocation(4).WithArguments("GetStringAsync", "the Razor Page handler OrdersPage.OnGetAsync", NoToken, "pass HttpContext.RequestAborted"));

    [Fact]
    public Task EfCoreAzureAndAwsCallsAreFlaggedAndGetTheToken() => Verify.VerifyCodeFixAsync(
        """
        using System.Collections.Generic;
        using System.Threading;
        using System.Threading.Tasks;
        using Amazon.S3;
        using Azure.Storage.Blobs;
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.EntityFrameworkCore;

        public sealed class Order
        {
            public int Id { get; set; }
        }

        public sealed class Shop(DbContextOptions<Shop> options) : DbContext(options)
        {
            public DbSet<Order> Orders => Set<Order>();
        }

        public sealed class OrdersController(Shop shop, BlobClient invoice, IAmazonS3 s3) : ControllerBase
        {
            public async Task<List<Order>> List() => await shop.Orders.{|#0:ToListAsync|}();

            public async Task<Order?> Find(int id) => await shop.Orders.{|#1:FirstOrDefaultAsync|}(order => order.Id == id);

            public async Task Add(Order order)
            {
                shop.Orders.Add(order);
                await shop.{|#2:SaveChangesAsync|}();
            }

            public async Task<string> Invoice() => (await invoice.{|#3:DownloadContentAsync|}()).Value.Content.ToString();

            public async Task<string> Archive(string key) => (await s3.{|#4:GetObjectAsync|}("archive", key)).ETag;
        }
        """,
        """
        using System.Collections.Generic;
        using System.Threading;
        using System.Threading.Tasks;
        using Amazon.S3;
        using Azure.Storage.Blobs;
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.EntityFrameworkCore;

        public sealed class Order
        {
            public int Id { get; set; }
        }

        public sealed class Shop(DbContextOptions<Shop> options) : DbContext(options)
        {
            public DbSet<Order> Orders => Set<Order>();
        }

        public sealed class OrdersController(Shop shop, BlobClient invoice, IAmazonS3 s3) : ControllerBase
        {
            public async Task<List<Order>> List() => await shop.Orders.ToListAsync(HttpContext.RequestAborted);

            public async Task<Order?> Find(int id) => await shop.Orders.FirstOrDefaultAsync(order => order.Id == id, HttpContext.RequestAborted);

            public async Task Add(Order order)
            {
                shop.Orders.Add(order);
                await shop.SaveChangesAsync(HttpContext.RequestAborted);
            }

            public async Task<string> Invoice() => (await invoice.DownloadContentAsync(HttpContext.RequestAborted)).Value.Content.ToString();

            public async Task<string> Archive(string key) => (await s3.GetObjectAsync("archive", key, HttpContext.RequestAborted)).ETag;
        }
        """,
        ReferenceSets.DataAndCloudSdks,
        Verify.Diagnostic("RES6004").WithLocation(0).WithArguments("ToListAsync", "the controller action OrdersController.List", NoToken, "pass HttpContext.RequestAborted"),
        Verify.Diagnostic("RES6004").WithLocation(1).WithArguments("FirstOrDefaultAsync", "the controller action OrdersController.Find", NoToken, "pass HttpContext.RequestAborted"),
        Verify.Diagnostic("RES6004").WithLocation(2).WithArguments("SaveChangesAsync", "the controller action OrdersController.Add", NoToken, "pass HttpContext.RequestAborted"),
        Verify.Diagnostic("RES6004").WithLocation(3).WithArguments("DownloadContentAsync", "the controller action OrdersController.Invoice", NoToken, "pass HttpContext.RequestAborted"),
        Verify.Diagnostic("RES6004").WithLocation(4).WithArguments("GetObjectAsync", "the controller action OrdersController.Archive", NoToken, "pass HttpContext.RequestAborted"));

    /// <summary>
    /// One fix adds the parameter and passes it; the handler's other calls then miss a token its last parameter holds,
    /// which CA2016 reports and forwards. Fix All passes it to every call of the handler at once.
    /// </summary>
    [Fact]
    public Task MinimalApiHandlersWithoutATokenGetAParameterOncePerHandler()
    {
        var test = new Verify.Test(ReferenceSets.AspNetCore)
        {
            TestCode = Handlers("{|#0:GetStringAsync|}", "{|#1:GetStringAsync|}", "(int id, HttpClient client)", "", "", "await client.{|#2:PostAsync|}(\"/orders\", null)"),
            FixedCode = Handlers("GetStringAsync", "GetStringAsync", "(int id, HttpClient client, CancellationToken cancellationToken)", ", cancellationToken", "", "await client.PostAsync(\"/orders\", null, context.RequestAborted)"),
            BatchFixedCode = Handlers("GetStringAsync", "GetStringAsync", "(int id, HttpClient client, CancellationToken cancellationToken)", ", cancellationToken", ", cancellationToken", "await client.PostAsync(\"/orders\", null, context.RequestAborted)"),
        };
        test.ExpectedDiagnostics.AddRange(
        [
            Verify.Diagnostic("RES6004").WithLocation(0).WithArguments("GetStringAsync", "the minimal-API handler of MapGet(\"/orders/{id}\")", NoToken, AddAParameter),
            Verify.Diagnostic("RES6004").WithLocation(1).WithArguments("GetStringAsync", "the minimal-API handler of MapGet(\"/orders/{id}\")", NoToken, AddAParameter),
            Verify.Diagnostic("RES6004").WithLocation(2).WithArguments("PostAsync", "the minimal-API handler of MapPost(\"/orders\")", NoToken, "pass context.RequestAborted"),
        ]);
        return test.RunAsync();

        static string Handlers(string first, string second, string parameters, string firstToken, string secondToken, string post) => $$"""
            using System.Net.Http;
            using System.Threading;
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Http;

            static class Endpoints
            {
                public static void Map(WebApplication app)
                {
                    app.MapGet("/orders/{id}", async {{parameters}} =>
                    {
                        var order = await client.{{first}}($"/orders/{id}"{{firstToken}});
                        var price = await client.{{second}}($"/prices/{id}"{{secondToken}});
                        return order + price;
                    });

                    app.MapPost("/orders", async (HttpContext context, HttpClient client) =>
                        {{post}});
                }
            }
            """;
    }

    [Fact]
    public Task PassedTokensDeliberateNoneCa2016sCasesAndWorkOffRequestPathsAreNotFlagged() => Verify.VerifyAnalyzerAsync(
        """
        using System;
        using System.Net.Http;
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.Extensions.Hosting;

        public sealed class AuditController(HttpClient client) : ControllerBase
        {
            public Task<string> Passed(CancellationToken cancellationToken) => client.GetStringAsync("/a", cancellationToken);

            public Task<string> Aborted() => client.GetStringAsync("/a", HttpContext.RequestAborted);

            // The audit record must be written whoever left: None says so.
            public Task<HttpResponseMessage> Audit() => client.PostAsync("/audit", null, CancellationToken.None);

            // CA2016 reports a token the method has as its last parameter and does not forward.
            public Task<string> Forgotten(int id, CancellationToken cancellationToken) => client.GetStringAsync("/a");

            public async Task<string> Body()
            {
                using var response = await client.GetAsync("/a", HttpContext.RequestAborted);
                return await response.Content.ReadAsStringAsync();
            }

            public Task Wait() => Task.Delay(10);
        }

        sealed class Poller(HttpClient client) : BackgroundService
        {
            protected override async Task ExecuteAsync(CancellationToken stoppingToken)
            {
                while (!stoppingToken.IsCancellationRequested)
                {
                    await client.GetStringAsync("/status");
                }
            }
        }

        sealed class OrdersService(HttpClient client)
        {
            public Task<string> GetAsync() => client.GetStringAsync("/orders");
        }

        static class Endpoints
        {
            public static void Map(WebApplication app) =>
                app.MapGet("/orders", (HttpClient client, CancellationToken cancellationToken) => client.GetStringAsync("/orders"));
        }
        """,
        ReferenceSets.AspNetCore);

    /// <summary>
    /// Only the files that may declare an entry point are searched, and there only the code of what may be one: a
    /// controller whose base the code declares in another file, a middleware, a hub and a consumer are each found, and
    /// neither a controller's private helper nor a handler only by name is an entry point.
    /// </summary>
    [Fact]
    public Task EntryPointsOfEachKindAreFoundInTheirOwnFiles() => Files.VerifyAnalyzerAsync(
        [
            """
            using Microsoft.AspNetCore.Mvc;

            public abstract class ApiBase : ControllerBase
            {
            }
            """,
            """
            using System.Net.Http;
            using System.Threading.Tasks;

            public sealed class OrdersController(HttpClient client) : ApiBase
            {
                public Task<string> Get() => client.{|#0:GetStringAsync|}("/orders");

                private Task<string> Audit() => client.GetStringAsync("/audit");
            }
            """,
            """
            using System.Net.Http;
            using System.Threading.Tasks;
            using Microsoft.AspNetCore.Http;

            public sealed class Audit(RequestDelegate next, HttpClient client)
            {
                public async Task InvokeAsync(HttpContext context)
                {
                    await client.{|#1:PostAsync|}("/audit", null);
                    await next(context);
                }
            }
            """,
            """
            using System.Globalization;
            using System.Net.Http;
            using System.Threading.Tasks;
            using Microsoft.AspNetCore.SignalR;

            public sealed class Prices(HttpClient client) : Hub
            {
                public async Task<decimal> Quote(string symbol)
                {
                    var text = await client.{|#2:GetStringAsync|}($"/quotes/{symbol}");
                    return decimal.Parse(text, CultureInfo.InvariantCulture);
                }
            }
            """,
            """
            using System.Net.Http;
            using System.Threading.Tasks;
            using MassTransit;

            public sealed record Shipment(int Id);

            public sealed class Shipped(HttpClient client) : IConsumer<Shipment>
            {
                public async Task Consume(ConsumeContext<Shipment> context) => await client.{|#3:PostAsync|}("/ship", null);
            }
            """,
            """
            using System.Net.Http;
            using System.Threading.Tasks;

            public sealed class ShipmentHandler(HttpClient client)
            {
                public Task<string> Handled() => client.GetStringAsync("/shipments");
            }
            """,
        ],
        ReferenceSets.Messaging,
        Files.Diagnostic("RES6004").WithLocation(0).WithArguments("GetStringAsync", "the controller action OrdersController.Get", NoToken, "pass HttpContext.RequestAborted"),
        Files.Diagnostic("RES6004").WithLocation(1).WithArguments("PostAsync", "the middleware Audit.InvokeAsync", NoToken, "pass context.RequestAborted"),
        Files.Diagnostic("RES6004").WithLocation(2).WithArguments("GetStringAsync", "the SignalR hub method Prices.Quote", NoToken, "pass Context.ConnectionAborted"),
        Files.Diagnostic("RES6004").WithLocation(3).WithArguments("PostAsync", "the message handler Shipped.Consume", NoToken, "pass context.CancellationToken"));

    [Theory]
    [InlineData("client.GetStringAsync(\"/a\"", 1)]
    [InlineData("client.GetStringAsync(\"/a\", )", 0)]
    [InlineData("client.GetStringAsyn(\"/a\")", 0)]
    public async Task HalfTypedCodeIsAnalyzedWithoutCrashing(string call, int expected)
    {
        var source = $$"""
            using System.Net.Http;
            using System.Threading.Tasks;
            using Microsoft.AspNetCore.Mvc;

            public sealed class OrdersController(HttpClient client) : ControllerBase
            {
                public Task<string> Get() => {{call}};
            }
            """;

        Assert.Equal(expected, await AnalyzerRunner.CountAsync(new RES6004OutboundCallIgnoresCancellationAnalyzer(), source, ReferenceSets.AspNetCore));
    }
}
