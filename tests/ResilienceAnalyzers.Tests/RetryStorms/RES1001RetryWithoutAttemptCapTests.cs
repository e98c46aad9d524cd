using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using ResilienceAnalyzers.RetryStorms;
using ResilienceAnalyzers.Tests.Infrastructure;
using Xunit;
using Verify = ResilienceAnalyzers.Tests.Infrastructure.CSharpCodeFixVerifier<
    ResilienceAnalyzers.RetryStorms.RES1001RetryWithoutAttemptCapAnalyzer,
    ResilienceAnalyzers.CodeFixes.RetryStorms.RES1001RetryWithoutAttemptCapCodeFix>;

namespace ResilienceAnalyzers.Tests.RetryStorms;

public sealed class RES1001RetryWithoutAttemptCapTests
{
    [Fact]
    public Task LoopsEndedByADeadlineOrByCancellationAreNotFlagged() => Verify.VerifyAnalyzerAsync(
        """
        using System;
        using System.Diagnostics;
        using System.IO;
        using System.Threading;
        using System.Threading.Tasks;

        class Lookalikes
        {
            Stream OpenLock(string path, TimeSpan timeout)
            {
                var deadline = DateTime.UtcNow + timeout;
                while (true)
                {
                    try { return File.Open(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None); }
                    catch (IOException)
                    {
                        if (DateTime.UtcNow >= deadline) { throw; }
                        Thread.Sleep(50);
                    }
                }
            }

            async Task<string> WaitForStateAsync(Func<CancellationToken, Task<string>> read, CancellationToken ct)
            {
                var delay = TimeSpan.FromMilliseconds(100);
                while (true)
                {
                    ct.ThrowIfCancellationRequested();
                    try { return await read(ct); }
                    catch (IOException) { await Task.Delay(delay, ct); delay *= 2; }
                }
            }

            async Task PingAsync(Func<Task> ping, CancellationTokenSource cts)
            {
                while (!cts.IsCancellationRequested)
                {
                    try { await ping(); return; }
                    catch (IOException) { await Task.Delay(100); }
                }
            }
        }
        """);

    [Fact]
    public Task ALoopWithoutADeadlineOrCounterIsStillFlagged() => Verify.VerifyAnalyzerAsync(
        """
        using System;
        using System.IO;
        using System.Threading;

        class Files
        {
            // The deadline is computed but never compared: nothing ends the loop.
            Stream OpenLock(string path, TimeSpan timeout)
            {
                var deadline = DateTime.UtcNow + timeout;
                {|RES1001:while|} (true)
                {
                    try { return File.Open(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None); }
                    catch (IOException)
                    {
                        Console.WriteLine($"waiting until {deadline}");
                        Thread.Sleep(50);
                    }
                }
            }
        }
        """);

    [Fact]
    public Task IntMaxValueAttemptsAreFlagged() => Verify.VerifyAnalyzerAsync(
        """
        using System.Net.Http;
        using Polly;
        using Polly.Retry;

        class Pipelines
        {
            ResiliencePipeline Plain() => new ResiliencePipelineBuilder()
                .AddRetry(new RetryStrategyOptions { MaxRetryAttempts = {|RES1001:int.MaxValue|}, BackoffType = DelayBackoffType.Exponential, UseJitter = true })
                .Build();

            ResiliencePipeline<HttpResponseMessage> Generic() => new ResiliencePipelineBuilder<HttpResponseMessage>()
                .AddRetry(new RetryStrategyOptions<HttpResponseMessage> { MaxRetryAttempts = {|RES1001:int.MaxValue|} })
                .Build();

            ResiliencePipeline LaterAssignment()
            {
                var options = new RetryStrategyOptions { BackoffType = DelayBackoffType.Exponential, UseJitter = true };
                options.MaxRetryAttempts = {|RES1001:int.MaxValue|};
                return new ResiliencePipelineBuilder().AddRetry(options).Build();
            }
        }
        """,
        ReferenceSets.PollyV8);

