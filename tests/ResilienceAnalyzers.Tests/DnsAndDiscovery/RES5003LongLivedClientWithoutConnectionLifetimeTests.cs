using System.Threading.Tasks;
using ResilienceAnalyzers.DnsAndDiscovery;
using ResilienceAnalyzers.Tests.Infrastructure;
using Xunit;
using Verify = ResilienceAnalyzers.Tests.Infrastructure.CSharpCodeFixVerifier<
    ResilienceAnalyzers.DnsAndDiscovery.RES5003LongLivedClientWithoutConnectionLifetimeAnalyzer,
    ResilienceAnalyzers.CodeFixes.DnsAndDiscovery.RES5003LongLivedClientWithoutConnectionLifetimeCodeFix>;

namespace ResilienceAnalyzers.Tests.DnsAndDiscovery;

public sealed class RES5003LongLivedClientWithoutConnectionLifetimeTests
{
    [Fact]
    public Task StaticClientsWhoseConnectionsNeverExpireAreFlaggedAndFixed() => Verify.VerifyCodeFixAsync(
        """
        using System;
        using System.Net.Http;

        static class Clients
        {
            private static readonly HttpClient Plain = [|new HttpClient()|];
            private static readonly HttpClient TargetTyped = [|new()|];
            private static readonly HttpClient Sockets = [|new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 10 })|];
            private static HttpClient Assigned { get; set; } = null!;

            static void Reset() => Assigned = [|new HttpClient()|];
        }
        """,
        """
        using System;
        using System.Net.Http;

        static class Clients
        {
            private static readonly HttpClient Plain = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) });
            private static readonly HttpClient TargetTyped = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) });
            private static readonly HttpClient Sockets = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 10, PooledConnectionLifetime = TimeSpan.FromMinutes(2) });
            private static HttpClient Assigned { get; set; } = null!;

            static void Reset() => Assigned = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) });
        }
        """);

    [Fact]
    public Task ClientsWithExpiringConnectionsOrShortLivesAreNotFlagged() => Verify.VerifyAnalyzerAsync(
        """
        using System;
        using System.Net.Http;

        class Clients(HttpMessageHandler injected)
        {
            private static readonly HttpClient Rotating = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) });
            private static readonly HttpClient FromHandler = new(SharedHandler());
            private readonly HttpClient instance = new();
            private readonly HttpClient wrapped = new(injected);

            static HttpMessageHandler SharedHandler() => new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) };

            string Once()
            {
                using var client = new HttpClient();
                return client.BaseAddress?.ToString() ?? "";
            }
        }
        """);

    [Fact]
    public Task HandlersBuiltSeparatelyAndClientsOfHostedServicesAndSingletonsAreJudged() => Verify.VerifyAnalyzerAsync(
        """
        using System;
        using System.Net.Http;
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.Extensions.DependencyInjection;
        using Microsoft.Extensions.Hosting;

        static class Clients
        {
            private static readonly SocketsHttpHandler Plain = new() { ConnectTimeout = TimeSpan.FromSeconds(5) };
            private static readonly SocketsHttpHandler Rotating = new() { PooledConnectionLifetime = TimeSpan.FromMinutes(2) };

            public static readonly HttpClient OverPlain = {|#0:new HttpClient(Plain)|};
            public static readonly HttpClient OverRotating = new(Rotating);
            public static HttpClient? Configured;

            public static void Configure()
            {
                var handler = new SocketsHttpHandler();
                handler.PooledConnectionLifetime = TimeSpan.FromMinutes(2);
                Configured = new HttpClient(handler);

                var bare = new SocketsHttpHandler { MaxConnectionsPerServer = 10 };
                Configured = {|#1:new HttpClient(bare)|};
            }

            public static void Register(IServiceCollection services) => services.AddSingleton<Pricing>();
        }

        sealed class Poller : BackgroundService
        {
            private readonly HttpClient client = {|#2:new HttpClient()|};

            protected override Task ExecuteAsync(CancellationToken stoppingToken) => client.GetStringAsync("/status", stoppingToken);
        }

        sealed class Pricing
        {
            private readonly HttpClient client;

            public Pricing() => client = {|#3:new HttpClient()|};

            public Task<string> QuoteAsync() => client.GetStringAsync("/quote");
        }

        sealed class PerRequest
        {
            private readonly HttpClient client = new();

            public Task<string> QuoteAsync() => client.GetStringAsync("/quote");
        }
        """,
        ReferenceSets.AspNetCore,
        Verify.Diagnostic("RES5003").WithLocation(0).WithArguments("This static HttpClient"),
        Verify.Diagnostic("RES5003").WithLocation(1).WithArguments("This static HttpClient"),
        Verify.Diagnostic("RES5003").WithLocation(2).WithArguments("This HttpClient of the hosted service Poller"),
        Verify.CompilationEndDiagnostic("RES5003").WithLocation(3).WithArguments("This HttpClient of the singleton Pricing"));

    [Fact]
    public Task AnotherHandlerIsFlaggedButGetsNoFix()
    {
        const string source = """
            using System.Net.Http;

            static class Clients
            {
                private static readonly HttpClient Legacy = [|new HttpClient(new HttpClientHandler())|];
            }
            """;

        return Verify.VerifyCodeFixAsync(source, source);
    }

    [Theory]
    [InlineData("new HttpClient(", 1)]
    [InlineData("new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = })", 0)]
    [InlineData("new HttpCli()", 0)]
    public async Task HalfTypedCodeIsAnalyzedWithoutCrashing(string creation, int expected)
    {
        var source = $$"""
            using System.Net.Http;

            static class Clients
            {
                private static readonly HttpClient Client = {{creation}};
            }
            """;

        Assert.Equal(expected, await AnalyzerRunner.CountAsync(new RES5003LongLivedClientWithoutConnectionLifetimeAnalyzer(), source, ReferenceSets.Net));
    }
}
