using System.Threading.Tasks;
using ResilienceAnalyzers.DnsAndDiscovery;
using ResilienceAnalyzers.Tests.Infrastructure;
using Xunit;
using Verify = ResilienceAnalyzers.Tests.Infrastructure.CSharpAnalyzerVerifier<
    ResilienceAnalyzers.DnsAndDiscovery.RES5001UncachedLookupOnRequestPathAnalyzer>;

namespace ResilienceAnalyzers.Tests.DnsAndDiscovery;

public sealed class RES5001UncachedLookupOnRequestPathTests
{
    [Fact]
    public Task LookupInAControllerActionIsFlaggedAndTheMessageNamesTheAction() => Verify.VerifyAnalyzerAsync(
        """
        using System.Net;
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Mvc;

        public class InventoryController : ControllerBase
        {
            public async Task<IActionResult> Get()
            {
                var addresses = await Dns.GetHostAddressesAsync("inventory.internal");
                return Ok(addresses.Length);
            }
        }
        """,
        ReferenceSets.AspNetCore,
        Verify.Diagnostic("RES5001").WithSpan(9, 35, 9, 56).WithArguments("Dns.GetHostAddressesAsync", "the controller action InventoryController.Get"));

    [Fact]
    public Task LookupsInMinimalApiHandlersMiddlewareAndWorkerLoopsAreFlagged() => Verify.VerifyAnalyzerAsync(
        """
        using System.Net;
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;
        using Microsoft.Extensions.Hosting;

        static class Endpoints
        {
            public static void Map(WebApplication app) =>
                app.MapGet("/route", (string service) => Dns.[|GetHostEntry|](service + ".internal").AddressList[0].ToString());
        }

        public sealed class RoutingMiddleware(RequestDelegate next)
        {
            public async Task InvokeAsync(HttpContext context)
            {
                context.Items["upstream"] = await Dns.[|GetHostEntryAsync|]("orders.internal");
                await next(context);
            }
        }

        public sealed class Poller : BackgroundService
        {
            protected override async Task ExecuteAsync(CancellationToken stoppingToken)
            {
                while (!stoppingToken.IsCancellationRequested)
                {
                    var addresses = Dns.[|GetHostAddresses|]("queue.internal");
                    await Task.Delay(addresses.Length, stoppingToken);
                }
            }
        }
        """,
        ReferenceSets.AspNetCore);

    [Fact]
    public Task LookupsInMethodsThatRequestPathsCallAreFlaggedAtCompilationEnd() => Verify.VerifyAnalyzerAsync(
        [
            """
            using System.Threading.Tasks;
            using Microsoft.AspNetCore.Mvc;

            public class OrdersController(IEndpointResolver resolver) : ControllerBase
            {
                public async Task<IActionResult> Get() => Ok(await resolver.ResolveAsync("orders.internal"));
            }
            """,
            """
            using System.Net;
            using System.Threading.Tasks;

            public interface IEndpointResolver
            {
                Task<IPAddress> ResolveAsync(string host);
            }

            public sealed class DnsEndpointResolver : IEndpointResolver
            {
                public async Task<IPAddress> ResolveAsync(string host) => (await Dns.{|#0:GetHostAddressesAsync|}(host))[0];
            }
            """,
        ],
        ReferenceSets.AspNetCore,
        Verify.CompilationEndDiagnostic("RES5001").WithLocation(0).WithArguments(
            "Dns.GetHostAddressesAsync",
            "DnsEndpointResolver.ResolveAsync, which the controller action OrdersController.Get calls through IEndpointResolver.ResolveAsync"));

