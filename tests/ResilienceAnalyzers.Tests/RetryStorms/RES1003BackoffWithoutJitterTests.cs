using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using ResilienceAnalyzers.RetryStorms;
using ResilienceAnalyzers.Tests.Infrastructure;
using Xunit;
using Verify = ResilienceAnalyzers.Tests.Infrastructure.CSharpCodeFixVerifier<
    ResilienceAnalyzers.RetryStorms.RES1003BackoffWithoutJitterAnalyzer,
    ResilienceAnalyzers.CodeFixes.RetryStorms.RES1003BackoffWithoutJitterCodeFix>;

namespace ResilienceAnalyzers.Tests.RetryStorms;

public sealed class RES1003BackoffWithoutJitterTests
{
    [Fact]
    public Task ExponentialBackoffWithoutJitterIsFlagged() => Verify.VerifyAnalyzerAsync(
        """
        using Polly;
        using Polly.Retry;

        class Options
        {
            RetryStrategyOptions unset = {|RES1003:new() { BackoffType = DelayBackoffType.Exponential }|};
            RetryStrategyOptions<string> off = new() { BackoffType = DelayBackoffType.Exponential, UseJitter = {|RES1003:false|} };

            void Later()
            {
                var options = new RetryStrategyOptions { BackoffType = DelayBackoffType.Exponential, UseJitter = true };
                options.UseJitter = {|RES1003:false|};
            }
        }
        """,
        ReferenceSets.PollyV8);

    [Fact]
    public Task HttpRetryOptionsWithJitterTurnedOffAreFlaggedAndTheMessageSaysSo() => Verify.VerifyAnalyzerAsync(
        """
        using Microsoft.Extensions.Http.Resilience;

        class Options
        {
            HttpRetryStrategyOptions retry = new() { UseJitter = false };
        }
        """,
        ReferenceSets.HttpResilience,
        Verify.Diagnostic("RES1003").WithSpan(5, 58, 5, 63).WithOptions(DiagnosticOptions.IgnoreAdditionalLocations).WithArguments("HttpRetryStrategyOptions", "UseJitter = false"));

    [Fact]
    public Task JitteredConstantAndCustomDelaysAreNotFlagged() => Verify.VerifyAnalyzerAsync(
        """
        using System;
        using System.Threading.Tasks;
        using Microsoft.Extensions.Http.Resilience;
        using Polly;
        using Polly.Retry;

        class Options
        {
            static bool Jitter = true;

            RetryStrategyOptions jittered = new() { BackoffType = DelayBackoffType.Exponential, UseJitter = true };
            RetryStrategyOptions constant = new();
            RetryStrategyOptions linear = new() { BackoffType = DelayBackoffType.Linear };
            RetryStrategyOptions configured = new() { BackoffType = DelayBackoffType.Exponential, UseJitter = Jitter };
            RetryStrategyOptions generator = new() { BackoffType = DelayBackoffType.Exponential, DelayGenerator = args => new ValueTask<TimeSpan?>(TimeSpan.FromSeconds(1)) };
            HttpRetryStrategyOptions http = new();
        }
        """,
        ReferenceSets.HttpResilience);

    [Fact]
    public Task DelayGeneratorsThatDoubleWithoutRandomAreFlagged() => Verify.VerifyAnalyzerAsync(
        """
        using System;
        using System.Threading.Tasks;
        using Polly;
        using Polly.Retry;

        class EventBus
        {
            // The generator replaces the strategy's delays, so UseJitter = true does not spread these.
            RetryStrategyOptions inline = new()
            {
                UseJitter = true,
                DelayGenerator = {|RES1003:args => new ValueTask<TimeSpan?>(TimeSpan.FromSeconds(Math.Pow(2, args.AttemptNumber)))|},
            };

            RetryStrategyOptions<string> methodGroup = new() { DelayGenerator = {|RES1003:Doubling|} };

            static ValueTask<TimeSpan?> Doubling(RetryDelayGeneratorArguments<string> args) =>
                ValueTask.FromResult<TimeSpan?>(TimeSpan.FromMilliseconds(200 << args.AttemptNumber));

            ResiliencePipeline Create(int retryCount)
            {
                var options = new RetryStrategyOptions
                {
                    MaxRetryAttempts = retryCount,
                    DelayGenerator = {|RES1003:context => ValueTask.FromResult(GenerateDelay(context.AttemptNumber))|},
                };
                return new ResiliencePipelineBuilder().AddRetry(options).Build();

                static TimeSpan? GenerateDelay(int attempt)
                {
                    return TimeSpan.FromSeconds(Math.Pow(2, attempt));
                }
            }
        }
        """,
        ReferenceSets.PollyV8);

