using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using ReconnectStorm;
using ResilienceAnalyzers.Tests.Infrastructure;
using Xunit;

namespace ResilienceAnalyzers.Tests.Samples;

/// <summary>Runs the reconnect-storm lab's quick mode once, both variants, alone (its hub and a few hundred clients need the machine's cores).</summary>
[Collection(LabsRunAlone.Name)]
public sealed class ReconnectStormLabTests : IClassFixture<ReconnectStormLabTests.QuickRun>
{
    private readonly QuickRun run;

    public ReconnectStormLabTests(QuickRun run) => this.run = run;

    private string Measured => $"naive: {run.Naive}; defended: {run.Defended}";

    [Fact]
    public void TheNaiveFleetReturnsInStepAndTheDefendedFleetSpreadsOut()
    {
        // What the restarted hub meets: the naive fleet's next beat lands on it at once; jittered clients arrive a few at a time.
        Assert.True(run.Naive.PeakAttemptsAfterRestart >= 3 * run.Defended.PeakAttemptsAfterRestart, Measured);
        Assert.True(run.Naive.PeakAccepts >= 3 * run.Defended.PeakAccepts, Measured);

        // Over the whole outage too; looser, because the defended fleet's first retries, drawn within 1 s of the drop, are
        // its densest, and a naive wave may straddle two 100 ms buckets.
        Assert.True(run.Naive.PeakAttempts >= 2.5 * run.Defended.PeakAttempts, Measured);
    }

    [Fact]
    public void EveryClientLosesItsConnectionAndEveryClientComesBack()
    {
        Assert.All(new[] { run.Naive, run.Defended }, result =>
        {
            Assert.Equal(QuickRun.Settings.Clients, result.Clients);
            Assert.Equal(result.Clients, result.Dropped);
            Assert.Equal(result.Clients, result.Back);
            Assert.Equal(0, result.GaveUp);
            Assert.NotNull(result.AllBack);
            Assert.Equal(result.Clients, result.Series[^1].Connected);
        });
    }

    [Fact]
    public void TheNaiveFleetIsWholeSoonerAndTheDefendedFleetsLastClientsWaitLonger()
    {
        // The price of jitter, measured rather than hidden: the naive fleet is back on its next 2 s beat, the defended
        // fleet's last clients wait out a longer random delay.
        Assert.True(run.Naive.AllBack < run.Defended.AllBack, Measured);
    }

    [Fact]
    public void WhileTheHubIsDownTheClientsTryAndTheHubSeesNothing()
    {
        Assert.All(new[] { run.Naive, run.Defended }, result =>
        {
            Assert.True(result.AttemptsWhileDown > 0, Measured);
            var outage = result.Series.Where(tick => tick.At >= 0.5 && tick.At < QuickRun.Settings.OutageSeconds - 0.1).ToList();
            Assert.Equal(0, outage.Sum(tick => tick.Negotiations + tick.Accepts));
            Assert.Equal(result.Attempts, result.Series.Sum(tick => tick.Attempts));
            Assert.True(result.Series.Sum(tick => tick.Negotiations) <= result.Attempts, Measured);
        });
    }

    [Fact]
    public void TheEventLogHasALinePerVariantAnd100MsAndTheChartIsAPng()
    {
        var lines = File.ReadAllLines(run.EventLog);
        Assert.Equal(run.Naive.Series.Count + run.Defended.Series.Count, lines.Length);
        Assert.StartsWith("""{"variant":"naive","at":-1,"hubUp":true,"attempts":0,""", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("""{"variant":"defended",""", lines[^1], StringComparison.Ordinal);
        Assert.Contains("\"accepts\":", lines[^1], StringComparison.Ordinal);
        PngFile.AssertIsPng(run.Chart);
    }

    [Theory]
    [InlineData("--clients 5", "--clients needs a whole number from 10 to 500.")]
    [InlineData("--outage-seconds", "--outage-seconds needs a whole number from 1 to 10.")]
    [InlineData("--storm", "Unknown argument '--storm'.")]
    [InlineData("--out", "--out needs a folder.")]
    public Task BadArgumentsGetAClearMessageAndExitCode2(string arguments, string message) =>
        LabCommandLine.AssertRefusedAsync("ReconnectStorm.dll", arguments, message);

    /// <summary>The lab's quick run (200 clients, a 3-second outage), both variants.</summary>
    public sealed class QuickRun() : LabQuickRun("ReconnectStorm.dll")
    {
        /// <summary>What <c>--quick</c> runs.</summary>
        internal static readonly LabSettings Settings = new(Clients: 200, OutageSeconds: 3);

        internal VariantResult Naive { get; private set; } = null!;

        internal VariantResult Defended { get; private set; } = null!;

        internal string EventLog => Run.PathOf("reconnect-storm-events.jsonl");

        internal string Chart => Run.PathOf("reconnect-storm.png");

        private protected override void ReadResults(LabProcess finished)
        {
            var results = finished.Read<VariantResult[]>("reconnect-storm-results.json");
            Naive = results.Single(result => result.Variant == "naive");
            Defended = results.Single(result => result.Variant == "defended");
        }
    }
}