    [Fact]
    public Task HttpRetryStrategyOptionsAreFlaggedAndTheMessageNamesThem() => Verify.VerifyAnalyzerAsync(
        """
        using Microsoft.Extensions.Http.Resilience;

        class Options
        {
            HttpRetryStrategyOptions retry = new() { MaxRetryAttempts = int.MaxValue };
        }
        """,
        ReferenceSets.HttpResilience,
        Verify.Diagnostic("RES1001").WithSpan(5, 65, 5, 77).WithArguments("HttpRetryStrategyOptions", "MaxRetryAttempts = int.MaxValue"));

    [Fact]
    public Task ATimeoutAddedAfterTheRetryIsPerAttemptAndDoesNotBoundIt() => Verify.VerifyAnalyzerAsync(
        """
        using System;
        using Polly;
        using Polly.Retry;

        class Pipelines
        {
            ResiliencePipeline Inner() => new ResiliencePipelineBuilder()
                .AddRetry(new RetryStrategyOptions { MaxRetryAttempts = {|RES1001:int.MaxValue|} })
                .AddTimeout(TimeSpan.FromSeconds(2))
                .Build();
        }
        """,
        ReferenceSets.PollyV8);

    [Fact]
    public Task RetriesBoundedByAnOuterTimeoutAreNotFlagged() => Verify.VerifyAnalyzerAsync(
        """
        using System;
        using Polly;
        using Polly.Retry;

        class Pipelines
        {
            ResiliencePipeline Fluent() => new ResiliencePipelineBuilder()
                .AddTimeout(TimeSpan.FromSeconds(30))
                .AddRetry(new RetryStrategyOptions { MaxRetryAttempts = int.MaxValue, BackoffType = DelayBackoffType.Exponential, UseJitter = true })
                .Build();

            ResiliencePipeline Statements()
            {
                var builder = new ResiliencePipelineBuilder();
                builder.AddTimeout(TimeSpan.FromSeconds(30));
                var options = new RetryStrategyOptions { MaxRetryAttempts = int.MaxValue };
                builder.AddRetry(options);
                return builder.Build();
            }
        }
        """,
        ReferenceSets.PollyV8);

    [Fact]
    public Task CappedDefaultAndUnknownAttemptsAreNotFlagged() => Verify.VerifyAnalyzerAsync(
        """
        using Polly;
        using Polly.Retry;

        class Pipelines
        {
            static int ConfiguredAttempts = 5;

            RetryStrategyOptions capped = new() { MaxRetryAttempts = 5 };
            RetryStrategyOptions defaults = new();
            RetryStrategyOptions configured = new() { MaxRetryAttempts = ConfiguredAttempts };

            RetryStrategyOptions Factory() => new RetryStrategyOptions { MaxRetryAttempts = int.MaxValue };

            RetryStrategyOptions Conditional(bool forever)
            {
                var options = new RetryStrategyOptions();
                if (forever)
                {
                    options.MaxRetryAttempts = int.MaxValue;
                }

                return options;
            }

            void Escapes()
            {
                var options = new RetryStrategyOptions { MaxRetryAttempts = int.MaxValue };
                Configure(options);
            }

            static void Configure(RetryStrategyOptions options) => options.MaxRetryAttempts = 3;
        }
        """,
        ReferenceSets.PollyV8);

    [Theory]
    [InlineData("new RetryStrategyOptions { MaxRetryAttempts = }", 0)]
    [InlineData("new RetryStrategyOptions { MaxRetryAttempts = int.MaxValue, ", 1)]
    [InlineData("new RetryStrategyOptions { MaxRetryAttempts = int. }", 0)]
    [InlineData("new RetryStrategyOptions<", 0)]
    public async Task HalfTypedCodeIsAnalyzedWithoutCrashing(string expression, int expected)
    {
        var source = $"using Polly; using Polly.Retry; class Typing {{ object options = {expression}; }}";

        Assert.Equal(expected, await AnalyzerRunner.CountAsync(new RES1001RetryWithoutAttemptCapAnalyzer(), source, ReferenceSets.PollyV8));
    }

    [Fact]
    public Task FixCapsTheAttemptsEverywhereInTheFile() => Verify.VerifyCodeFixAsync(
        """
        using Polly.Retry;

        class Options
        {
            RetryStrategyOptions first = new() { MaxRetryAttempts = {|RES1001:int.MaxValue|} };
            RetryStrategyOptions<string> second = new() { MaxRetryAttempts = {|RES1001:int.MaxValue|}, UseJitter = true };
        }
        """,
        """
        using Polly.Retry;

        class Options
        {
            RetryStrategyOptions first = new() { MaxRetryAttempts = 3 };
            RetryStrategyOptions<string> second = new() { MaxRetryAttempts = 3, UseJitter = true };
        }
        """,
        ReferenceSets.PollyV8);

