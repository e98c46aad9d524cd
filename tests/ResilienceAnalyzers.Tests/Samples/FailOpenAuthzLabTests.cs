using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using FailOpenAuthz;
using ResilienceAnalyzers.Tests.Infrastructure;
using Xunit;

namespace ResilienceAnalyzers.Tests.Samples;

/// <summary>Runs the fail-open authorization lab's quick settings once, both variants, alone.</summary>
[Collection(LabsRunAlone.Name)]
public sealed class FailOpenAuthzLabTests : IClassFixture<FailOpenAuthzLabTests.QuickRun>
{
    private readonly QuickRun run;

    public FailOpenAuthzLabTests(QuickRun run) => this.run = run;

    [Fact]
    public void TheNaiveFallbackServesForbiddenDocumentsOnlyWhileThePolicyServiceIsDown()
    {
        var measured = $"naive: {run.Naive.ServedToForbidden} of {run.Naive.ForbiddenRequests} forbidden requests served";

        // Every forbidden request sent while the policy service is down is served: at least the outage's share of them.
        var outageShare = (double)(QuickRun.Settings.OutageEnd - QuickRun.Settings.OutageStart) / QuickRun.Settings.Seconds;
        Assert.True(run.Naive.ServedToForbidden >= run.Naive.ForbiddenRequests * outageShare * 0.8, measured);

        // Before the outage the policy is obeyed.
        Assert.All(run.Naive.Series.Where(second => second.At < QuickRun.Settings.OutageStart), second => Assert.Equal(0, second.ForbiddenServed));
    }

    [Fact]
    public void TheDefendedPolicyFailsClosedWith503AndTheRestOfTheApiKeepsServing()
    {
        Assert.Equal(0, run.Defended.ServedToForbidden);
        Assert.True(run.Defended.Unavailable > 0, "the defended API answered no 503 during the outage");
        Assert.All(
            run.Defended.Series.Where(second => second.PolicyDown),
            second => Assert.Equal(second.Permitted + second.Forbidden, second.Unavailable503 + second.Denied403 + second.PermittedServed));

        // The catalog does not depend on the policy service: both variants serve it throughout.
        Assert.All([run.Naive, run.Defended], result => Assert.True(result.CatalogServedShare >= 0.95, $"{result.Variant}: catalog {result.CatalogServedShare:P1}"));
    }

    [Fact]
    public void TheEventLogHasASecondPerLineAndTheChartIsAPng()
    {
        var lines = File.ReadAllLines(run.EventLog);
        Assert.Equal(2 * QuickRun.Settings.Seconds, lines.Length);
        Assert.StartsWith("""{"variant":"naive","at":0,"policyDown":false,""", lines[0], StringComparison.Ordinal);
        PngFile.AssertIsPng(run.Chart);
    }

    [Theory]
    [InlineData("--rate 0", "--rate needs a whole number from 1 to 1000.")]
    [InlineData("--seconds", "--seconds needs a whole number from 3 to 300.")]
    [InlineData("naive --open", "Unknown argument '--open'.")]
    public Task BadArgumentsGetAClearMessageAndExitCode2(string arguments, string message) =>
        LabCommandLine.AssertRefusedAsync("FailOpenAuthz.dll", arguments, message);

    /// <summary>The lab's quick run (50 requests/s for 6 s), both variants.</summary>
    public sealed class QuickRun() : LabQuickRun("FailOpenAuthz.dll")
    {
        internal static readonly LabSettings Settings = new(RatePerSecond: 50, Seconds: 6);

        internal LabResult Naive { get; private set; } = null!;

        internal LabResult Defended { get; private set; } = null!;

        internal string EventLog => Run.PathOf("fail-open-authz-events.jsonl");

        internal string Chart => Run.PathOf("fail-open-authz.png");

        private protected override void ReadResults(LabProcess finished)
        {
            var seconds = finished.ReadLines<Second>("fail-open-authz-events.jsonl");
            Naive = new LabResult("naive", [.. seconds.Where(second => second.Variant == "naive")]);
            Defended = new LabResult("defended", [.. seconds.Where(second => second.Variant == "defended")]);
        }
    }
}
