using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Net.Http;
using System.Threading.Tasks;
using LabKit;

namespace CascadingFailure;

/// <param name="RatePerSecond">Checkouts per second; each costs two database queries (price, recommendations).</param>
/// <param name="Seconds">Seconds of load; the database is slow for the middle third.</param>
internal sealed record LabSettings(int RatePerSecond, int Seconds)
{
    /// <summary>Users give up after this long.</summary>
    public static readonly TimeSpan UserTimeout = TimeSpan.FromSeconds(5);

    /// <summary>A checkout counts as served when it succeeds within this long (the service level objective); later is too late.</summary>
    public static readonly TimeSpan Objective = TimeSpan.FromSeconds(2);

    public int SlowFrom => Seconds / 3;

    public int SlowUntil => 2 * Seconds / 3;
}

/// <summary>
/// One second of one variant: checkouts sent in it, served within the objective (the goodput), succeeded at all, shed
/// (503), p99, database queries accepted.
/// </summary>
internal sealed record Second(string Variant, int At, bool DatabaseSlow, int Checkouts, int Served, int Succeeded, int Shed, double P99Ms, int DatabaseQueries);

internal sealed record LabResult(string Variant, IReadOnlyList<Second> Series)
{
    public double ServedShare(Func<Second, bool> which)
    {
        var seconds = Series.Where(which).ToList();
        var checkouts = seconds.Sum(second => second.Checkouts);
        return checkouts == 0 ? 0 : (double)seconds.Sum(second => second.Served) / checkouts;
    }

    public double WorstP99Ms => Series.Max(second => second.P99Ms);

    /// <summary>Database queries per checkout sent, over the whole run.</summary>
    public double QueriesPerCheckout => (double)Series.Sum(second => second.DatabaseQueries) / Math.Max(1, Series.Sum(second => second.Checkouts));
}

/// <summary>Runs one variant: the chain on loopback, open-loop checkouts, the database slow for the middle third.</summary>
internal static class CascadeLab
{
    public static readonly string[] Variants = ["naive", "defended"];

    public static async Task<LabResult> RunAsync(string variant, LabSettings settings)
    {
        await using var chain = await Chain.StartAsync(variant == "naive" ? new NaiveHops() : new DefendedHops());
        using var users = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2), MaxConnectionsPerServer = 1024 })
        {
            BaseAddress = chain.Gateway,
            Timeout = LabSettings.UserTimeout,
        };

        var outcomes = new ConcurrentBag<(int Second, int Status, double Milliseconds)>();
        var queries = new List<int>();
        chain.TakeQueryCount();
        await OpenLoad.RunAsync(
            settings.Seconds,
            _ => Enumerable.Range(0, settings.RatePerSecond).ToList(),
            async (second, id, cancellationToken) =>
            {
                // A user whose checkout fails or times out tries once more, at once, as people and client apps do.
                var latency = Stopwatch.StartNew();
                var checkout = new Uri($"/checkout/{id}", UriKind.Relative);
                var status = await OpenLoad.StatusOfAsync(users, checkout, cancellationToken);
                if (status != 200)
                {
                    status = await OpenLoad.StatusOfAsync(users, checkout, cancellationToken);
                }

                outcomes.Add((second, status, latency.Elapsed.TotalMilliseconds));
            },
            secondStarting: second =>
            {
                chain.Slow = second >= settings.SlowFrom && second < settings.SlowUntil;
                return Task.CompletedTask;
            },
            secondEnded: _ => queries.Add(chain.TakeQueryCount()));

        var series = Enumerable.Range(0, settings.Seconds).Select(second =>
        {
            var inSecond = outcomes.Where(outcome => outcome.Second == second).ToList();
            return new Second(
                variant,
                second,
                second >= settings.SlowFrom && second < settings.SlowUntil,
                inSecond.Count,
                inSecond.Count(outcome => outcome.Status == 200 && outcome.Milliseconds <= LabSettings.Objective.TotalMilliseconds),
                inSecond.Count(outcome => outcome.Status == 200),
                inSecond.Count(outcome => outcome.Status == 503),
                Math.Round(Percentiles.Of(inSecond.Select(outcome => outcome.Milliseconds), 0.99), 1),
                queries[second]);
        }).ToList();
        return new LabResult(variant, series);
    }
}
