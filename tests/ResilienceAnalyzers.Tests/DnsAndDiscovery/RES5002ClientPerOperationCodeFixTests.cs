using System.Threading.Tasks;
using ResilienceAnalyzers.Tests.Infrastructure;
using Xunit;
using Inject = ResilienceAnalyzers.Tests.Infrastructure.CSharpCodeFixVerifier<
    ResilienceAnalyzers.DnsAndDiscovery.RES5002ClientPerOperationAnalyzer,
    ResilienceAnalyzers.CodeFixes.DnsAndDiscovery.RES5002InjectFactoryCodeFix>;
using Share = ResilienceAnalyzers.Tests.Infrastructure.CSharpCodeFixVerifier<
    ResilienceAnalyzers.DnsAndDiscovery.RES5002ClientPerOperationAnalyzer,
    ResilienceAnalyzers.CodeFixes.DnsAndDiscovery.RES5002SharedClientCodeFix>;

namespace ResilienceAnalyzers.Tests.DnsAndDiscovery;

public sealed class RES5002ClientPerOperationCodeFixTests
{
    [Fact]
    public Task ClientsThatOnlySendShareOneStaticClientWhoseConnectionsExpire() => Share.VerifyCodeFixAsync(
        """
        using System;
        using System.Net.Http;
        using System.Net.Http.Json;
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Mvc;

        public class StockController : ControllerBase
        {
            private readonly string region = "eu";

            public async Task<IActionResult> Get(string sku)
            {
                using var client = [|new HttpClient()|];
                var stock = await client.GetFromJsonAsync<int>("http://inventory/" + region + "/" + sku);
                return Ok(stock + (await client.GetStringAsync("http://reservations/" + sku)).Length);
            }

            public async Task<IActionResult> Price(string sku) => Ok(await [|new HttpClient()|].GetStringAsync("http://pricing/" + sku));
        }
        """,
        """
        using System;
        using System.Net.Http;
        using System.Net.Http.Json;
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Mvc;

        public class StockController : ControllerBase
        {
            private readonly string region = "eu";
            private static readonly HttpClient SharedHttpClient = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) });

            public async Task<IActionResult> Get(string sku)
            {
                var client = SharedHttpClient;
                var stock = await client.GetFromJsonAsync<int>("http://inventory/" + region + "/" + sku);
                return Ok(stock + (await client.GetStringAsync("http://reservations/" + sku)).Length);
            }

            public async Task<IActionResult> Price(string sku) => Ok(await SharedHttpClient.GetStringAsync("http://pricing/" + sku));
        }
        """,
        ReferenceSets.AspNetCore);

    [Fact]
    public Task ClientsThatAreConfiguredDisposedInAStatementOrBuiltWithSettingsAreNotShared()
    {
        const string source = """
            using System;
            using System.Net.Http;
            using System.Threading.Tasks;
            using Microsoft.AspNetCore.Mvc;

            public class StockController : ControllerBase
            {
                public async Task<IActionResult> Get(string sku, string token)
                {
                    using var client = [|new HttpClient()|];
                    client.DefaultRequestHeaders.Add("Authorization", token);
                    return Ok(await client.GetStringAsync("http://inventory/" + sku));
                }

                public async Task<IActionResult> Reserve(string sku)
                {
                    using (var client = [|new HttpClient()|])
                    {
                        return Ok(await client.PostAsync("http://inventory/reserve/" + sku, null));
                    }
                }

                public async Task<IActionResult> Price(string sku)
                {
                    var client = [|new HttpClient { Timeout = TimeSpan.FromSeconds(3) }|];
                    return Ok(await client.GetStringAsync("http://pricing/" + sku));
                }
            }
            """;

        return Share.VerifyCodeFixAsync(source, source, ReferenceSets.AspNetCore);
    }

