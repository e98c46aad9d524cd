using System;
using System.Collections.Generic;
using System.Linq;
using LabKit;

namespace ReconnectStorm;

/// <summary>What one variant's run measured: the reconnect storm's signature, as numbers. Times are seconds.</summary>
/// <param name="Clients">Clients connected when the hub stopped.</param>
/// <param name="Dropped">Clients whose connection the outage closed.</param>
/// <param name="Back">Clients that reconnected within the recovery window.</param>
/// <param name="GaveUp">Clients whose policy gave up before the hub came back.</param>
/// <param name="RestartedAt">When the restarted hub was listening, from the stop.</param>
/// <param name="Attempts">Connection attempts the clients made once the hub had stopped.</param>
/// <param name="AttemptsWhileDown">Of those, attempts made before the restart: refused, never seen by the hub.</param>
/// <param name="PeakAttempts">The most attempts in one 100 ms.</param>
/// <param name="PeakAttemptsAfterRestart">The most attempts in one 100 ms once the hub was back: the herd it met.</param>
/// <param name="PeakAccepts">The most connections the hub accepted in one 100 ms.</param>
/// <param name="MedianBack">Time from the restart until half of the clients were back.</param>
/// <param name="AllBack">Time from the restart until every client was back; null when some never came back.</param>
internal sealed record VariantResult(
    string Variant,
    int Clients,
    int Dropped,
    int Back,
    int GaveUp,
    double RestartedAt,
    int Attempts,
    int AttemptsWhileDown,
    int PeakAttempts,
    int PeakAttemptsAfterRestart,
    int PeakAccepts,
    double? MedianBack,
    double? AllBack,
    IReadOnlyList<Tick> Series)
{
    public static VariantResult From(string variant, Telemetry telemetry, ClientFleet fleet, TimeSpan restartedAt, TimeSpan measuredFor)
    {
        var stopBucket = Telemetry.BucketOf(TimeSpan.Zero);
        var restartBucket = Telemetry.BucketOf(restartedAt);
        var connected = fleet.Clients;
        var series = telemetry.Buckets
            .Take(Math.Min(Telemetry.BucketOf(measuredFor) + 1, telemetry.Buckets.Count))
            .Select((bucket, index) =>
            {
                connected += bucket.Returns - bucket.Drops;
                var hubUp = index < stopBucket || index >= restartBucket;
                return new Tick(variant, Telemetry.StartOf(index), hubUp, bucket.Attempts, bucket.Negotiations, bucket.Accepts, connected);
            })
            .ToList();
        var afterRestart = series.Skip(restartBucket).ToList();

        var back = fleet.ReturnedAt.Select(time => Math.Max(0, (time - restartedAt).TotalSeconds)).ToList();
        return new VariantResult(
            variant,
            fleet.Clients,
            fleet.Dropped,
            fleet.Back,
            fleet.GaveUp,
            Math.Round(restartedAt.TotalSeconds, 2),
            series.Sum(tick => tick.Attempts),
            series.Where(tick => !tick.HubUp).Sum(tick => tick.Attempts),
            series.Max(tick => tick.Attempts),
            afterRestart.Select(tick => tick.Attempts).DefaultIfEmpty(0).Max(),
            series.Max(tick => tick.Accepts),
            back.Count == 0 ? null : Math.Round(Percentiles.Of(back, 0.5), 2),
            fleet.Back == fleet.Clients ? Math.Round(back.Max(), 2) : null,
            series);
    }
}

/// <summary>One line of the event log: one variant's 100 ms.</summary>
/// <param name="At">The bucket's start, in seconds since the hub began to stop (negative: the calm second before).</param>
/// <param name="HubUp">The hub was listening: before the stop, or from the bucket in which it was back.</param>
/// <param name="Attempts">Connection attempts the clients started (negotiate requests sent).</param>
/// <param name="Negotiations">Negotiate requests that reached the hub.</param>
/// <param name="Accepts">Connections the hub accepted.</param>
/// <param name="Connected">Clients connected at the end of the bucket.</param>
internal sealed record Tick(string Variant, double At, bool HubUp, int Attempts, int Negotiations, int Accepts, int Connected);
