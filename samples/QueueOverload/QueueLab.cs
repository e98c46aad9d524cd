using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;

namespace QueueOverload;

/// <summary>One unit of work: a payload as large as a small message.</summary>
internal sealed record WorkItem(long Sequence, byte[] Payload);

/// <summary>What one run measured; <paramref name="Series"/> samples depth and heap over time.</summary>
internal sealed record LabResult(string Variant, long Produced, long Consumed, long Dropped, int MaxDepth, long PeakHeapBytes, TimeSpan ProducerTime, TimeSpan TotalTime, IReadOnlyList<QueueSample> Series);

/// <summary>One sample of a run: seconds since it started, items waiting, managed heap, and the counters so far.</summary>
internal sealed record QueueSample(string Variant, double Seconds, long Depth, double HeapMegabytes, long Produced, long Consumed, long Dropped);

/// <summary>A way to connect producer and consumer: the queue, and how far ahead of the consumer the producer may run.</summary>
/// <param name="CreateQueue">Creates the queue, given what to do with an item it drops.</param>
/// <param name="MaxLag">When set, the producer pauses while it is more items ahead of the consumer than this.</param>
internal sealed record IngestVariant(string Name, Func<Action<WorkItem>, Channel<WorkItem>> CreateQueue, int? MaxLag = null)
{
    public static readonly IngestVariant Naive = new("naive", _ => NaiveIngest.CreateQueue());
    public static readonly IngestVariant Bounded = new("bounded", _ => DefendedIngest.CreateQueue());
    public static readonly IngestVariant Dropping = new("dropping", DroppingIngest.CreateQueue);
    public static readonly IngestVariant Throttled = new("throttled", _ => ThrottledIngest.CreateQueue(), ThrottledIngest.MaxLag);

    public static IReadOnlyList<IngestVariant> All { get; } = [Naive, Bounded, Dropping, Throttled];
}

internal sealed record LabSettings(int Items, int PayloadBytes, TimeSpan ServiceTime, TimeSpan MaxDuration);

/// <summary>
/// A producer that offers items as fast as it can and a consumer with a fixed service time per item, joined by the
/// queue under test. The producer records the deepest the queue gets, after every item it adds; a sampler on a thread of
/// its own records depth and managed heap every few milliseconds, so a busy thread pool cannot hide the backlog.
/// </summary>
internal static class QueueLab
{
    private static readonly TimeSpan SampleInterval = TimeSpan.FromMilliseconds(5);
    private static readonly TimeSpan SeriesInterval = TimeSpan.FromMilliseconds(50);

    public static async Task<LabResult> RunAsync(IngestVariant variant, LabSettings settings)
    {
        long dropped = 0;
        var queue = variant.CreateQueue(_ => Interlocked.Increment(ref dropped));
        GC.Collect();
        var clock = Stopwatch.StartNew();
        using var stop = new CancellationTokenSource(settings.MaxDuration);
        var maxDepth = 0;
        var peakHeap = GC.GetTotalMemory(forceFullCollection: false);

        // Depth is counted here rather than read off the channel: single-reader channels cannot count their items.
        long produced = 0;
        long consumed = 0;
        var consumer = Task.Run(async () =>
        {
            await foreach (var item in queue.Reader.ReadAllAsync())
            {
                Serve(settings.ServiceTime);
                Interlocked.Increment(ref consumed);
            }
        });

        var series = new List<QueueSample>();
        var nextSample = TimeSpan.Zero;
        using var samplingDone = new CancellationTokenSource();
        var sampler = Task.Factory.StartNew(
            () =>
            {
                while (!samplingDone.IsCancellationRequested)
                {
                    var depth = Interlocked.Read(ref produced) - Interlocked.Read(ref consumed) - Interlocked.Read(ref dropped);
                    var heap = GC.GetTotalMemory(forceFullCollection: false);
                    peakHeap = Math.Max(peakHeap, heap);
                    if (clock.Elapsed >= nextSample)
                    {
                        series.Add(new QueueSample(variant.Name, clock.Elapsed.TotalSeconds, depth, heap / 1048576.0, Interlocked.Read(ref produced), Interlocked.Read(ref consumed), Interlocked.Read(ref dropped)));
                        nextSample += SeriesInterval;
                    }

                    Thread.Sleep(SampleInterval);
                }
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);

        try
        {
            for (var sequence = 0; sequence < settings.Items && !stop.IsCancellationRequested; sequence++)
            {
                while (variant.MaxLag is { } maxLag && Interlocked.Read(ref produced) - Interlocked.Read(ref consumed) - Interlocked.Read(ref dropped) > maxLag)
                {
                    await Task.Delay(1, stop.Token);
                }

                await queue.Writer.WriteAsync(new WorkItem(sequence, new byte[settings.PayloadBytes]), stop.Token);
                var depth = Interlocked.Increment(ref produced) - Interlocked.Read(ref consumed) - Interlocked.Read(ref dropped);
                maxDepth = (int)Math.Max(maxDepth, depth);
            }
        }
        catch (OperationCanceledException)
        {
            // The run hit its time limit while the producer waited for space.
        }

        var producerTime = clock.Elapsed;
        queue.Writer.Complete();
        await consumer;
        samplingDone.Cancel();
        await sampler;

        return new LabResult(variant.Name, produced, consumed, dropped, maxDepth, peakHeap, producerTime, clock.Elapsed, series);
    }

    /// <summary>Busy-waits for the service time: a consumer bound by CPU or a slow dependency.</summary>
    private static void Serve(TimeSpan serviceTime)
    {
        var start = Stopwatch.GetTimestamp();
        while (Stopwatch.GetElapsedTime(start) < serviceTime)
        {
            Thread.SpinWait(20);
        }
    }
}
