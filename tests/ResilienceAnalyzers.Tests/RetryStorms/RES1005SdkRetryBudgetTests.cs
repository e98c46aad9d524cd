using System.Threading.Tasks;
using ResilienceAnalyzers.RetryStorms;
using ResilienceAnalyzers.Tests.Infrastructure;
using Xunit;
using Verify = ResilienceAnalyzers.Tests.Infrastructure.CSharpCodeFixVerifier<
    ResilienceAnalyzers.RetryStorms.RES1005RetryWithoutBudgetAnalyzer,
    ResilienceAnalyzers.CodeFixes.RetryStorms.RES1005SdkRetryBudgetCodeFix>;
using VerifyBreaker = ResilienceAnalyzers.Tests.Infrastructure.CSharpCodeFixVerifier<
    ResilienceAnalyzers.RetryStorms.RES1005RetryWithoutBudgetAnalyzer,
    ResilienceAnalyzers.CodeFixes.RetryStorms.RES1005CircuitBreakerCodeFix>;

namespace ResilienceAnalyzers.Tests.RetryStorms;

/// <summary>RES1005 on the budgets SDKs give their own retries: the AWS retry quota and gRPC's retry throttling.</summary>
public sealed class RES1005SdkRetryBudgetTests
{
    private const string AwsQuotaOff = "This AWS client, its retry quota turned off (ThrottleRetries = false),";

    private const string AwsSource = """
        using Amazon.S3;

        static class Clients
        {
            static AmazonS3Config Initialized() => new() { MaxErrorRetry = 5, ThrottleRetries = {|#0:false|} };

            static AmazonS3Config Assigned()
            {
                var config = new AmazonS3Config();
                config.ThrottleRetries = {|#1:false|};
                return config;
            }
        }
        """;

    [Fact]
    public Task AnAwsClientWithItsRetryQuotaOffIsFlaggedAndTheFixTurnsItBackOn() => Verify.VerifyCodeFixAsync(
        AwsSource,
        """
        using Amazon.S3;

        static class Clients
        {
            static AmazonS3Config Initialized() => new() { MaxErrorRetry = 5, ThrottleRetries = true };

            static AmazonS3Config Assigned()
            {
                var config = new AmazonS3Config();
                config.ThrottleRetries = true;
                return config;
            }
        }
        """,
        ReferenceSets.DataAndCloudSdks,
        Verify.Diagnostic("RES1005").WithLocation(0).WithArguments(AwsQuotaOff),
        Verify.Diagnostic("RES1005").WithLocation(1).WithArguments(AwsQuotaOff));

    /// <summary>The Polly fixes of the rule edit an <c>AddRetry</c>; an SDK setting is not one.</summary>
    [Fact]
    public Task ThePollyFixesAreNotOfferedForAnSdkSetting() => VerifyBreaker.VerifyNoCodeFixAsync(
        AwsSource,
        ReferenceSets.DataAndCloudSdks,
        Verify.Diagnostic("RES1005").WithLocation(0).WithArguments(AwsQuotaOff),
        Verify.Diagnostic("RES1005").WithLocation(1).WithArguments(AwsQuotaOff));

    [Fact]
    public Task AwsClientsWithTheirQuotaOnOrNoRetriesAreNotFlagged() => Verify.VerifyAnalyzerAsync(
        """
        using Amazon.S3;

        static class Clients
        {
            static AmazonS3Config Default() => new() { MaxErrorRetry = 3 };

            static AmazonS3Config On() => new() { ThrottleRetries = true };

            static AmazonS3Config NoRetries() => new() { MaxErrorRetry = 0, ThrottleRetries = false };

            static AmazonS3Config Configured(bool throttle) => new() { ThrottleRetries = throttle };
        }
        """,
        ReferenceSets.DataAndCloudSdks);