    [Fact]
    public async Task FixUsesTheConfiguredCap()
    {
        var test = new Verify.Test(ReferenceSets.PollyV8)
        {
            TestCode = """
                using Polly.Retry;

                class Options
                {
                    void Configure()
                    {
                        var options = new RetryStrategyOptions();
                        options.MaxRetryAttempts = {|RES1001:int.MaxValue|};
                    }
                }
                """,
            FixedCode = """
                using Polly.Retry;

                class Options
                {
                    void Configure()
                    {
                        var options = new RetryStrategyOptions();
                        options.MaxRetryAttempts = 5;
                    }
                }
                """,
        };
        test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n\n[*.cs]\nresilience.max_retry_attempts = 5\n"));
        await test.RunAsync();
    }

    [Fact]
    public Task HandRolledRetryLoopsWithoutACounterAreFlagged() => Verify.VerifyAnalyzerAsync("""
        using System;
        using System.IO;
        using System.Net.Http;
        using System.Threading;
        using System.Threading.Tasks;

        class Client
        {
            async Task<string> WhileTrueAsync(HttpClient client)
            {
                {|RES1001:while|} (true)
                {
                    try
                    {
                        return await client.GetStringAsync("/orders");
                    }
                    catch (HttpRequestException)
                    {
                        await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(100, 1000)));
                    }
                }
            }

            void ForEver(Stream stream)
            {
                {|RES1001:for|} (;;)
                {
                    try
                    {
                        stream.Flush();
                        break;
                    }
                    catch (IOException)
                    {
                        Thread.Sleep(200);
                    }
                }
            }

            int DoWhile(Func<int> read)
            {
                {|RES1001:do|}
                {
                    try
                    {
                        return read();
                    }
                    catch (InvalidOperationException)
                    {
                    }
                }
                while (true);
            }
        }
        """);

    [Fact]
    public Task CappedLoopsAndLoopsThatAreNotRetriesAreNotFlagged() => Verify.VerifyAnalyzerAsync("""
        using System;
        using System.IO;
        using System.Net.Http;
        using System.Threading;
        using System.Threading.Channels;
        using System.Threading.Tasks;

        class Loops
        {
            async Task<string> CountedAsync(HttpClient client)
            {
                for (var attempt = 1; ; attempt++)
                {
                    try
                    {
                        return await client.GetStringAsync("/orders");
                    }
                    catch (HttpRequestException) when (attempt < 3)
                    {
                        await Task.Delay(TimeSpan.FromMilliseconds(100 * Math.Pow(2, attempt) * Random.Shared.NextDouble()));
                    }
                }
            }

            async Task<string> ThrowsAfterMaxAsync(HttpClient client)
            {
                var attempts = 0;
                while (true)
                {
                    try
                    {
                        return await client.GetStringAsync("/orders");
                    }
                    catch (HttpRequestException)
                    {
                        if (++attempts > 4)
                        {
                            throw;
                        }
                    }
                }
            }

            async Task DrainAsync(ChannelReader<string> reader)
            {
                while (true)
                {
                    try
                    {
                        var item = await reader.ReadAsync();
                        Console.WriteLine(item);
                    }
                    catch (FormatException)
                    {
                    }
                }
            }

            void ReadAll(TextReader reader)
            {
                while (true)
                {
                    try
                    {
                        var line = reader.ReadLine();
                        if (line is null)
                        {
                            break;
                        }

                        Console.WriteLine(int.Parse(line));
                    }
                    catch (FormatException)
                    {
                    }
                }
            }

            async Task<string> UntilCancelledAsync(HttpClient client, CancellationToken cancellationToken)
            {
                while (!cancellationToken.IsCancellationRequested)
                {
                    try
                    {
                        return await client.GetStringAsync("/orders", cancellationToken);
                    }
                    catch (HttpRequestException)
                    {
                        await Task.Delay(1000, cancellationToken);
                    }
                }

                throw new OperationCanceledException(cancellationToken);
            }

            string Rethrows(Func<string> read)
            {
                while (true)
                {
                    try
                    {
                        return read();
                    }
                    catch (IOException)
                    {
                        throw;
                    }
                }
            }
        }
        """);

