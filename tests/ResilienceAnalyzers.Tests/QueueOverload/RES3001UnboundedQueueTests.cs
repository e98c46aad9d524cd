using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using ResilienceAnalyzers.QueueOverload;
using ResilienceAnalyzers.Tests.Infrastructure;
using Xunit;
using Verify = ResilienceAnalyzers.Tests.Infrastructure.CSharpCodeFixVerifier<
    ResilienceAnalyzers.QueueOverload.RES3001UnboundedQueueAnalyzer,
    ResilienceAnalyzers.CodeFixes.QueueOverload.RES3001UnboundedQueueCodeFix>;

namespace ResilienceAnalyzers.Tests.QueueOverload;

public sealed class RES3001UnboundedQueueTests
{
    [Fact]
    public Task UnboundedChannelInAFieldIsFlagged() => Verify.VerifyAnalyzerAsync("""
        using System.Threading.Channels;

        class OrderQueue
        {
            private readonly Channel<string> orders = {|RES3001:Channel.CreateUnbounded<string>()|};
            private readonly Channel<int> single = {|RES3001:Channel.CreateUnbounded<int>(new UnboundedChannelOptions { SingleReader = true })|};
        }
        """);

    [Fact]
    public Task MessageNamesTheQueueAndTheConsequence() => Verify.VerifyAnalyzerAsync(
        """
        using System.Threading.Channels;

        static class Factory
        {
            public static Channel<long> Create() => Channel.CreateUnbounded<long>();
        }
        """,
        Verify.Diagnostic("RES3001").WithSpan(5, 45, 5, 76).WithArguments("Channel.CreateUnbounded<long>()"));

    [Fact]
    public Task UnboundedChannelSharedWithAConsumerTaskIsFlagged() => Verify.VerifyAnalyzerAsync("""
        using System.Threading.Channels;
        using System.Threading.Tasks;

        class Pipeline
        {
            public async Task RunAsync(int[] work)
            {
                var channel = {|RES3001:Channel.CreateUnbounded<int>()|};
                var consumer = Task.Run(async () =>
                {
                    await foreach (var item in channel.Reader.ReadAllAsync()) { }
                });
                foreach (var item in work) channel.Writer.TryWrite(item);
                channel.Writer.Complete();
                await consumer;
            }

            public void Handoff()
            {
                Channel<int> queue;
                queue = {|RES3001:Channel.CreateUnbounded<int>()|};
                Start(queue.Reader);
            }

            private static void Start(ChannelReader<int> reader) { }
        }
        """);

    [Fact]
    public Task AWorkListFilledAndCompletedBeforeItsWorkersStartIsNotFlagged() => Verify.VerifyAnalyzerAsync("""
        using System.Linq;
        using System.Threading.Channels;
        using System.Threading.Tasks;

        class Reindex
        {
            public async Task RunAsync(int[] documents)
            {
                var work = Channel.CreateUnbounded<int>();
                foreach (var document in documents) work.Writer.TryWrite(document);
                work.Writer.Complete();

                var workers = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
                {
                    await foreach (var document in work.Reader.ReadAllAsync()) { }
                }));
                await Task.WhenAll(workers);
            }

            public async Task WritesAfterTheWorkersStartAsync(int[] documents)
            {
                var work = {|RES3001:Channel.CreateUnbounded<int>()|};
                work.Writer.TryWrite(0);
                work.Writer.Complete();
                var worker = Task.Run(async () => { await foreach (var document in work.Reader.ReadAllAsync()) { } });
                var late = Task.Run(() => work.Writer.TryWrite(1));
                await Task.WhenAll(worker, late);
            }
        }
        """);

