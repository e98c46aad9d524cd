using System;
using System.Collections.Generic;
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
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, File.ReadAllBytes(run.Chart).Take(4).ToArray());
    }

    [Theory]
    [InlineData("--items 0", "--items needs a whole number from 1 to 10000000.")]
    [InlineData("--flood", "Unknown argument '--flood'.")]
    [InlineData("--out", "--out needs a folder.")]
    public Task BadArgumentsGetAClearMessageAndExitCode2(string arguments, string message) =>
        LabCommandLine.AssertRefusedAsync("QueueOverload.dll", arguments, message);

    /// <summary>The lab's quick settings, every variant, run once for the class.</summary>
    public sealed class QuickRun : IAsyncLifetime
    {
        private readonly string folder = Directory.CreateTempSubdirectory("queue-overload-").FullName;

        internal LabResult[] Results { get; private set; } = [];

        internal LabResult Naive => Results[0];

        internal LabResult Bounded => Results[1];

        internal LabResult Dropping => Results[2];

        internal LabResult Throttled => Results[3];

        internal string EventLog { get; private set; } = string.Empty;

        internal string Chart { get; private set; } = string.Empty;

        public async Task InitializeAsync()
        {
            var settings = new LabSettings(Items: 20_000, PayloadBytes: 1024, TimeSpan.FromMicroseconds(20), TimeSpan.FromSeconds(60));
            var results = new List<LabResult>();
            foreach (var variant in IngestVariant.All)
            {
                // One after the other, as the lab runs them: the consumer spins on a core of its own.
                results.Add(await QueueLab.RunAsync(variant, settings));
            }

            Results = [.. results];
            (EventLog, Chart) = LabReport.Write(folder, Results);
        }

        public Task DisposeAsync()
        {
            Directory.Delete(folder, recursive: true);
            return Task.CompletedTask;
        }
    }
}
