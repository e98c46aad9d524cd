using System.Threading.Tasks;
using ResilienceAnalyzers.DnsAndDiscovery;
using ResilienceAnalyzers.Tests.Infrastructure;
using Xunit;
using Verify = ResilienceAnalyzers.Tests.Infrastructure.CSharpCodeFixVerifier<
    ResilienceAnalyzers.DnsAndDiscovery.RES5004FactoryClientKeptForTheProcessAnalyzer,
    ResilienceAnalyzers.CodeFixes.DnsAndDiscovery.RES5004FactoryClientKeptForTheProcessCodeFix>;

namespace ResilienceAnalyzers.Tests.DnsAndDiscovery;

public sealed class RES5004FactoryClientKeptForTheProcessTests
{
    private const string PinnedByVersion8 = "its handler keeps its connections forever (Microsoft.Extensions.Http 8.x builds an HttpClientHandler without PooledConnectionLifetime)";
    private const string PinnedByPrimaryHandler = "its primary handler, configured without PooledConnectionLifetime, keeps its connections forever";

    [Fact]
    public Task ClientsKeptByHostedServicesSingletonsAndStaticsAreFlaggedWhenTheFactoryBuildsHandlersThatKeepConnections() => Verify.VerifyAnalyzerAsync(
        """
        using System.Net.Http;
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.Extensions.DependencyInjection;
        using Microsoft.Extensions.Hosting;

        static class Startup
        {
            public static void Register(IServiceCollection services)
            {
                services.AddHttpClient();
                services.AddHttpClient<CatalogClient>();
                services.AddHostedService<StatusPoller>();
                services.AddHostedService<CatalogSync>();
                services.AddSingleton<PriceCache>();
                services.AddSingleton<IRates, RatesFeed>();
            }
        }

        sealed class CatalogClient(HttpClient client)
        {
            public Task<string> ListAsync(CancellationToken cancellationToken) => client.GetStringAsync("/items", cancellationToken);
        }

        sealed class StatusPoller : BackgroundService
        {
            private readonly HttpClient client;

            public StatusPoller(IHttpClientFactory factory) => client = {|#0:factory.CreateClient()|};

            protected override Task ExecuteAsync(CancellationToken stoppingToken) => client.GetStringAsync("/status", stoppingToken);
        }

        sealed class CatalogSync(CatalogClient {|#1:catalog|}) : BackgroundService
        {
            protected override Task ExecuteAsync(CancellationToken stoppingToken) => catalog.ListAsync(stoppingToken);
        }

        sealed class PriceCache
        {
            private readonly HttpClient client;

            public PriceCache(HttpClient {|#2:client|}) => this.client = client ?? throw new System.ArgumentNullException(nameof(client));

            public Task<string> QuoteAsync() => client.GetStringAsync("/quote");
        }

        interface IRates { }

        sealed class RatesFeed(IHttpClientFactory factory) : IRates
        {
            private readonly HttpClient client = {|#3:factory.CreateClient("rates")|};
        }

        static class Shared
        {
            private static HttpClient? client;

            public static void Initialize(IHttpClientFactory factory) => client = {|#4:factory.CreateClient("shared")|};
        }
        """,
        ReferenceSets.AspNetCoreWithHttpClientFactory8,
        Verify.Diagnostic("RES5004").WithLocation(0).WithArguments("This client from IHttpClientFactory", "the hosted service StatusPoller", PinnedByVersion8),
        Verify.CompilationEndDiagnostic("RES5004").WithLocation(1).WithArguments("The typed client CatalogClient", "the hosted service CatalogSync", PinnedByVersion8),
        Verify.CompilationEndDiagnostic("RES5004").WithLocation(2).WithArguments("The HttpClient injected from IHttpClientFactory", "the singleton PriceCache", PinnedByVersion8),
        Verify.CompilationEndDiagnostic("RES5004").WithLocation(3).WithArguments("This client from IHttpClientFactory", "the singleton RatesFeed", PinnedByVersion8),
        Verify.Diagnostic("RES5004").WithLocation(4).WithArguments("This client from IHttpClientFactory", "the static field Shared.client", PinnedByVersion8));