    [Fact]
    public Task AConsumerThatStartsEachItemWithoutWaitingIsNotFlaggedButOneThatWaitsIs() => Verify.VerifyAnalyzerAsync("""
        using System;
        using System.Collections.Generic;
        using System.Threading;
        using System.Threading.Channels;
        using System.Threading.Tasks;

        sealed class DelayedJob(Func<CancellationToken, Task> work, TimeSpan due)
        {
            public string Name => work.Method.Name;
            public async Task RunAsync(CancellationToken token) { await Task.Delay(due, token); await work(token); }
        }

        // Each job is started as soon as it is read: the channel never holds a backlog.
        sealed class JobScheduler
        {
            private readonly Channel<DelayedJob> jobs = Channel.CreateUnbounded<DelayedJob>();
            private readonly HashSet<Task> running = new();

            public void Schedule(Func<CancellationToken, Task> work, TimeSpan due) => jobs.Writer.TryWrite(new DelayedJob(work, due));

            public async Task ProcessAsync(CancellationToken token)
            {
                while (await jobs.Reader.WaitToReadAsync(token))
                {
                    if (jobs.Reader.TryRead(out var job))
                    {
                        var started = job.RunAsync(token);
                        lock (running) running.Add(started);
                        _ = started.ContinueWith(t => { lock (running) running.Remove(t); }, TaskScheduler.Default);
                    }
                }
            }
        }

        // Each job is awaited before the next is read: a slow job lets the channel grow.
        sealed class SerialScheduler
        {
            private readonly Channel<DelayedJob> jobs = {|RES3001:Channel.CreateUnbounded<DelayedJob>()|};

            public void Schedule(Func<CancellationToken, Task> work, TimeSpan due) => jobs.Writer.TryWrite(new DelayedJob(work, due));

            public async Task ProcessAsync(CancellationToken token)
            {
                await foreach (var job in jobs.Reader.ReadAllAsync(token))
                {
                    await job.RunAsync(token);
                }
            }
        }

        // Started without waiting, but the item is also handled synchronously first: that work is serial.
        sealed class LoggingScheduler
        {
            private readonly Channel<DelayedJob> jobs = {|RES3001:Channel.CreateUnbounded<DelayedJob>()|};

            public void Schedule(Func<CancellationToken, Task> work, TimeSpan due) => jobs.Writer.TryWrite(new DelayedJob(work, due));

            public async Task ProcessAsync(CancellationToken token)
            {
                await foreach (var job in jobs.Reader.ReadAllAsync(token))
                {
                    Console.WriteLine(job.Name);
                    _ = job.RunAsync(token);
                }
            }
        }

        // The reader is handed out: its consumers are not visible here.
        sealed class ExposedScheduler
        {
            private readonly Channel<DelayedJob> jobs = {|RES3001:Channel.CreateUnbounded<DelayedJob>()|};

            public ChannelReader<DelayedJob> Reader => jobs.Reader;

            public async Task ProcessAsync(CancellationToken token)
            {
                await foreach (var job in jobs.Reader.ReadAllAsync(token))
                {
                    _ = job.RunAsync(token);
                }
            }
        }
        """);