    [Fact]
    public Task DelayGeneratorsWithRandomOrFromTheResponseAreNotFlagged() => Verify.VerifyAnalyzerAsync(
        """
        using System;
        using System.Net.Http;
        using System.Threading.Tasks;
        using Polly;
        using Polly.Retry;

        class Client
        {
            RetryStrategyOptions jittered = new()
            {
                DelayGenerator = args => new ValueTask<TimeSpan?>(TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * 100 * Math.Pow(2, args.AttemptNumber))),
            };

            // The server says when to come back; the strategy's own jittered backoff covers the rest.
            RetryStrategyOptions<HttpResponseMessage> retryAfter = new()
            {
                UseJitter = true,
                BackoffType = DelayBackoffType.Exponential,
                DelayGenerator = args => new ValueTask<TimeSpan?>(args.Outcome.Result?.Headers.RetryAfter?.Delta),
            };

            RetryStrategyOptions linear = new() { DelayGenerator = args => new ValueTask<TimeSpan?>(TimeSpan.FromSeconds(args.AttemptNumber)) };
        }
        """,
        ReferenceSets.PollyV8);

    [Theory]
    [InlineData("new RetryStrategyOptions { BackoffType = DelayBackoffType.Exponential, UseJitter = }", 0)]
    [InlineData("new RetryStrategyOptions { BackoffType = DelayBackoffType.Exponential, ", 1)]
    [InlineData("new RetryStrategyOptions { UseJitter = fals }", 0)]
    public async Task HalfTypedCodeIsAnalyzedWithoutCrashing(string expression, int expected)
    {
        var source = $"using Polly; using Polly.Retry; class Typing {{ object options = {expression}; }}";

        Assert.Equal(expected, await AnalyzerRunner.CountAsync(new RES1003BackoffWithoutJitterAnalyzer(), source, ReferenceSets.PollyV8));
    }

    [Fact]
    public Task FixTurnsJitterOn() => Verify.VerifyCodeFixAsync(
        """
        using Polly;
        using Polly.Retry;

        class Options
        {
            RetryStrategyOptions unset = {|RES1003:new() { BackoffType = DelayBackoffType.Exponential }|};
            RetryStrategyOptions<string> off = new() { BackoffType = DelayBackoffType.Exponential, UseJitter = {|RES1003:false|} };

            void Later()
            {
                var options = new RetryStrategyOptions { BackoffType = DelayBackoffType.Exponential };
                options.UseJitter = {|RES1003:false|};
            }
        }
        """,
        """
        using Polly;
        using Polly.Retry;

        class Options
        {
            RetryStrategyOptions unset = new() { BackoffType = DelayBackoffType.Exponential, UseJitter = true };
            RetryStrategyOptions<string> off = new() { BackoffType = DelayBackoffType.Exponential, UseJitter = true };

            void Later()
            {
                var options = new RetryStrategyOptions { BackoffType = DelayBackoffType.Exponential };
                options.UseJitter = true;
            }
        }
        """,
        ReferenceSets.PollyV8);

    [Fact]
    public Task HandRolledExponentialDelaysWithoutRandomAreFlagged() => Verify.VerifyAnalyzerAsync("""
        using System;
        using System.IO;
        using System.Net.Http;
        using System.Threading;
        using System.Threading.Tasks;

        class Client
        {
            async Task<string> PowAsync(HttpClient client)
            {
                for (var attempt = 1; ; attempt++)
                {
                    try
                    {
                        return await client.GetStringAsync("/orders");
                    }
                    catch (HttpRequestException) when (attempt < 4)
                    {
                        await {|RES1003:Task.Delay(TimeSpan.FromMilliseconds(100 * Math.Pow(2, attempt)))|};
                    }
                }
            }

            void Shift(Stream stream)
            {
                for (var attempt = 0; attempt < 5; attempt++)
                {
                    try
                    {
                        stream.Flush();
                        return;
                    }
                    catch (IOException)
                    {
                        var wait = 50 << attempt;
                        {|RES1003:Thread.Sleep(wait)|};
                    }
                }
            }

            async Task<string> DoublingAsync(HttpClient client)
            {
                var delay = TimeSpan.FromMilliseconds(100);
                for (var attempt = 1; ; attempt++)
                {
                    try
                    {
                        return await client.GetStringAsync("/orders");
                    }
                    catch (HttpRequestException) when (attempt < 4)
                    {
                        await {|RES1003:Task.Delay(delay)|};
                        delay *= 2;
                    }
                }
            }
        }
        """);

