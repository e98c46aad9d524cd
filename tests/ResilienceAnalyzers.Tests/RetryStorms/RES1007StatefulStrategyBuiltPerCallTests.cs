using System.Linq;
using System.Threading.Tasks;
using ResilienceAnalyzers.RetryStorms;
using ResilienceAnalyzers.Tests.Infrastructure;
using Xunit;
using Verify = ResilienceAnalyzers.Tests.Infrastructure.CSharpAnalyzerVerifier<
    ResilienceAnalyzers.RetryStorms.RES1007StatefulStrategyBuiltPerCallAnalyzer>;
using Fix = ResilienceAnalyzers.Tests.Infrastructure.CSharpCodeFixVerifier<
    ResilienceAnalyzers.RetryStorms.RES1007StatefulStrategyBuiltPerCallAnalyzer,
    ResilienceAnalyzers.CodeFixes.RetryStorms.RES1007StatefulStrategyBuiltPerCallCodeFix>;

namespace ResilienceAnalyzers.Tests.RetryStorms;

public sealed class RES1007StatefulStrategyBuiltPerCallTests
{
    [Fact]
    public Task BreakerBuiltInAControllerActionIsFlaggedAndTheMessageNamesTheAction() => Verify.VerifyAnalyzerAsync(
        """
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Mvc;
        using Polly;
        using Polly.CircuitBreaker;

        public class OrdersController : ControllerBase
        {
            public async Task<IActionResult> Get()
            {
                var pipeline = new ResiliencePipelineBuilder().AddCircuitBreaker(new CircuitBreakerStrategyOptions()).Build();
                await pipeline.ExecuteAsync(async token => await Task.Delay(1, token));
                return Ok();
            }
        }
        """,
        ReferenceSets.PollyV8,
        Verify.Diagnostic("RES1007").WithSpan(10, 24, 10, 118).WithArguments("This resilience pipeline", "circuit breaker", "the controller action OrdersController.Get"));

    [Fact]
    public Task LimitersBuiltInMinimalApiHubAndWorkerLoopsAreFlagged() => Verify.VerifyAnalyzerAsync(
        """
        using System.Threading;
        using System.Threading.RateLimiting;
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.SignalR;
        using Microsoft.Extensions.Hosting;
        using Polly;

        static class Endpoints
        {
            public static void Map(WebApplication app) =>
                app.MapGet("/orders", async () =>
                {
                    var pipeline = [|new ResiliencePipelineBuilder().AddConcurrencyLimiter(10).Build()|];
                    await pipeline.ExecuteAsync(async token => await Task.Delay(1, token));
                    return "ok";
                });
        }

        public class OrdersHub : Hub
        {
            public void Send(string message)
            {
                var builder = new ResiliencePipelineBuilder();
                builder.AddRateLimiter(new SlidingWindowRateLimiter(new SlidingWindowRateLimiterOptions { PermitLimit = 10, Window = System.TimeSpan.FromSeconds(1), SegmentsPerWindow = 2 }));
                var pipeline = [|builder.Build()|];
            }
        }

        public class Worker : BackgroundService
        {
            protected override async Task ExecuteAsync(CancellationToken stoppingToken)
            {
                var shared = new ResiliencePipelineBuilder().AddConcurrencyLimiter(4).Build();
                while (!stoppingToken.IsCancellationRequested)
                {
                    var perMessage = [|new ResiliencePipelineBuilder().AddConcurrencyLimiter(4).Build()|];
                    await Task.Delay(100, stoppingToken);
                }
            }
        }
        """,
        ReferenceSets.PollyV8);

    [Fact]
    public Task PollyV7BreakersBuiltPerRequestAreFlagged() => Verify.VerifyAnalyzerAsync(
        """
        using System;
        using Microsoft.AspNetCore.Mvc;
        using Polly;

        [ApiController]
        public class PaymentsController : ControllerBase
        {
            public IActionResult Pay()
            {
                var breaker = Policy.Handle<TimeoutException>().[|CircuitBreaker|](5, TimeSpan.FromSeconds(30));
                var bulkhead = Policy.[|Bulkhead|](10);
                return Ok();
            }
        }
        """,
        ReferenceSets.PollyV7);

