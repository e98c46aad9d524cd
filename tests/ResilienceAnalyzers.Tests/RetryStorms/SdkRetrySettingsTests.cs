using System.Threading.Tasks;
using ResilienceAnalyzers.RetryStorms;
using ResilienceAnalyzers.Tests.Infrastructure;
using Xunit;
using VerifyCap = ResilienceAnalyzers.Tests.Infrastructure.CSharpCodeFixVerifier<
    ResilienceAnalyzers.RetryStorms.RES1001RetryWithoutAttemptCapAnalyzer,
    ResilienceAnalyzers.CodeFixes.RetryStorms.RES1001RetryWithoutAttemptCapCodeFix>;
using VerifyBackoff = ResilienceAnalyzers.Tests.Infrastructure.CSharpCodeFixVerifier<
    ResilienceAnalyzers.RetryStorms.RES1002RetryWithoutBackoffAnalyzer,
    ResilienceAnalyzers.CodeFixes.RetryStorms.RES1002RetryWithoutBackoffCodeFix>;
using VerifyJitter = ResilienceAnalyzers.Tests.Infrastructure.CSharpAnalyzerVerifier<
    ResilienceAnalyzers.RetryStorms.RES1003BackoffWithoutJitterAnalyzer>;
using VerifyReconnectJitter = ResilienceAnalyzers.Tests.Infrastructure.CSharpCodeFixVerifier<
    ResilienceAnalyzers.RetryStorms.RES1003BackoffWithoutJitterAnalyzer,
    ResilienceAnalyzers.CodeFixes.RetryStorms.SignalRJitteredReconnectCodeFix>;
using VerifyReconnectBackoff = ResilienceAnalyzers.Tests.Infrastructure.CSharpCodeFixVerifier<
    ResilienceAnalyzers.RetryStorms.RES1002RetryWithoutBackoffAnalyzer,
    ResilienceAnalyzers.CodeFixes.RetryStorms.SignalRJitteredReconnectCodeFix>;

namespace ResilienceAnalyzers.Tests.RetryStorms;

/// <summary>
/// RES1001–RES1003 on the retry settings of EF Core, MassTransit, the Orleans client, the SignalR client's retry
/// policies, Azure Functions' retry attributes and gRPC hedging: each with the settings that are flagged, the safe ones
/// beside them, and code still being typed.
/// </summary>
public sealed class SdkRetrySettingsTests
{
    private const string EfRetry = "This EF Core retry on failure";

    /// <summary>A count of 100 or more has no end in practice: the fix writes the configured cap in its place.</summary>
    [Fact]
    public Task AnEfRetryCountWithoutEndIsFlaggedAndTheFixCapsIt() => VerifyCap.VerifyCodeFixAsync(
        """
        using System;
        using Microsoft.EntityFrameworkCore;

        class Orders : DbContext
        {
            protected override void OnConfiguring(DbContextOptionsBuilder options) =>
                options.UseSqlServer("Server=db", sql => sql.EnableRetryOnFailure({|#0:1000|}, TimeSpan.FromSeconds(30), null));
        }

        class Payments : DbContext
        {
            protected override void OnConfiguring(DbContextOptionsBuilder options) =>
                options.UseSqlServer("Server=db", sql => sql.EnableRetryOnFailure(maxRetryCount: {|#1:200|}));
        }

        class Invoices : DbContext
        {
            protected override void OnConfiguring(DbContextOptionsBuilder options) =>
                options.UseSqlServer("Server=db", sql => sql.EnableRetryOnFailure(15, TimeSpan.FromSeconds(30), null));
        }

        class Customers : DbContext
        {
            protected override void OnConfiguring(DbContextOptionsBuilder options) =>
                options.UseSqlServer("Server=db", sql => sql.EnableRetryOnFailure());
        }
        """,
        """
        using System;
        using Microsoft.EntityFrameworkCore;

        class Orders : DbContext
        {
            protected override void OnConfiguring(DbContextOptionsBuilder options) =>
                options.UseSqlServer("Server=db", sql => sql.EnableRetryOnFailure(3, TimeSpan.FromSeconds(30), null));
        }

        class Payments : DbContext
        {
            protected override void OnConfiguring(DbContextOptionsBuilder options) =>
                options.UseSqlServer("Server=db", sql => sql.EnableRetryOnFailure(maxRetryCount: 3));
        }

        class Invoices : DbContext
        {
            protected override void OnConfiguring(DbContextOptionsBuilder options) =>
                options.UseSqlServer("Server=db", sql => sql.EnableRetryOnFailure(15, TimeSpan.FromSeconds(30), null));
        }

        class Customers : DbContext
        {
            protected override void OnConfiguring(DbContextOptionsBuilder options) =>
                options.UseSqlServer("Server=db", sql => sql.EnableRetryOnFailure());
        }
        """,
        ReferenceSets.DataAndCloudSdks,
        VerifyCap.Diagnostic("RES1001").WithLocation(0).WithArguments(EfRetry, "MaxRetryCount = 1000, up to 8.3 h of attempts at the 30 s maximum delay"),
        VerifyCap.Diagnostic("RES1001").WithLocation(1).WithArguments(EfRetry, "MaxRetryCount = 200, up to 1.7 h of attempts at the 30 s maximum delay"));