    [Fact]
    public Task EachCallOfAChainIsConfirmedNotJustItsName() => Verify.VerifyAnalyzerAsync(
        """
        using System.Net;
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Mvc;

        public class RoutesController(Warmup warmup, Loader loader, Lookalike lookalike) : ControllerBase
        {
            // Warm caches the lookup's result, and Lookalike.Resolve only shares its name: neither runs the lookup per
            // request. Loader.Load does, one call further away.
            public async Task<IActionResult> Get() => Ok((await warmup.Warm()).Length + lookalike.Resolve("orders").Length + (await loader.Load()).Length);
        }

        public sealed class Warmup
        {
            private static IPAddress[]? known;

            public async Task<IPAddress[]> Warm() => known ??= await Lookups.Resolve("orders.internal");
        }

        public sealed class Loader
        {
            public Task<IPAddress[]> Load() => Lookups.Resolve("orders.internal");
        }

        public sealed class Lookalike
        {
            public string Resolve(string name) => name + ".internal";
        }

        public static class Lookups
        {
            public static Task<IPAddress[]> Resolve(string host) => Dns.{|#0:GetHostAddressesAsync|}(host);
        }
        """,
        ReferenceSets.AspNetCore,
        Verify.CompilationEndDiagnostic("RES5001").WithLocation(0).WithArguments(
            "Dns.GetHostAddressesAsync",
            "Lookups.Resolve, which the controller action RoutesController.Get calls through Loader.Load"));

    [Fact]
    public Task ACallReachesTheMethodsItsArgumentsFit() => Verify.VerifyAnalyzerAsync(
        """
        using System.Net;
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Mvc;

        public class HostsController : ControllerBase
        {
            // One argument for a parameter with a default, three for a params array, none beside the receiver of an
            // extension method: each call is to a helper that looks the host up. Probe("orders.internal", 80) calls the
            // overload that does not.
            public async Task<IActionResult> Get() =>
                Ok((await Lookups.WithPort("orders.internal")).Length
                    + (await Lookups.First("a.internal", "b.internal", "c.internal")).Length
                    + (await "orders.internal".Resolve()).Length
                    + Lookups.Probe("orders.internal", 80));
        }

        public static class Lookups
        {
            public static Task<IPAddress[]> WithPort(string host, int port = 80) => Dns.{|#0:GetHostAddressesAsync|}(host);

            public static Task<IPAddress[]> First(params string[] hosts) => Dns.{|#1:GetHostAddressesAsync|}(hosts[0]);

            public static Task<IPAddress[]> Resolve(this string host) => Dns.{|#2:GetHostAddressesAsync|}(host);

            public static int Probe(string host) => Dns.GetHostAddresses(host).Length;

            public static int Probe(string host, int port) => port;
        }
        """,
        ReferenceSets.AspNetCore,
        Verify.CompilationEndDiagnostic("RES5001").WithLocation(0).WithArguments("Dns.GetHostAddressesAsync", "Lookups.WithPort, which the controller action HostsController.Get calls"),
        Verify.CompilationEndDiagnostic("RES5001").WithLocation(1).WithArguments("Dns.GetHostAddressesAsync", "Lookups.First, which the controller action HostsController.Get calls"),
        Verify.CompilationEndDiagnostic("RES5001").WithLocation(2).WithArguments("Dns.GetHostAddressesAsync", "Lookups.Resolve, which the controller action HostsController.Get calls"));

    [Fact]
    public Task ACallNamedLikeALookupHelperIsNotFlaggedWhenItCallsAnotherMethod() => Verify.VerifyAnalyzerAsync(
        """
        using System.Net;
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Mvc;

        public class RoutesController(Names names) : ControllerBase
        {
            public IActionResult Get() => Ok(names.Resolve("orders"));
        }

        public sealed class Names
        {
            public string Resolve(string name) => name + ".internal";
        }

        public static class Lookups
        {
            public static Task<IPAddress[]> Resolve(string host) => Dns.GetHostAddressesAsync(host);
        }
        """,
        ReferenceSets.AspNetCore);

    [Fact]
    public async Task AMinimalApiHandlerInTopLevelStatementsReachesTheMethodsItCalls()
    {
        var test = new Verify.Test(ReferenceSets.AspNetCore)
        {
            TestCode = """
                using System.Net;
                using System.Threading.Tasks;
                using Microsoft.AspNetCore.Builder;

                var app = WebApplication.Create();
                app.MapGet("/route", (string service) => Routing.Upstream(service));
                app.Run();

                static class Routing
                {
                    public static Task<IPAddress[]> Upstream(string service) => Dns.{|#0:GetHostAddressesAsync|}(service + ".internal");
                }
                """,
        };
        test.TestState.OutputKind = Microsoft.CodeAnalysis.OutputKind.ConsoleApplication;
        test.ExpectedDiagnostics.Add(Verify.CompilationEndDiagnostic("RES5001").WithLocation(0).WithArguments(
            "Dns.GetHostAddressesAsync",
            "Routing.Upstream, which the minimal-API handler of MapGet(\"/route\") calls"));
        await test.RunAsync();
    }

