using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using ResilienceAnalyzers.RetryStorms;
using ResilienceAnalyzers.Tests.Infrastructure;
using Xunit;
using Verify = ResilienceAnalyzers.Tests.Infrastructure.CSharpCodeFixVerifier<
    ResilienceAnalyzers.RetryStorms.RES1002RetryWithoutBackoffAnalyzer,
    ResilienceAnalyzers.CodeFixes.RetryStorms.RES1002RetryWithoutBackoffCodeFix>;

namespace ResilienceAnalyzers.Tests.RetryStorms;

public sealed class RES1002RetryWithoutBackoffTests
{
    [Fact]
    public Task DefaultRetryStrategyOptionsAreFlaggedBecauseTheirDefaultIsConstant() => Verify.VerifyAnalyzerAsync(
        """
        using Polly;
        using Polly.Retry;

        class Pipelines
        {
            ResiliencePipeline Build() => new ResiliencePipelineBuilder().AddRetry(new RetryStrategyOptions()).Build();
        }
        """,
        ReferenceSets.PollyV8,
        Verify.Diagnostic("RES1002").WithSpan(6, 76, 6, 102).WithOptions(DiagnosticOptions.IgnoreAdditionalLocations).WithArguments(
            "RetryStrategyOptions",
            "a constant delay between attempts (Constant backoff, 2 s, no jitter, is the default of RetryStrategyOptions)"));

    [Fact]
    public Task TheLibraryThatDeclaresTheOptionsIsNotAUseOfThem() => Verify.VerifyAnalyzerAsync(
        """
        namespace Polly.Retry
        {
            // Polly's own source: the options type is declared here, and its defaults are the library's business.
            public class RetryStrategyOptions
            {
                public static RetryStrategyOptions CreateDefault() => new RetryStrategyOptions();
            }
        }
        """,
        ReferenceSets.PollyV8);

    [Fact]
    public Task FailoverRandomWaitsTimersAndRaceLostWritesAreNotFlagged() => Verify.VerifyAnalyzerAsync(
        """
        using System;
        using System.Collections.Generic;
        using System.Threading.Tasks;

        interface IFeeSource { Task<decimal> GetFeeAsync(); }
        interface IEndpoints { Uri GetNextEndpoint(); }
        class InconsistentStateException : Exception { }
        class WrongExpectedVersionException : Exception { }

        class Lookalikes
        {
            // Failover: each turn asks another source, none twice.
            async Task<decimal> FeeAsync(IReadOnlyList<IFeeSource> sources)
            {
                for (var i = 0; i < sources.Count; i++)
                {
                    try { return await sources[i].GetFeeAsync(); }
                    catch (Exception) when (i < sources.Count - 1) { }
                }

                throw new InvalidOperationException();
            }

            async Task<string> RegisterAsync(IEndpoints endpoints, Func<Uri, Task<string>> send)
            {
                for (var attempt = 0; attempt < 3; attempt++)
                {
                    var endpoint = endpoints.GetNextEndpoint();
                    try { return await send(endpoint); }
                    catch (TimeoutException) { }
                }

                throw new TimeoutException();
            }

            // A random wait that does not grow still spreads the callers out.
            async Task ScheduleAsync(Func<Task> register, Random random)
            {
                for (var attempt = 0; attempt < 5; attempt++)
                {
                    try { await register(); return; }
                    catch (InvalidOperationException) { await Task.Delay(random.Next(50, 250)); }
                }
            }

            // The wait is a durable timer the caller hands in.
            async Task<T> WithTimerAsync<T>(Func<Task<T>> call, Func<TimeSpan, Task> timer, TimeSpan interval)
            {
                for (var attempt = 1; attempt <= 4; attempt++)
                {
                    try { return await call(); }
                    catch (InvalidOperationException) when (attempt < 4) { }
                    await timer(interval * attempt);
                }

                throw new InvalidOperationException();
            }

            // Optimistic concurrency: the store answered, the write lost a race.
            async Task UpdateAsync(Func<Task> readModifyWrite, Func<Task> append)
            {
                for (var i = 0; i < 100; i++)
                {
                    try { await readModifyWrite(); return; }
                    catch (InconsistentStateException) { }
                }

                while (true)
                {
                    try { await append(); break; }
                    catch (WrongExpectedVersionException) { }
                }
            }
        }
        """);