    /// <summary>A singleton registered by hand whose constructor a tool generated: the finding would land in generated code.</summary>
    [Fact]
    public Task AClientInjectedThroughAGeneratedConstructorIsNotFlagged()
    {
        var test = new CSharpAnalyzerVerifier<RES5004FactoryClientKeptForTheProcessAnalyzer>.Test(ReferenceSets.AspNetCoreWithHttpClientFactory8);
        test.TestState.Sources.Add(("/src/Startup.cs", """
            using Microsoft.Extensions.DependencyInjection;

            static class Startup
            {
                public static void Register(IServiceCollection services)
                {
                    services.AddHttpClient();
                    services.AddSingleton<PriceCache>();
                }
            }
            """));
        test.TestState.Sources.Add(("/src/PriceCache.g.cs", """
            using System.Net.Http;

            sealed partial class PriceCache
            {
                private readonly HttpClient client;

                public PriceCache(HttpClient client) => this.client = client;
            }
            """));
        return test.RunAsync();
    }

    [Fact]
    public Task ClientsInitializedInTheirDeclarationAreFixedIntoAPropertyThatAsksTheFactoryOnEachRead() => Verify.VerifyCodeFixAsync(
        """
        using System.Net.Http;
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.Extensions.Hosting;

        sealed class Poller(IHttpClientFactory factory) : BackgroundService
        {
            private readonly HttpClient client = {|#0:factory.CreateClient("status")|};

            public HttpClient Reports { get; } = {|#1:factory.CreateClient()|};

            protected override Task ExecuteAsync(CancellationToken stoppingToken) => client.GetStringAsync("/status", stoppingToken);
        }
        """,
        """
        using System.Net.Http;
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.Extensions.Hosting;

        sealed class Poller(IHttpClientFactory factory) : BackgroundService
        {
            private HttpClient client => factory.CreateClient("status");

            public HttpClient Reports => factory.CreateClient();

            protected override Task ExecuteAsync(CancellationToken stoppingToken) => client.GetStringAsync("/status", stoppingToken);
        }
        """,
        ReferenceSets.AspNetCoreWithHttpClientFactory8,
        Verify.Diagnostic("RES5004").WithLocation(0).WithArguments("This client from IHttpClientFactory", "the hosted service Poller", PinnedByVersion8),
        Verify.Diagnostic("RES5004").WithLocation(1).WithArguments("This client from IHttpClientFactory", "the hosted service Poller", PinnedByVersion8));

    [Fact]
    public Task AMemberAssignedAgainIsFlaggedButGetsNoFix()
    {
        const string source = """
            using System.Net.Http;
            using System.Threading;
            using System.Threading.Tasks;
            using Microsoft.Extensions.Hosting;

            sealed class Resetting(IHttpClientFactory factory) : BackgroundService
            {
                private HttpClient client = [|factory.CreateClient()|];

                protected override Task ExecuteAsync(CancellationToken stoppingToken)
                {
                    this.client = factory.CreateClient("other");
                    return client.GetStringAsync("/status", stoppingToken);
                }
            }
            """;

        return Verify.VerifyCodeFixAsync(source, source, ReferenceSets.AspNetCoreWithHttpClientFactory8);
    }

