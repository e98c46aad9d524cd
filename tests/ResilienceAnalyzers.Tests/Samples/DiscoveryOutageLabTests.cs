using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using DiscoveryOutage;
using ResilienceAnalyzers.Tests.Infrastructure;
using Xunit;

namespace ResilienceAnalyzers.Tests.Samples;

/// <summary>Runs the discovery-outage lab's quick settings once, both variants and the endpoint switch's four clients, alone.</summary>
[Collection(LabsRunAlone.Name)]
public sealed class DiscoveryOutageLabTests : IClassFixture<DiscoveryOutageLabTests.QuickRun>
{
    private readonly QuickRun run;

    public DiscoveryOutageLabTests(QuickRun run) => this.run = run;

    [Fact]
    public void ALookupPerRequestFailsWithTheRegistryAndTheLastKnownGoodAddressDoesNot()
    {
        var settings = QuickRun.Settings;
        var measured = string.Join("; ", run.Results.SelectMany(result => result.Series));

        // Healthy registry: both variants serve (a busy machine may time a few requests out).
        Assert.All(run.Results, result => Assert.True(result.SuccessShare(RegistryHealth.Healthy, settings) >= 0.9, measured));

        // Slow or down registry: the naive gateway fails almost everything though the backend is healthy; the defended one
        // keeps serving from its last-known-good address.
        Assert.True(run.Naive.SuccessShare(RegistryHealth.Slow, settings) <= 0.1, measured);
        Assert.True(run.Naive.SuccessShare(RegistryHealth.Down, settings) <= 0.1, measured);
        Assert.True(run.Defended.SuccessShare(RegistryHealth.Slow, settings) >= 0.9, measured);
        Assert.True(run.Defended.SuccessShare(RegistryHealth.Down, settings) >= 0.9, measured);
    }

    /// <summary>
    /// A static client without a connection lifetime, and a factory's client kept by a singleton, never reach green; the
    /// same client with a 2 s lifetime, and a factory's client taken per use (handlers replaced every 2 s), move once
    /// their connection or handler is replaced — the switch comes 1 s after the first, so about 1 s later.
    /// </summary>
    [Theory]
    [InlineData("pinned", "refreshing")]
    [InlineData("kept", "per-use")]
    public void OnlyAClientWhoseConnectionsAreReplacedFollowsTheEndpointSwitch(string stuck, string moving)
    {
        var stayed = run.Switches.Single(result => result.Client == stuck);
        var moved = run.Switches.Single(result => result.Client == moving);

        Assert.Equal(0, stayed.ReachedNew);
        Assert.True(moved.ReachedNewShare >= 0.3, $"{moving} reached green in {moved.ReachedNew} of {moved.AfterSwitch}");
        Assert.InRange(moved.SecondsToFirstNew, 0.2, 2.5);
    }

    [Fact]
    public void TheEventLogHasASecondPerLineAndTheSwitchAndTheChartIsAPng()
    {
        var lines = File.ReadAllLines(run.EventLog);
        Assert.Equal((2 * QuickRun.Settings.Seconds) + 4, lines.Length);
        Assert.StartsWith("""{"variant":"naive","at":0,"registry":"healthy",""", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("""{"variant":"endpoint-switch","client":"pinned",""", lines[^4], StringComparison.Ordinal);
        Assert.StartsWith("""{"variant":"endpoint-switch","client":"per-use",""", lines[^1], StringComparison.Ordinal);
        PngFile.AssertIsPng(run.Chart);
    }

    [Theory]
    [InlineData("--seconds 2", "--seconds needs a whole number from 4 to 300.")]
    [InlineData("--rate x", "--rate needs a whole number from 1 to 1000.")]
    [InlineData("--registry", "Unknown argument '--registry'.")]
    public Task BadArgumentsGetAClearMessageAndExitCode2(string arguments, string message) =>
        LabCommandLine.AssertRefusedAsync("DiscoveryOutage.dll", arguments, message);

    /// <summary>The lab's quick run (40 requests/s for 8 s), both variants and the endpoint switch.</summary>
    public sealed class QuickRun() : LabQuickRun("DiscoveryOutage.dll")
    {
        internal static readonly LabSettings Settings = new(RatePerSecond: 40, Seconds: 8);

        internal IReadOnlyList<LabResult> Results { get; private set; } = [];

        internal LabResult Naive => Results[0];

        internal LabResult Defended => Results[1];

        internal IReadOnlyList<SwitchResult> Switches { get; private set; } = [];

        internal string EventLog => Run.PathOf("discovery-outage-events.jsonl");

        internal string Chart => Run.PathOf("discovery-outage.png");

        private protected override void ReadResults(LabProcess finished)
        {
            // A line per variant and second, then one per client of the endpoint switch.
            var lines = finished.ReadLines<JsonElement>("discovery-outage-events.jsonl");
            var seconds = lines.Where(line => !line.TryGetProperty("client", out _)).Select(LabProcess.Deserialize<Second>).ToList();
            Results = [.. DiscoveryLab.Variants.Select(variant => new LabResult(variant, [.. seconds.Where(second => second.Variant == variant)]))];
            Switches = [.. lines.Where(line => line.TryGetProperty("client", out _)).Select(LabProcess.Deserialize<SwitchLine>).Select(line =>
                new SwitchResult(line.Client, line.AfterSwitch, line.ReachedNew, line.SecondsToFirstNew ?? double.NaN))];
        }

        /// <summary>An endpoint-switch line: the seconds to the first request on the new endpoint are null when none reached it.</summary>
        private sealed record SwitchLine(string Client, int AfterSwitch, int ReachedNew, double? SecondsToFirstNew);
    }
}
