using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace ResilienceAnalyzers.Tests.Infrastructure;

/// <summary>Each named reference set compiles code that uses the API it stands for.</summary>
public sealed class ReferenceSetsTests
{
    [Fact]
    public void Net() => AssertCompiles(ReferenceSets.Net, """
        using System.Collections.Concurrent;
        using System.Net.Http;
        using System.Threading.Channels;
        using System.Threading.Tasks.Dataflow;

        class Use
        {
            Channel<int> channel = Channel.CreateBounded<int>(1);
            BlockingCollection<int> collection = new(1);
            ActionBlock<int> block = new(x => { });
            HttpClient client = new(new SocketsHttpHandler());
        }
        """);

    [Fact]
    public void GrpcClientFactory() => AssertCompiles(ReferenceSets.GrpcClientFactory, """
        using Grpc.Net.ClientFactory;
        using Microsoft.Extensions.DependencyInjection;

        class Use
        {
            IHttpClientBuilder Register(IServiceCollection services) =>
                services.AddGrpcClient<Use>(options => options.Address = new System.Uri("http://localhost")).AddStandardResilienceHandler().Services.AddGrpcClient<Use>();
        }
        """);

    [Fact]
    public void AspNetCore() => AssertCompiles(ReferenceSets.AspNetCore, """
        using Microsoft.AspNetCore.Authorization;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.Extensions.Caching.Distributed;
        using Microsoft.Extensions.Caching.Memory;

        class Use : ControllerBase
        {
            IMemoryCache? memory;
            IDistributedCache? distributed;
            IAuthorizationService? authorization;
            void Map(WebApplication app) => app.MapGet("/", () => "ok");
        }
        """);

    [Fact]
    public void PollyV8() => AssertCompiles(ReferenceSets.PollyV8, """
        using System;
        using Microsoft.Extensions.DependencyInjection;
        using Polly;
        using Polly.CircuitBreaker;
        using Polly.Retry;

        class Use
        {
            ResiliencePipeline pipeline = new ResiliencePipelineBuilder()
                .AddRetry(new RetryStrategyOptions { MaxRetryAttempts = 3, BackoffType = DelayBackoffType.Exponential, UseJitter = true })
                .AddCircuitBreaker(new CircuitBreakerStrategyOptions())
                .AddConcurrencyLimiter(10)
                .Build();

            void Register(IServiceCollection services) => services.AddResiliencePipeline("orders", b => b.AddTimeout(TimeSpan.FromSeconds(1)));
        }
        """);

    [Fact]
    public void PollyV7() => AssertCompiles(ReferenceSets.PollyV7, """
        using System;
        using System.Net.Http;
        using Microsoft.Extensions.DependencyInjection;
        using Polly;
        using Polly.Contrib.WaitAndRetry;
        using Polly.Extensions.Http;

        class Use
        {
            void Register(IServiceCollection services) =>
                services.AddHttpClient("orders").AddPolicyHandler(HttpPolicyExtensions.HandleTransientHttpError()
                    .WaitAndRetryAsync(Backoff.DecorrelatedJitterBackoffV2(TimeSpan.FromMilliseconds(100), 3)));

            ISyncPolicy forever = Policy.Handle<Exception>().RetryForever();
        }
        """);

    [Fact]
    public void HttpResilience() => AssertCompiles(ReferenceSets.HttpResilience, """
        using Microsoft.Extensions.DependencyInjection;
        using Microsoft.Extensions.Http.Resilience;

        class Use
        {
            void Register(IServiceCollection services)
            {
                services.AddHttpClient("orders").AddStandardResilienceHandler(o => o.Retry.MaxRetryAttempts = 2);
                var retry = new HttpRetryStrategyOptions();
            }
        }
        """);

    [Fact]
    public void Caching() => AssertCompiles(ReferenceSets.Caching, """
        using System.Threading.Tasks;
        using Microsoft.Extensions.Caching.Hybrid;
        using Microsoft.Extensions.Caching.StackExchangeRedis;
        using StackExchange.Redis;

        class Use
        {
            async Task<string> GetAsync(HybridCache cache, IDatabase redis)
            {
                await redis.StringSetAsync("k", "v");
                var options = new RedisCacheOptions();
                return await cache.GetOrCreateAsync("k", async ct => "v");
            }
        }
        """);

    [Fact]
    public void AllSetsTogetherHaveOneReferencePerAssembly() =>
        Assert.DoesNotContain(ReferenceSets.All.GroupBy(r => System.IO.Path.GetFileName(r.Display)), sameName => sameName.Count() > 1);

    private static void AssertCompiles(ImmutableArray<MetadataReference> references, string source)
    {
        var compilation = CSharpCompilation.Create(
            "ReferenceSetCheck",
            [CSharpSyntaxTree.ParseText(source)],
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));

        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }
}
