using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using QueueOverload;
using ResilienceAnalyzers.Tests.Infrastructure;
using Xunit;

namespace ResilienceAnalyzers.Tests.Samples;

/// <summary>Runs the queue-overload lab's quick settings once, every variant, alone.</summary>
[Collection(LabsRunAlone.Name)]
public sealed class QueueOverloadLabTests : IClassFixture<QueueOverloadLabTests.QuickRun>
{
    private readonly QuickRun run;

    public QueueOverloadLabTests(QuickRun run) => this.run = run;

    [Fact]
    public void TheUnboundedQueueHoldsTheBacklogAndTheDefencesDoNot()
    {
        Assert.True(run.Naive.MaxDepth > 10 * run.Bounded.MaxDepth, $"max depth: naive {run.Naive.MaxDepth}, bounded {run.Bounded.MaxDepth}");
        Assert.True(run.Bounded.MaxDepth <= 1001, $"bounded max depth {run.Bounded.MaxDepth}");
        Assert.True(run.Throttled.MaxDepth <= ThrottledIngest.MaxLag + 1, $"throttled max depth {run.Throttled.MaxDepth}");
        Assert.True(run.Dropping.MaxDepth <= 1001, $"dropping max depth {run.Dropping.MaxDepth}");
    }

    [Fact]
    public void EveryItemIsConsumedOrReportedDropped()
    {
        Assert.All([run.Naive, run.Bounded, run.Throttled], result => Assert.Equal(result.Produced, result.Consumed));
        Assert.True(run.Dropping.Dropped > 0, "the dropping queue dropped nothing");
        Assert.Equal(run.Dropping.Produced, run.Dropping.Consumed + run.Dropping.Dropped);
    }

    [Fact]
    public void BackpressureSlowsTheProducerToTheConsumersPace()
    {
        // The naive producer finishes long before its consumer; the bounded one finishes with it.
        Assert.True(run.Naive.ProducerTime < run.Naive.TotalTime / 2, $"naive producer {run.Naive.ProducerTime}, total {run.Naive.TotalTime}");
        Assert.True(run.Bounded.ProducerTime > run.Bounded.TotalTime / 2, $"bounded producer {run.Bounded.ProducerTime}, total {run.Bounded.TotalTime}");
    }

    [Fact]
    public void TheEventLogHasEverySampleAndTheChartIsAPng()
    {
        var lines = File.ReadAllLines(run.EventLog);
        Assert.Equal(run.Results.Sum(result => result.Series.Count), lines.Length);
        Assert.Contains("\"depth\":", lines[0], StringComparison.Ordinal);
        PngFile.AssertIsPng(run.Chart);
    }

    [Theory]
    [InlineData("--items 0", "--items needs a whole number from 1 to 10000000.")]
    [InlineData("--flood", "Unknown argument '--flood'.")]
    [InlineData("--out", "--out needs a folder.")]
    public Task BadArgumentsGetAClearMessageAndExitCode2(string arguments, string message) =>
        LabCommandLine.AssertRefusedAsync("QueueOverload.dll", arguments, message);

    /// <summary>The lab's quick run (20,000 items, 20 µs each), every variant.</summary>
    public sealed class QuickRun() : LabQuickRun("QueueOverload.dll")
    {
        internal LabResult[] Results { get; private set; } = [];

        internal LabResult Naive => Results.Single(result => result.Variant == "naive");

        internal LabResult Bounded => Results.Single(result => result.Variant == "bounded");

        internal LabResult Dropping => Results.Single(result => result.Variant == "dropping");

        internal LabResult Throttled => Results.Single(result => result.Variant == "throttled");

        internal string EventLog => Run.PathOf("queue-overload-events.jsonl");

        internal string Chart => Run.PathOf("queue-overload.png");

        private protected override void ReadResults(LabProcess finished) =>
            Results = finished.Read<LabResult[]>("queue-overload-results.json");
    }
}
