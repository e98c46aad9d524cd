using System.Threading.Tasks;
using ResilienceAnalyzers.RetryStorms;
using ResilienceAnalyzers.Tests.Infrastructure;
using Xunit;
using Verify = ResilienceAnalyzers.Tests.Infrastructure.CSharpCodeFixVerifier<
    ResilienceAnalyzers.RetryStorms.RES1005RetryWithoutBudgetAnalyzer,
    ResilienceAnalyzers.CodeFixes.RetryStorms.RES1005CircuitBreakerCodeFix>;
using VerifyBudget = ResilienceAnalyzers.Tests.Infrastructure.CSharpCodeFixVerifier<
    ResilienceAnalyzers.RetryStorms.RES1005RetryWithoutBudgetAnalyzer,
    ResilienceAnalyzers.CodeFixes.RetryStorms.RES1005RetryBudgetCodeFix>;

namespace ResilienceAnalyzers.Tests.RetryStorms;

public sealed class RES1005RetryWithoutBudgetTests
{
    [Fact]
    public Task RetriesWithNothingCappingTheLoadAreFlagged() => Verify.VerifyAnalyzerAsync(
        """
        using System;
        using System.Net.Http;
        using Microsoft.Extensions.DependencyInjection;
        using Polly;
        using Polly.Retry;

        class Pipelines
        {
            ResiliencePipeline Fluent() => new ResiliencePipelineBuilder()
                .{|RES1005:AddRetry|}(new RetryStrategyOptions { BackoffType = DelayBackoffType.Exponential, UseJitter = true })
                .AddTimeout(TimeSpan.FromSeconds(2))
                .Build();

            ResiliencePipeline<HttpResponseMessage> Statements()
            {
                var builder = new ResiliencePipelineBuilder<HttpResponseMessage>();
                builder.{|RES1005:AddRetry|}(new RetryStrategyOptions<HttpResponseMessage> { BackoffType = DelayBackoffType.Exponential, UseJitter = true });
                return builder.Build();
            }

            void Registered(IServiceCollection services) =>
                services.AddResiliencePipeline("orders", pipeline => pipeline.{|RES1005:AddRetry|}(new RetryStrategyOptions { BackoffType = DelayBackoffType.Exponential, UseJitter = true }));
        }
        """,
        ReferenceSets.PollyV8);

    [Fact]
    public Task RetriesWithABreakerLimiterOrBudgetAreNotFlagged() => Verify.VerifyAnalyzerAsync(
        """
        using System;
        using Microsoft.Extensions.DependencyInjection;
        using Polly;
        using Polly.CircuitBreaker;
        using Polly.Retry;
        using ResilienceAnalyzers.Polly;

        class Pipelines
        {
            static readonly RetryBudget Budget = new();

            ResiliencePipeline Breaker() => new ResiliencePipelineBuilder()
                .AddRetry(new RetryStrategyOptions { BackoffType = DelayBackoffType.Exponential, UseJitter = true })
                .AddCircuitBreaker(new CircuitBreakerStrategyOptions())
                .Build();

            ResiliencePipeline Limiter() => new ResiliencePipelineBuilder()
                .AddConcurrencyLimiter(20)
                .AddRetry(new RetryStrategyOptions { BackoffType = DelayBackoffType.Exponential, UseJitter = true })
                .Build();

            ResiliencePipeline Budgeted() => new ResiliencePipelineBuilder()
                .AddRetry(new RetryStrategyOptions { BackoffType = DelayBackoffType.Exponential, UseJitter = true }.WithBudget(Budget))
                .Build();

            ResiliencePipeline TimeoutOnly() => new ResiliencePipelineBuilder().AddTimeout(TimeSpan.FromSeconds(1)).Build();

            void Registered(IServiceCollection services) =>
                services.AddResiliencePipeline("orders", pipeline =>
                {
                    pipeline.AddRetry(new RetryStrategyOptions { BackoffType = DelayBackoffType.Exponential, UseJitter = true });
                    pipeline.AddCircuitBreaker(new CircuitBreakerStrategyOptions());
                });
        }
        """,
        ReferenceSets.PollyV8WithRetryBudget);

    [Fact]
    public Task ABreakerAddedByAHelperCountsAndAHelperThatAddsNoneDoesNot() => Verify.VerifyAnalyzerAsync(
        """
        using System;
        using Polly;
        using Polly.CircuitBreaker;
        using Polly.Retry;

        static class PipelineDefaults
        {
            public static ResiliencePipelineBuilder AddStandardBreaker(this ResiliencePipelineBuilder builder) =>
                builder.AddCircuitBreaker(new CircuitBreakerStrategyOptions { FailureRatio = 0.5 });

            public static void AddBreaker(ResiliencePipelineBuilder builder) =>
                builder.AddCircuitBreaker(new CircuitBreakerStrategyOptions());

            public static ResiliencePipelineBuilder AddStandardTimeout(this ResiliencePipelineBuilder builder) =>
                builder.AddTimeout(TimeSpan.FromSeconds(2));
        }

        class Pipelines
        {
            static readonly RetryStrategyOptions Jittered = new() { BackoffType = DelayBackoffType.Exponential, UseJitter = true };

            ResiliencePipeline Chained() => new ResiliencePipelineBuilder().AddRetry(Jittered).AddStandardBreaker().Build();

            ResiliencePipeline Statements()
            {
                var builder = new ResiliencePipelineBuilder();
                builder.AddRetry(Jittered);
                PipelineDefaults.AddBreaker(builder);
                return builder.Build();
            }

            ResiliencePipeline TimeoutOnly() => new ResiliencePipelineBuilder().{|RES1005:AddRetry|}(Jittered).AddStandardTimeout().Build();
        }
        """,
        ReferenceSets.PollyV8);