    [Fact]
    public Task AChannelFedOnlyByAnotherChannelsConsumerIsReportedAtInfo() => Verify.VerifyAnalyzerAsync(
        """
        using System.Threading;
        using System.Threading.Channels;
        using System.Threading.Tasks;

        sealed record Message(string Id, string Body);
        sealed record Acknowledgement(string Id, bool Handled);

        interface IStream
        {
            Task WriteAsync(Acknowledgement acknowledgement, CancellationToken token);
        }

        // Work enters through messages; acknowledgements are written only by its consumer, one per message.
        sealed class Subscription(IStream stream)
        {
            private readonly Channel<Message> messages = {|#0:Channel.CreateUnbounded<Message>()|};
            private readonly Channel<Acknowledgement> acknowledgements = {|#1:Channel.CreateUnbounded<Acknowledgement>()|};
            private readonly Channel<Acknowledgement> receipts = {|#2:Channel.CreateUnbounded<Acknowledgement>()|};

            public ValueTask DeliverAsync(Message message, CancellationToken token) => messages.Writer.WriteAsync(message, token);

            public async Task HandleAsync(CancellationToken token)
            {
                await foreach (var message in messages.Reader.ReadAllAsync(token))
                {
                    await AcknowledgeAsync(message.Id, token);
                    receipts.Writer.TryWrite(new Acknowledgement(message.Id, true));
                }

                acknowledgements.Writer.Complete();
            }

            public async Task SendAsync(CancellationToken token)
            {
                await foreach (var acknowledgement in acknowledgements.Reader.ReadAllAsync(token))
                {
                    await stream.WriteAsync(acknowledgement, token);
                }
            }

            public async Task SendReceiptsAsync(CancellationToken token)
            {
                await foreach (var receipt in receipts.Reader.ReadAllAsync(token))
                {
                    await stream.WriteAsync(receipt, token);
                }
            }

            private async Task AcknowledgeAsync(string id, CancellationToken token) =>
                await acknowledgements.Writer.WriteAsync(new Acknowledgement(id, true), token);

            // Kept for tests: nothing in the service calls it.
            internal ValueTask WriteAcknowledgementForTestsAsync(Acknowledgement acknowledgement) => acknowledgements.Writer.WriteAsync(acknowledgement);
        }

        // Also written by a public method, or by its own consumer re-queueing, or through a writer handed out: work enters here.
        sealed class Relay(IStream stream)
        {
            private readonly Channel<Message> messages = Channel.CreateBounded<Message>(100);
            private readonly Channel<Acknowledgement> acknowledgements = {|#3:Channel.CreateUnbounded<Acknowledgement>()|};
            private readonly Channel<Acknowledgement> retries = {|#4:Channel.CreateUnbounded<Acknowledgement>()|};
            private readonly Channel<Acknowledgement> handedOut = {|#5:Channel.CreateUnbounded<Acknowledgement>()|};

            public ChannelWriter<Acknowledgement> Writer => handedOut.Writer;

            public void Acknowledge(string id) => acknowledgements.Writer.TryWrite(new Acknowledgement(id, true));

            public async Task HandleAsync(CancellationToken token)
            {
                await foreach (var message in messages.Reader.ReadAllAsync(token))
                {
                    await acknowledgements.Writer.WriteAsync(new Acknowledgement(message.Id, true), token);
                    await handedOut.Writer.WriteAsync(new Acknowledgement(message.Id, true), token);
                }
            }

            public async Task RetryAsync(CancellationToken token)
            {
                await foreach (var retry in retries.Reader.ReadAllAsync(token))
                {
                    if (!retry.Handled)
                    {
                        await retries.Writer.WriteAsync(retry, token);
                    }

                    await stream.WriteAsync(retry, token);
                    await acknowledgements.Writer.WriteAsync(retry, token);
                }
            }
        }
        """,
        Verify.Diagnostic("RES3001").WithLocation(0).WithSeverity(DiagnosticSeverity.Warning).WithArguments("Channel.CreateUnbounded<Message>()"),
        Verify.Diagnostic("RES3001").WithLocation(1).WithSeverity(DiagnosticSeverity.Info).WithArguments("Channel.CreateUnbounded<Acknowledgement>()"),
        Verify.Diagnostic("RES3001").WithLocation(2).WithSeverity(DiagnosticSeverity.Info).WithArguments("Channel.CreateUnbounded<Acknowledgement>()"),
        Verify.Diagnostic("RES3001").WithLocation(3).WithSeverity(DiagnosticSeverity.Warning).WithArguments("Channel.CreateUnbounded<Acknowledgement>()"),
        Verify.Diagnostic("RES3001").WithLocation(4).WithSeverity(DiagnosticSeverity.Warning).WithArguments("Channel.CreateUnbounded<Acknowledgement>()"),
        Verify.Diagnostic("RES3001").WithLocation(5).WithSeverity(DiagnosticSeverity.Warning).WithArguments("Channel.CreateUnbounded<Acknowledgement>()"));

    [Fact]
    public Task UnboundedPrioritizedChannelIsFlagged() => Verify.VerifyAnalyzerAsync("""
        using System.Threading.Channels;

        class Scheduler
        {
            private readonly Channel<int> jobs = {|RES3001:Channel.CreateUnboundedPrioritized<int>()|};
        }
        """);