    /// <summary>EF Core randomizes its growing delays: no count of retries is a fixed pace or backoff without jitter.</summary>
    [Fact]
    public Task EfRetriesAreNeverFlaggedForTheirSpacing() => VerifyBackoff.VerifyAnalyzerAsync(
        """
        using System;
        using Microsoft.EntityFrameworkCore;

        class Orders : DbContext
        {
            protected override void OnConfiguring(DbContextOptionsBuilder options) =>
                options.UseSqlServer("Server=db", sql => sql.EnableRetryOnFailure(1000, TimeSpan.FromSeconds(1), null));
        }
        """,
        ReferenceSets.DataAndCloudSdks);

    private const string MassTransitRetry = "This MassTransit message retry";

    private const string MassTransitSource = """
        using System;
        using MassTransit;

        static class Endpoints
        {
            static void Configure(IReceiveEndpointConfigurator endpoint, TimeSpan configured)
            {
                endpoint.UseMessageRetry(r => r.{|#0:Immediate|}(5));
                endpoint.UseMessageRetry(r => r.{|#1:Interval|}(3, TimeSpan.FromSeconds(5)));
                endpoint.UseMessageRetry(r => r.{|#2:Intervals|}(1000, 1000, 1000));
                endpoint.UseMessageRetry(r => r.{|#3:Intervals|}(500, 1000, 5000));
                endpoint.UseMessageRetry(r => r.{|#4:Incremental|}(4, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2)));
                endpoint.UseMessageRetry(r => r.Exponential(5, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(200)));
                endpoint.UseMessageRetry(r => r.Interval(3, configured));
                endpoint.UseMessageRetry(r => r.Intervals(5000, 1000));
                endpoint.UseMessageRetry(r => r.Incremental(4, TimeSpan.FromSeconds(1), TimeSpan.Zero).Ignore<ArgumentException>());
                endpoint.UseDelayedRedelivery(r => r.Intervals(TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(30)));
                endpoint.UseDelayedRedelivery(r => r.Interval(5, TimeSpan.FromMinutes(5)));
            }
        }
        """;