    [Fact]
    public Task ExplicitConstantAndZeroDelaysAreFlagged() => Verify.VerifyAnalyzerAsync(
        """
        using System;
        using Polly;
        using Polly.Retry;

        class Options
        {
            RetryStrategyOptions<string> constant = new() { BackoffType = {|RES1002:DelayBackoffType.Constant|}, UseJitter = true };
            RetryStrategyOptions zero = new() { BackoffType = DelayBackoffType.Exponential, Delay = {|RES1002:TimeSpan.Zero|} };
            RetryStrategyOptions zeroSeconds = new() { BackoffType = DelayBackoffType.Exponential, UseJitter = true, Delay = {|RES1002:TimeSpan.FromSeconds(0)|} };

            void Later()
            {
                var options = new RetryStrategyOptions { BackoffType = DelayBackoffType.Exponential, UseJitter = true };
                options.BackoffType = {|RES1002:DelayBackoffType.Constant|};
            }
        }
        """,
        ReferenceSets.PollyV8);

    [Fact]
    public Task ConstantsKeptInFieldsLocalsAndPropertiesAreRead() => Verify.VerifyAnalyzerAsync(
        """
        using System;
        using System.Net.Http;
        using System.Threading.Tasks;
        using Polly;
        using Polly.Retry;

        class Client
        {
            private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);
            private readonly TimeSpan assignedInTheConstructor = TimeSpan.FromSeconds(1);
            private TimeSpan Pause { get; } = TimeSpan.FromMilliseconds(500);

            public Client(bool slow)
            {
                if (slow) assignedInTheConstructor = TimeSpan.FromSeconds(Random.Shared.Next(1, 5));
            }

            void FromALocal(ResiliencePipelineBuilder builder)
            {
                var backoff = DelayBackoffType.Constant;
                builder.AddRetry(new RetryStrategyOptions { BackoffType = {|RES1002:backoff|}, UseJitter = true });
            }

            async Task<string> StaticFieldAsync(HttpClient client)
            {
                for (var attempt = 1; ; attempt++)
                {
                    try
                    {
                        return await client.GetStringAsync("/orders");
                    }
                    catch (HttpRequestException) when (attempt < 4)
                    {
                        await {|RES1002:Task.Delay(RetryDelay)|};
                    }
                }
            }

            async Task<string> PropertyAsync(HttpClient client)
            {
                for (var attempt = 1; ; attempt++)
                {
                    try
                    {
                        return await client.GetStringAsync("/orders");
                    }
                    catch (HttpRequestException) when (attempt < 4)
                    {
                        await {|RES1002:Task.Delay(Pause)|};
                    }
                }
            }

            async Task<string> ConstructorDecidesAsync(HttpClient client)
            {
                for (var attempt = 1; ; attempt++)
                {
                    try
                    {
                        return await client.GetStringAsync("/orders");
                    }
                    catch (HttpRequestException) when (attempt < 4)
                    {
                        await Task.Delay(assignedInTheConstructor);
                    }
                }
            }
        }
        """,
        ReferenceSets.PollyV8);

    [Fact]
    public Task BackoffThatGrowsOrThatTheCodeDecidesIsNotFlagged() => Verify.VerifyAnalyzerAsync(
        """
        using System;
        using System.Threading.Tasks;
        using Polly;
        using Polly.Retry;

        class Options
        {
            static DelayBackoffType Configured = DelayBackoffType.Exponential;

            RetryStrategyOptions exponential = new() { BackoffType = DelayBackoffType.Exponential, UseJitter = true };
            RetryStrategyOptions linear = new() { BackoffType = DelayBackoffType.Linear, UseJitter = true };
            RetryStrategyOptions configured = new() { BackoffType = Configured };
            RetryStrategyOptions generator = new() { DelayGenerator = args => new ValueTask<TimeSpan?>(TimeSpan.FromSeconds(args.AttemptNumber)) };

            RetryStrategyOptions Factory() => new RetryStrategyOptions();

            RetryStrategyOptions Conditional(bool slow)
            {
                var options = new RetryStrategyOptions { BackoffType = DelayBackoffType.Exponential, UseJitter = true };
                if (slow)
                {
                    options.BackoffType = DelayBackoffType.Linear;
                }

                return options;
            }
        }
        """,
        ReferenceSets.PollyV8);

