using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using CacheStampede;
using ResilienceAnalyzers.Tests.Infrastructure;
using Xunit;

namespace ResilienceAnalyzers.Tests.Samples;

/// <summary>
/// Runs the cache-stampede lab's quick mode as its own process, with the cache in the process and, where redis-server
/// is installed (CI installs it), on a real Redis started on a free loopback port.
/// </summary>
[Collection(LabsRunAlone.Name)]
public sealed class CacheStampedeLabTests
{
    private const int Burst = 1000;

    private static readonly string[] SingleRecomputeVariants = ["per-key lock", "HybridCache", "stale-while-revalidate"];

    [Fact]
    public async Task InTheProcessNaiveCacheAsideStampedesAndEveryDefenceRecomputesOnce()
    {
        var results = await RunAsync();

        AssertStampedeAndDefences(results);
    }

    [Fact]
    public async Task OnRedisThePerKeyRedisLockLetsOneCallerRecompute()
    {
        await using var redis = await RedisServer.StartAsync();
        if (redis is null)
        {
            return;
        }

        var results = await RunAsync("--redis", redis.Endpoint);

        AssertStampedeAndDefences(results);
        Assert.Equal("per-key lock", results[1].Variant);
    }

    [Fact]
    public void TheEventLogTheResultsAndTheChartAreWritten()
    {
        var folder = Directory.CreateTempSubdirectory("cache-stampede-").FullName;
        try
        {
            var settings = new LabSettings(TtlSeconds: 2, Burst, folder);
            var results = new List<VariantResult> { new("naive", 3, 3, 3, 10, -0.1, [0.05, 0.06, 0.07]), new("per-key lock", 1, 1, 1, 10, -0.1, [0.05]) };

            var (eventLog, resultsFile, chart) = LabReport.Write(settings, results);

            var lines = File.ReadAllLines(eventLog);
            Assert.Equal(2 * 40, lines.Length);
            Assert.Contains(lines, line => line.Contains("\"variant\":\"naive\",\"secondsFromExpiry\":0,\"recomputes\":3", StringComparison.Ordinal));
            Assert.StartsWith(
                """[{"variant":"naive","recomputes":3,"burstRecomputes":3,"peakOriginConcurrency":3,"burstP99Ms":10,"firstRecomputeBeforeExpiry":-0.1,"recomputeTimes":[0.05,0.06,0.07]}""",
                File.ReadAllText(resultsFile),
                StringComparison.Ordinal);
            PngFile.AssertIsPng(chart);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Theory]
    [InlineData("--ttl 0", "--ttl needs a whole number from 1 to 120.")]
    [InlineData("--burst 9999", "--burst needs a whole number from 1 to 5000.")]
    [InlineData("--redis", "--redis needs a value.")]
    [InlineData("--flood", "Unknown argument '--flood'.")]
    [InlineData("--quick --redis 127.0.0.1:1", "Cannot connect to Redis at 127.0.0.1:1:")]
    public Task BadArgumentsGetAClearMessageAndExitCode2(string arguments, string message) =>
        LabCommandLine.AssertRefusedAsync("CacheStampede.dll", arguments, message);

    private static void AssertStampedeAndDefences(IReadOnlyList<VariantResult> results)
    {
        var byName = results.ToDictionary(result => result.Variant);
        var naive = byName["naive"];
        var early = byName["early expiration"];
        var measured = string.Join("; ", results.Select(r => $"{r.Variant}: {r.Recomputes} recomputes, peak {r.PeakOriginConcurrency}, first {r.FirstRecomputeBeforeExpiry:F2} s before expiry"));

        // Naive: a recompute per concurrent miss, many at once on the origin — at least a hundred times the defences' one,
        // even when a busy machine spreads the burst out.
        Assert.True(naive.Recomputes >= Burst / 10 && naive.PeakOriginConcurrency >= 10, measured);

        // Every defence: exactly one recompute at a time; the lock, HybridCache and stale-while-revalidate exactly one in all.
        Assert.True(results.Where(result => result != naive).All(defended => defended.PeakOriginConcurrency == 1), measured);
        Assert.True(SingleRecomputeVariants.All(name => byName[name].Recomputes == 1), measured);

        // Early expiration refreshes ahead of the expiry, so the burst finds a fresh value.
        Assert.True(early.FirstRecomputeBeforeExpiry > 0 && early.Recomputes <= 5, measured);
    }

    /// <summary>
    /// The lab's quick run (a 2 s TTL, a burst of <see cref="Burst"/>): its warm-up fixes when the hot key expires, so a
    /// pause of the process there would send the burst at the wrong moment — it gets a process of its own.
    /// </summary>
    private static async Task<List<VariantResult>> RunAsync(params string[] arguments)
    {
        using var run = await LabProcess.RunAsync("CacheStampede.dll", ["--quick", "--burst", $"{Burst}", .. arguments]);
        return run.Read<List<VariantResult>>("cache-stampede-results.json");
    }
}