    /// <summary>The fix keeps the count and retries after a randomized delay that grows from the configured base (200 ms) to 30 s.</summary>
    [Fact]
    public Task MassTransitImmediateRetriesAreFlaggedAndTheFixBacksOffExponentially() => VerifyBackoff.VerifyCodeFixAsync(
        """
        using System;
        using MassTransit;

        static class Endpoints
        {
            const int Retries = 5;

            static void Configure(IReceiveEndpointConfigurator endpoint, IBusFactoryConfigurator bus)
            {
                endpoint.UseMessageRetry(r => r.{|#0:Immediate|}(Retries));
                bus.UseMessageRetry(r => r.{|#1:Immediate|}(3).Ignore<ArgumentException>());
                endpoint.UseMessageRetry(r => r.Exponential(5, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(200)));
                endpoint.UseMessageRetry(r => r.None());
            }
        }
        """,
        """
        using System;
        using MassTransit;

        static class Endpoints
        {
            const int Retries = 5;

            static void Configure(IReceiveEndpointConfigurator endpoint, IBusFactoryConfigurator bus)
            {
                endpoint.UseMessageRetry(r => r.Exponential(Retries, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(200)));
                bus.UseMessageRetry(r => r.Exponential(3, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(200)).Ignore<ArgumentException>());
                endpoint.UseMessageRetry(r => r.Exponential(5, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(200)));
                endpoint.UseMessageRetry(r => r.None());
            }
        }
        """,
        ReferenceSets.Messaging,
        VerifyBackoff.Diagnostic("RES1002").WithLocation(0).WithArguments(MassTransitRetry, "no delay between its 5 retries (Immediate)"),
        VerifyBackoff.Diagnostic("RES1002").WithLocation(1).WithArguments(MassTransitRetry, "no delay between its 3 retries (Immediate)"));

    [Fact]
    public Task MassTransitFixedIntervalsAreFlaggedWithoutAFix() => VerifyBackoff.VerifyNoCodeFixAsync(
        MassTransitSource.Replace("{|#0:Immediate|}(5)", "Exponential(5, TimeSpan.Zero, TimeSpan.FromSeconds(1), TimeSpan.Zero)").Replace("{|#3:Intervals|}", "Intervals").Replace("{|#4:Incremental|}", "Incremental"),
        ReferenceSets.Messaging,
        VerifyBackoff.Diagnostic("RES1002").WithLocation(1).WithArguments(MassTransitRetry, "a fixed 5 s between its 3 retries (Interval)"),
        VerifyBackoff.Diagnostic("RES1002").WithLocation(2).WithArguments(MassTransitRetry, "a fixed schedule, the same for every client (1, 1, 1 s, Intervals)"));

    [Fact]
    public Task MassTransitSchedulesThatGrowWithoutJitterAreBackoffWithoutJitter() => VerifyJitter.VerifyAnalyzerAsync(
        MassTransitSource.Replace("{|#0:Immediate|}", "Immediate").Replace("{|#1:Interval|}", "Interval").Replace("{|#2:Intervals|}", "Intervals"),
        ReferenceSets.Messaging,
        VerifyJitter.Diagnostic("RES1003").WithLocation(3).WithArguments(MassTransitRetry, "a fixed schedule, the same for every client (0.5, 1, 5 s, Intervals)"),
        VerifyJitter.Diagnostic("RES1003").WithLocation(4).WithArguments(MassTransitRetry, "1 s growing by 2 s before each of its 4 retries, the same for every consumer (Incremental)"));

    private const string OrleansRetry = "This Orleans client's connection retry";

    private const string OrleansForever = "its retry filter returns true on every path and waits nothing, so the client connects again at once for as long as the cluster is down";

    private const string OrleansAtOnce = "no wait between connection attempts (the client connects again as soon as the filter returns true, and the filter waits nothing)";

