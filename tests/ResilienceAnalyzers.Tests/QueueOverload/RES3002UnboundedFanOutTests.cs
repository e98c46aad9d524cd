using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using ResilienceAnalyzers.QueueOverload;
using ResilienceAnalyzers.Tests.Infrastructure;
using Xunit;
using Verify = ResilienceAnalyzers.Tests.Infrastructure.CSharpAnalyzerVerifier<
    ResilienceAnalyzers.QueueOverload.RES3002UnboundedFanOutAnalyzer>;
using Fix = ResilienceAnalyzers.Tests.Infrastructure.CSharpCodeFixVerifier<
    ResilienceAnalyzers.QueueOverload.RES3002UnboundedFanOutAnalyzer,
    ResilienceAnalyzers.CodeFixes.QueueOverload.RES3002UnboundedFanOutCodeFix>;

namespace ResilienceAnalyzers.Tests.QueueOverload;

public sealed class RES3002UnboundedFanOutTests
{
    [Fact]
    public Task TasksStartedPerItemOfAnUnboundedInputAreFlagged() => Verify.VerifyAnalyzerAsync(
        """
        using System.Collections.Generic;
        using System.Linq;
        using System.Threading.Tasks;

        class Notifier
        {
            Task SendAsync(string user) => Task.CompletedTask;

            Task NotifyAllAsync(IEnumerable<string> users) => Task.{|#0:WhenAll|}(users.Select(SendAsync));

            async Task NotifyAndCollectAsync(List<string> users)
            {
                var tasks = new List<Task>();
                foreach (var user in users)
                {
                    tasks.{|#1:Add|}(SendAsync(user));
                }

                await Task.WhenAll(tasks);
            }

            void FireAndForget(string[] users)
            {
                foreach (var user in users)
                {
                    _ = Task.{|#2:Run|}(() => SendAsync(user));
                    Task.{|#3:Run|}(() => SendAsync(user));
                }
            }
        }
        """,
        Verify.Diagnostic("RES3002").WithLocation(0).WithArguments("This Task.WhenAll", "users"),
        Verify.Diagnostic("RES3002").WithLocation(1).WithArguments("This loop", "users"),
        Verify.Diagnostic("RES3002").WithLocation(2).WithArguments("This Task.Run per item", "users"),
        Verify.Diagnostic("RES3002").WithLocation(3).WithArguments("This Task.Run per item", "users"));

    [Fact]
    public Task TasksMaterializedOrKeptInALocalFirstAreFlagged() => Verify.VerifyAnalyzerAsync(
        """
        using System.Collections.Generic;
        using System.Linq;
        using System.Threading.Tasks;

        class Sync
        {
            Task PushAsync(string device) => Task.CompletedTask;

            async Task PushAllAsync(IEnumerable<string> devices)
            {
                var pushes = devices.Select(PushAsync);
                await Task.{|RES3002:WhenAll|}(pushes);
                await Task.{|RES3002:WhenAll|}(devices.Select(PushAsync).ToArray());
            }

            Task ConfirmAsync(IEnumerable<string[]> batches) =>
                Task.{|RES3002:WhenAll|}(batches.SelectMany(batch => batch.Select(PushAsync)));

            async Task PushTwoAsync(string first, string second)
            {
                var pushes = new[] { first, second }.Select(PushAsync);
                await Task.WhenAll(pushes);
            }

            async Task PushThrottledAsync(IEnumerable<string> devices, System.Threading.SemaphoreSlim gate)
            {
                var pushes = devices.Select(async device =>
                {
                    await gate.WaitAsync();
                    try { await PushAsync(device); } finally { gate.Release(); }
                });
                await Task.WhenAll(pushes);
            }
        }
        """);

    [Fact]
    public Task HandlersAndSubscribersAreNotWorkItems() => Verify.VerifyAnalyzerAsync(
        """
        using System;
        using System.Collections.Generic;
        using System.Linq;
        using System.Threading.Tasks;

        interface IFeeProvider { Task<decimal> GetFeeAsync(); }

        class Fees(IEnumerable<IFeeProvider> providers)
        {
            private readonly List<Func<Task>> subscribers = new();

            Task<decimal[]> AllAsync() => Task.WhenAll(providers.Select(provider => provider.GetFeeAsync()));

            Task NotifyAsync() => Task.WhenAll(subscribers.Select(notify => notify()));

            Task<decimal[]> QuoteAsync(IEnumerable<decimal> amounts) => Task.{|RES3002:WhenAll|}(amounts.Select(amount => Task.FromResult(amount)));
        }
        """);