    [Fact]
    public Task ANameTheRequestSuppliesIsNotFlaggedButANameBuiltFromItOrFromServicesIs() => Verify.VerifyAnalyzerAsync(
        """
        using System.Net;
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.Extensions.Options;

        public sealed class DomainForm
        {
            public string Domain { get; set; } = "";
        }

        public sealed class UpstreamSettings
        {
            public string Host { get; set; } = "";
        }

        public class DomainsController : ControllerBase
        {
            // Validating the domain an administrator typed, and this server's own host: a fresh answer is the point.
            [HttpPost]
            public async Task<IActionResult> Change(DomainForm form)
            {
                var typed = await Resolve(form.Domain.Trim());
                var own = await Resolve(Request.Host.Host);
                return Ok(typed.Length == own.Length);
            }

            [HttpGet]
            public IActionResult Check(string domain) => Ok(Dns.GetHostAddresses(domain).Length);

            [HttpGet]
            public async Task<IActionResult> Tenant(string tenant) => Ok((await Dns.[|GetHostAddressesAsync|](tenant + ".tenants.internal")).Length);

            private static Task<IPAddress[]> Resolve(string domainOrAddress) =>
                IPAddress.TryParse(domainOrAddress, out var address) ? Task.FromResult(new[] { address }) : Dns.GetHostAddressesAsync(domainOrAddress);
        }

        public class UpstreamController(IOptions<UpstreamSettings> settings) : ControllerBase
        {
            public async Task<IActionResult> Get(string region) => Ok((await Lookup(region)).Length + (await Lookup(settings.Value.Host)).Length);

            private static Task<IPAddress[]> Lookup(string host) => Dns.{|#0:GetHostAddressesAsync|}(host);
        }

        static class Endpoints
        {
            public static void Map(WebApplication app) =>
                app.MapGet("/upstream", (IOptions<UpstreamSettings> options) => Dns.[|GetHostEntry|](options.Value.Host).HostName);
        }
        """,
        ReferenceSets.AspNetCore,
        Verify.CompilationEndDiagnostic("RES5001").WithLocation(0).WithArguments(
            "Dns.GetHostAddressesAsync",
            "UpstreamController.Lookup, which the controller action UpstreamController.Get calls"));

    [Fact]
    public Task ServiceRegistryQueriesPerRequestAreFlaggedLikeDnsLookups() => Verify.VerifyAnalyzerAsync(
        """
        using System;
        using System.Linq;
        using System.Threading;
        using System.Threading.Tasks;
        using Consul;
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.Extensions.Caching.Memory;
        using Microsoft.Extensions.Hosting;

        public class OrdersController(IConsulClient consul, IMemoryCache cache) : ControllerBase
        {
            public async Task<IActionResult> Get()
            {
                var instances = await consul.Health.{|#0:Service|}("inventory", passingOnly: true);
                return Ok(instances.Response.Length);
            }

            public async Task<IActionResult> Catalog() => Ok((await consul.Catalog.{|#1:Services|}()).Response.Count);

            public async Task<IActionResult> Cached() =>
                Ok(await cache.GetOrCreateAsync("inventory", _ => consul.Health.Service("inventory", passingOnly: true)));
        }

        public sealed class Registration(IConsulClient consul) : IHostedService
        {
            public async Task StartAsync(CancellationToken cancellationToken) => await consul.Agent.Services(cancellationToken);

            public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
        }
        """,
        ReferenceSets.Consul,
        Verify.Diagnostic("RES5001").WithLocation(0).WithArguments("Consul's Health.Service", "the controller action OrdersController.Get"),
        Verify.Diagnostic("RES5001").WithLocation(1).WithArguments("Consul's Catalog.Services", "the controller action OrdersController.Catalog"));