    [Fact]
    public Task AFactoryIsAddedToThePrimaryConstructorOnceForTheWholeClass() => Inject.VerifyCodeFixAsync(
        """
        using System.Net.Http;
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.Extensions.Logging;

        public class StockController(ILogger<StockController> logger) : ControllerBase
        {
            public async Task<IActionResult> Get(string sku, string token)
            {
                logger.LogInformation("Stock of {Sku}", sku);
                using var client = [|new HttpClient()|];
                client.DefaultRequestHeaders.Add("Authorization", token);
                return Ok(await client.GetStringAsync("http://inventory/" + sku));
            }

            public async Task<IActionResult> Price(string sku) => Ok(await [|new HttpClient()|].GetStringAsync("http://pricing/" + sku));
        }
        """,
        """
        using System.Net.Http;
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.Extensions.Logging;

        public class StockController(ILogger<StockController> logger, IHttpClientFactory httpClientFactory) : ControllerBase
        {
            public async Task<IActionResult> Get(string sku, string token)
            {
                logger.LogInformation("Stock of {Sku}", sku);
                using var client = httpClientFactory.CreateClient();
                client.DefaultRequestHeaders.Add("Authorization", token);
                return Ok(await client.GetStringAsync("http://inventory/" + sku));
            }

            public async Task<IActionResult> Price(string sku) => Ok(await httpClientFactory.CreateClient().GetStringAsync("http://pricing/" + sku));
        }
        """,
        ReferenceSets.AspNetCore);

    [Fact]
    public Task AFactoryIsReceivedByTheConstructorAndKeptInAField() => Inject.VerifyCodeFixAsync(
        """
        using System.Net.Http;
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.Extensions.Logging;

        public class OrdersController : ControllerBase
        {
            private readonly ILogger logger;

            public OrdersController(ILogger<OrdersController> logger)
            {
                this.logger = logger;
            }

            public async Task<IActionResult> Post(string id)
            {
                using (var client = [|new HttpClient()|])
                {
                    logger.LogInformation("Charging {Id}", id);
                    return Ok(await client.PostAsync("http://billing/charge/" + id, null));
                }
            }
        }
        """,
        """
        using System.Net.Http;
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.Extensions.Logging;

        public class OrdersController : ControllerBase
        {
            private readonly ILogger logger;
            private readonly IHttpClientFactory httpClientFactory;

            public OrdersController(ILogger<OrdersController> logger, IHttpClientFactory httpClientFactory)
            {
                this.logger = logger;
                this.httpClientFactory = httpClientFactory;
            }

            public async Task<IActionResult> Post(string id)
            {
                using (var client = httpClientFactory.CreateClient())
                {
                    logger.LogInformation("Charging {Id}", id);
                    return Ok(await client.PostAsync("http://billing/charge/" + id, null));
                }
            }
        }
        """,
        ReferenceSets.AspNetCore);

    [Fact]
    public Task AFactoryTheClassAlreadyReceivesIsUsed() => Inject.VerifyCodeFixAsync(
        """
        using System.Net.Http;
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Mvc;

        public class StockController(IHttpClientFactory clients) : ControllerBase
        {
            public async Task<IActionResult> Get(string sku) => Ok(await [|new HttpClient()|].GetStringAsync("http://inventory/" + sku + clients.GetHashCode()));
        }
        """,
        """
        using System.Net.Http;
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Mvc;

        public class StockController(IHttpClientFactory clients) : ControllerBase
        {
            public async Task<IActionResult> Get(string sku) => Ok(await clients.CreateClient().GetStringAsync("http://inventory/" + sku + clients.GetHashCode()));
        }
        """,
        ReferenceSets.AspNetCore);

    [Fact]
    public Task ClassesWithoutConstructorInjectionGetNoFactory()
    {
        const string source = """
            using System.Net.Http;
            using System.Threading.Tasks;
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Mvc;

            public class StockController : ControllerBase
            {
                public async Task<IActionResult> Get(string sku) => Ok(await [|new HttpClient()|].GetStringAsync("http://inventory/" + sku));
            }

            static class Endpoints
            {
                public static void Map(WebApplication app) =>
                    app.MapGet("/price", (string sku) => [|new HttpClient()|].GetStringAsync("http://pricing/" + sku));
            }
            """;

        return Inject.VerifyCodeFixAsync(source, source, ReferenceSets.AspNetCore);
    }
}
