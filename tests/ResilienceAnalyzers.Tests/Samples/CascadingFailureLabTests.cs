using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using CascadingFailure;
using ResilienceAnalyzers.Tests.Infrastructure;
using Xunit;

namespace ResilienceAnalyzers.Tests.Samples;

/// <summary>Runs the cascading-failure lab's quick settings once, both variants and both experiments, alone.</summary>
[Collection(LabsRunAlone.Name)]
public sealed class CascadingFailureLabTests : IClassFixture<CascadingFailureLabTests.QuickRun>
{
    private readonly QuickRun run;

    public CascadingFailureLabTests(QuickRun run) => this.run = run;

    private string Measured => string.Join("; ", run.Naive.Series.Concat(run.Defended.Series));

    [Fact]
    public void WithoutTimeoutsTheSlowDatabasesQueueReachesTheUsersAndWithThemLatencyStaysBounded()
    {
        Assert.True(run.Naive.WorstP99Ms >= 2.5 * run.Defended.WorstP99Ms, Measured);
        Assert.True(run.Naive.WorstP99Ms >= 3000, Measured);
    }

    [Fact]
    public void WhileTheDatabaseIsSlowTheDefendedChainServesMoreCheckoutsInTime()
    {
        // Naive checkouts wait in the database's queue until they are too late (or the user gave up); the defended chain
        // sheds what it cannot serve and skips recommendations, so its database time goes to checkouts served in time.
        Assert.True(run.Defended.ServedShare(second => second.DatabaseSlow) >= 1.5 * run.Naive.ServedShare(second => second.DatabaseSlow), Measured);
        Assert.True(run.Defended.QueriesPerCheckout < run.Naive.QueriesPerCheckout, Measured);
    }

    [Fact]
    public void BothChainsRecoverOnceTheDatabaseDoesAndServeEverythingBeforeIt()
    {
        var settings = QuickRun.Settings;
        Assert.All([run.Naive, run.Defended], result =>
        {
            Assert.True(result.ServedShare(second => second.At < settings.SlowFrom) >= 0.95, Measured);
            Assert.True(result.ServedShare(second => second.At >= settings.SlowUntil + 1) >= 0.9, Measured);
        });
    }

    [Fact]
    public void WithoutTheRequestsTokenTheDatabaseRunsEveryQueryForCallersWhoLeft()
    {
        var naive = run.Abandoned.Single(result => result.Handler == "naive");
        var defended = run.Abandoned.Single(result => result.Handler == "defended");

        // Every caller gives up after 300 ms: naive, the database runs all 40 queries anyway; defended, it drops the queued ones.
        Assert.Equal(naive.Calls, naive.QueriesRun);
        Assert.True(naive.QueriesRun >= 3 * defended.QueriesRun, $"{naive} / {defended}");
        Assert.True(defended.QueriesDropped >= defended.Calls / 2, $"{defended}");
        Assert.True(naive.DatabaseBusySeconds >= 3 * defended.DatabaseBusySeconds, $"{naive} / {defended}");
    }

    [Fact]
    public void StreamedErrorResponsesNeverDisposedStarveThePoolAndDisposedOnesDoNot()
    {
        var naive = run.Streamed.Single(result => result.Reader == "naive");
        var defended = run.Streamed.Single(result => result.Reader == "defended");

        // Naive, each 503 keeps its connection: after the first 8 the pool has none left, though on a busy machine
        // some abandoned connections come back within a run (16 of 40 answered in one run, where 8 is usual).
        Assert.True(naive.TimedOut >= naive.Calls / 2, $"{naive}");
        Assert.Equal(defended.Calls, defended.Answered);
        Assert.True(defended.Answered >= 2 * naive.Answered, $"{naive} / {defended}");
    }

    [Fact]
    public void TheEventLogHasASecondPerLineAndALinePerHandlerAndReaderAndTheChartIsAPng()
    {
        var lines = File.ReadAllLines(run.EventLog);
        Assert.Equal((2 * QuickRun.Settings.Seconds) + 4, lines.Length);
        Assert.StartsWith("""{"variant":"naive","at":0,"databaseSlow":false,""", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("""{"variant":"abandoned-calls","handler":"naive",""", lines[^4], StringComparison.Ordinal);
        Assert.StartsWith("""{"variant":"streamed-responses","reader":"defended",""", lines[^1], StringComparison.Ordinal);
        PngFile.AssertIsPng(run.Chart);
    }

    [Theory]
    [InlineData("--rate 501", "--rate needs a whole number from 1 to 500.")]
    [InlineData("--seconds 2", "--seconds needs a whole number from 3 to 300.")]
    [InlineData("everything", "Unknown argument 'everything'.")]
    public Task BadArgumentsGetAClearMessageAndExitCode2(string arguments, string message) =>
        LabCommandLine.AssertRefusedAsync("CascadingFailure.dll", arguments, message);

    /// <summary>
    /// The lab's quick run (60 checkouts/s for 12 s), both variants: five services with timeouts of a second or less
    /// must not share a process with what earlier labs left running.
    /// </summary>
    public sealed class QuickRun() : LabQuickRun("CascadingFailure.dll")
    {
        internal static readonly LabSettings Settings = new(RatePerSecond: 60, Seconds: 12);

        internal LabResult Naive { get; private set; } = null!;

        internal LabResult Defended { get; private set; } = null!;

        internal IReadOnlyList<AbandonedResult> Abandoned { get; private set; } = [];

        internal IReadOnlyList<StreamedResult> Streamed { get; private set; } = [];

        internal string EventLog => Run.PathOf("cascading-failure-events.jsonl");

        internal string Chart => Run.PathOf("cascading-failure.png");

        private protected override void ReadResults(LabProcess finished)
        {
            // A line per variant and second, then one per handler of the abandoned calls and per reader of the streamed responses.
            var lines = finished.ReadLines<JsonElement>("cascading-failure-events.jsonl");
            var seconds = lines.Where(line => line.TryGetProperty("at", out _)).Select(LabProcess.Deserialize<Second>).ToList();
            Naive = new LabResult("naive", [.. seconds.Where(second => second.Variant == "naive")]);
            Defended = new LabResult("defended", [.. seconds.Where(second => second.Variant == "defended")]);
            Abandoned = [.. lines.Where(line => line.TryGetProperty("handler", out _)).Select(LabProcess.Deserialize<AbandonedResult>)];
            Streamed = [.. lines.Where(line => line.TryGetProperty("reader", out _)).Select(LabProcess.Deserialize<StreamedResult>)];
        }
    }
}
