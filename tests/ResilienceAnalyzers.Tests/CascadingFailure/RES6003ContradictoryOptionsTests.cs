using System.Threading.Tasks;
using Microsoft.Extensions.Http.Resilience;
using ResilienceAnalyzers.CascadingFailure;
using ResilienceAnalyzers.Tests.Infrastructure;
using Xunit;
using Verify = ResilienceAnalyzers.Tests.Infrastructure.CSharpAnalyzerVerifier<
    ResilienceAnalyzers.CascadingFailure.RES6003ContradictoryOptionsAnalyzer>;

namespace ResilienceAnalyzers.Tests.CascadingFailure;

public sealed class RES6003ContradictoryOptionsTests
{
    [Fact]
    public void TheStandardHandlerDefaultsTheRuleAssumesAreTheRealOnes()
    {
        var options = new HttpStandardResilienceOptions();

        Assert.Equal(RES6003ContradictoryOptionsAnalyzer.DefaultAttemptTimeout, options.AttemptTimeout.Timeout);
        Assert.Equal(RES6003ContradictoryOptionsAnalyzer.DefaultTotalRequestTimeout, options.TotalRequestTimeout.Timeout);
        Assert.Equal(RES6003ContradictoryOptionsAnalyzer.DefaultSamplingDuration, options.CircuitBreaker.SamplingDuration);
    }

    [Fact]
    public Task ValuesThatFailValidationAreFlagged() => Verify.VerifyAnalyzerAsync(
        """
        using System;
        using Microsoft.Extensions.DependencyInjection;
        using Polly.CircuitBreaker;
        using Polly.Retry;

        static class Options
        {
            static readonly CircuitBreakerStrategyOptions Breaker = new()
            {
                {|#0:MinimumThroughput = 1|},
                {|#1:FailureRatio = 1.5|},
                {|#2:SamplingDuration = TimeSpan.FromMilliseconds(100)|},
            };

            static readonly RetryStrategyOptions Retry = new() { {|#3:MaxRetryAttempts = -1|} };

            static void Register(IServiceCollection services)
            {
                services.AddHttpClient("orders").AddStandardResilienceHandler(options =>
                {
                    {|#4:options.AttemptTimeout.Timeout = TimeSpan.FromSeconds(30)|};
                });
                services.AddHttpClient("stock").AddStandardResilienceHandler(options =>
                {
                    options.AttemptTimeout.Timeout = TimeSpan.FromSeconds(5);
                    {|#5:options.CircuitBreaker.SamplingDuration = TimeSpan.FromSeconds(8)|};
                });
            }
        }
        """,
        ReferenceSets.HttpResilience,
        Verify.Diagnostic("RES6003").WithLocation(0).WithArguments("MinimumThroughput = 1", "a circuit breaker needs a minimum throughput of at least 2"),
        Verify.Diagnostic("RES6003").WithLocation(1).WithArguments("FailureRatio = 1.5", "a failure ratio is a share of calls, between 0 and 1"),
        Verify.Diagnostic("RES6003").WithLocation(2).WithArguments("SamplingDuration = TimeSpan.FromMilliseconds(100)", "a circuit breaker samples over at least half a second"),
        Verify.Diagnostic("RES6003").WithLocation(3).WithArguments("MaxRetryAttempts = -1", "a retry cannot make a negative number of attempts"),
        Verify.Diagnostic("RES6003").WithLocation(4).WithArguments(
            "options.AttemptTimeout.Timeout = TimeSpan.FromSeconds(30)",
            "the attempt timeout (30 s) is not shorter than the total request timeout (30 s)"),
        Verify.Diagnostic("RES6003").WithLocation(4).WithArguments(
            "options.AttemptTimeout.Timeout = TimeSpan.FromSeconds(30)",
            "the circuit breaker's sampling duration (30 s) is less than twice the attempt timeout (30 s)"),
        Verify.Diagnostic("RES6003").WithLocation(5).WithArguments(
            "options.CircuitBreaker.SamplingDuration = TimeSpan.FromSeconds(8)",
            "the circuit breaker's sampling duration (8 s) is less than twice the attempt timeout (5 s)"));