    [Fact]
    public Task ClientsCreatedPerUseOrKeptByShortLivedInstancesOrOverRotatingHandlersAreNotFlagged() => Verify.VerifyAnalyzerAsync(
        """
        using System;
        using System.Net.Http;
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.Extensions.DependencyInjection;
        using Microsoft.Extensions.Hosting;

        static class Startup
        {
            public static void Register(IServiceCollection services)
            {
                services.AddHttpClient<CatalogClient>();
                services.AddHttpClient("rotating").ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) });
                services.AddHostedService<PerUsePoller>();
                services.AddHostedService<RotatingPoller>();
                services.AddScoped<CatalogPage>();
                services.AddTransient<Checkout>();
            }
        }

        sealed class CatalogClient(HttpClient client)
        {
            public Task<string> ListAsync() => client.GetStringAsync("/items");
        }

        sealed class PerUsePoller(IHttpClientFactory factory) : BackgroundService
        {
            protected override async Task ExecuteAsync(CancellationToken stoppingToken)
            {
                while (!stoppingToken.IsCancellationRequested)
                {
                    var client = factory.CreateClient();
                    await client.GetStringAsync("/status", stoppingToken);
                }
            }
        }

        sealed class RotatingPoller(IHttpClientFactory factory) : BackgroundService
        {
            private readonly HttpClient client = factory.CreateClient("rotating");

            protected override Task ExecuteAsync(CancellationToken stoppingToken) => client.GetStringAsync("/status", stoppingToken);
        }

        sealed class CatalogPage(CatalogClient catalog)
        {
            public Task<string> ShowAsync() => catalog.ListAsync();
        }

        sealed class Checkout
        {
            private readonly HttpClient client;

            public Checkout(IHttpClientFactory factory) => client = factory.CreateClient();
        }

        public sealed class OrdersController : ControllerBase
        {
            private readonly HttpClient client;

            public OrdersController(IHttpClientFactory factory) => client = factory.CreateClient();
        }

        static class Factories
        {
            private static IHttpClientFactory? factory;

            public static void Initialize(IHttpClientFactory value) => factory = value;

            public static HttpClient Client => factory!.CreateClient();
        }

        sealed class TestHost
        {
            public HttpClient CreateClient() => new();
        }

        static class Tests
        {
            private static readonly HttpClient Client = new TestHost().CreateClient();
        }
        """,
        ReferenceSets.AspNetCoreWithHttpClientFactory8);

    [Fact]
    public Task FromVersion9TheDefaultHandlerRotatesSoOnlyAConfiguredPrimaryHandlerThatKeepsConnectionsIsFlagged() => Verify.VerifyAnalyzerAsync(
        """
        using System;
        using System.Net.Http;
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.Extensions.DependencyInjection;
        using Microsoft.Extensions.Hosting;

        static class Startup
        {
            public static void Register(IServiceCollection services)
            {
                services.AddHttpClient("legacy").ConfigurePrimaryHttpMessageHandler(() => new HttpClientHandler { UseCookies = false });
                services.AddHttpClient<CatalogClient>().ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(2) });
                services.AddHttpClient("socketsDefault").UseSocketsHttpHandler((handler, _) => handler.ConnectTimeout = TimeSpan.FromSeconds(2));
                services.AddHostedService<LegacyPoller>();
                services.AddHostedService<CatalogSync>();
                services.AddHostedService<DefaultPoller>();
                services.AddSingleton(provider => new Rates({|#2:provider.GetRequiredService<IHttpClientFactory>().CreateClient("legacy")|}));
            }
        }

        sealed class CatalogClient(HttpClient client)
        {
            public Task<string> ListAsync(CancellationToken cancellationToken) => client.GetStringAsync("/items", cancellationToken);
        }

        sealed class LegacyPoller(IHttpClientFactory factory) : BackgroundService
        {
            private readonly HttpClient client = {|#0:factory.CreateClient("legacy")|};

            protected override Task ExecuteAsync(CancellationToken stoppingToken) => client.GetStringAsync("/status", stoppingToken);
        }

        sealed class CatalogSync : BackgroundService
        {
            private readonly CatalogClient catalog;

            public CatalogSync(CatalogClient {|#1:catalog|}) => this.catalog = catalog;

            protected override Task ExecuteAsync(CancellationToken stoppingToken) => catalog.ListAsync(stoppingToken);
        }

        sealed class DefaultPoller(IHttpClientFactory factory) : BackgroundService
        {
            private readonly HttpClient plain = factory.CreateClient();
            private readonly HttpClient sockets = factory.CreateClient("socketsDefault");

            protected override Task ExecuteAsync(CancellationToken stoppingToken) => plain.GetStringAsync("/status", stoppingToken);
        }

        sealed class Rates(HttpClient client)
        {
            public Task<string> GetAsync() => client.GetStringAsync("/rates");
        }
        """,
        ReferenceSets.AspNetCore,
        Verify.CompilationEndDiagnostic("RES5004").WithLocation(0).WithArguments("This client from IHttpClientFactory", "the hosted service LegacyPoller", PinnedByPrimaryHandler),
        Verify.CompilationEndDiagnostic("RES5004").WithLocation(1).WithArguments("The typed client CatalogClient", "the hosted service CatalogSync", PinnedByPrimaryHandler),
        Verify.CompilationEndDiagnostic("RES5004").WithLocation(2).WithArguments("This client from IHttpClientFactory", "the singleton Rates", PinnedByPrimaryHandler));

