using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;

namespace RetryStorm;

/// <summary>
/// Per-second counters of one run: user requests by the second they were sent (and how they ended), inventory
/// requests by the second they arrived. Seconds past the end of the load (retries still draining) count in the last
/// buckets.
/// </summary>
internal sealed class Telemetry
{
    private const int DrainSeconds = 15;

    private readonly Stopwatch clock = Stopwatch.StartNew();
    private readonly Second[] seconds;

    public Telemetry(int loadSeconds)
    {
        seconds = Enumerable.Range(0, loadSeconds + DrainSeconds).Select(_ => new Second()).ToArray();
    }

    public int Now => Math.Min((int)clock.Elapsed.TotalSeconds, seconds.Length - 1);

    public IReadOnlyList<Second> Seconds => seconds;

    public void InventoryRequest() => Interlocked.Increment(ref seconds[Now].InventoryRequests);

    public void InventoryError() => Interlocked.Increment(ref seconds[Now].InventoryErrors);

    public void UserRequest(int sentSecond, bool succeeded, TimeSpan latency)
    {
        var second = seconds[sentSecond];
        Interlocked.Increment(ref succeeded ? ref second.UserSucceeded : ref second.UserFailed);
        second.LatenciesMs.Add(latency.TotalMilliseconds);
    }

    /// <summary>What happened in one second.</summary>
    internal sealed class Second
    {
        public int UserSucceeded;
        public int UserFailed;
        public int InventoryRequests;
        public int InventoryErrors;

        public ConcurrentBag<double> LatenciesMs { get; } = new();

        public int UserRequests => UserSucceeded + UserFailed;
    }
}