    [Fact]
    public Task StrategiesBuiltOnceOrWithoutStateAreNotFlagged() => Verify.VerifyAnalyzerAsync(
        """
        using System;
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.Extensions.DependencyInjection;
        using Polly;
        using Polly.CircuitBreaker;
        using Polly.Retry;

        public class OrdersController : ControllerBase
        {
            private static readonly ResiliencePipeline Shared = new ResiliencePipelineBuilder().AddCircuitBreaker(new CircuitBreakerStrategyOptions()).Build();
            private readonly ResiliencePipeline fromConstructor;

            public OrdersController()
            {
                fromConstructor = new ResiliencePipelineBuilder().AddCircuitBreaker(new CircuitBreakerStrategyOptions()).Build();
            }

            public async Task<IActionResult> Get()
            {
                var stateless = new ResiliencePipelineBuilder()
                    .AddRetry(new RetryStrategyOptions { BackoffType = DelayBackoffType.Exponential, UseJitter = true })
                    .AddTimeout(TimeSpan.FromSeconds(2))
                    .Build();
                await Shared.ExecuteAsync(async token => await Task.Delay(1, token));
                return Ok();
            }

            [NonAction]
            public ResiliencePipeline Helper() => new ResiliencePipelineBuilder().AddCircuitBreaker(new CircuitBreakerStrategyOptions()).Build();

            private ResiliencePipeline PrivateHelper() => new ResiliencePipelineBuilder().AddCircuitBreaker(new CircuitBreakerStrategyOptions()).Build();
        }

        static class Registration
        {
            public static void Add(IServiceCollection services) =>
                services.AddResiliencePipeline("orders", builder => builder.AddCircuitBreaker(new CircuitBreakerStrategyOptions()));
        }
        """,
        ReferenceSets.PollyV8);

    private const string Pipelines = """
        using Polly;
        using Polly.CircuitBreaker;
        using Polly.RateLimiting;

        public interface IPipelineFactory
        {
            ResiliencePipeline Create();
        }

        public sealed class PipelineFactory : IPipelineFactory
        {
            public ResiliencePipeline Create() => {|#0:new ResiliencePipelineBuilder().AddCircuitBreaker(new CircuitBreakerStrategyOptions()).Build()|};

            public static ResiliencePipeline CreateLimited() => {|#1:new ResiliencePipelineBuilder().AddConcurrencyLimiter(10).Build()|};

            public static ResiliencePipeline CreateOnce() => new ResiliencePipelineBuilder().AddCircuitBreaker(new CircuitBreakerStrategyOptions()).Build();
        }
        """;

    [Fact]
    public Task StrategiesBuiltInMethodsThatRequestPathsCallAreFlaggedAtCompilationEnd() => Verify.VerifyAnalyzerAsync(
        [
            Pipelines,
            """
            using System.Threading.Tasks;
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Mvc;

            public class OrdersController(OrdersService orders) : ControllerBase
            {
                public async Task<IActionResult> Get() => Ok(await orders.LoadAsync());
            }

            public sealed class OrdersService(IPipelineFactory factory)
            {
                public async Task<string> LoadAsync() => await factory.Create().ExecuteAsync(_ => ValueTask.FromResult("order"));
            }

            static class Endpoints
            {
                public static void Map(WebApplication app) =>
                    app.MapGet("/stock", () => PipelineFactory.CreateLimited().Execute(() => "stock"));
            }
            """,
        ],
        ReferenceSets.PollyV8,
        Verify.CompilationEndDiagnostic("RES1007").WithLocation(0).WithArguments(
            "This resilience pipeline",
            "circuit breaker",
            "PipelineFactory.Create, which the controller action OrdersController.Get calls through OrdersService.LoadAsync → IPipelineFactory.Create"),
        Verify.CompilationEndDiagnostic("RES1007").WithLocation(1).WithArguments(
            "This resilience pipeline",
            "concurrency limiter",
            "PipelineFactory.CreateLimited, which the minimal-API handler of MapGet(\"/stock\") calls"));

    [Fact]
    public Task StrategiesKeptOnceOrBuiltAwayFromRequestPathsAreNotFlagged() => Verify.VerifyAnalyzerAsync(
        [
            Pipelines.Replace("{|#0:", string.Empty).Replace("{|#1:", string.Empty).Replace("|};", ";"),
            """
            using System.Collections.Concurrent;
            using Microsoft.AspNetCore.Mvc;
            using Microsoft.Extensions.DependencyInjection;
            using Polly;
            using Polly.CircuitBreaker;

            public class OrdersController(IPipelineFactory factory) : ControllerBase
            {
                private static readonly ConcurrentDictionary<string, ResiliencePipeline> ByName = new();
                private static ResiliencePipeline? cached;
                private static ResiliencePipeline? coalesced;

                public IActionResult Get()
                {
                    cached ??= factory.Create();
                    var limited = coalesced ?? (coalesced = PipelineFactory.CreateLimited());
                    var shared = ByName.GetOrAdd("orders", _ => PipelineFactory.CreateOnce());
                    cached ??= new ResiliencePipelineBuilder().AddCircuitBreaker(new CircuitBreakerStrategyOptions()).Build();
                    return Ok(FourCallsAway());
                }

                private static ResiliencePipeline FourCallsAway() => One();

                private static ResiliencePipeline One() => Two();

                private static ResiliencePipeline Two() => Three();

                private static ResiliencePipeline Three() => PipelineFactory.CreateOnce();
            }

            static class Registration
            {
                public static void Add(IServiceCollection services) =>
                    services.AddSingleton(PipelineFactory.CreateOnce());
            }
            """,
        ],
        ReferenceSets.PollyV8);