    private const string OrleansSource = """
        using System;
        using System.Threading;
        using System.Threading.Tasks;
        using Orleans;
        using Orleans.Hosting;

        static class Cluster
        {
            static void Configure(IClientBuilder client, IClientBuilder other, IClientBuilder third)
            {
                client.{|#0:UseConnectionRetryFilter|}((_, _) => Task.FromResult(true));
                other.{|#1:UseConnectionRetryFilter|}(async (exception, token) =>
                {
                    await Task.Delay(5000, token);
                    return true;
                });
                third.{|#2:UseConnectionRetryFilter|}(KeepTrying);
            }

            static Task<bool> KeepTrying(Exception exception, CancellationToken token) => Task.FromResult(true);
        }

        sealed class Forever : IClientConnectionRetryFilter
        {
            public Task<bool> {|#3:ShouldRetryConnectionAttempt|}(Exception exception, CancellationToken cancellationToken) => Task.FromResult(true);
        }

        sealed class Bounded : IClientConnectionRetryFilter
        {
            private int attempts;

            public async Task<bool> ShouldRetryConnectionAttempt(Exception exception, CancellationToken cancellationToken)
            {
                if (++attempts > 5)
                {
                    return false;
                }

                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(500, 1500) * attempts), cancellationToken);
                return true;
            }
        }

        sealed class NeverRetries : IClientConnectionRetryFilter
        {
            public Task<bool> ShouldRetryConnectionAttempt(Exception exception, CancellationToken cancellationToken) => Task.FromResult(false);
        }

        sealed class NotAFilter
        {
            public Task<bool> ShouldRetryConnectionAttempt(Exception exception, CancellationToken cancellationToken) => Task.FromResult(true);
        }
        """;

    [Fact]
    public Task AnOrleansFilterThatAlwaysRetriesAtOnceRetriesWithoutEnd() => VerifyCap.VerifyNoCodeFixAsync(
        OrleansSource,
        ReferenceSets.OrleansClient,
        VerifyCap.Diagnostic("RES1001").WithLocation(0).WithArguments(OrleansRetry, OrleansForever),
        VerifyCap.Diagnostic("RES1001").WithLocation(2).WithArguments(OrleansRetry, OrleansForever),
        VerifyCap.Diagnostic("RES1001").WithLocation(3).WithArguments(OrleansRetry, OrleansForever));

    [Fact]
    public Task AnOrleansFilterThatWaitsNothingOrAFixedTimeIsFlagged() => VerifyBackoff.VerifyNoCodeFixAsync(
        OrleansSource,
        ReferenceSets.OrleansClient,
        VerifyBackoff.Diagnostic("RES1002").WithLocation(0).WithArguments(OrleansRetry, OrleansAtOnce),
        VerifyBackoff.Diagnostic("RES1002").WithLocation(1).WithArguments(OrleansRetry, "a fixed 5 s between connection attempts (the filter's own wait)"),
        VerifyBackoff.Diagnostic("RES1002").WithLocation(2).WithArguments(OrleansRetry, OrleansAtOnce),
        VerifyBackoff.Diagnostic("RES1002").WithLocation(3).WithArguments(OrleansRetry, OrleansAtOnce));

    private const string SignalRPolicy = "This SignalR client's reconnect policy";

    private const string SignalRForever = "its NextRetryDelay never returns null, so every client reconnects for as long as the hub is down";

    private const string SignalRSource = """
        using System;
        using Microsoft.AspNetCore.SignalR.Client;

        sealed class Steady : IRetryPolicy
        {
            public TimeSpan? {|#0:NextRetryDelay|}(RetryContext retryContext) => TimeSpan.FromSeconds(5);
        }

        sealed class JitteredForever : IRetryPolicy
        {
            public TimeSpan? {|#1:NextRetryDelay|}(RetryContext retryContext) =>
                TimeSpan.FromMilliseconds(Random.Shared.Next(0, (int)Math.Min(30_000, 500 * Math.Pow(2, retryContext.PreviousRetryCount))));
        }

        sealed class SteadyThenStops : IRetryPolicy
        {
            public TimeSpan? {|#2:NextRetryDelay|}(RetryContext retryContext)
            {
                if (retryContext.PreviousRetryCount >= 5)
                {
                    return null;
                }

                return TimeSpan.FromSeconds(2);
            }
        }

        sealed class Doubling : IRetryPolicy
        {
            public TimeSpan? {|#3:NextRetryDelay|}(RetryContext retryContext) =>
                retryContext.PreviousRetryCount < 6 ? TimeSpan.FromSeconds(Math.Pow(2, retryContext.PreviousRetryCount)) : null;
        }

        sealed class JitteredAndGivesUp : IRetryPolicy
        {
            public TimeSpan? NextRetryDelay(RetryContext retryContext) =>
                retryContext.ElapsedTime < TimeSpan.FromMinutes(2) ? TimeSpan.FromMilliseconds(Random.Shared.Next(0, 10_000)) : null;
        }

        sealed class Delegating : IRetryPolicy
        {
            private readonly IRetryPolicy inner = new JitteredAndGivesUp();

            public TimeSpan? NextRetryDelay(RetryContext retryContext) => inner.NextRetryDelay(retryContext);
        }
        """;