    [Fact]
    public Task HttpRetryStrategyOptionsDefaultToExponentialAndAreNotFlagged() => Verify.VerifyAnalyzerAsync(
        """
        using Microsoft.Extensions.Http.Resilience;

        class Options
        {
            HttpRetryStrategyOptions retry = new();
            HttpRetryStrategyOptions capped = new() { MaxRetryAttempts = 2 };
            HttpRetryStrategyOptions constant = new() { BackoffType = {|RES1002:Polly.DelayBackoffType.Constant|} };
        }
        """,
        ReferenceSets.HttpResilience);

    [Theory]
    [InlineData("new RetryStrategyOptions { BackoffType = DelayBackoffType. }", 0)]
    [InlineData("new RetryStrategyOptions { BackoffType = ", 0)]
    [InlineData("new RetryStrategyOptions(", 1)]
    [InlineData("new RetryStrategyOptions { Delay = TimeSpan.FromSeconds( }", 1)]
    public async Task HalfTypedCodeIsAnalyzedWithoutCrashing(string expression, int expected)
    {
        var source = $"using System; using Polly; using Polly.Retry; class Typing {{ object options = {expression}; }}";

        Assert.Equal(expected, await AnalyzerRunner.CountAsync(new RES1002RetryWithoutBackoffAnalyzer(), source, ReferenceSets.PollyV8));
    }

    [Fact]
    public Task FixAddsExponentialBackoffWithJitterToDefaultOptions() => Verify.VerifyCodeFixAsync(
        """
        using Polly;
        using Polly.Retry;

        class Pipelines
        {
            ResiliencePipeline Build() => new ResiliencePipelineBuilder().AddRetry({|RES1002:new RetryStrategyOptions()|}).Build();
            RetryStrategyOptions<int> implicitNew = {|RES1002:new()|};
        }
        """,
        """
        using Polly;
        using Polly.Retry;

        class Pipelines
        {
            ResiliencePipeline Build() => new ResiliencePipelineBuilder().AddRetry(new RetryStrategyOptions { BackoffType = DelayBackoffType.Exponential, UseJitter = true }).Build();
            RetryStrategyOptions<int> implicitNew = new() { BackoffType = DelayBackoffType.Exponential, UseJitter = true };
        }
        """,
        ReferenceSets.PollyV8);

    [Fact]
    public Task FixReplacesTheConstantAndTheJitterWhereTheCodeSetsThem() => Verify.VerifyCodeFixAsync(
        """
        using System;
        using Polly;
        using Polly.Retry;

        class Options
        {
            RetryStrategyOptions retry = new()
            {
                MaxRetryAttempts = 4,
                BackoffType = {|RES1002:DelayBackoffType.Constant|},
                UseJitter = false,
                Delay = TimeSpan.FromMilliseconds(200)
            };

            void Later()
            {
                var options = new RetryStrategyOptions
                {
                    MaxRetryAttempts = 2,
                };
                options.BackoffType = {|RES1002:DelayBackoffType.Constant|};
            }
        }
        """,
        """
        using System;
        using Polly;
        using Polly.Retry;

        class Options
        {
            RetryStrategyOptions retry = new()
            {
                MaxRetryAttempts = 4,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromMilliseconds(200)
            };

            void Later()
            {
                var options = new RetryStrategyOptions
                {
                    MaxRetryAttempts = 2,
                    UseJitter = true,
                };
                options.BackoffType = DelayBackoffType.Exponential;
            }
        }
        """,
        ReferenceSets.PollyV8);

    [Fact]
    public Task FixQualifiesTheEnumWhenPollyIsNotImported() => Verify.VerifyCodeFixAsync(
        """
        class Options
        {
            Polly.Retry.RetryStrategyOptions retry = {|RES1002:new()|};
        }
        """,
        """
        class Options
        {
            Polly.Retry.RetryStrategyOptions retry = new() { BackoffType = Polly.DelayBackoffType.Exponential, UseJitter = true };
        }
        """,
        ReferenceSets.PollyV8);

    [Fact]
    public Task ZeroDelayGetsNoFix() => Verify.VerifyCodeFixAsync(
        """
        using System;
        using Polly.Retry;

        class Options
        {
            RetryStrategyOptions zero = new() { Delay = {|RES1002:TimeSpan.Zero|} };
        }
        """,
        """
        using System;
        using Polly.Retry;

        class Options
        {
            RetryStrategyOptions zero = new() { Delay = {|RES1002:TimeSpan.Zero|} };
        }
        """,
        ReferenceSets.PollyV8);

