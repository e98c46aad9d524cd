using Microsoft.Extensions.Http.Resilience;
using Polly.Retry;
using ResilienceAnalyzers.RetryStorms;
using Xunit;

namespace ResilienceAnalyzers.Tests.RetryStorms;

/// <summary>The defaults the retry rules assume are the real ones of the Polly and Http.Resilience versions tested.</summary>
public sealed class PollyDefaultsTests
{
    [Fact]
    public void RetryStrategyOptionsDefaultToConstantBackoffWithoutJitter()
    {
        var plain = new RetryStrategyOptions();
        var generic = new RetryStrategyOptions<string>();

        Assert.Equal((int)PollyRetryOptions.DefaultBackoff(httpOptions: false), (int)plain.BackoffType);
        Assert.Equal((int)PollyRetryOptions.DefaultBackoff(httpOptions: false), (int)generic.BackoffType);
        Assert.Equal(PollyRetryOptions.DefaultUseJitter(httpOptions: false), plain.UseJitter);
        Assert.Equal(PollyRetryOptions.DefaultMaxRetryAttempts, plain.MaxRetryAttempts);
        Assert.Equal(System.TimeSpan.FromSeconds(2), plain.Delay);
    }

    [Fact]
    public void HttpRetryStrategyOptionsAndTheStandardHandlerDefaultToExponentialWithJitter()
    {
        foreach (var options in new[] { new HttpRetryStrategyOptions(), new HttpStandardResilienceOptions().Retry })
        {
            Assert.Equal((int)PollyRetryOptions.DefaultBackoff(httpOptions: true), (int)options.BackoffType);
            Assert.Equal(PollyRetryOptions.DefaultUseJitter(httpOptions: true), options.UseJitter);
            Assert.Equal(PollyRetryOptions.DefaultMaxRetryAttempts, options.MaxRetryAttempts);
        }
    }
}
