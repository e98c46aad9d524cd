using System;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Threading;
using ResilienceAnalyzers.Polly;

namespace ResilienceAnalyzers.Benchmarks;

/// <summary>
/// Cost of the retry budget's hot path: one request deposit plus one retry withdrawal, on one thread and on two
/// threads sharing one budget (contention on the same slot), with the bytes allocated.
/// </summary>
internal static class RetryBudgetBenchmark
{
    internal static string Run(int operationsPerThread)
    {
        var text = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"Retry budget: {operationsPerThread:N0} request + retry pairs per thread, best of 3 runs.")
            .AppendLine()
            .AppendLine("| threads | ns per request + retry | allocated bytes |")
            .AppendLine("|---|---|---|");

        foreach (var threads in new[] { 1, 2 })
        {
            Measure(threads, operationsPerThread / 10); // warm-up: JIT and tiering
            var best = (Nanoseconds: double.MaxValue, Bytes: 0L);
            for (var run = 0; run < 3; run++)
            {
                var result = Measure(threads, operationsPerThread);
                if (result.Nanoseconds < best.Nanoseconds)
                {
                    best = result;
                }
            }

            text.AppendLine(CultureInfo.InvariantCulture, $"| {threads} | {best.Nanoseconds:F1} | {best.Bytes} |");
        }

        return text.ToString();
    }

    private static (double Nanoseconds, long Bytes) Measure(int threadCount, int operationsPerThread)
    {
        var budget = new RetryBudget();
        using var start = new Barrier(threadCount + 1);
        var allocated = new long[threadCount];
        var workers = new Thread[threadCount];
        for (var t = 0; t < threadCount; t++)
        {
            var index = t;
            workers[t] = new Thread(() =>
            {
                start.SignalAndWait();
                var before = GC.GetAllocatedBytesForCurrentThread();
                for (var i = 0; i < operationsPerThread; i++)
                {
                    budget.RecordRequest();
                    budget.TryWithdraw();
                }

                allocated[index] = GC.GetAllocatedBytesForCurrentThread() - before;
            });
            workers[t].Start();
        }

        start.SignalAndWait();
        var clock = Stopwatch.StartNew();
        foreach (var worker in workers)
        {
            worker.Join();
        }

        // Wall time per pair on each thread: what one caller pays while the other hammers the same budget.
        return (clock.Elapsed.TotalNanoseconds / operationsPerThread, allocated.Sum());
    }

    private static long Sum(this long[] values)
    {
        long total = 0;
        foreach (var value in values)
        {
            total += value;
        }

        return total;
    }
}