    [Fact]
    public Task ASignalRPolicyThatNeverReturnsNullReconnectsWithoutEnd() => VerifyCap.VerifyNoCodeFixAsync(
        SignalRSource,
        ReferenceSets.SignalRClient,
        VerifyCap.Diagnostic("RES1001").WithLocation(0).WithArguments(SignalRPolicy, SignalRForever),
        VerifyCap.Diagnostic("RES1001").WithLocation(1).WithArguments(SignalRPolicy, SignalRForever));

    [Fact]
    public Task ASignalRPolicyOfOneConstantDelayIsAFixedPace() => VerifyBackoff.VerifyNoCodeFixAsync(
        SignalRSource,
        ReferenceSets.SignalRClient,
        VerifyBackoff.Diagnostic("RES1002").WithLocation(0).WithArguments(SignalRPolicy, "a fixed 5 s before every reconnect attempt, the same for every client (its NextRetryDelay)"),
        VerifyBackoff.Diagnostic("RES1002").WithLocation(2).WithArguments(SignalRPolicy, "a fixed 2 s before every reconnect attempt, the same for every client (its NextRetryDelay)"));

    private const string SignalRReconnect = "This SignalR client's automatic reconnect";

    private const string JitteredPolicy = """

        /// <summary>Reconnects after a random wait between zero and min(30 s, 1 s × 2ⁿ), so a fleet that lost its hub together does not come back together; gives up after 5 minutes.</summary>
        file sealed class JitteredReconnectPolicy : IRetryPolicy
        {
            public TimeSpan? NextRetryDelay(RetryContext retryContext)
            {
                if (retryContext.ElapsedTime >= TimeSpan.FromMinutes(5))
                {
                    return null;
                }

                var ceiling = Math.Min(30_000, 1_000 * Math.Pow(2, retryContext.PreviousRetryCount));
                return TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * ceiling);
            }
        }
        """;

    /// <summary>The fix passes a jittered policy that stops, added once to the file as a file-local class.</summary>
    [Fact]
    public Task SignalRReconnectSchedulesGetAJitteredPolicyThatStops() => VerifyReconnectJitter.VerifyCodeFixAsync(
        """
        using System;
        using Microsoft.AspNetCore.SignalR.Client;

        namespace Orders;

        static class Hubs
        {
            static HubConnection Default() => new HubConnectionBuilder().WithUrl("http://hub/orders").{|#0:WithAutomaticReconnect|}().Build();

            static HubConnection Growing() => new HubConnectionBuilder()
                .WithUrl("http://hub/orders")
                .{|#1:WithAutomaticReconnect|}(new[] { TimeSpan.Zero, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30) })
                .Build();
        }
        """,
        """
        using System;
        using Microsoft.AspNetCore.SignalR.Client;

        namespace Orders;

        static class Hubs
        {
            static HubConnection Default() => new HubConnectionBuilder().WithUrl("http://hub/orders").WithAutomaticReconnect(new JitteredReconnectPolicy()).Build();

            static HubConnection Growing() => new HubConnectionBuilder()
                .WithUrl("http://hub/orders")
                .WithAutomaticReconnect(new JitteredReconnectPolicy())
                .Build();
        }
        """ + JitteredPolicy,
        ReferenceSets.SignalRClient,
        VerifyReconnectJitter.Diagnostic("RES1003").WithLocation(0).WithArguments(SignalRReconnect, "0, 2, 10 and 30 s before its four attempts, the default of WithAutomaticReconnect(), the same for every client"),
        VerifyReconnectJitter.Diagnostic("RES1003").WithLocation(1).WithArguments(SignalRReconnect, "a fixed schedule, the same for every client (0, 5, 30 s)"));

