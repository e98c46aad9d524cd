using System.Threading.Tasks;
using ResilienceAnalyzers.CascadingFailure;
using ResilienceAnalyzers.Tests.Infrastructure;
using Xunit;
using Verify = ResilienceAnalyzers.Tests.Infrastructure.CSharpCodeFixVerifier<
    ResilienceAnalyzers.CascadingFailure.RES6001InfiniteTimeoutAnalyzer,
    ResilienceAnalyzers.CodeFixes.CascadingFailure.RES6001InfiniteTimeoutCodeFix>;

namespace ResilienceAnalyzers.Tests.CascadingFailure;

public sealed class RES6001InfiniteTimeoutTests
{
    [Fact]
    public Task InfiniteTimeoutsAreFlaggedAndTheFixMakesThemFinite() => Verify.VerifyCodeFixAsync(
        """
        using System;
        using System.Net.Http;
        using System.Threading;
        using Microsoft.Extensions.DependencyInjection;
        using Polly;
        using Polly.Timeout;

        static class Clients
        {
            static void Configure(IServiceCollection services)
            {
                var client = new HttpClient { Timeout = {|#0:Timeout.InfiniteTimeSpan|} };
                client.Timeout = {|#1:Timeout.InfiniteTimeSpan|};
                var handler = new SocketsHttpHandler { ConnectTimeout = {|#2:Timeout.InfiniteTimeSpan|} };
                var pipeline = new ResiliencePipelineBuilder().AddTimeout({|#3:Timeout.InfiniteTimeSpan|}).Build();
                var options = new TimeoutStrategyOptions { Timeout = {|#4:Timeout.InfiniteTimeSpan|} };
                services.AddHttpClient("orders").AddStandardResilienceHandler(o => o.TotalRequestTimeout.Timeout = {|#5:Timeout.InfiniteTimeSpan|});
            }
        }
        """,
        """
        using System;
        using System.Net.Http;
        using System.Threading;
        using Microsoft.Extensions.DependencyInjection;
        using Polly;
        using Polly.Timeout;

        static class Clients
        {
            static void Configure(IServiceCollection services)
            {
                var client = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
                client.Timeout = TimeSpan.FromSeconds(30);
                var handler = new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(30) };
                var pipeline = new ResiliencePipelineBuilder().AddTimeout(TimeSpan.FromSeconds(30)).Build();
                var options = new TimeoutStrategyOptions { Timeout = TimeSpan.FromSeconds(30) };
                services.AddHttpClient("orders").AddStandardResilienceHandler(o => o.TotalRequestTimeout.Timeout = TimeSpan.FromSeconds(30));
            }
        }
        """,
        ReferenceSets.HttpResilience,
        Verify.Diagnostic("RES6001").WithLocation(0).WithArguments("HttpClient.Timeout"),
        Verify.Diagnostic("RES6001").WithLocation(1).WithArguments("HttpClient.Timeout"),
        Verify.Diagnostic("RES6001").WithLocation(2).WithArguments("SocketsHttpHandler.ConnectTimeout"),
        Verify.Diagnostic("RES6001").WithLocation(3).WithArguments("The timeout of AddTimeout"),
        Verify.Diagnostic("RES6001").WithLocation(4).WithArguments("The Timeout of TimeoutStrategyOptions"),
        Verify.Diagnostic("RES6001").WithLocation(5).WithArguments("The Timeout of HttpTimeoutStrategyOptions"));

