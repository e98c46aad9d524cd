using System.Threading.Tasks;
using ResilienceAnalyzers.DnsAndDiscovery;
using ResilienceAnalyzers.Tests.Infrastructure;
using Xunit;
using Verify = ResilienceAnalyzers.Tests.Infrastructure.CSharpAnalyzerVerifier<
    ResilienceAnalyzers.DnsAndDiscovery.RES5002ClientPerOperationAnalyzer>;

namespace ResilienceAnalyzers.Tests.DnsAndDiscovery;

public sealed class RES5002ClientPerOperationTests
{
    [Fact]
    public Task ClientDisposedInAControllerActionIsFlaggedAndTheMessageNamesTheAction() => Verify.VerifyAnalyzerAsync(
        """
        using System.Net.Http;
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Mvc;

        public class StockController : ControllerBase
        {
            public async Task<IActionResult> Get(string sku)
            {
                using var client = new HttpClient();
                return Ok(await client.GetStringAsync("http://inventory/stock/" + sku));
            }
        }
        """,
        ReferenceSets.AspNetCore,
        Verify.Diagnostic("RES5002").WithSpan(9, 28, 9, 44).WithArguments("the controller action StockController.Get"));

    [Fact]
    public Task ClientsCreatedPerRequestPerIterationOrPerControllerAreFlagged() => Verify.VerifyAnalyzerAsync(
        """
        using System.Collections.Generic;
        using System.Net.Http;
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.AspNetCore.SignalR;

        static class Endpoints
        {
            public static void Map(WebApplication app) =>
                app.MapGet("/price", (string sku) => [|new HttpClient()|].GetStringAsync("http://pricing/" + sku));
        }

        public class OrdersController : ControllerBase
        {
            private readonly HttpClient client = [|new HttpClient()|];

            public async Task<IActionResult> Post(string id)
            {
                using (var local = [|new HttpClient(new HttpClientHandler { UseCookies = false })|])
                {
                    await local.PostAsync("http://billing/charge/" + id, null);
                }

                return Ok(await client.GetStringAsync("http://orders/" + id));
            }
        }

        public class ChatHub : Hub
        {
            private readonly HttpClient client;

            public ChatHub() => client = [|new HttpClient()|];

            public Task<string> Send(string text) => client.GetStringAsync("http://moderation/" + text);
        }

        public static class Importer
        {
            public static async Task RunAsync(IEnumerable<string> urls)
            {
                foreach (var url in urls)
                {
                    using var client = [|new HttpClient()|];
                    await client.GetAsync(url);
                }
            }
        }
        """,
        ReferenceSets.AspNetCore);

    [Fact]
    public Task ClientsCreatedInMethodsThatRequestPathsCallAreFlaggedAtCompilationEnd() => Verify.VerifyAnalyzerAsync(
        [
            """
            using System.Threading.Tasks;
            using Microsoft.AspNetCore.Mvc;

            public class OrdersController(BillingGateway billing) : ControllerBase
            {
                public async Task<IActionResult> Charge(string id) => Ok(await billing.ChargeAsync(id));
            }
            """,
            """
            using System.Net.Http;
            using System.Threading.Tasks;

            public sealed class BillingGateway
            {
                public async Task<bool> ChargeAsync(string id)
                {
                    using (var client = {|#0:new HttpClient()|})
                    {
                        var response = await client.PostAsync("http://billing/charge/" + id, null);
                        return response.IsSuccessStatusCode;
                    }
                }
            }
            """,
        ],
        ReferenceSets.AspNetCore,
        Verify.CompilationEndDiagnostic("RES5002").WithLocation(0).WithArguments("BillingGateway.ChargeAsync, which the controller action OrdersController.Charge calls"));

    [Fact]
    public Task SharedStoredReturnedOrOneShotClientsAreNotFlagged() => Verify.VerifyAnalyzerAsync(
        """
        using System;
        using System.Net.Http;
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.Extensions.DependencyInjection;
        using Microsoft.Extensions.Hosting;

        public class OrdersController(IHttpClientFactory factory, HttpMessageHandler sharedHandler) : ControllerBase
        {
            private static readonly HttpClient Shared = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) });
            private static HttpClient? lazy;

            public async Task<IActionResult> FromFactory() => Ok(await factory.CreateClient("orders").GetStringAsync("http://orders/"));

            public async Task<IActionResult> OverSharedHandler()
            {
                using var client = new HttpClient(sharedHandler, disposeHandler: false);
                return Ok(await client.GetStringAsync("http://orders/"));
            }

            public async Task<IActionResult> Lazily() => Ok(await (lazy ??= new HttpClient()).GetStringAsync("http://orders/"));

            public async Task<IActionResult> Static() => Ok(await Shared.GetStringAsync("http://orders/"));

            public async Task<IActionResult> ConfiguredOnce()
            {
                if (lazy is null)
                {
                    var client = new HttpClient();
                    client.Timeout = TimeSpan.FromSeconds(5);
                    lazy = client;
                }

                return Ok(await lazy.GetStringAsync("http://orders/"));
            }
        }

        public sealed class OrdersApi
        {
            private readonly HttpClient client = new HttpClient();
            private HttpClient? replaced;

            public static HttpClient Create()
            {
                var client = new HttpClient { BaseAddress = new Uri("http://orders/") };
                return client;
            }

            public void Replace() => replaced = new HttpClient();
        }

        public sealed class Warmup : IHostedService
        {
            public async Task StartAsync(CancellationToken cancellationToken)
            {
                using var client = new HttpClient();
                await client.GetAsync("http://orders/health", cancellationToken);
            }

            public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
        }

        public static class Program
        {
            public static async Task Main()
            {
                using var client = new HttpClient();
                Console.WriteLine(await client.GetStringAsync("http://orders/"));
                var services = new ServiceCollection().AddSingleton(_ => new HttpClient());
            }
        }
        """,
        ReferenceSets.AspNetCore);

    [Theory]
    [InlineData("using var client = new HttpClient(;", 1)]
    [InlineData("using var client = new HttpClent();", 0)]
    [InlineData("using var client = new HttpClient(handler: );", 0)]
    [InlineData("using var client = new HttpClient(", 1)]
    public async Task HalfTypedCodeIsAnalyzedWithoutCrashing(string statement, int expected)
    {
        var source = $$"""
            using System.Net.Http;
            using Microsoft.AspNetCore.Mvc;

            public class StockController : ControllerBase
            {
                public IActionResult Get()
                {
                    {{statement}}
                    return Ok();
                }
            }
            """;

        Assert.Equal(expected, await AnalyzerRunner.CountAsync(new RES5002ClientPerOperationAnalyzer(), source, ReferenceSets.AspNetCore));
    }
}