    /// <summary>A type of the policy's name that is not one gets the policy named apart.</summary>
    [Fact]
    public Task SignalRReconnectsAtAFixedPaceGetAJitteredPolicyNamedApart() => VerifyReconnectBackoff.VerifyCodeFixAsync(
        """
        using System;
        using Microsoft.AspNetCore.SignalR.Client;

        sealed class JitteredReconnectPolicy { }

        static class Hubs
        {
            static HubConnection Steady() => new HubConnectionBuilder().WithUrl("http://hub/orders").{|#0:WithAutomaticReconnect|}(new[] { TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5) }).Build();
        }
        """,
        """
        using System;
        using Microsoft.AspNetCore.SignalR.Client;

        sealed class JitteredReconnectPolicy { }

        static class Hubs
        {
            static HubConnection Steady() => new HubConnectionBuilder().WithUrl("http://hub/orders").WithAutomaticReconnect(new JitteredReconnectPolicy2()).Build();
        }
        """ + JitteredPolicy.Replace("class JitteredReconnectPolicy :", "class JitteredReconnectPolicy2 :"),
        ReferenceSets.SignalRClient,
        VerifyReconnectBackoff.Diagnostic("RES1002").WithLocation(0).WithArguments(SignalRReconnect, "a fixed schedule, the same for every client (5, 5 s)"));

    [Fact]
    public Task ASignalRPolicyWhoseDelayGrowsWithoutJitterBacksOffInStep() => VerifyJitter.VerifyAnalyzerAsync(
        SignalRSource,
        ReferenceSets.SignalRClient,
        VerifyJitter.Diagnostic("RES1003").WithLocation(3).WithArguments(SignalRPolicy, "a delay that grows with each attempt, doubling and the same for every client (its NextRetryDelay)"));

    private const string FunctionsRetry = "This Azure Functions retry";

    private const string FunctionsSource = """
        using Microsoft.Azure.Functions.Worker;

        static class Functions
        {
            [{|#0:FixedDelayRetry|}({|#1:-1|}, "00:00:10")]
            public static void Forever() { }

            [{|#2:FixedDelayRetry|}(5, "00:00:10")]
            public static void Fixed() { }

            [ExponentialBackoffRetry({|#3:-1|}, "00:00:04", "00:15:00")]
            public static void BacksOffForever() { }

            [ExponentialBackoffRetry(5, "00:00:04", "00:15:00")]
            public static void BacksOff() { }

            [FixedDelayRetry(1, "00:00:10")]
            public static void Once() { }
        }
        """;

    /// <summary>
    /// A Functions retry is made once per partition or schedule, holding the checkpoint: retrying for ever is the
    /// trigger's way not to lose events, not an endless retry.
    /// </summary>
    [Fact]
    public Task AFunctionsRetryCountOfMinusOneIsNotAnEndlessRetry() => VerifyCap.VerifyAnalyzerAsync(
        FunctionsSource.Replace("{|#0:FixedDelayRetry|}", "FixedDelayRetry").Replace("{|#1:-1|}", "-1").Replace("{|#2:FixedDelayRetry|}", "FixedDelayRetry").Replace("{|#3:-1|}", "-1"),
        ReferenceSets.FunctionsWorker);

