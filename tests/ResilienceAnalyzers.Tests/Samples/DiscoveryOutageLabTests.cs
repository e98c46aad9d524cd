using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using DiscoveryOutage;
using ResilienceAnalyzers.Tests.Infrastructure;
using Xunit;

namespace ResilienceAnalyzers.Tests.Samples;

/// <summary>Runs the discovery-outage lab's quick settings once, both variants and the endpoint switch, alone.</summary>
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

    [Fact]
    public void OnlyAClientWithAConnectionLifetimeFollowsTheEndpointSwitch()
    {
        var pinned = run.Switches.Single(result => result.Client == "pinned");
        var refreshing = run.Switches.Single(result => result.Client == "refreshing");

        Assert.Equal(0, pinned.ReachedNew);
        Assert.True(refreshing.ReachedNewShare >= 0.3, $"refreshing reached green in {refreshing.ReachedNew} of {refreshing.AfterSwitch}");

        // It moves once its 2 s connection is replaced, which the switch 1 s after the first connection makes about 1 s later.
        Assert.InRange(refreshing.SecondsToFirstNew, 0.5, 2.5);
    }

    [Fact]
    public void TheEventLogHasASecondPerLineAndTheSwitchAndTheChartIsAPng()
    {
        var lines = File.ReadAllLines(run.EventLog);
        Assert.Equal((2 * QuickRun.Settings.Seconds) + 2, lines.Length);
        Assert.StartsWith("""{"variant":"naive","at":0,"registry":"healthy",""", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("""{"variant":"endpoint-switch","client":"pinned",""", lines[^2], StringComparison.Ordinal);
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, File.ReadAllBytes(run.Chart).Take(4).ToArray());
    }

    [Theory]
    [InlineData("--seconds 2", "--seconds needs a whole number from 4 to 300.")]
    [InlineData("--rate x", "--rate needs a whole number from 1 to 1000.")]
    [InlineData("--registry", "Unknown argument '--registry'.")]
    public Task BadArgumentsGetAClearMessageAndExitCode2(string arguments, string message) =>
        LabCommandLine.AssertRefusedAsync("DiscoveryOutage.dll", arguments, message);

    /// <summary>The lab's quick settings, both variants and the endpoint switch, run once for the class.</summary>
    public sealed class QuickRun : IAsyncLifetime
    {
        internal static readonly LabSettings Settings = new(RatePerSecond: 40, Seconds: 8);

        private readonly string folder = Directory.CreateTempSubdirectory("discovery-outage-").FullName;

        internal IReadOnlyList<LabResult> Results { get; private set; } = [];

        internal LabResult Naive => Results[0];

        internal LabResult Defended => Results[1];

        internal IReadOnlyList<SwitchResult> Switches { get; private set; } = [];

        internal string EventLog { get; private set; } = string.Empty;

        internal string Chart { get; private set; } = string.Empty;

        public async Task InitializeAsync()
        {
            Results = [await DiscoveryLab.RunAsync("naive", Settings), await DiscoveryLab.RunAsync("defended", Settings)];
            Switches = await EndpointSwitch.RunAsync(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(3));
            (EventLog, Chart) = LabReport.Write(folder, Settings, Results, Switches);
        }

        public Task DisposeAsync()
        {
            Directory.Delete(folder, recursive: true);
            return Task.CompletedTask;
        }
    }
}