    [Fact]
    public Task ValuesKeptInConstantsLocalsAndChainedConfigureCallsAreRead() => Verify.VerifyAnalyzerAsync(
        """
        using System;
        using Microsoft.Extensions.DependencyInjection;
        using Microsoft.Extensions.Http.Resilience;
        using Polly.CircuitBreaker;

        static class Options
        {
            private static readonly TimeSpan Slow = TimeSpan.FromSeconds(45);

            static void Register(IServiceCollection services)
            {
                var throughput = 1;
                var breaker = new CircuitBreakerStrategyOptions { {|#0:MinimumThroughput = throughput|}, {|#1:FailureRatio = 2|} };

                services.AddHttpClient("orders")
                    .AddStandardResilienceHandler()
                    .Configure(options => {|#2:options.AttemptTimeout.Timeout = Slow|});

                services.AddHttpClient("stock")
                    .AddStandardResilienceHandler()
                    .Configure((HttpStandardResilienceOptions options, IServiceProvider _) =>
                    {
                        options.AttemptTimeout.Timeout = Slow;
                        options.TotalRequestTimeout.Timeout = TimeSpan.FromSeconds(120);
                        options.CircuitBreaker.SamplingDuration = TimeSpan.FromSeconds(90);
                    });
            }
        }
        """,
        ReferenceSets.HttpResilience,
        Verify.Diagnostic("RES6003").WithLocation(0).WithArguments("MinimumThroughput = 1", "a circuit breaker needs a minimum throughput of at least 2"),
        Verify.Diagnostic("RES6003").WithLocation(1).WithArguments("FailureRatio = 2", "a failure ratio is a share of calls, between 0 and 1"),
        Verify.Diagnostic("RES6003").WithLocation(2).WithArguments(
            "options.AttemptTimeout.Timeout = Slow",
            "the attempt timeout (45 s) is not shorter than the total request timeout (30 s)"),
        Verify.Diagnostic("RES6003").WithLocation(2).WithArguments(
            "options.AttemptTimeout.Timeout = Slow",
            "the circuit breaker's sampling duration (30 s) is less than twice the attempt timeout (45 s)"));

    [Fact]
    public Task ValidOrUnknownValuesAreNotFlagged() => Verify.VerifyAnalyzerAsync(
        """
        using System;
        using Microsoft.Extensions.DependencyInjection;
        using Polly.CircuitBreaker;
        using Polly.Retry;

        static class Options
        {
            static readonly CircuitBreakerStrategyOptions Breaker = new() { MinimumThroughput = 2, FailureRatio = 0.5, SamplingDuration = TimeSpan.FromSeconds(30) };

            static readonly RetryStrategyOptions Retry = new() { MaxRetryAttempts = 0 };

            static void Register(IServiceCollection services, TimeSpan configured, int throughput)
            {
                var breaker = new CircuitBreakerStrategyOptions { MinimumThroughput = throughput };
                services.AddHttpClient("orders").AddStandardResilienceHandler(options =>
                {
                    options.AttemptTimeout.Timeout = TimeSpan.FromSeconds(5);
                    options.TotalRequestTimeout.Timeout = TimeSpan.FromSeconds(20);
                    options.CircuitBreaker.SamplingDuration = TimeSpan.FromSeconds(10);
                });
                services.AddHttpClient("stock").AddStandardResilienceHandler(options => options.AttemptTimeout.Timeout = configured);
                services.AddHttpClient("plain").AddStandardResilienceHandler();
            }
        }
        """,
        ReferenceSets.HttpResilience);

    [Theory]
    [InlineData("new CircuitBreakerStrategyOptions { MinimumThroughput = }", 0)]
    [InlineData("new CircuitBreakerStrategyOptions { MinimumThroughput = 1", 1)]
    [InlineData("new CircuitBreakerStrategyOptions { SamplingDuration = TimeSpan.FromSeconds( }", 0)]
    public async Task HalfTypedCodeIsAnalyzedWithoutCrashing(string expression, int expected)
    {
        var source = $$"""
            using System;
            using Polly.CircuitBreaker;

            static class Options
            {
                static object Create() => {{expression}};
            }
            """;

        Assert.Equal(expected, await AnalyzerRunner.CountAsync(new RES6003ContradictoryOptionsAnalyzer(), source, ReferenceSets.PollyV8));
    }
}