    [Fact]
    public Task AFixedFunctionsRetryDelayIsAFixedPace() => VerifyBackoff.VerifyNoCodeFixAsync(
        FunctionsSource.Replace("{|#1:-1|}", "-1").Replace("{|#3:-1|}", "-1"),
        ReferenceSets.FunctionsWorker,
        VerifyBackoff.Diagnostic("RES1002").WithLocation(0).WithArguments(FunctionsRetry, "a fixed 10 s between retries, for as long as they fail (FixedDelayRetry)"),
        VerifyBackoff.Diagnostic("RES1002").WithLocation(2).WithArguments(FunctionsRetry, "a fixed 10 s between its 5 retries (FixedDelayRetry)"));

    private const string GrpcHedging = "This gRPC hedging policy";

    [Fact]
    public Task AGrpcHedgingPolicyWithoutADelaySendsEveryAttemptAtOnce() => VerifyBackoff.VerifyNoCodeFixAsync(
        """
        using System;
        using Grpc.Net.Client.Configuration;

        static class Channels
        {
            static HedgingPolicy AtOnce() => {|#0:new HedgingPolicy { MaxAttempts = 3 }|};

            static HedgingPolicy Zero() => new() { MaxAttempts = 4, HedgingDelay = {|#1:TimeSpan.Zero|} };

            static HedgingPolicy Spaced() => new() { MaxAttempts = 3, HedgingDelay = TimeSpan.FromMilliseconds(100) };

            static HedgingPolicy Configured(TimeSpan delay) => new() { MaxAttempts = 3, HedgingDelay = delay };

            static HedgingPolicy Single() => new() { MaxAttempts = 1 };
        }
        """,
        ReferenceSets.GrpcClientFactory,
        VerifyBackoff.Diagnostic("RES1002").WithLocation(0).WithArguments(GrpcHedging, "no delay between its 3 attempts, all sent at once on every call (no HedgingDelay)"),
        VerifyBackoff.Diagnostic("RES1002").WithLocation(1).WithArguments(GrpcHedging, "no delay between its 4 attempts, all sent at once on every call (HedgingDelay is zero)"));

    /// <summary>Code still being typed: analyzed without crashing, and reported only once it reads as a whole.</summary>
    [Theory]
    [InlineData("endpoint.UseMessageRetry(r => r.Immediate(5));", 1)]
    [InlineData("endpoint.UseMessageRetry(r => r.Immediate(", 0)]
    [InlineData("endpoint.UseMessageRetry(r => r.Interval(3, TimeSpan.FromSeconds(", 0)]
    [InlineData("endpoint.UseMessageRetry(r => r.Intervals(1000, 1000, ", 0)]
    [InlineData("endpoint.UseMessageRetry(r => r.Interva(3, TimeSpan.FromSeconds(5)));", 0)]
    public async Task HalfTypedMassTransitRetriesAreAnalyzedWithoutCrashing(string statement, int expected)
    {
        var source = $$"""
            using System;
            using MassTransit;

            static class Endpoints
            {
                static void Configure(IReceiveEndpointConfigurator endpoint)
                {
                    {{statement}}
                }
            }
            """;

        Assert.Equal(expected, await AnalyzerRunner.CountAsync(new RES1002RetryWithoutBackoffAnalyzer(), source, ReferenceSets.Messaging));
    }

    [Theory]
    [InlineData("public TimeSpan? NextRetryDelay(RetryContext retryContext) => TimeSpan.FromSeconds(5);", 1)]
    [InlineData("public TimeSpan? NextRetryDelay(RetryContext retryContext) => TimeSpan.FromSeconds(", 0)]
    [InlineData("public TimeSpan? NextRetryDelay(RetryContext retryContext) { return", 0)]
    [InlineData("public TimeSpan? NextRetryDelay(RetryContext retryContext) { }", 0)]
    public async Task HalfTypedSignalRPoliciesAreAnalyzedWithoutCrashing(string method, int expected)
    {
        var source = $$"""
            using System;
            using Microsoft.AspNetCore.SignalR.Client;

            sealed class Policy : IRetryPolicy
            {
                {{method}}
            }
            """;

        Assert.Equal(expected, await AnalyzerRunner.CountAsync(new RES1001RetryWithoutAttemptCapAnalyzer(), source, ReferenceSets.SignalRClient));
    }

