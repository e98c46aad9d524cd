using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using ResilienceAnalyzers.Tests.Infrastructure;
using SplitBrain;
using Xunit;

namespace ResilienceAnalyzers.Tests.Samples;

/// <summary>Runs the split-brain lab's quick settings with the lease in the process and, where installed, on a real Redis.</summary>
[Collection(LabsRunAlone.Name)]
public sealed class SplitBrainLabTests
{
    private static readonly LabSettings Quick = new(TimeSpan.FromMilliseconds(300), TimeSpan.FromSeconds(2));

    [Fact]
    public Task WithTheLeaseInTheProcessTheStaleWriteIsAcceptedWithoutAFenceAndRejectedWithOne() =>
        RunAndAssertSplitBrainAndFenceAsync("--quick");

    [Fact]
    public async Task WithTheLeaseOnRedisTheStaleWriteIsAcceptedWithoutAFenceAndRejectedWithOne()
    {
        await using var redis = await RedisServer.StartAsync();
        if (redis is null)
        {
            return;
        }

        await RunAndAssertSplitBrainAndFenceAsync("--quick", "--redis", redis.Endpoint);
    }

    [Fact]
    public void OnlyTheMajoritySideOfAPartitionElectsALeader()
    {
        var sides = QuorumElection.Run(rounds: 10);

        Assert.Collection(
            sides,
            minority => Assert.Equal(("A", 10, 0, (string?)null), (minority.Nodes, minority.Elections, minority.Won, minority.Leader)),
            majority => Assert.Equal(("B+C", 1, 1, "B"), (majority.Nodes, majority.Elections, majority.Won, majority.Leader)));
    }

    [Fact]
    public async Task TheEventLogHasEverySampleAndTheChartIsAPng()
    {
        var folder = Directory.CreateTempSubdirectory("split-brain-").FullName;
        try
        {
            var series = new[] { new Sample("naive", 0.1, "A", 2, 0, 0, 0, 2, 2), new Sample("naive", 0.2, "B", 2, 1, 0, 1, 3, 1) };
            var (eventLog, chart) = LabReport.Write(folder, Quick, [new LabResult("naive", 3, 1, 1, 0, 2, series)]);

            Assert.Equal(
                ["""{"variant":"naive","seconds":0.1,"holder":"A","acceptedA":2,"acceptedB":0,"rejected":0,"conflicting":0,"acknowledged":2,"balance":2}""",
                 """{"variant":"naive","seconds":0.2,"holder":"B","acceptedA":2,"acceptedB":1,"rejected":0,"conflicting":1,"acknowledged":3,"balance":1}"""],
                File.ReadAllLines(eventLog));
            PngFile.AssertIsPng(chart);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Theory]
    [InlineData("--ttl-ms 5", "--ttl-ms needs a whole number from 100 to 10000.")]
    [InlineData("--seconds 1", "--seconds 1 ends before node A wakes up; give at least 3.")]
    [InlineData("--redis", "--redis needs a value.")]
    [InlineData("--quick --redis 127.0.0.1:1", "Cannot connect to Redis at 127.0.0.1:1:")]
    [InlineData("--split", "Unknown argument '--split'.")]
    public Task BadArgumentsGetAClearMessageAndExitCode2(string arguments, string message) =>
        LabCommandLine.AssertRefusedAsync("SplitBrain.dll", arguments, message);

    /// <summary>
    /// Runs the lab as its own process: lease renewals every 50 ms against a 300 ms time-to-live must not share a thread
    /// pool with what earlier tests left running. Results are read back from the event log.
    /// </summary>
    private static async Task RunAndAssertSplitBrainAndFenceAsync(params string[] arguments)
    {
        using var run = await LabProcess.RunAsync("SplitBrain.dll", arguments);
        var samples = run.ReadLines<Sample>("split-brain-events.jsonl");
        AssertSplitBrainAndFence(FromEventLog(samples, "naive"), FromEventLog(samples, "fenced"));
    }

    /// <summary>A variant's result from its event log: the last sample holds the totals; leaders are the holders seen.</summary>
    private static LabResult FromEventLog(List<Sample> samples, string variant)
    {
        var series = samples.Where(sample => sample.Variant == variant).ToList();
        var last = series[^1];
        return new LabResult(variant, last.Acknowledged, last.Balance, last.Conflicting, last.Rejected, series.Select(sample => sample.Holder).OfType<string>().Distinct().Count(), series);
    }

    private static void AssertSplitBrainAndFence(LabResult naive, LabResult fenced)
    {
        var measured = $"naive: {naive}; fenced: {fenced}";

        // Both nodes led in both runs: A before its pause, B after the lease expired.
        Assert.True(naive.LeadersOverTime == 2 && fenced.LeadersOverTime == 2, measured);

        // Naive: A's write after the pause is accepted though B holds the lease, and B's increments are lost.
        Assert.True(naive.ConflictingWrites >= 1 && naive.LostUpdates >= 1, measured);
        Assert.Equal(0, naive.RejectedWrites);

        // Fenced: the database refuses the stale write, and everything acknowledged is in the ledger.
        Assert.True(fenced.RejectedWrites >= 1, measured);
        Assert.Equal(0, fenced.ConflictingWrites);
        Assert.Equal(fenced.Acknowledged, fenced.Balance);
    }
}