    [Fact]
    public Task HandRolledRetriesThatBackOffOrWhoseDelayIsUnknownAreNotFlagged() => Verify.VerifyAnalyzerAsync("""
        using System;
        using System.Net.Http;
        using System.Threading.Tasks;

        class Client(TimeSpan configured)
        {
            private readonly TimeSpan configuredDelay = configured;

            async Task<string> ExponentialAsync(HttpClient client)
            {
                for (var attempt = 1; ; attempt++)
                {
                    try
                    {
                        return await client.GetStringAsync("/orders");
                    }
                    catch (HttpRequestException) when (attempt < 4)
                    {
                        await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(0, 100 * (1 << attempt))));
                    }
                }
            }

            async Task<string> LinearAsync(HttpClient client)
            {
                for (var attempt = 1; ; attempt++)
                {
                    try
                    {
                        return await client.GetStringAsync("/orders");
                    }
                    catch (HttpRequestException) when (attempt < 4)
                    {
                        await Task.Delay(attempt * 250);
                    }
                }
            }

            async Task<string> ConfiguredAsync(HttpClient client)
            {
                for (var attempt = 1; ; attempt++)
                {
                    try
                    {
                        return await client.GetStringAsync("/orders");
                    }
                    catch (HttpRequestException) when (attempt < 4)
                    {
                        await Task.Delay(configuredDelay);
                    }
                }
            }
        }
        """);

    [Fact]
    public Task PollyV7RetriesWithoutOrWithAConstantWaitAreFlagged() => Verify.VerifyAnalyzerAsync(
        """
        using System;
        using System.Net.Http;
        using Polly;
        using Polly.Contrib.WaitAndRetry;
        using Polly.Extensions.Http;

        class Policies
        {
            ISyncPolicy immediate = Policy.Handle<TimeoutException>().{|RES1002:Retry|}(3);
            IAsyncPolicy<HttpResponseMessage> http = HttpPolicyExtensions.HandleTransientHttpError().{|RES1002:RetryAsync|}(2);
            ISyncPolicy constant = Policy.Handle<TimeoutException>().WaitAndRetry(3, {|RES1002:_ => TimeSpan.FromSeconds(2)|});
            IAsyncPolicy helper = Policy.Handle<TimeoutException>().WaitAndRetryAsync({|RES1002:Backoff.ConstantBackoff(TimeSpan.FromSeconds(1), 5)|});
        }
        """,
        ReferenceSets.PollyV7);

    [Fact]
    public Task PollyV7RetriesThatBackOffAreNotFlagged() => Verify.VerifyAnalyzerAsync(
        """
        using System;
        using Polly;
        using Polly.Contrib.WaitAndRetry;

        class Policies
        {
            static TimeSpan Configured(int attempt) => TimeSpan.FromSeconds(attempt);

            ISyncPolicy exponential = Policy.Handle<TimeoutException>().WaitAndRetry(3, attempt => TimeSpan.FromSeconds(Math.Pow(2, attempt) * Random.Shared.NextDouble()));
            ISyncPolicy linear = Policy.Handle<TimeoutException>().WaitAndRetry(3, attempt => TimeSpan.FromMilliseconds(attempt * 300));
            IAsyncPolicy jittered = Policy.Handle<TimeoutException>().WaitAndRetryAsync(Backoff.DecorrelatedJitterBackoffV2(TimeSpan.FromMilliseconds(100), 4));
            ISyncPolicy methodGroup = Policy.Handle<TimeoutException>().WaitAndRetry(3, Configured);
        }
        """,
        ReferenceSets.PollyV7);

    [Fact]
    public Task FixGivesPollyV7RetriesAJitteredExponentialWait() => Verify.VerifyCodeFixAsync(
        """
        using System;
        using Polly;
        using Polly.Contrib.WaitAndRetry;

        class Policies
        {
            ISyncPolicy immediate = Policy.Handle<TimeoutException>().{|RES1002:Retry|}(3);
            IAsyncPolicy immediateAsync = Policy.Handle<TimeoutException>().{|RES1002:RetryAsync|}(2);
            ISyncPolicy constant = Policy.Handle<TimeoutException>().WaitAndRetry(3, {|RES1002:_ => TimeSpan.FromSeconds(2)|});
            IAsyncPolicy helper = Policy.Handle<TimeoutException>().WaitAndRetryAsync({|RES1002:Backoff.ConstantBackoff(TimeSpan.FromSeconds(1), 5)|});
        }
        """,
        """
        using System;
        using Polly;
        using Polly.Contrib.WaitAndRetry;

        class Policies
        {
            ISyncPolicy immediate = Policy.Handle<TimeoutException>().WaitAndRetry(3, attempt => TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * 200 * Math.Pow(2, attempt)));
            IAsyncPolicy immediateAsync = Policy.Handle<TimeoutException>().WaitAndRetryAsync(2, attempt => TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * 200 * Math.Pow(2, attempt)));
            ISyncPolicy constant = Policy.Handle<TimeoutException>().WaitAndRetry(3, attempt => TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * TimeSpan.FromSeconds(2).TotalMilliseconds * Math.Pow(2, attempt)));
            IAsyncPolicy helper = Policy.Handle<TimeoutException>().WaitAndRetryAsync(Backoff.DecorrelatedJitterBackoffV2(TimeSpan.FromSeconds(1), 5));
        }
        """,
        ReferenceSets.PollyV7);

