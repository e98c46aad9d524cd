using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace SplitBrain;

/// <param name="LeaseTtl">The lease's time-to-live; nodes renew it every tick.</param>
/// <param name="Duration">How long both nodes run.</param>
internal sealed record LabSettings(TimeSpan LeaseTtl, TimeSpan Duration)
{
    public static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(50);

    /// <summary>Node A stops (a GC pause) between its read and its write, once, after leading for two lease lengths.</summary>
    public TimeSpan PauseAt => 2 * LeaseTtl;

    /// <summary>Three lease lengths: long enough for the lease to expire and node B to take it and write.</summary>
    public TimeSpan PauseFor => 3 * LeaseTtl;
}

/// <summary>One 100 ms sample of a run.</summary>
internal sealed record Sample(string Variant, double Seconds, string? Holder, int AcceptedA, int AcceptedB, int Rejected, int Conflicting, long Acknowledged, long Balance);

/// <param name="Acknowledged">Increments the nodes were told succeeded.</param>
/// <param name="Balance">What the database holds at the end.</param>
/// <param name="ConflictingWrites">Writes accepted from a node that no longer held the lease.</param>
/// <param name="RejectedWrites">Writes the database refused for carrying an old fencing token.</param>
internal sealed record LabResult(string Variant, long Acknowledged, long Balance, int ConflictingWrites, int RejectedWrites, int LeadersOverTime, IReadOnlyList<Sample> Series)
{
    /// <summary>Acknowledged increments the final state does not contain: the divergence.</summary>
    public long LostUpdates => Acknowledged - Balance;
}

/// <summary>Runs two nodes, A and B, against one lease store and one ledger; A pauses once mid-write.</summary>
internal static class SplitBrainLab
{
    public static readonly string[] Variants = ["naive", "fenced"];

    private static readonly string[] NodeNames = ["A", "B"];

    public static async Task<LabResult> RunAsync(string variant, LabSettings settings, ILeaseStore leases, Ledger ledger)
    {
        var nodes = NodeNames.Select(name => variant == "naive"
            ? (LedgerNode)new NaiveNode(name, ledger, settings.LeaseTtl)
            : new FencedNode(name, ledger, settings.LeaseTtl)).ToArray();
        var clock = new Stopwatch();
        var writes = new ConcurrentQueue<(TimeSpan At, string Node, WriteOutcome Outcome, bool Conflicting)>();
        var holders = new ConcurrentDictionary<string, byte>();

        async Task RunNodeAsync(LedgerNode node)
        {
            var paused = false;
            while (clock.Elapsed < settings.Duration)
            {
                if (await leases.TryAcquireAsync(node.Name, settings.LeaseTtl) is { } lease)
                {
                    node.Renewed(lease);
                    holders.TryAdd(node.Name, 0);
                }

                var outcome = await node.IncrementAsync(async () =>
                {
                    if (node.Name == "A" && !paused && clock.Elapsed >= settings.PauseAt)
                    {
                        paused = true;
                        await Task.Delay(settings.PauseFor);
                    }
                });
                if (outcome != WriteOutcome.NotLeader)
                {
                    var holder = await leases.HolderAsync();
                    writes.Enqueue((clock.Elapsed, node.Name, outcome, outcome == WriteOutcome.Accepted && holder != node.Name));
                }

                await Task.Delay(LabSettings.Tick);
            }
        }

        // A leads first: it takes the lease before either node's loop starts.
        if (await leases.TryAcquireAsync(nodes[0].Name, settings.LeaseTtl) is not { } first)
        {
            throw new InvalidOperationException("The lease store is not empty: another run holds the lease.");
        }

        nodes[0].Renewed(first);
        holders.TryAdd(first.Node, 0);

        // The clock starts once the stores have answered once, so connecting and warming up do not eat into the run.
        await leases.HolderAsync();
        await ledger.ReadBalanceAsync();
        clock.Restart();
        var samples = new List<Sample>();
        var running = Task.WhenAll(RunNodeAsync(nodes[0]), RunNodeAsync(nodes[1]));
        using var sampler = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
        while (!running.IsCompleted && await sampler.WaitForNextTickAsync())
        {
            samples.Add(await SampleAsync(variant, clock.Elapsed, leases, ledger, [.. writes]));
        }

        await running;
        var all = writes.ToArray();
        var last = await SampleAsync(variant, clock.Elapsed, leases, ledger, all);
        if (samples.Count > 0 && samples[^1].Seconds == last.Seconds)
        {
            samples.RemoveAt(samples.Count - 1);
        }

        samples.Add(last);
        return new LabResult(
            variant,
            all.Count(write => write.Outcome == WriteOutcome.Accepted),
            await ledger.ReadBalanceAsync(),
            all.Count(write => write.Conflicting),
            all.Count(write => write.Outcome == WriteOutcome.Rejected),
            holders.Count,
            samples);
    }

    private static async Task<Sample> SampleAsync(string variant, TimeSpan at, ILeaseStore leases, Ledger ledger, (TimeSpan At, string Node, WriteOutcome Outcome, bool Conflicting)[] writes) =>
        new(
            variant,
            Math.Round(at.TotalSeconds, 1),
            await leases.HolderAsync(),
            writes.Count(write => write.Node == "A" && write.Outcome == WriteOutcome.Accepted),
            writes.Count(write => write.Node == "B" && write.Outcome == WriteOutcome.Accepted),
            writes.Count(write => write.Outcome == WriteOutcome.Rejected),
            writes.Count(write => write.Conflicting),
            writes.Count(write => write.Outcome == WriteOutcome.Accepted),
            await ledger.ReadBalanceAsync());
}