    [Fact]
    public Task FixAddsACircuitBreakerTypedLikeThePipeline() => Verify.VerifyCodeFixAsync(
        """
        using System.Net.Http;
        using Polly;
        using Polly.Retry;

        class Pipelines
        {
            ResiliencePipeline Plain() => new ResiliencePipelineBuilder()
                .{|RES1005:AddRetry|}(new RetryStrategyOptions { BackoffType = DelayBackoffType.Exponential, UseJitter = true })
                .Build();

            ResiliencePipeline<HttpResponseMessage> Typed()
            {
                var builder = new ResiliencePipelineBuilder<HttpResponseMessage>();
                builder.{|RES1005:AddRetry|}(new RetryStrategyOptions<HttpResponseMessage> { BackoffType = DelayBackoffType.Exponential, UseJitter = true });
                return builder.Build();
            }
        }
        """,
        """
        using System.Net.Http;
        using Polly;
        using Polly.Retry;

        class Pipelines
        {
            ResiliencePipeline Plain() => new ResiliencePipelineBuilder()
                .AddRetry(new RetryStrategyOptions { BackoffType = DelayBackoffType.Exponential, UseJitter = true }).AddCircuitBreaker(new Polly.CircuitBreaker.CircuitBreakerStrategyOptions())
                .Build();

            ResiliencePipeline<HttpResponseMessage> Typed()
            {
                var builder = new ResiliencePipelineBuilder<HttpResponseMessage>();
                builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage> { BackoffType = DelayBackoffType.Exponential, UseJitter = true }).AddCircuitBreaker(new Polly.CircuitBreaker.CircuitBreakerStrategyOptions<HttpResponseMessage>());
                return builder.Build();
            }
        }
        """,
        ReferenceSets.PollyV8);

    [Fact]
    public async Task WithTheCompanionPackageTheFixCanPutTheRetryOnABudget()
    {
        var test = new VerifyBudget.Test(ReferenceSets.PollyV8WithRetryBudget)
        {
            TestCode = """
                using System.Net.Http;
                using Polly;
                using Polly.Retry;

                class Pipelines
                {
                    ResiliencePipeline Plain() => new ResiliencePipelineBuilder()
                        .{|RES1005:AddRetry|}(new RetryStrategyOptions { BackoffType = DelayBackoffType.Exponential, UseJitter = true })
                        .Build();

                    ResiliencePipeline<HttpResponseMessage> Typed(RetryStrategyOptions<HttpResponseMessage> options)
                    {
                        var builder = new ResiliencePipelineBuilder<HttpResponseMessage>();
                        builder.{|RES1005:AddRetry|}(options);
                        return builder.Build();
                    }
                }
                """,
            FixedCode = """
                using System.Net.Http;
                using Polly;
                using Polly.Retry;
                using ResilienceAnalyzers.Polly;

                class Pipelines
                {
                    ResiliencePipeline Plain() => new ResiliencePipelineBuilder()
                        .AddRetry(new RetryStrategyOptions { BackoffType = DelayBackoffType.Exponential, UseJitter = true }.WithBudget(new RetryBudget()))
                        .Build();

                    ResiliencePipeline<HttpResponseMessage> Typed(RetryStrategyOptions<HttpResponseMessage> options)
                    {
                        var builder = new ResiliencePipelineBuilder<HttpResponseMessage>();
                        builder.AddRetry(options.WithBudget(new RetryBudget()));
                        return builder.Build();
                    }
                }
                """,
        };

        await test.RunAsync();
    }

    [Fact]
    public Task WithoutTheCompanionPackageNoBudgetIsOffered() => VerifyBudget.VerifyCodeFixAsync(
        """
        using Polly;
        using Polly.Retry;

        class Pipelines
        {
            ResiliencePipeline Build(RetryStrategyOptions options) => new ResiliencePipelineBuilder().{|RES1005:AddRetry|}(options).Build();
        }
        """,
        """
        using Polly;
        using Polly.Retry;

        class Pipelines
        {
            ResiliencePipeline Build(RetryStrategyOptions options) => new ResiliencePipelineBuilder().{|RES1005:AddRetry|}(options).Build();
        }
        """,
        ReferenceSets.PollyV8);

    [Fact]
    public Task TheBudgetFixKeepsAnExistingUsing() => new VerifyBudget.Test(ReferenceSets.PollyV8WithRetryBudget)
    {
        TestCode = """
            using Polly;
            using Polly.Retry;
            using ResilienceAnalyzers.Polly;

            class Pipelines
            {
                ResiliencePipeline Build(RetryStrategyOptions options) => new ResiliencePipelineBuilder().{|RES1005:AddRetry|}(options).Build();
            }
            """,
        FixedCode = """
            using Polly;
            using Polly.Retry;
            using ResilienceAnalyzers.Polly;

            class Pipelines
            {
                ResiliencePipeline Build(RetryStrategyOptions options) => new ResiliencePipelineBuilder().AddRetry(options.WithBudget(new RetryBudget())).Build();
            }
            """,
    }.RunAsync();
}