    [Fact]
    public Task ImmediateRetriesOfConcurrencyConflictsAreNotFlagged() => Verify.VerifyAnalyzerAsync("""
        using System;

        class DbUpdateConcurrencyException : Exception { }

        class Orders
        {
            void Save(Action save, Action reload)
            {
                for (var attempt = 0; attempt < 3; attempt++)
                {
                    try
                    {
                        save();
                        return;
                    }
                    catch (DbUpdateConcurrencyException)
                    {
                        reload();
                    }
                }
            }
        }
        """);

    [Fact]
    public Task RetryLoopsWithoutOrWithAConstantWaitAreFlaggedAndCountedOnesGetAJitteredWaitThatDoubles() => Verify.VerifyCodeFixAsync(
        """
        using System;
        using System.IO;
        using System.Net.Http;
        using System.Threading;
        using System.Threading.Tasks;

        class Client
        {
            string NoDelay(Func<string> read)
            {
                {|RES1002:for|} (var attempt = 0; attempt < 3; attempt++)
                {
                    try
                    {
                        return read();
                    }
                    catch (IOException)
                    {
                    }
                }

                throw new IOException("gave up");
            }

            async Task<string> NoDelayAsync(HttpClient client, CancellationToken cancellationToken)
            {
                {|RES1002:for|} (var attempt = 1; ; attempt++)
                {
                    try
                    {
                        return await client.GetStringAsync("/orders", cancellationToken);
                    }
                    catch (HttpRequestException) when (attempt < 3)
                    {
                        Console.WriteLine("retrying");
                        continue;
                    }
                }
            }

            async Task<string> ConstantAsync(HttpClient client)
            {
                for (var attempt = 0; ; attempt++)
                {
                    try
                    {
                        return await client.GetStringAsync("/orders");
                    }
                    catch (HttpRequestException) when (attempt < 5)
                    {
                        await {|RES1002:Task.Delay(500)|};
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
            string NoDelay(Func<string> read)
            {
                for (var attempt = 0; attempt < 3; attempt++)
                {
                    try
                    {
                        return read();
                    }
                    catch (IOException)
                    {
                        Thread.Sleep(TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * 200 * Math.Pow(2, attempt)));
                    }
                }

                throw new IOException("gave up");
            }

            async Task<string> NoDelayAsync(HttpClient client, CancellationToken cancellationToken)
            {
                for (var attempt = 1; ; attempt++)
                {
                    try
                    {
                        return await client.GetStringAsync("/orders", cancellationToken);
                    }
                    catch (HttpRequestException) when (attempt < 3)
                    {
                        Console.WriteLine("retrying");
                        await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * 200 * Math.Pow(2, attempt)), cancellationToken);
                        continue;
                    }
                }
            }

            async Task<string> ConstantAsync(HttpClient client)
            {
                for (var attempt = 0; ; attempt++)
                {
                    try
                    {
                        return await client.GetStringAsync("/orders");
                    }
                    catch (HttpRequestException) when (attempt < 5)
                    {
                        await Task.Delay((int)(Random.Shared.NextDouble() * 500 * Math.Pow(2, attempt)));
                    }
                }
            }
        }
        """);

    [Fact]
    public Task RetryLoopsWithoutAnAttemptCounterAreFlaggedButGetNoFix()
    {
        const string source = """
            using System;
            using System.IO;
            using System.Threading;

            class Client
            {
                void ConstantSleep(Stream stream)
                {
                    var attempts = 0;
                    while (true)
                    {
                        try
                        {
                            stream.Flush();
                            break;
                        }
                        catch (IOException) when (++attempts < 3)
                        {
                            var pause = TimeSpan.FromSeconds(1);
                            {|RES1002:Thread.Sleep(pause)|};
                        }
                    }
                }
            }
            """;

        return Verify.VerifyCodeFixAsync(source, source);
    }