    [Fact]
    public Task BlockingCollectionWithoutCapacityIsFlagged() => Verify.VerifyAnalyzerAsync("""
        using System.Collections.Concurrent;

        class Worker
        {
            private readonly BlockingCollection<string> jobs = {|RES3001:new BlockingCollection<string>()|};
            private readonly BlockingCollection<string> stack = {|RES3001:new BlockingCollection<string>(new ConcurrentStack<string>())|};
            private readonly BlockingCollection<string> implicitNew = {|RES3001:new()|};
        }
        """);

    [Fact]
    public Task DataflowBlocksWithoutBoundedCapacityAreFlagged() => Verify.VerifyAnalyzerAsync("""
        using System.Threading.Tasks.Dataflow;

        class Blocks
        {
            private readonly BufferBlock<int> buffer = {|RES3001:new BufferBlock<int>()|};
            private readonly ActionBlock<int> action = {|RES3001:new ActionBlock<int>(x => { })|};
            private readonly TransformBlock<int, string> parallel = {|RES3001:new TransformBlock<int, string>(x => x.ToString(), new ExecutionDataflowBlockOptions { MaxDegreeOfParallelism = 4 })|};
            private readonly TransformManyBlock<int, int> many = {|RES3001:new TransformManyBlock<int, int>(x => new[] { x }, new ExecutionDataflowBlockOptions { BoundedCapacity = DataflowBlockOptions.Unbounded })|};
            private readonly BatchBlock<int> batch = {|RES3001:new BatchBlock<int>(10)|};
        }
        """);

    [Fact]
    public Task BoundedQueuesAreNotFlagged() => Verify.VerifyAnalyzerAsync("""
        using System.Collections.Concurrent;
        using System.Threading.Channels;
        using System.Threading.Tasks.Dataflow;

        class Bounded
        {
            private readonly Channel<int> wait = Channel.CreateBounded<int>(100);
            private readonly Channel<int> dropOldest = Channel.CreateBounded<int>(new BoundedChannelOptions(100) { FullMode = BoundedChannelFullMode.DropOldest });
            private readonly BlockingCollection<int> collection = new BlockingCollection<int>(100);
            private readonly BlockingCollection<int> queue = new BlockingCollection<int>(new ConcurrentQueue<int>(), boundedCapacity: 100);
            private readonly ActionBlock<int> action = new ActionBlock<int>(x => { }, new ExecutionDataflowBlockOptions { BoundedCapacity = 100 });
            private readonly BufferBlock<int> buffer = new BufferBlock<int>(new DataflowBlockOptions { BoundedCapacity = 8, EnsureOrdered = true });
        }
        """);

    [Fact]
    public Task OptionsBuiltElsewhereAreNotJudged() => Verify.VerifyAnalyzerAsync("""
        using System.Threading.Tasks.Dataflow;

        class Configured
        {
            private static readonly ExecutionDataflowBlockOptions Options = Create();
            private readonly ActionBlock<int> action = new ActionBlock<int>(x => { }, Options);

            private static ExecutionDataflowBlockOptions Create() => new() { BoundedCapacity = 64 };
        }
        """);

    [Fact]
    public Task QueuesThatAreNotProducerConsumerQueuesAreNotFlagged() => Verify.VerifyAnalyzerAsync("""
        using System.Threading.Tasks.Dataflow;

        class NotQueues
        {
            private readonly WriteOnceBlock<int> once = new WriteOnceBlock<int>(x => x);
            private readonly BroadcastBlock<int> latest = new BroadcastBlock<int>(x => x);
        }
        """);

    [Fact]
    public Task ALocalBufferOnlyItsMethodUsesIsNotFlagged() => Verify.VerifyAnalyzerAsync("""
        using System.Collections.Concurrent;
        using System.Threading.Channels;
        using System.Threading.Tasks;

        class Reorder
        {
            public async Task<int> SumAsync(int[] values)
            {
                var channel = Channel.CreateUnbounded<int>();
                foreach (var value in values) channel.Writer.TryWrite(value);
                channel.Writer.Complete();
                var sum = 0;
                await foreach (var value in channel.Reader.ReadAllAsync()) sum += value;
                return sum;
            }

            public int Drain(int[] values)
            {
                using var collection = new BlockingCollection<int>();
                foreach (var value in values) collection.Add(value);
                collection.CompleteAdding();
                var count = 0;
                foreach (var value in collection.GetConsumingEnumerable()) count++;
                return count;
            }
        }
        """);

