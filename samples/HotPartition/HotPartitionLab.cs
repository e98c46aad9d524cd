using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Net.Http;
using System.Threading.Tasks;
using LabKit;

namespace HotPartition;

/// <param name="RatePerSecond">Product views per second, spread round-robin over the pods.</param>
/// <param name="Seconds">Seconds of load.</param>
internal sealed record LabSettings(int RatePerSecond, int Seconds)
{
    public const int Partitions = 10;
    public const int Pods = 3;

    /// <summary>Share of views for the one product on sale; the rest spread over 999 others.</summary>
    public const double HotProductShare = 0.3;

    /// <summary>Each partition executes one command at a time in this long: 200 commands per second.</summary>
    public static readonly TimeSpan ServiceTime = TimeSpan.FromMilliseconds(5);

    public static double PartitionCapacity => 1 / ServiceTime.TotalSeconds;
}

/// <summary>One second of one variant: commands per partition, views served and their p99.</summary>
internal sealed record Second(string Variant, int At, IReadOnlyList<int> PartitionCommands, int Views, int Served, double P99Ms)
{
    /// <summary>The busiest partition's commands over the mean partition's.</summary>
    public double Imbalance => PartitionCommands.Average() is > 0 and var mean ? PartitionCommands.Max() / mean : 0;
}

internal sealed record LabResult(string Variant, IReadOnlyList<Second> Series, long ViewsCounted)
{
    public int Views => Series.Sum(second => second.Views);

    public int Served => Series.Sum(second => second.Served);

    public double P99Ms { get; init; }

    /// <summary>Commands per second of each partition over the run.</summary>
    public IReadOnlyList<double> PartitionRates => [.. Enumerable.Range(0, LabSettings.Partitions).Select(partition => Series.Average(second => (double)second.PartitionCommands[partition]))];

    public double Imbalance => PartitionRates.Max() / PartitionRates.Average();
}

/// <summary>Runs one variant: the partitioned store, three pods on loopback, open-loop product views.</summary>
internal static class HotPartitionLab
{
    public static readonly string[] Variants = ["naive", "defended"];

    public static async Task<LabResult> RunAsync(string variant, LabSettings settings)
    {
        await using var store = PartitionedStore.Start(LabSettings.Partitions, LabSettings.ServiceTime);
        var clients = new List<PartitionedClient>();
        var pods = new List<Loopback>();
        for (var pod = 0; pod < LabSettings.Pods; pod++)
        {
            var client = await store.ConnectAsync();
            clients.Add(client);
            pods.Add(await Loopback.StartAsync($"pod-{pod}", app =>
            {
                if (variant == "naive")
                {
                    NaivePod.Map(app, client);
                }
                else
                {
                    DefendedPod.Map(app, client);
                }
            }));
        }

        try
        {
            return await LoadAsync(variant, settings, store, clients[0], [.. pods.Select(pod => pod.Address)]);
        }
        finally
        {
            foreach (var pod in pods)
            {
                await pod.DisposeAsync();
            }

            foreach (var client in clients)
            {
                await client.DisposeAsync();
            }
        }
    }

    private static async Task<LabResult> LoadAsync(string variant, LabSettings settings, PartitionedStore store, PartitionedClient reader, Uri[] pods)
    {
        using var users = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) }) { Timeout = TimeSpan.FromSeconds(10) };
        var outcomes = new ConcurrentBag<(int Second, bool Served, double Milliseconds)>();
        var partitionCommands = new List<int[]>();
        var random = new Random(11);
        var pod = 0;
        store.TakeCommandCounts();
        await OpenLoad.RunAsync(
            settings.Seconds,
            _ => Enumerable.Range(0, settings.RatePerSecond)
                .Select(_ => new Uri(pods[pod++ % pods.Length], $"/products/{(random.NextDouble() < LabSettings.HotProductShare ? 1 : random.Next(2, 1001))}"))
                .ToList(),
            async (second, view, cancellationToken) =>
            {
                var latency = Stopwatch.StartNew();
                var status = await OpenLoad.StatusOfAsync(users, view, cancellationToken);
                outcomes.Add((second, status == 200, latency.Elapsed.TotalMilliseconds));
            },
            secondEnded: _ => partitionCommands.Add(store.TakeCommandCounts()));

        var series = Enumerable.Range(0, settings.Seconds).Select(second =>
        {
            var inSecond = outcomes.Where(outcome => outcome.Second == second).ToList();
            return new Second(variant, second, partitionCommands[second], inSecond.Count, inSecond.Count(outcome => outcome.Served), Math.Round(Percentiles.Of(inSecond.Select(outcome => outcome.Milliseconds), 0.99), 1));
        }).ToList();
        var counted = variant == "naive" ? (long)await reader.For("views:total").StringGetAsync("views:total") : await DefendedPod.ReadViewsAsync(reader);
        return new LabResult(variant, series, counted) { P99Ms = Math.Round(Percentiles.Of(outcomes.Select(outcome => outcome.Milliseconds), 0.99), 1) };
    }
}