    private const string RedisPolicy = "This StackExchange.Redis reconnect policy";

    [Fact]
    public Task RedisReconnectPoliciesWithAFixedIntervalAreFlaggedAndLinearRetryBecomesExponential() => Verify.VerifyCodeFixAsync(
        """
        using StackExchange.Redis;

        static class Connections
        {
            static ConfigurationOptions Fixed() => new() { ReconnectRetryPolicy = {|#0:new LinearRetry(5000)|} };

            static void Qualified(ConfigurationOptions options) => options.ReconnectRetryPolicy = {|#1:new StackExchange.Redis.LinearRetry(2000)|};

            static ConfigurationOptions Configured(int milliseconds) => new() { ReconnectRetryPolicy = {|#2:new LinearRetry(milliseconds)|} };
        }
        """,
        """
        using StackExchange.Redis;

        static class Connections
        {
            static ConfigurationOptions Fixed() => new() { ReconnectRetryPolicy = new ExponentialRetry(5000) };

            static void Qualified(ConfigurationOptions options) => options.ReconnectRetryPolicy = new StackExchange.Redis.ExponentialRetry(2000);

            static ConfigurationOptions Configured(int milliseconds) => new() { ReconnectRetryPolicy = new ExponentialRetry(milliseconds) };
        }
        """,
        ReferenceSets.Caching,
        Verify.Diagnostic("RES1002").WithLocation(0).WithArguments(RedisPolicy, "a fixed 5000 ms between reconnect attempts (LinearRetry)"),
        Verify.Diagnostic("RES1002").WithLocation(1).WithArguments(RedisPolicy, "a fixed 2000 ms between reconnect attempts (LinearRetry)"),
        Verify.Diagnostic("RES1002").WithLocation(2).WithArguments(RedisPolicy, "a fixed interval between reconnect attempts (LinearRetry)"));

    /// <summary>The maximum that would make the backoff grow is the code's to choose: flagged, not fixed.</summary>
    [Fact]
    public Task AnExponentialRetryWhoseMaximumEqualsItsBaseIsFlaggedButGetsNoFix() => Verify.VerifyNoCodeFixAsync(
        """
        using StackExchange.Redis;

        static class Connections
        {
            static ConfigurationOptions Capped() => new() { ReconnectRetryPolicy = {|#0:new ExponentialRetry(3000, 3000)|} };
        }
        """,
        ReferenceSets.Caching,
        Verify.Diagnostic("RES1002").WithLocation(0).WithArguments(RedisPolicy, "a fixed 3000 ms between reconnect attempts (ExponentialRetry whose maximum equals its base)"));

    [Fact]
    public Task RandomizedRedisReconnectPoliciesAndTheDefaultAreNotFlagged() => Verify.VerifyAnalyzerAsync(
        """
        using StackExchange.Redis;

        sealed class Jittered : IReconnectRetryPolicy
        {
            public bool ShouldRetry(long currentRetryCount, int timeElapsedMillisecondsSinceLastRetry) => timeElapsedMillisecondsSinceLastRetry > 1000;
        }

        static class Connections
        {
            static ConfigurationOptions Default() => new() { EndPoints = { "cache:6379" } };

            static ConfigurationOptions Exponential() => new() { ReconnectRetryPolicy = new ExponentialRetry(5000) };

            static ConfigurationOptions Growing(int baseDelay) => new() { ReconnectRetryPolicy = new ExponentialRetry(baseDelay, 60000) };

            static ConfigurationOptions Custom() => new() { ReconnectRetryPolicy = new Jittered() };
        }
        """,
        ReferenceSets.Caching);

    [Theory]
    [InlineData("new LinearRetry(5000", 1)]
    [InlineData("new ExponentialRetry(3000, )", 0)]
    [InlineData("new LinearRetr(5000)", 0)]
    public async Task HalfTypedRedisPoliciesAreAnalyzedWithoutCrashing(string policy, int expected)
    {
        var source = $$"""
            using StackExchange.Redis;

            static class Connections
            {
                static ConfigurationOptions Options() => new() { ReconnectRetryPolicy = {{policy}} };
            }
            """;

        Assert.Equal(expected, await AnalyzerRunner.CountAsync(new RES1002RetryWithoutBackoffAnalyzer(), source, ReferenceSets.Caching));
    }