    [Fact]
    public Task InfiniteTimeoutsTheRegistrationBoundsAnotherWayAreNotFlagged() => Verify.VerifyAnalyzerAsync(
        """
        using System;
        using System.Net.Http;
        using System.Threading;
        using Microsoft.Extensions.DependencyInjection;
        using Polly;

        interface IGreeter { }

        static class Registrations
        {
            static void Add(IServiceCollection services)
            {
                // The standard handler's total timeout bounds every call; its documentation sets the client's to infinite.
                services.AddHttpClient("catalog")
                    .ConfigureHttpClient(client => client.Timeout = Timeout.InfiniteTimeSpan)
                    .AddStandardResilienceHandler();
                services.AddHttpClient("reports", client => client.Timeout = Timeout.InfiniteTimeSpan)
                    .AddResilienceHandler("reports", pipeline => pipeline.AddTimeout(TimeSpan.FromSeconds(30)));

                // gRPC calls carry their own deadlines; the gRPC client factory does not use the HttpClient's timeout.
                services.AddGrpcClient<IGreeter>(options =>
                    {
                        options.Address = new Uri("http://localhost:50001");
                        options.ChannelOptionsActions.Add(channel => channel.HttpHandler = new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(5) });
                    })
                    .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { ConnectTimeout = Timeout.InfiniteTimeSpan })
                    .ConfigureHttpClient(client => client.Timeout = Timeout.InfiniteTimeSpan);
            }
        }
        """,
        ReferenceSets.GrpcClientFactory);

    [Fact]
    public Task InfiniteTimeoutsOfRegistrationsThatDoNotBoundTheCallsAreFlagged() => Verify.VerifyAnalyzerAsync(
        """
        using System;
        using System.Net.Http;
        using System.Threading;
        using Microsoft.Extensions.DependencyInjection;
        using Polly;

        interface IGreeter { }

        static class Registrations
        {
            static void Add(IServiceCollection services)
            {
                services.AddHttpClient("catalog").ConfigureHttpClient(client => client.Timeout = {|RES6001:Timeout.InfiniteTimeSpan|});
                services.AddHttpClient("reports", client => client.Timeout = {|RES6001:Timeout.InfiniteTimeSpan|})
                    .AddResilienceHandler("reports", pipeline => pipeline.AddConcurrencyLimiter(10));

                // The channel uses this handler: nothing else bounds how long a connection attempt may hang.
                services.AddGrpcClient<IGreeter>(options =>
                    {
                        options.Address = new Uri("http://localhost:50001");
                        options.ChannelOptionsActions.Add(channel => channel.HttpHandler = new SocketsHttpHandler { ConnectTimeout = {|RES6001:Timeout.InfiniteTimeSpan|} });
                    })
                    .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(5) });
                services.AddGrpcClient<IGreeter>(options => options.Address = new Uri("http://localhost:50002"))
                    .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { ConnectTimeout = {|RES6001:Timeout.InfiniteTimeSpan|} });
            }
        }
        """,
        ReferenceSets.GrpcClientFactory);

    [Fact]
    public Task PollyV7InfiniteTimeoutsAreFlagged() => Verify.VerifyAnalyzerAsync(
        """
        using System.Threading;
        using Polly;

        static class Policies
        {
            static readonly IAsyncPolicy Hang = Policy.TimeoutAsync([|Timeout.InfiniteTimeSpan|]);
        }
        """,
        ReferenceSets.PollyV7);

    [Fact]
    public Task FiniteTimeoutsAndOtherInfiniteWaitsAreNotFlagged() => Verify.VerifyAnalyzerAsync(
        """
        using System;
        using System.Net.Http;
        using System.Threading;
        using System.Threading.Tasks;

        class Downloads
        {
            private readonly HttpClient client = new() { Timeout = TimeSpan.FromMinutes(10) };

            async Task WaitAsync(SemaphoreSlim gate, CancellationToken cancellationToken)
            {
                await gate.WaitAsync(Timeout.InfiniteTimeSpan, cancellationToken);
                await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
                using var timer = new Timer(_ => { }, null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            }
        }
        """);

    [Theory]
    [InlineData("new HttpClient { Timeout = Timeout.", 0)]
    [InlineData("new HttpClient { Timeout = Timeout.InfiniteTimeSpan", 1)]
    [InlineData("new HttpClient { Timeout = }", 0)]
    public async Task HalfTypedCodeIsAnalyzedWithoutCrashing(string expression, int expected)
    {
        var source = $$"""
            using System;
            using System.Net.Http;
            using System.Threading;

            class Clients
            {
                object Create() => {{expression}};
            }
            """;

        Assert.Equal(expected, await AnalyzerRunner.CountAsync(new RES6001InfiniteTimeoutAnalyzer(), source, ReferenceSets.Net));
    }
}
