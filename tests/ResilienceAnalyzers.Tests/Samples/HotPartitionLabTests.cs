using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using HotPartition;
using ResilienceAnalyzers.Tests.Infrastructure;
using Xunit;

namespace ResilienceAnalyzers.Tests.Samples;

/// <summary>Runs the hot-partition lab's quick settings once, both variants, alone.</summary>
[Collection(LabsRunAlone.Name)]
public sealed class HotPartitionLabTests : IClassFixture<HotPartitionLabTests.QuickRun>
{
    private readonly QuickRun run;

    public HotPartitionLabTests(QuickRun run) => this.run = run;

    private string Measured => $"naive: {Describe(run.Naive)}; defended: {Describe(run.Defended)}";

    [Fact]
    public void TheConstantCounterKeySaturatesOnePartitionWhileTheOthersIdle()
    {
        // The counter's partition runs near its capacity, several times the mean; salting and the local cache spread it.
        Assert.True(run.Naive.PartitionRates.Max() >= 0.75 * LabSettings.PartitionCapacity, Measured);
        Assert.True(run.Naive.Imbalance >= 3, Measured);
        Assert.True(run.Defended.Imbalance <= 1.6, Measured);
        Assert.True(run.Defended.PartitionRates.Max() <= 0.5 * LabSettings.PartitionCapacity, Measured);
    }

    [Fact]
    public void ViewsWaitInTheHotPartitionsLineOnlyInTheNaiveVariant()
    {
        Assert.True(run.Naive.P99Ms >= 10 * run.Defended.P99Ms, Measured);
    }

    [Fact]
    public void TheShardedCounterCountsEveryViewOnceReadersSumTheShards()
    {
        Assert.All([run.Naive, run.Defended], result => Assert.Equal(result.Views, result.Served));
        Assert.Equal(run.Naive.Views, run.Naive.ViewsCounted);
        Assert.Equal(run.Defended.Views, run.Defended.ViewsCounted);
    }

    [Fact]
    public void TheEventLogHasASecondPerLineAndTheChartIsAPng()
    {
        var lines = File.ReadAllLines(run.EventLog);
        Assert.Equal(2 * QuickRun.Settings.Seconds, lines.Length);
        Assert.StartsWith("""{"variant":"naive","at":0,"partitionCommands":[""", lines[0], StringComparison.Ordinal);
        PngFile.AssertIsPng(run.Chart);
    }

    [Theory]
    [InlineData("--rate 0", "--rate needs a whole number from 1 to 2000.")]
    [InlineData("--seconds 1", "--seconds needs a whole number from 2 to 300.")]
    [InlineData("--hot", "Unknown argument '--hot'.")]
    public Task BadArgumentsGetAClearMessageAndExitCode2(string arguments, string message) =>
        LabCommandLine.AssertRefusedAsync("HotPartition.dll", arguments, message);

    private static string Describe(LabResult result) =>
        $"p99 {result.P99Ms} ms, imbalance {result.Imbalance:F2}, partitions {string.Join(" ", result.PartitionRates.Select(rate => (int)rate))}";

    /// <summary>The lab's quick run (250 views/s for 5 s), both variants.</summary>
    public sealed class QuickRun() : LabQuickRun("HotPartition.dll")
    {
        internal static readonly LabSettings Settings = new(RatePerSecond: 250, Seconds: 5);

        internal LabResult Naive { get; private set; } = null!;

        internal LabResult Defended { get; private set; } = null!;

        internal string EventLog => Run.PathOf("hot-partition-events.jsonl");

        internal string Chart => Run.PathOf("hot-partition.png");

        private protected override void ReadResults(LabProcess finished)
        {
            var results = finished.Read<List<LabResult>>("hot-partition-results.json");
            Naive = results.Single(result => result.Variant == "naive");
            Defended = results.Single(result => result.Variant == "defended");
        }
    }
}