    [Fact]
    public Task ASignalRReconnectScheduleOfEqualDelaysIsFlaggedButGetsNoFix() => Verify.VerifyNoCodeFixAsync(
        """
        using System;
        using Microsoft.AspNetCore.SignalR.Client;

        static class Hubs
        {
            static HubConnection Fixed() => new HubConnectionBuilder()
                .WithUrl("http://hub/orders")
                .{|#0:WithAutomaticReconnect|}(new[] { TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5) })
                .Build();
        }
        """,
        ReferenceSets.SignalRClient,
        Verify.Diagnostic("RES1002").WithLocation(0).WithArguments("This SignalR client's automatic reconnect", "a fixed schedule, the same for every client (5, 5, 5 s)"));

    private const string RabbitRecovery = "This RabbitMQ connection's automatic recovery";

    [Fact]
    public Task RabbitMQRecoveryAtAFixedIntervalIsFlaggedAndTheFixDrawsTheIntervalOncePerClient() => Verify.VerifyCodeFixAsync(
        """
        using System;
        using RabbitMQ.Client;

        static class Brokers
        {
            static readonly TimeSpan RecoveryInterval = TimeSpan.FromSeconds(10);

            static ConnectionFactory Initialized() => new() { HostName = "broker", NetworkRecoveryInterval = {|#0:TimeSpan.FromSeconds(10)|} };

            static ConnectionFactory Assigned()
            {
                var factory = new ConnectionFactory { HostName = "broker" };
                factory.AutomaticRecoveryEnabled = true;
                factory.NetworkRecoveryInterval = {|#1:RecoveryInterval|};
                return factory;
            }
        }
        """,
        """
        using System;
        using RabbitMQ.Client;

        static class Brokers
        {
            static readonly TimeSpan RecoveryInterval = TimeSpan.FromSeconds(10);

            static ConnectionFactory Initialized() => new() { HostName = "broker", NetworkRecoveryInterval = TimeSpan.FromMilliseconds(TimeSpan.FromSeconds(10).TotalMilliseconds * (1 + Random.Shared.NextDouble())) };

            static ConnectionFactory Assigned()
            {
                var factory = new ConnectionFactory { HostName = "broker" };
                factory.AutomaticRecoveryEnabled = true;
                factory.NetworkRecoveryInterval = TimeSpan.FromMilliseconds(RecoveryInterval.TotalMilliseconds * (1 + Random.Shared.NextDouble()));
                return factory;
            }
        }
        """,
        ReferenceSets.Messaging,
        Verify.Diagnostic("RES1002").WithLocation(0).WithArguments(RabbitRecovery, "a fixed 10 s between recovery attempts (NetworkRecoveryInterval)"),
        Verify.Diagnostic("RES1002").WithLocation(1).WithArguments(RabbitRecovery, "a fixed 10 s between recovery attempts (NetworkRecoveryInterval)"));

    /// <summary>Turning recovery on without an interval leaves the default 5 s: flagged, and the interval is the code's to write.</summary>
    [Fact]
    public Task RabbitMQRecoveryTurnedOnWithTheDefaultIntervalIsFlaggedButGetsNoFix() => Verify.VerifyNoCodeFixAsync(
        """
        using RabbitMQ.Client;

        static class Brokers
        {
            static ConnectionFactory Create() => new() { HostName = "broker", {|#0:AutomaticRecoveryEnabled = true|} };
        }
        """,
        ReferenceSets.Messaging,
        Verify.Diagnostic("RES1002").WithLocation(0).WithArguments(RabbitRecovery, "a fixed 5 s between recovery attempts (the default NetworkRecoveryInterval)"));

    [Fact]
    public Task RabbitMQRecoveryThatIsOffRandomizedOrConfiguredElsewhereIsNotFlagged() => Verify.VerifyAnalyzerAsync(
        """
        using System;
        using RabbitMQ.Client;

        static class Brokers
        {
            static ConnectionFactory Default() => new() { HostName = "broker" };

            static ConnectionFactory Off() => new() { AutomaticRecoveryEnabled = false, NetworkRecoveryInterval = TimeSpan.FromSeconds(5) };

            static ConnectionFactory PerClient() => new() { AutomaticRecoveryEnabled = true, NetworkRecoveryInterval = TimeSpan.FromSeconds(5 + Random.Shared.Next(5)) };

            static ConnectionFactory Configured(TimeSpan interval) => new() { AutomaticRecoveryEnabled = true, NetworkRecoveryInterval = interval };

            static ConnectionFactory ConfiguredLater(TimeSpan interval)
            {
                var factory = new ConnectionFactory { AutomaticRecoveryEnabled = true };
                factory.NetworkRecoveryInterval = interval;
                return factory;
            }

            // The factory comes from elsewhere, which may set its interval.
            static void TurnOn(ConnectionFactory factory)
            {
                factory.AutomaticRecoveryEnabled = true;
            }
        }
        """,
        ReferenceSets.Messaging);

