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