    [Fact]
    public Task APrimaryHandlerConfiguredAnywhereDefersTheLiveJudgementToTheRegistrations() => Verify.VerifyAnalyzerAsync(
        """
        using System;
        using System.Net.Http;
        using Microsoft.Extensions.DependencyInjection;

        static class Startup
        {
            public static void Register(IServiceCollection services) =>
                services.AddHttpClient("shared").ConfigurePrimaryHttpMessageHandler(() => new HttpClientHandler());
        }

        static class Shared
        {
            private static HttpClient? client;
            private static HttpClient? other;

            public static void Initialize(IHttpClientFactory factory)
            {
                client = {|#0:factory.CreateClient("shared")|};
                other = factory.CreateClient(Environment.GetEnvironmentVariable("CLIENT") ?? "");
            }
        }
        """,
        ReferenceSets.AspNetCoreWithHttpClientFactory8,
        Verify.CompilationEndDiagnostic("RES5004").WithLocation(0).WithArguments("This client from IHttpClientFactory", "the static field Shared.client", PinnedByPrimaryHandler));

    [Fact]
    public Task APrimaryHandlerConfiguredByAHelperOrTwiceDifferentlyIsNotJudged() => Verify.VerifyAnalyzerAsync(
        """
        using System.Net.Http;
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.Extensions.DependencyInjection;
        using Microsoft.Extensions.Hosting;

        static class Startup
        {
            public static void Register(IServiceCollection services)
            {
                services.AddHttpClient("probe")
                    .ConfigurePrimaryHttpMessageHandler(() => new HttpClientHandler())
                    .WithoutRedirects();
                services.AddHostedService<Prober>();
            }

            // A helper that configures whichever handler the registration has: the rule cannot tell which client it reaches.
            static IHttpClientBuilder WithoutRedirects(this IHttpClientBuilder builder) =>
                builder.ConfigurePrimaryHttpMessageHandler((handler, _) => ((HttpClientHandler)handler).AllowAutoRedirect = false);
        }

        sealed class Prober(IHttpClientFactory factory) : BackgroundService
        {
            private readonly HttpClient client = factory.CreateClient("probe");

            protected override Task ExecuteAsync(CancellationToken stoppingToken) => client.GetStringAsync("/probe", stoppingToken);
        }
        """,
        ReferenceSets.AspNetCore);

    [Fact]
    public Task ClientsDefaultsCanRotateOrKeepConnectionsForEveryClient() => Verify.VerifyAnalyzerAsync(
        """
        using System;
        using System.Net.Http;
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.Extensions.DependencyInjection;
        using Microsoft.Extensions.Hosting;

        static class Startup
        {
            public static void Register(IServiceCollection services)
            {
                services.ConfigureHttpClientDefaults(builder => builder.ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }));
                services.AddHostedService<Poller>();
            }
        }

        sealed class Poller(IHttpClientFactory factory) : BackgroundService
        {
            private readonly HttpClient client = factory.CreateClient();

            protected override Task ExecuteAsync(CancellationToken stoppingToken) => client.GetStringAsync("/status", stoppingToken);
        }
        """,
        ReferenceSets.AspNetCoreWithHttpClientFactory8);

    [Theory]
    [InlineData("factory.CreateClient(", 1)]
    [InlineData("factory.CreateClient(name: )", 0)]
    [InlineData("factory.CreateClien()", 0)]
    public async Task HalfTypedCodeIsAnalyzedWithoutCrashing(string creation, int expected)
    {
        var source = $$"""
            using System.Net.Http;
            using System.Threading;
            using System.Threading.Tasks;
            using Microsoft.Extensions.DependencyInjection;
            using Microsoft.Extensions.Hosting;

            static class Startup
            {
                public static void Register(IServiceCollection services) => services.AddHostedService<Poller>();
            }

            sealed class Poller(IHttpClientFactory factory) : BackgroundService
            {
                private readonly HttpClient client = {{creation}};

                protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.CompletedTask;
            }
            """;

        Assert.Equal(expected, await AnalyzerRunner.CountAsync(new RES5004FactoryClientKeptForTheProcessAnalyzer(), source, ReferenceSets.AspNetCoreWithHttpClientFactory8));
    }
}