    [Fact]
    public Task PollyV7ForeverPoliciesAreFlagged() => Verify.VerifyAnalyzerAsync(
        """
        using System;
        using System.Net.Http;
        using Polly;
        using Polly.Extensions.Http;

        class Policies
        {
            ISyncPolicy forever = Policy.Handle<TimeoutException>().{|RES1001:RetryForever|}();
            IAsyncPolicy foreverAsync = Policy.Handle<TimeoutException>().{|RES1001:WaitAndRetryForeverAsync|}(attempt => TimeSpan.FromSeconds(1));
            IAsyncPolicy<HttpResponseMessage> http = HttpPolicyExtensions.HandleTransientHttpError().{|RES1001:RetryForeverAsync|}();
            ISyncPolicy capped = Policy.Handle<TimeoutException>().WaitAndRetry(3, attempt => TimeSpan.FromSeconds(Math.Pow(2, attempt) * Random.Shared.NextDouble()));
        }
        """,
        ReferenceSets.PollyV7);

    [Fact]
    public async Task FixCapsPollyV7ForeverPoliciesWhoseCappedFormTakesTheSameArguments()
    {
        var test = new Verify.Test(ReferenceSets.PollyV7)
        {
            TestCode = """
                using System;
                using Polly;

                class Policies
                {
                    ISyncPolicy forever = Policy.Handle<TimeoutException>().{|RES1001:RetryForever|}();
                    IAsyncPolicy waits = Policy.Handle<TimeoutException>().{|RES1001:WaitAndRetryForeverAsync|}(attempt => TimeSpan.FromSeconds(attempt));
                    ISyncPolicy callback = Policy.Handle<TimeoutException>().{|RES1001:RetryForever|}(exception => Console.WriteLine(exception));
                }
                """,
            FixedCode = """
                using System;
                using Polly;

                class Policies
                {
                    ISyncPolicy forever = Policy.Handle<TimeoutException>().Retry(3);
                    IAsyncPolicy waits = Policy.Handle<TimeoutException>().WaitAndRetryAsync(3, attempt => TimeSpan.FromSeconds(attempt));
                    ISyncPolicy callback = Policy.Handle<TimeoutException>().{|RES1001:RetryForever|}(exception => Console.WriteLine(exception));
                }
                """,
        };

        // The callback overload stays flagged: Retry(int, ...) takes a different callback type, so it gets no fix.
        test.FixedState.MarkupHandling = MarkupMode.Allow;
        await test.RunAsync();
    }

    [Fact]
    public Task FixCountsTheAttemptsOfARetryLoopAndRethrowsAtTheCap() => Verify.VerifyCodeFixAsync(
        """
        using System;
        using System.IO;
        using System.Net.Http;
        using System.Threading.Tasks;

        class Client
        {
            async Task<string> GetAsync(HttpClient client)
            {
                var attempt = "taken";
                {|RES1001:while|} (true)
                {
                    try
                    {
                        return await client.GetStringAsync("/orders");
                    }
                    catch (HttpRequestException)
                    {
                        await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(100, 1000)));
                    }
                    catch (IOException exception) when (exception.HResult != 0)
                    {
                        Console.WriteLine(exception.Message);
                    }
                }
            }
        }
        """,
        """
        using System;
        using System.IO;
        using System.Net.Http;
        using System.Threading.Tasks;

        class Client
        {
            async Task<string> GetAsync(HttpClient client)
            {
                var attempt = "taken";
                var attempt2 = 0;
                while (true)
                {
                    try
                    {
                        return await client.GetStringAsync("/orders");
                    }
                    catch (HttpRequestException)
                    {
                        if (++attempt2 >= 3)
                        {
                            throw;
                        }

                        await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(100, 1000)));
                    }
                    catch (IOException exception) when (exception.HResult != 0)
                    {
                        if (++attempt2 >= 3)
                        {
                            throw;
                        }

                        Console.WriteLine(exception.Message);
                    }
                }
            }
        }
        """);
}