    [Fact]
    public Task DelaysGrownInPlaceByAnyFactorAreExponential() => Verify.VerifyAnalyzerAsync("""
        using System;
        using System.Net.Http;
        using System.Threading.Tasks;

        sealed class RetryOptions
        {
            public int InitialInterval { get; set; } = 1000;
            public double Multiplier { get; set; } = 1.1;
            public int MaxInterval { get; set; } = 2000;
            public int MaxAttempts { get; set; } = 6;
        }

        class Registrar(HttpClient client, RetryOptions options)
        {
            // The multiplier comes from options: whatever it is, nothing random spreads the instances apart.
            async Task RegisterAsync()
            {
                var backOff = options.InitialInterval;
                var attempts = 0;
                do
                {
                    try
                    {
                        await client.PutAsync("/v1/agent/service/register", null);
                        return;
                    }
                    catch (HttpRequestException) when (++attempts < options.MaxAttempts)
                    {
                        await {|RES1003:Task.Delay(backOff)|};
                        var next = (int)(backOff * options.Multiplier);
                        backOff = Math.Min(next, options.MaxInterval);
                    }
                }
                while (true);
            }

            async Task<string> ClampedAsync()
            {
                var delay = TimeSpan.FromMilliseconds(100);
                for (var attempt = 1; ; attempt++)
                {
                    try
                    {
                        return await client.GetStringAsync("/state");
                    }
                    catch (HttpRequestException) when (attempt < 5)
                    {
                        await {|RES1003:Task.Delay(delay)|};
                        delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 15_000));
                    }
                }
            }

            async Task<string> JitteredGrowthAsync()
            {
                var delay = 100.0;
                for (var attempt = 1; ; attempt++)
                {
                    try
                    {
                        return await client.GetStringAsync("/state");
                    }
                    catch (HttpRequestException) when (attempt < 5)
                    {
                        await Task.Delay(TimeSpan.FromMilliseconds(delay));
                        delay = delay * 2 * (0.8 + Random.Shared.NextDouble() * 0.4);
                    }
                }
            }
        }
        """);

    [Fact]
    public Task HandRolledExponentialDelaysWithRandomAreNotFlagged() => Verify.VerifyAnalyzerAsync("""
        using System;
        using System.Net.Http;
        using System.Threading.Tasks;

        class Client
        {
            private readonly Random random = new();

            async Task<string> FullJitterAsync(HttpClient client)
            {
                for (var attempt = 1; ; attempt++)
                {
                    try
                    {
                        return await client.GetStringAsync("/orders");
                    }
                    catch (HttpRequestException) when (attempt < 4)
                    {
                        var ceiling = 100 * Math.Pow(2, attempt);
                        await Task.Delay(TimeSpan.FromMilliseconds(random.NextDouble() * ceiling));
                    }
                }
            }
        }
        """);

    [Fact]
    public Task DelaysComputedByHelpersAndKeptInFieldsAreReadThrough() => Verify.VerifyAnalyzerAsync("""
        using System;
        using System.Net.Http;
        using System.Threading.Tasks;

        static class Backoffs
        {
            public static TimeSpan Exponential(int attempt) => TimeSpan.FromMilliseconds(100 * Math.Pow(2, attempt));

            public static TimeSpan Jittered(int attempt)
            {
                return TimeSpan.FromMilliseconds(Random.Shared.Next(0, 100 << attempt));
            }
        }

        class Client
        {
            private static readonly TimeSpan BaseDelay = TimeSpan.FromMilliseconds(100);

            private static TimeSpan Grown(int attempt) => BaseDelay * Math.Pow(2, attempt);

            async Task<string> HelperAsync(HttpClient client)
            {
                for (var attempt = 1; ; attempt++)
                {
                    try
                    {
                        return await client.GetStringAsync("/orders");
                    }
                    catch (HttpRequestException) when (attempt < 4)
                    {
                        await {|RES1003:Task.Delay(Backoffs.Exponential(attempt))|};
                    }
                }
            }

            async Task<string> FieldThroughHelperAsync(HttpClient client)
            {
                for (var attempt = 1; ; attempt++)
                {
                    try
                    {
                        return await client.GetStringAsync("/orders");
                    }
                    catch (HttpRequestException) when (attempt < 4)
                    {
                        await {|RES1003:Task.Delay(Grown(attempt))|};
                    }
                }
            }

            async Task<string> JitteredHelperAsync(HttpClient client)
            {
                for (var attempt = 1; ; attempt++)
                {
                    try
                    {
                        return await client.GetStringAsync("/orders");
                    }
                    catch (HttpRequestException) when (attempt < 4)
                    {
                        await Task.Delay(Backoffs.Jittered(attempt));
                    }
                }
            }
        }
        """);

