using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using ResilienceAnalyzers.Tests.Infrastructure;
using RetryStorm;
using Xunit;

namespace ResilienceAnalyzers.Tests.Samples;

/// <summary>Runs the retry-storm lab's quick mode once, both variants, alone (its servers and load need the machine's cores).</summary>
[Collection(LabsRunAlone.Name)]
public sealed class RetryStormLabTests : IClassFixture<RetryStormLabTests.QuickRun>
{
    private readonly QuickRun run;

    public RetryStormLabTests(QuickRun run) => this.run = run;

    [Fact]
    public void NaiveRetriesMultiplyTheLoadAndKeepItUpAfterTheFaultIsGone()
    {
        Assert.True(run.Naive.AmplificationAfterFault > 3, $"naive amplification after the fault: {run.Naive.AmplificationAfterFault:F2}");
        Assert.True(run.Naive.AmplificationAfterFault > 5 * run.Defended.AmplificationAfterFault, $"naive {run.Naive.AmplificationAfterFault:F2} vs defended {run.Defended.AmplificationAfterFault:F2}");
        Assert.True(run.Naive.ErrorRate > 2 * run.Defended.ErrorRate, $"error rates: naive {run.Naive.ErrorRate:P1}, defended {run.Defended.ErrorRate:P1}");
    }

    [Fact]
    public void TheDefendedChainKeepsTheLoadNearTheOfferedRateAndRecovers()
    {
        // The budget allows retries of 10 % of requests plus 5 per second: never more than 1.15 inventory calls per user call.
        Assert.True(run.Defended.Amplification < 1.3, $"defended amplification: {run.Defended.Amplification:F2}");
        Assert.True(run.Defended.AmplificationAfterFault < 1.3, $"defended amplification after the fault: {run.Defended.AmplificationAfterFault:F2}");
        var naiveAfter = ErrorRateAfterTheFault(run.Naive);
        var defendedAfter = ErrorRateAfterTheFault(run.Defended);
        Assert.True(defendedAfter < naiveAfter / 2, $"user error rate after the fault: naive {naiveAfter:P1}, defended {defendedAfter:P1}");
        Assert.True(run.Naive.SecondsToRecover is null || run.Naive.SecondsToRecover >= run.Defended.SecondsToRecover);
    }

    [Fact]
    public void EveryRequestIsAccountedForInTheEventSeries()
    {
        foreach (var result in new[] { run.Naive, run.Defended })
        {
            Assert.Equal(run.Settings.RatePerSecond * run.Settings.Seconds, result.UserRequests);
            Assert.Equal(result.UserRequests, result.Series.Sum(second => second.UserRequests));
            Assert.All(result.Series, second => Assert.Equal(second.Second >= run.Settings.FaultStartSecond && second.Second < run.Settings.FaultEndSecond, second.FaultOn));
        }
    }

    [Fact]
    public void TheEventLogHasALinePerVariantAndSecondAndTheChartIsAPng()
    {
        var lines = File.ReadAllLines(run.EventLog);
        Assert.Equal(run.Naive.Series.Count + run.Defended.Series.Count, lines.Length);
        Assert.Contains("\"variant\":\"naive\"", lines[0], StringComparison.Ordinal);
        Assert.Contains("\"inventoryRequests\":", lines[0], StringComparison.Ordinal);
        PngFile.AssertIsPng(run.Chart);
    }

    [Theory]
    [InlineData("--rate 0", "--rate needs a whole number from 1 to 400.")]
    [InlineData("--seconds", "--seconds needs a whole number from 6 to 120.")]
    [InlineData("--storm", "Unknown argument '--storm'.")]
    [InlineData("--out", "--out needs a folder.")]
    public Task BadArgumentsGetAClearMessageAndExitCode2(string arguments, string message) =>
        LabCommandLine.AssertRefusedAsync("RetryStorm.dll", arguments, message);

    private double ErrorRateAfterTheFault(VariantResult result)
    {
        var after = result.Series.Where(second => second.Second >= run.Settings.FaultEndSecond && second.Second < run.Settings.Seconds).ToList();
        return (double)after.Sum(second => second.UserFailed) / Math.Max(1, after.Sum(second => second.UserRequests));
    }

    /// <summary>The lab's quick run (100 requests/s for 10 s, the fault from second 2 to 5), both variants.</summary>
    public sealed class QuickRun() : LabQuickRun("RetryStorm.dll")
    {
        /// <summary>What <c>--quick</c> runs.</summary>
        internal (int RatePerSecond, int Seconds, int FaultStartSecond, int FaultEndSecond) Settings { get; } = (100, 10, 2, 5);

        internal VariantResult Naive { get; private set; } = null!;

        internal VariantResult Defended { get; private set; } = null!;

        internal string EventLog => Run.PathOf("retry-storm-events.jsonl");

        internal string Chart => Run.PathOf("retry-storm.png");

        private protected override void ReadResults(LabProcess finished)
        {
            var results = finished.Read<VariantResult[]>("retry-storm-results.json");
            Naive = results.Single(result => result.Variant == "naive");
            Defended = results.Single(result => result.Variant == "defended");
        }
    }
}

/// <summary>Labs run real servers under load: they run one at a time, and not beside other tests.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class LabsRunAlone
{
    public const string Name = "Labs";
}