    private const string AzureRetry = "This Azure client's retry";

    [Fact]
    public Task AzureFixedRetryModeIsFlaggedAndTheFixMakesItExponential() => Verify.VerifyCodeFixAsync(
        """
        using System;
        using Azure.Core;
        using Azure.Storage.Blobs;

        static class Storage
        {
            static BlobClientOptions Initialized() => new() { Retry = { Mode = {|#0:RetryMode.Fixed|}, Delay = TimeSpan.FromSeconds(2), MaxRetries = 5 } };

            static BlobClientOptions Assigned()
            {
                var options = new BlobClientOptions();
                options.Retry.Mode = {|#1:RetryMode.Fixed|};
                return options;
            }

            static void Configure(BlobClientOptions options)
            {
                options.Retry.Mode = {|#2:RetryMode.Fixed|};
            }
        }
        """,
        """
        using System;
        using Azure.Core;
        using Azure.Storage.Blobs;

        static class Storage
        {
            static BlobClientOptions Initialized() => new() { Retry = { Mode = RetryMode.Exponential, Delay = TimeSpan.FromSeconds(2), MaxRetries = 5 } };

            static BlobClientOptions Assigned()
            {
                var options = new BlobClientOptions();
                options.Retry.Mode = RetryMode.Exponential;
                return options;
            }

            static void Configure(BlobClientOptions options)
            {
                options.Retry.Mode = RetryMode.Exponential;
            }
        }
        """,
        ReferenceSets.DataAndCloudSdks,
        Verify.Diagnostic("RES1002").WithLocation(0).WithArguments(AzureRetry, "a fixed 2 s between its 5 retries (RetryMode.Fixed, whose jitter only shortens half the waits, by up to 20 %)"),
        Verify.Diagnostic("RES1002").WithLocation(1).WithArguments(AzureRetry, "a fixed 0.8 s between its retries (RetryMode.Fixed, whose jitter only shortens half the waits, by up to 20 %)"),
        Verify.Diagnostic("RES1002").WithLocation(2).WithArguments(AzureRetry, "a fixed delay between its retries (RetryMode.Fixed, whose jitter only shortens half the waits, by up to 20 %)"));

    [Fact]
    public Task AzureRetriesThatBackOffOrRetryOnceAreNotFlagged() => Verify.VerifyAnalyzerAsync(
        """
        using System;
        using Azure.Core;
        using Azure.Storage.Blobs;

        static class Storage
        {
            static BlobClientOptions Default() => new();

            static BlobClientOptions Exponential() => new() { Retry = { Mode = RetryMode.Exponential, MaxRetries = 5 } };

            static BlobClientOptions Once() => new() { Retry = { Mode = RetryMode.Fixed, MaxRetries = 1 } };

            static BlobClientOptions Never()
            {
                var options = new BlobClientOptions();
                options.Retry.Mode = RetryMode.Fixed;
                options.Retry.MaxRetries = 0;
                return options;
            }
        }
        """,
        ReferenceSets.DataAndCloudSdks);

    [Theory]
    [InlineData("new ConnectionFactory { NetworkRecoveryInterval = TimeSpan.FromSeconds(10) }", 1)]
    [InlineData("new ConnectionFactory { NetworkRecoveryInterval = TimeSpan.FromSeconds( }", 0)]
    [InlineData("new ConnectionFactory { NetworkRecoveryInterva = TimeSpan.FromSeconds(10) }", 0)]
    [InlineData("new ConnectionFactory { AutomaticRecoveryEnabled = }", 0)]
    public async Task HalfTypedRabbitMQSettingsAreAnalyzedWithoutCrashing(string factory, int expected)
    {
        var source = $$"""
            using System;
            using RabbitMQ.Client;

            static class Brokers
            {
                static ConnectionFactory Create() => {{factory}};
            }
            """;

        Assert.Equal(expected, await AnalyzerRunner.CountAsync(new RES1002RetryWithoutBackoffAnalyzer(), source, ReferenceSets.Messaging));
    }
}