    [Fact]
    public Task PollyV7ProvidersGivenAsMethodsAreRead() => Verify.VerifyAnalyzerAsync(
        """
        using System;
        using Polly;

        class Policies
        {
            static TimeSpan Doubling(int attempt) => TimeSpan.FromSeconds(Math.Pow(2, attempt));

            static TimeSpan Spread(int attempt) => TimeSpan.FromSeconds(Math.Pow(2, attempt) * Random.Shared.NextDouble());

            ISyncPolicy doubling = Policy.Handle<TimeoutException>().WaitAndRetry(4, {|RES1003:Doubling|});
            ISyncPolicy spread = Policy.Handle<TimeoutException>().WaitAndRetry(4, Spread);
            ISyncPolicy throughLambda = Policy.Handle<TimeoutException>().WaitAndRetry(4, {|RES1003:attempt => Doubling(attempt)|});
        }
        """,
        ReferenceSets.PollyV7);

    [Fact]
    public Task PollyV7ExponentialWaitsWithoutJitterAreFlagged() => Verify.VerifyAnalyzerAsync(
        """
        using System;
        using Polly;
        using Polly.Contrib.WaitAndRetry;

        class Policies
        {
            ISyncPolicy pow = Policy.Handle<TimeoutException>().WaitAndRetry(4, {|RES1003:attempt => TimeSpan.FromSeconds(Math.Pow(2, attempt))|});
            IAsyncPolicy helper = Policy.Handle<TimeoutException>().WaitAndRetryAsync({|RES1003:Backoff.ExponentialBackoff(TimeSpan.FromMilliseconds(100), 5)|});
            IAsyncPolicy jittered = Policy.Handle<TimeoutException>().WaitAndRetryAsync(Backoff.DecorrelatedJitterBackoffV2(TimeSpan.FromMilliseconds(100), 5));
            ISyncPolicy randomized = Policy.Handle<TimeoutException>().WaitAndRetry(4, attempt => TimeSpan.FromSeconds(Math.Pow(2, attempt) * Random.Shared.NextDouble()));
        }
        """,
        ReferenceSets.PollyV7);

    [Fact]
    public Task FixGivesHandRolledDelaysFullJitter() => Verify.VerifyCodeFixAsync(
        """
        using System;
        using System.IO;
        using System.Net.Http;
        using System.Threading;
        using System.Threading.Tasks;

        class Client
        {
            async Task<string> PowAsync(HttpClient client)
            {
                for (var attempt = 1; ; attempt++)
                {
                    try
                    {
                        return await client.GetStringAsync("/orders");
                    }
                    catch (HttpRequestException) when (attempt < 4)
                    {
                        await {|RES1003:Task.Delay(TimeSpan.FromMilliseconds(100 * Math.Pow(2, attempt)))|};
                    }
                }
            }

            void Shift(Stream stream)
            {
                for (var attempt = 0; attempt < 5; attempt++)
                {
                    try
                    {
                        stream.Flush();
                        return;
                    }
                    catch (IOException)
                    {
                        {|RES1003:Thread.Sleep(50 << attempt)|};
                    }
                }
            }
        }
        """,
        """
        using System;
        using System.IO;
        using System.Net.Http;
        using System.Threading;
        using System.Threading.Tasks;

        class Client
        {
            async Task<string> PowAsync(HttpClient client)
            {
                for (var attempt = 1; ; attempt++)
                {
                    try
                    {
                        return await client.GetStringAsync("/orders");
                    }
                    catch (HttpRequestException) when (attempt < 4)
                    {
                        await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * TimeSpan.FromMilliseconds(100 * Math.Pow(2, attempt)).TotalMilliseconds));
                    }
                }
            }

            void Shift(Stream stream)
            {
                for (var attempt = 0; attempt < 5; attempt++)
                {
                    try
                    {
                        stream.Flush();
                        return;
                    }
                    catch (IOException)
                    {
                        Thread.Sleep((int)(Random.Shared.NextDouble() * (50 << attempt)));
                    }
                }
            }
        }
        """);