    [Fact]
    public Task BoundedInputsThrottledLoopsAndAwaitedWorkAreNotFlagged() => Verify.VerifyAnalyzerAsync(
        """
        using System.Collections.Generic;
        using System.Linq;
        using System.Threading;
        using System.Threading.Tasks;

        class Notifier
        {
            private readonly SemaphoreSlim gate = new(8);

            Task SendAsync(string user) => Task.CompletedTask;

            Task FixedAsync() => Task.WhenAll(new[] { "a", "b" }.Select(SendAsync));

            Task PairAsync(string a, string b) => Task.WhenAll(SendAsync(a), SendAsync(b));

            Task FirstTenAsync(IEnumerable<string> users) => Task.WhenAll(users.Take(10).Select(SendAsync));

            async Task BatchedAsync(IEnumerable<string> users)
            {
                foreach (var batch in users.Chunk(10))
                {
                    await Task.WhenAll(batch.Select(SendAsync));
                }
            }

            Task ThrottledAsync(IEnumerable<string> users) => Task.WhenAll(users.Select(async user =>
            {
                await gate.WaitAsync();
                try
                {
                    await SendAsync(user);
                }
                finally
                {
                    gate.Release();
                }
            }));

            async Task OneAtATimeAsync(IEnumerable<string> users)
            {
                foreach (var user in users)
                {
                    await Task.Run(() => SendAsync(user));
                }
            }

            Task BoundedAsync(IEnumerable<string> users) =>
                Parallel.ForEachAsync(users, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (user, token) => await SendAsync(user));

            void Collect(List<string> users, List<Task> started)
            {
                foreach (var user in users)
                {
                    started.Add(SendAsync(user));
                }
            }
        }
        """);

    [Fact]
    public Task CallsDiscardedPerItemAreFlaggedButWorkersCappedByTheCodeAndLifecycleCallsAreNot() => Verify.VerifyAnalyzerAsync(
        """
        using System;
        using System.Collections.Generic;
        using System.Linq;
        using System.Threading;
        using System.Threading.Tasks;

        interface IWorker { Task StartAsync(CancellationToken token); Task StopAsync(CancellationToken token); }

        interface IMailer { Task SendAsync(string user); }

        sealed class Lease { public ValueTask DisposeAsync() => ValueTask.CompletedTask; }

        class Notifier
        {
            private readonly SemaphoreSlim gate = new(8);
            private readonly List<IWorker> workers = new();
            private readonly Dictionary<string, Lease> leases = new();

            Task SendAsync(string user) => Task.CompletedTask;

            void FireAndForget(IEnumerable<string> users, string admin, IMailer mailer)
            {
                foreach (var user in users)
                {
                    _ = mailer.{|#0:SendAsync|}(user);
                    _ = mailer.SendAsync(admin);
                }
            }

            // A method of this code started per configured item: usually a listener loop, judged by its own code.
            void StartListeners(IEnumerable<string> networks)
            {
                foreach (var network in networks)
                {
                    _ = ListenAsync(network);
                }
            }

            async Task ListenAsync(string network)
            {
                while (true)
                {
                    await SendAsync(network);
                }
            }

            async Task ThrottledFireAndForgetAsync(IEnumerable<string> users, IMailer mailer)
            {
                foreach (var user in users)
                {
                    await gate.WaitAsync();
                    _ = mailer.SendAsync(user).ContinueWith(_ => gate.Release(), TaskScheduler.Default);
                }
            }

            Task CappedWorkersAsync(Func<int, Task> work)
            {
                var count = Math.Max(1, Math.Min(Environment.ProcessorCount, 8));
                var started = Enumerable.Range(0, count).Select(work).ToArray();
                return Task.WhenAll(started);
            }

            Task UncappedWorkersAsync(Func<int, Task> work, int requested) => Task.{|#1:WhenAll|}(Enumerable.Range(0, requested).Select(work));

            Task AwaitStartedAsync(Dictionary<string, Task<decimal>> pending) => Task.WhenAll(pending.Select(entry => entry.Value));

            Task StopAsync(CancellationToken token) => Task.WhenAll(workers.Select(worker => worker.StopAsync(token)));

            Task DisposeAsync() => Task.WhenAll(leases.Select(pair => pair.Value.DisposeAsync().AsTask()));
        }
        """,
        Verify.Diagnostic("RES3002").WithLocation(0).WithArguments("This SendAsync per item, not awaited,", "users"),
        Verify.Diagnostic("RES3002").WithLocation(1).WithArguments("This Task.WhenAll", "Enumerable.Range(0, requested)"));