    [Fact]
    public Task LookAlikeTypesInOtherNamespacesAreNotFlagged() => Verify.VerifyAnalyzerAsync("""
        namespace MyCompany.Messaging
        {
            static class Channel
            {
                public static object CreateUnbounded<T>() => new object();
            }

            class BlockingCollection<T> { }

            class Use
            {
                private readonly object channel = Channel.CreateUnbounded<int>();
                private readonly BlockingCollection<int> collection = new BlockingCollection<int>();
                private readonly string name = nameof(System.Threading.Channels.Channel.CreateUnbounded);
            }
        }
        """);

    [Theory]
    [InlineData("Channel.CreateUnbounded<int>(", 1)]
    [InlineData("Channel.CreateUnbounded<>()", 1)]
    [InlineData("Channel.CreateUnbounded<int>(new UnboundedChannelOptions { SingleReader = })", 1)]
    [InlineData("Channel.", 0)]
    [InlineData("new BlockingCollection<int>(", 1)]
    [InlineData("new BlockingCollection<int>(new ConcurrentQueue<int>(), ", 0)]
    [InlineData("new ActionBlock<int>(x => , new ExecutionDataflowBlockOptions { BoundedCapacity = })", 0)]
    [InlineData("new ActionBlock<int>(x => , new ExecutionDataflowBlockOptions { MaxDegreeOfParallelism = })", 1)]
    [InlineData("new BufferBlock<", 1)]
    public async Task HalfTypedCodeIsAnalyzedWithoutCrashing(string expression, int expected)
    {
        var source = $$"""
            using System.Collections.Concurrent;
            using System.Threading.Channels;
            using System.Threading.Tasks.Dataflow;

            class Typing
            {
                object queue = {{expression}};
            }
            """;

        Assert.Equal(expected, await AnalyzerRunner.CountAsync(new RES3001UnboundedQueueAnalyzer(), source, ReferenceSets.Net));
    }

    [Fact]
    public Task FixBoundsAChannelWithWaitMode() => Verify.VerifyCodeFixAsync(
        """
        using System.Threading.Channels;

        class OrderQueue
        {
            private readonly Channel<string> orders = {|RES3001:Channel.CreateUnbounded<string>()|};
        }
        """,
        """
        using System.Threading.Channels;

        class OrderQueue
        {
            private readonly Channel<string> orders = Channel.CreateBounded<string>(new BoundedChannelOptions(1000) { FullMode = BoundedChannelFullMode.Wait });
        }
        """);

    [Fact]
    public Task FixKeepsTheOriginalChannelOptions() => Verify.VerifyCodeFixAsync(
        """
        using System.Threading.Channels;

        class OrderQueue
        {
            private readonly Channel<string> orders = {|RES3001:Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = false, AllowSynchronousContinuations = true })|};
        }
        """,
        """
        using System.Threading.Channels;

        class OrderQueue
        {
            private readonly Channel<string> orders = Channel.CreateBounded<string>(new BoundedChannelOptions(1000) { FullMode = BoundedChannelFullMode.Wait, SingleReader = true, SingleWriter = false, AllowSynchronousContinuations = true });
        }
        """);

    [Fact]
    public Task FixQualifiesNamesWhenTheNamespaceIsNotImported() => Verify.VerifyCodeFixAsync(
        """
        class OrderQueue
        {
            private readonly System.Threading.Channels.Channel<string> orders = {|RES3001:System.Threading.Channels.Channel.CreateUnbounded<string>()|};
        }
        """,
        """
        class OrderQueue
        {
            private readonly System.Threading.Channels.Channel<string> orders = System.Threading.Channels.Channel.CreateBounded<string>(new System.Threading.Channels.BoundedChannelOptions(1000) { FullMode = System.Threading.Channels.BoundedChannelFullMode.Wait });
        }
        """);