    [Fact]
    public Task FixGivesPollyV7WaitsJitter() => Verify.VerifyCodeFixAsync(
        """
        using System;
        using Polly;
        using Polly.Contrib.WaitAndRetry;

        class Policies
        {
            ISyncPolicy pow = Policy.Handle<TimeoutException>().WaitAndRetry(4, {|RES1003:attempt => TimeSpan.FromSeconds(Math.Pow(2, attempt))|});
            IAsyncPolicy helper = Policy.Handle<TimeoutException>().WaitAndRetryAsync({|RES1003:Backoff.ExponentialBackoff(TimeSpan.FromMilliseconds(100), 5)|});
        }
        """,
        """
        using System;
        using Polly;
        using Polly.Contrib.WaitAndRetry;

        class Policies
        {
            ISyncPolicy pow = Policy.Handle<TimeoutException>().WaitAndRetry(4, attempt => TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * TimeSpan.FromSeconds(Math.Pow(2, attempt)).TotalMilliseconds));
            IAsyncPolicy helper = Policy.Handle<TimeoutException>().WaitAndRetryAsync(Backoff.DecorrelatedJitterBackoffV2(TimeSpan.FromMilliseconds(100), 5));
        }
        """,
        ReferenceSets.PollyV7);

    private const string SignalRReconnect = "This SignalR client's automatic reconnect";

    /// <summary>The jittered policy is a class of the code's own (the page shows one): flagged, not fixed.</summary>
    [Fact]
    public Task SignalRReconnectSchedulesThatGrowTheSameForEveryClientAreFlaggedButGetNoFix() => Verify.VerifyNoCodeFixAsync(
        """
        using System;
        using Microsoft.AspNetCore.SignalR.Client;

        static class Hubs
        {
            static HubConnection Default() => new HubConnectionBuilder().WithUrl("http://hub/orders").{|#0:WithAutomaticReconnect|}().Build();

            static HubConnection Growing() => new HubConnectionBuilder()
                .WithUrl("http://hub/orders")
                .{|#1:WithAutomaticReconnect|}(new[] { TimeSpan.Zero, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30) })
                .Build();
        }
        """,
        ReferenceSets.SignalRClient,
        Verify.Diagnostic("RES1003").WithLocation(0).WithArguments(SignalRReconnect, "0, 2, 10 and 30 s before its four attempts, the default of WithAutomaticReconnect(), the same for every client"),
        Verify.Diagnostic("RES1003").WithLocation(1).WithArguments(SignalRReconnect, "a fixed schedule, the same for every client (0, 5, 30 s)"));

    [Fact]
    public Task SignalRReconnectPoliciesTheCodeDecidesAreNotFlagged() => Verify.VerifyAnalyzerAsync(
        """
        using System;
        using Microsoft.AspNetCore.SignalR.Client;

        sealed class JitteredReconnect : IRetryPolicy
        {
            public TimeSpan? NextRetryDelay(RetryContext retryContext) =>
                retryContext.PreviousRetryCount < 8 ? TimeSpan.FromSeconds(Random.Shared.Next(1, 1 << (int)retryContext.PreviousRetryCount)) : null;
        }

        static class Hubs
        {
            static HubConnection Custom() => new HubConnectionBuilder().WithUrl("http://hub/orders").WithAutomaticReconnect(new JitteredReconnect()).Build();

            static HubConnection Configured(TimeSpan[] delays) => new HubConnectionBuilder().WithUrl("http://hub/orders").WithAutomaticReconnect(delays).Build();

            static HubConnection Shrinking() => new HubConnectionBuilder()
                .WithUrl("http://hub/orders")
                .WithAutomaticReconnect(new[] { TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(1) })
                .Build();

            static HubConnection NoReconnect() => new HubConnectionBuilder().WithUrl("http://hub/orders").Build();
        }
        """,
        ReferenceSets.SignalRClient);

    [Theory]
    [InlineData(".WithAutomaticReconnect().Buil", 1)]
    [InlineData(".WithAutomaticReconnect(", 0)]
    [InlineData(".WithAutomaticReconnect(new[] { TimeSpan.Zero, TimeSpan.FromSeconds( }).Build()", 0)]
    [InlineData(".WithAutomaticReconnec().Build()", 0)]
    public async Task HalfTypedSignalRReconnectsAreAnalyzedWithoutCrashing(string reconnect, int expected)
    {
        var source = $$"""
            using System;
            using Microsoft.AspNetCore.SignalR.Client;

            static class Hubs
            {
                static HubConnection Connect() => new HubConnectionBuilder().WithUrl("http://hub/orders"){{reconnect}};
            }
            """;

        Assert.Equal(expected, await AnalyzerRunner.CountAsync(new RES1003BackoffWithoutJitterAnalyzer(), source, ReferenceSets.SignalRClient));
    }
}