    [Fact]
    public Task ASelectorWhoseCallDoesNotBindYetStillCountsAsWork() => Verify.VerifyAnalyzerAsync(
        """
        using System.Collections.Generic;
        using System.Linq;
        using System.Threading.Tasks;

        class Webhooks
        {
            Task SendAsync(Subscription subscription) => Task.CompletedTask;

            Task SendAllAsync(IEnumerable<Subscription> receivers) => Task.{|#0:WhenAll|}(receivers.Select(receiver => SendAsync(receiver)));
        }
        """,
        DiagnosticResult.CompilerError("CS0246").WithSpan(7, 20, 7, 32).WithArguments("Subscription"),
        DiagnosticResult.CompilerError("CS0246").WithSpan(9, 35, 9, 47).WithArguments("Subscription"),
        Verify.Diagnostic("RES3002").WithLocation(0).WithArguments("This Task.WhenAll", "receivers"));

    [Theory]
    [InlineData("Task.WhenAll(users.Select(", 0)]
    [InlineData("Task.WhenAll(users.Select(SendAsync)", 1)]
    [InlineData("foreach (var user in users) { Task.Run(", 0)]
    [InlineData("foreach (var user in ) { Task.Run(() => SendAsync(user)); }", 0)]
    public async Task HalfTypedCodeIsAnalyzedWithoutCrashing(string statement, int expected)
    {
        var source = $$"""
            using System.Collections.Generic;
            using System.Linq;
            using System.Threading.Tasks;

            class Notifier
            {
                Task SendAsync(string user) => Task.CompletedTask;

                void Notify(IEnumerable<string> users)
                {
                    {{statement}}
                }
            }
            """;

        Assert.Equal(expected, await AnalyzerRunner.CountAsync(new RES3002UnboundedFanOutAnalyzer(), source, ReferenceSets.Net));
    }

    [Fact]
    public Task TheFixBoundsWhenAllWithParallelForEachAsync() => Fix.VerifyCodeFixAsync(
        """
        using System.Collections.Generic;
        using System.Linq;
        using System.Threading;
        using System.Threading.Tasks;

        class Notifier
        {
            Task SendAsync(string user) => Task.CompletedTask;

            Task NotifyAllAsync(IEnumerable<string> users) => Task.[|WhenAll|](users.Select(SendAsync));

            async Task NotifyEachAsync(List<string> users, CancellationToken cancellationToken)
            {
                await Task.[|WhenAll|](users.Select(user => SendAsync(user)));
                await Task.[|WhenAll|](users.Select(async user =>
                {
                    await SendAsync(user);
                }));
            }
        }
        """,
        """
        using System.Collections.Generic;
        using System.Linq;
        using System.Threading;
        using System.Threading.Tasks;

        class Notifier
        {
            Task SendAsync(string user) => Task.CompletedTask;

            Task NotifyAllAsync(IEnumerable<string> users) => Parallel.ForEachAsync(users, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (item, token) => await SendAsync(item));

            async Task NotifyEachAsync(List<string> users, CancellationToken cancellationToken)
            {
                await Parallel.ForEachAsync(users, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (user, token) => await SendAsync(user));
                await Parallel.ForEachAsync(users, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (user, token) =>
                {
                    await SendAsync(user);
                });
            }
        }
        """);

    [Fact]
    public Task WhenAllWithResultsGetsNoFix()
    {
        const string source = """
            using System.Collections.Generic;
            using System.Linq;
            using System.Threading.Tasks;

            class Prices
            {
                Task<decimal> GetAsync(string sku) => Task.FromResult(1m);

                Task<decimal[]> AllAsync(IEnumerable<string> skus) => Task.[|WhenAll|](skus.Select(GetAsync));
            }
            """;

        return Fix.VerifyCodeFixAsync(source, source);
    }
}