    [Fact]
    public Task OptionsInAVariableGetNoFix() => Verify.VerifyCodeFixAsync(
        """
        using System.Threading.Channels;

        class OrderQueue
        {
            private static readonly UnboundedChannelOptions Options = new() { SingleReader = true };
            private readonly Channel<string> orders = {|RES3001:Channel.CreateUnbounded<string>(Options)|};
        }
        """,
        """
        using System.Threading.Channels;

        class OrderQueue
        {
            private static readonly UnboundedChannelOptions Options = new() { SingleReader = true };
            private readonly Channel<string> orders = {|RES3001:Channel.CreateUnbounded<string>(Options)|};
        }
        """);

    [Fact]
    public async Task FixUsesTheConfiguredCapacity()
    {
        var test = new Verify.Test
        {
            TestCode = """
                using System.Collections.Concurrent;

                class Worker
                {
                    private readonly BlockingCollection<string> jobs = {|RES3001:new BlockingCollection<string>()|};
                }
                """,
            FixedCode = """
                using System.Collections.Concurrent;

                class Worker
                {
                    private readonly BlockingCollection<string> jobs = new BlockingCollection<string>(boundedCapacity: 64);
                }
                """,
        };
        test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", """
            root = true

            [*.cs]
            resilience.default_queue_capacity = 64
            """));
        await test.RunAsync();
    }

    [Fact]
    public Task FixBoundsBlockingCollections() => Verify.VerifyCodeFixAsync(
        """
        using System.Collections.Concurrent;

        class Worker
        {
            private readonly BlockingCollection<string> jobs = {|RES3001:new BlockingCollection<string>()|};
            private readonly BlockingCollection<string> stack = {|RES3001:new BlockingCollection<string>(new ConcurrentStack<string>())|};
            private readonly BlockingCollection<string> implicitNew = {|RES3001:new()|};
        }
        """,
        """
        using System.Collections.Concurrent;

        class Worker
        {
            private readonly BlockingCollection<string> jobs = new BlockingCollection<string>(boundedCapacity: 1000);
            private readonly BlockingCollection<string> stack = new BlockingCollection<string>(new ConcurrentStack<string>(), boundedCapacity: 1000);
            private readonly BlockingCollection<string> implicitNew = new(boundedCapacity: 1000);
        }
        """);

    [Fact]
    public Task FixBoundsDataflowBlocks() => Verify.VerifyCodeFixAsync(
        """
        using System.Threading.Tasks.Dataflow;

        class Blocks
        {
            private readonly BufferBlock<int> buffer = {|RES3001:new BufferBlock<int>()|};
            private readonly ActionBlock<int> action = {|RES3001:new ActionBlock<int>(x => { })|};
            private readonly TransformBlock<int, string> parallel = {|RES3001:new TransformBlock<int, string>(x => x.ToString(), new ExecutionDataflowBlockOptions { MaxDegreeOfParallelism = 4 })|};
            private readonly TransformManyBlock<int, int> many = {|RES3001:new TransformManyBlock<int, int>(x => new[] { x }, new ExecutionDataflowBlockOptions { BoundedCapacity = DataflowBlockOptions.Unbounded })|};
            private readonly BatchBlock<int> batch = {|RES3001:new BatchBlock<int>(5000)|};
        }
        """,
        """
        using System.Threading.Tasks.Dataflow;

        class Blocks
        {
            private readonly BufferBlock<int> buffer = new BufferBlock<int>(new DataflowBlockOptions { BoundedCapacity = 1000 });
            private readonly ActionBlock<int> action = new ActionBlock<int>(x => { }, new ExecutionDataflowBlockOptions { BoundedCapacity = 1000 });
            private readonly TransformBlock<int, string> parallel = new TransformBlock<int, string>(x => x.ToString(), new ExecutionDataflowBlockOptions { MaxDegreeOfParallelism = 4, BoundedCapacity = 1000 });
            private readonly TransformManyBlock<int, int> many = new TransformManyBlock<int, int>(x => new[] { x }, new ExecutionDataflowBlockOptions { BoundedCapacity = 1000 });
            private readonly BatchBlock<int> batch = new BatchBlock<int>(5000, new GroupingDataflowBlockOptions { BoundedCapacity = 5000 });
        }
        """);
}