    [Theory]
    [InlineData("[FixedDelayRetry(-1, \"00:00:10\")]", 1)]
    [InlineData("[FixedDelayRetry(-1, ]", 0)]
    [InlineData("[FixedDelayRetry(-]", 0)]
    [InlineData("[ExponentialBackoffRetry(-1, \"00:00:04\")]", 0)]
    [InlineData("[FixedDelayRetry(1, \"00:00:10\")]", 0)]
    public async Task HalfTypedFunctionsRetriesAreAnalyzedWithoutCrashing(string attribute, int expected)
    {
        var source = $$"""
            using Microsoft.Azure.Functions.Worker;

            static class Functions
            {
                {{attribute}}
                public static void Run() { }
            }
            """;

        Assert.Equal(expected, await AnalyzerRunner.CountAsync(new RES1002RetryWithoutBackoffAnalyzer(), source, ReferenceSets.FunctionsWorker));
    }

    [Theory]
    [InlineData("(_, _) => Task.FromResult(true)", 1)]
    [InlineData("(_, _) => Task.FromResult(", 0)]
    [InlineData("(_, _) =>", 0)]
    [InlineData("async (_, _) => { return", 0)]
    public async Task HalfTypedOrleansFiltersAreAnalyzedWithoutCrashing(string filter, int expected)
    {
        var source = $$"""
            using System.Threading.Tasks;
            using Orleans.Hosting;

            static class Cluster
            {
                static void Configure(IClientBuilder client) => client.UseConnectionRetryFilter({{filter}});
            }
            """;

        Assert.Equal(expected, await AnalyzerRunner.CountAsync(new RES1001RetryWithoutAttemptCapAnalyzer(), source, ReferenceSets.OrleansClient));
    }

    [Theory]
    [InlineData("sql => sql.EnableRetryOnFailure(1000)", 1)]
    [InlineData("sql => sql.EnableRetryOnFailure(1000, )", 0)]
    [InlineData("sql => sql.EnableRetryOnFailure(", 0)]
    [InlineData("sql => sql.EnableRetryOnFailur(1000)", 0)]
    public async Task HalfTypedEfRetriesAreAnalyzedWithoutCrashing(string configure, int expected)
    {
        var source = $$"""
            using Microsoft.EntityFrameworkCore;

            class Orders : DbContext
            {
                protected override void OnConfiguring(DbContextOptionsBuilder options) => options.UseSqlServer("Server=db", {{configure}});
            }
            """;

        Assert.Equal(expected, await AnalyzerRunner.CountAsync(new RES1001RetryWithoutAttemptCapAnalyzer(), source, ReferenceSets.DataAndCloudSdks));
    }

    [Theory]
    [InlineData("new HedgingPolicy { MaxAttempts = 3 }", 1)]
    [InlineData("new HedgingPolicy { MaxAttempts = }", 0)]
    [InlineData("new HedgingPolicy { MaxAttempts = 3, HedgingDelay = TimeSpan.From }", 0)]
    [InlineData("new HedgingPolic { MaxAttempts = 3 }", 0)]
    public async Task HalfTypedGrpcHedgingPoliciesAreAnalyzedWithoutCrashing(string policy, int expected)
    {
        var source = $$"""
            using System;
            using Grpc.Net.Client.Configuration;

            static class Channels
            {
                static HedgingPolicy Hedging() => {{policy}};
            }
            """;

        Assert.Equal(expected, await AnalyzerRunner.CountAsync(new RES1002RetryWithoutBackoffAnalyzer(), source, ReferenceSets.GrpcClientFactory));
    }
}