    [Fact]
    public Task AGrpcServiceConfigThatRetriesOrHedgesWithoutThrottlingIsFlaggedAndTheFixAddsIt() => Verify.VerifyCodeFixAsync(
        """
        using System;
        using Grpc.Core;
        using Grpc.Net.Client.Configuration;

        static class Channels
        {
            static ServiceConfig Retrying()
            {
                var defaultMethod = new MethodConfig
                {
                    Names = { MethodName.Default },
                    RetryPolicy = new RetryPolicy
                    {
                        MaxAttempts = 5,
                        InitialBackoff = TimeSpan.FromSeconds(1),
                        MaxBackoff = TimeSpan.FromSeconds(5),
                        BackoffMultiplier = 1.5,
                        RetryableStatusCodes = { StatusCode.Unavailable },
                    },
                };
                return new {|#0:ServiceConfig|} { MethodConfigs = { defaultMethod } };
            }

            static ServiceConfig Hedging() => new {|#1:ServiceConfig|}
            {
                MethodConfigs = { new MethodConfig { Names = { MethodName.Default }, HedgingPolicy = new HedgingPolicy { MaxAttempts = 3 } } },
            };
        }
        """,
        """
        using System;
        using Grpc.Core;
        using Grpc.Net.Client.Configuration;

        static class Channels
        {
            static ServiceConfig Retrying()
            {
                var defaultMethod = new MethodConfig
                {
                    Names = { MethodName.Default },
                    RetryPolicy = new RetryPolicy
                    {
                        MaxAttempts = 5,
                        InitialBackoff = TimeSpan.FromSeconds(1),
                        MaxBackoff = TimeSpan.FromSeconds(5),
                        BackoffMultiplier = 1.5,
                        RetryableStatusCodes = { StatusCode.Unavailable },
                    },
                };
                return new ServiceConfig { MethodConfigs = { defaultMethod }, RetryThrottling = new RetryThrottlingPolicy { MaxTokens = 10, TokenRatio = 0.1 } };
            }

            static ServiceConfig Hedging() => new ServiceConfig
            {
                MethodConfigs = { new MethodConfig { Names = { MethodName.Default }, HedgingPolicy = new HedgingPolicy { MaxAttempts = 3 } } },
                RetryThrottling = new RetryThrottlingPolicy { MaxTokens = 10, TokenRatio = 0.1 },
            };
        }
        """,
        ReferenceSets.GrpcClientFactory,
        Verify.Diagnostic("RES1005").WithLocation(0).WithArguments("This gRPC service config's retry policy, without RetryThrottling,"),
        Verify.Diagnostic("RES1005").WithLocation(1).WithArguments("This gRPC service config's hedging policy, without RetryThrottling,"));

    [Fact]
    public Task GrpcServiceConfigsThatThrottleOrDoNotRetryAreNotFlagged() => Verify.VerifyAnalyzerAsync(
        """
        using System;
        using Grpc.Core;
        using Grpc.Net.Client.Configuration;

        static class Channels
        {
            static readonly MethodConfig Retrying = new() { Names = { MethodName.Default }, RetryPolicy = new RetryPolicy { MaxAttempts = 3 } };

            static ServiceConfig Throttled() => new()
            {
                MethodConfigs = { Retrying },
                RetryThrottling = new RetryThrottlingPolicy { MaxTokens = 10, TokenRatio = 0.1 },
            };

            static ServiceConfig ThrottledLater()
            {
                var config = new ServiceConfig { MethodConfigs = { Retrying } };
                config.RetryThrottling = new RetryThrottlingPolicy { MaxTokens = 10, TokenRatio = 0.1 };
                return config;
            }

            static ServiceConfig BalancingOnly() => new() { LoadBalancingConfigs = { new RoundRobinConfig() } };

            static ServiceConfig NoRetry() => new() { MethodConfigs = { new MethodConfig { Names = { MethodName.Default } } } };
        }
        """,
        ReferenceSets.GrpcClientFactory);

    [Theory]
    [InlineData("new AmazonS3Config { ThrottleRetries = false }", 1)]
    [InlineData("new AmazonS3Config { ThrottleRetries = }", 0)]
    [InlineData("new AmazonS3Config { ThrottleRetrie = false }", 0)]
    public async Task HalfTypedAwsSettingsAreAnalyzedWithoutCrashing(string config, int expected)
    {
        var source = $$"""
            using Amazon.S3;

            static class Clients
            {
                static AmazonS3Config Create() => {{config}};
            }
            """;

        Assert.Equal(expected, await AnalyzerRunner.CountAsync(new RES1005RetryWithoutBudgetAnalyzer(), source, ReferenceSets.DataAndCloudSdks));
    }
}