    [Fact]
    public Task AHandRolledCacheWithALastKnownGoodValueIsNotFlaggedButAControllerFieldIs() => Verify.VerifyAnalyzerAsync(
        """
        using System;
        using System.Net;
        using System.Net.Sockets;
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Mvc;

        public sealed class UpstreamAddresses(string host)
        {
            private IPAddress[]? addresses;
            private DateTime refreshAfter;

            public async Task<IPAddress[]> GetAsync()
            {
                if (addresses is null || DateTime.UtcNow >= refreshAfter)
                {
                    try
                    {
                        addresses = await Dns.GetHostAddressesAsync(host).ConfigureAwait(false);
                        refreshAfter = DateTime.UtcNow.AddSeconds(30);
                    }
                    catch (SocketException) when (addresses is not null)
                    {
                        // Keep the last good answer while the resolver is down.
                    }
                }

                return addresses!;
            }
        }

        public class OrdersController(UpstreamAddresses upstream) : ControllerBase
        {
            private IPAddress[]? resolved;

            public async Task<IActionResult> Get() => Ok((await upstream.GetAsync()).Length);

            public async Task<IActionResult> Ping()
            {
                resolved = await Dns.[|GetHostAddressesAsync|]("orders.internal");
                return Ok(resolved.Length);
            }
        }
        """,
        ReferenceSets.AspNetCore);

    [Fact]
    public Task LookupsAtStartupBehindACacheOrWithoutTheResolverAreNotFlagged() => Verify.VerifyAnalyzerAsync(
        """
        using System;
        using System.Net;
        using System.Net.Http;
        using System.Net.Sockets;
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.Extensions.Caching.Memory;
        using Microsoft.Extensions.Hosting;

        public class LookupsController(IMemoryCache cache) : ControllerBase
        {
            private static IPAddress[]? known;

            public async Task<IActionResult> Cached(string host) =>
                Ok(await cache.GetOrCreateAsync(host, _ => Dns.GetHostAddressesAsync(host)));

            public async Task<IActionResult> Once() => Ok(known ??= await Dns.GetHostAddressesAsync("orders.internal"));

            public IActionResult Literal() => Ok(Dns.GetHostAddresses("10.0.0.7").Length + Dns.GetHostEntry("localhost").AddressList.Length);

            public IActionResult OwnAddresses() => Ok(Dns.GetHostAddresses(string.Empty).Length + Dns.GetHostEntry("").AddressList.Length + Dns.GetHostEntry(Dns.GetHostName()).AddressList.Length);

            public IActionResult Handler()
            {
                var handler = new SocketsHttpHandler
                {
                    ConnectCallback = async (context, token) =>
                    {
                        var addresses = await Dns.GetHostAddressesAsync(context.DnsEndPoint.Host, token);
                        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
                        await socket.ConnectAsync(addresses, context.DnsEndPoint.Port, token);
                        return new NetworkStream(socket, ownsSocket: true);
                    },
                };
                return Ok(handler.ConnectTimeout);
            }
        }

        public sealed class Warmup : IHostedService
        {
            public async Task StartAsync(CancellationToken cancellationToken) => await Dns.GetHostAddressesAsync("orders.internal", cancellationToken);

            public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
        }

        static class Endpoints
        {
            public static void Map(WebApplication app) =>
                app.MapGet("/cached", (string host, IMemoryCache cache) => cache.GetOrCreateAsync(host, _ => Dns.GetHostAddressesAsync(host)));
        }

        public static class Program
        {
            public static void Main() => Console.WriteLine(Dns.GetHostEntry("orders.internal").HostName);

            private static string Unused(string host) => Dns.GetHostEntry(host).HostName;
        }
        """,
        ReferenceSets.All);

    [Theory]
    [InlineData("Dns.GetHostAddresses(", 0)]
    [InlineData("Dns.GetHostAddresses()", 0)]
    [InlineData("Dns.GetHostAdresses(host)", 0)]
    [InlineData("Dns.GetHostAddresses(host", 1)]
    public async Task HalfTypedCodeIsAnalyzedWithoutCrashing(string lookup, int expected)
    {
        var source = $$"""
            using System.Net;
            using Microsoft.AspNetCore.Mvc;

            public class LookupsController : ControllerBase
            {
                private readonly string host = "orders.internal";

                public IActionResult Get() => Ok({{lookup}});
            }
            """;

        Assert.Equal(expected, await AnalyzerRunner.CountAsync(new RES5001UncachedLookupOnRequestPathAnalyzer(), source, ReferenceSets.AspNetCore));
    }
}
