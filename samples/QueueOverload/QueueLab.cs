using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;

namespace QueueOverload;

/// <summary>One unit of work: a payload as large as a small message.</summary>
internal sealed record WorkItem(long Sequence, byte[] Payload);

/// <summary>What one run measured.</summary>
internal sealed record LabResult(string Variant, long Produced, long Consumed, int MaxDepth, long PeakHeapBytes, TimeSpan ProducerTime, TimeSpan TotalTime);

internal sealed record LabSettings(int Items, int PayloadBytes, TimeSpan ServiceTime, TimeSpan MaxDuration);

/// <summary>
/// A producer that offers items as fast as it can and a consumer with a fixed service time per item, joined by the
/// queue under test. A sampler records queue depth and managed heap every few milliseconds.
/// </summary>
internal static class QueueLab
{
    private static readonly TimeSpan SampleInterval = TimeSpan.FromMilliseconds(5);

    public static async Task<LabResult> RunAsync(string variant, Channel<WorkItem> queue, LabSettings settings)
    {
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

        using var samplingDone = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!samplingDone.IsCancellationRequested)
            {
                maxDepth = (int)Math.Max(maxDepth, Interlocked.Read(ref produced) - Interlocked.Read(ref consumed));
                peakHeap = Math.Max(peakHeap, GC.GetTotalMemory(forceFullCollection: false));
                await Task.Delay(SampleInterval).ConfigureAwait(false);
            }
        });

        try
        {
            for (var sequence = 0; sequence < settings.Items && !stop.IsCancellationRequested; sequence++)
            {
                await queue.Writer.WriteAsync(new WorkItem(sequence, new byte[settings.PayloadBytes]), stop.Token);
                Interlocked.Increment(ref produced);
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

        return new LabResult(variant, produced, consumed, maxDepth, peakHeap, producerTime, clock.Elapsed);
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