    [Fact]
    public Task TheFixBuildsEachStrategyOnceInAStaticReadonlyField() => Fix.VerifyCodeFixAsync(
        """
        using System;
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Mvc;
        using Polly;
        using Polly.CircuitBreaker;

        public class OrdersController : ControllerBase
        {
            public async Task<IActionResult> Get()
            {
                var pipeline = [|new ResiliencePipelineBuilder().AddCircuitBreaker(new CircuitBreakerStrategyOptions()).Build()|];
                await pipeline.ExecuteAsync(async token => await Task.Delay(1, token));
                return Ok();
            }

            public IActionResult Put()
            {
                var pipeline = [|new ResiliencePipelineBuilder().AddConcurrencyLimiter(4).Build()|];
                var breaker = Policy.Handle<TimeoutException>().[|CircuitBreaker|](5, TimeSpan.FromSeconds(30));
                return Ok();
            }
        }
        """,
        """
        using System;
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Mvc;
        using Polly;
        using Polly.CircuitBreaker;

        public class OrdersController : ControllerBase
        {
            private static readonly ResiliencePipeline Pipeline = new ResiliencePipelineBuilder().AddCircuitBreaker(new CircuitBreakerStrategyOptions()).Build();
            private static readonly ResiliencePipeline Pipeline2 = new ResiliencePipelineBuilder().AddConcurrencyLimiter(4).Build();
            private static readonly CircuitBreakerPolicy Breaker = Policy.Handle<TimeoutException>().CircuitBreaker(5, TimeSpan.FromSeconds(30));

            public async Task<IActionResult> Get()
            {
                var pipeline = Pipeline;
                await pipeline.ExecuteAsync(async token => await Task.Delay(1, token));
                return Ok();
            }

            public IActionResult Put()
            {
                var pipeline = Pipeline2;
                var breaker = Breaker;
                return Ok();
            }
        }
        """,
        ReferenceSets.All);

    [Fact]
    public Task StrategiesThatReadTheRequestGetNoFix()
    {
        const string source = """
            using Microsoft.AspNetCore.Mvc;
            using Polly;
            using Polly.CircuitBreaker;

            public class OrdersController : ControllerBase
            {
                private readonly CircuitBreakerStrategyOptions options = new();

                public IActionResult Get(int permits)
                {
                    var fromField = [|new ResiliencePipelineBuilder().AddCircuitBreaker(options).Build()|];
                    var fromParameter = [|new ResiliencePipelineBuilder().AddConcurrencyLimiter(permits).Build()|];
                    var builder = new ResiliencePipelineBuilder();
                    builder.AddConcurrencyLimiter(4);
                    var fromLocal = [|builder.Build()|];
                    return Ok();
                }
            }
            """;

        return Fix.VerifyCodeFixAsync(source, source, ReferenceSets.PollyV8);
    }

    [Theory]
    [InlineData("new ResiliencePipelineBuilder().AddCircuitBreaker(new CircuitBreakerStrategyOptions()).Build(", 1)]
    [InlineData("new ResiliencePipelineBuilder().AddCircuitBreaker(new CircuitBreakerStrategyOptions()).", 0)]
    [InlineData("new ResiliencePipelineBuilder().AddCircuitBreaker(", 0)]
    public async Task HalfTypedCodeIsAnalyzedWithoutCrashing(string expression, int expected)
    {
        var source = $$"""
            using Microsoft.AspNetCore.Mvc;
            using Polly;
            using Polly.CircuitBreaker;

            public class OrdersController : ControllerBase
            {
                public object Get() => {{expression}};
            }
            """;

        Assert.Equal(expected, await AnalyzerRunner.CountAsync(new RES1007StatefulStrategyBuiltPerCallAnalyzer(), source, ReferenceSets.PollyV8));
    }
}
