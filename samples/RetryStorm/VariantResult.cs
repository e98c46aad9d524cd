using System;
using System.Collections.Generic;
using System.Linq;
using LabKit;

namespace RetryStorm;

/// <summary>What one variant's run measured: the retry storm's telemetry signature, as numbers.</summary>
internal sealed record VariantResult(
    string Variant,
    int UserRequests,
    int UserFailed,
    double P50Ms,
    double P99Ms,
    double Amplification,
    double AmplificationDuringFault,
    double AmplificationAfterFault,
    int? SecondsToRecover,
    IReadOnlyList<SecondRecord> Series)
{
    /// <summary>Share of user requests that must succeed, second after second, for the system to count as recovered.</summary>
    public const double RecoveredSuccessRate = 0.95;

    public double ErrorRate => UserRequests == 0 ? 0 : (double)UserFailed / UserRequests;

    public static VariantResult From(string variant, LabSettings settings, Telemetry telemetry)
    {
        var seconds = telemetry.Seconds;
        var series = seconds
            .Select((second, index) => new SecondRecord(
                variant,
                index,
                index >= settings.FaultStartSecond && index < settings.FaultEndSecond,
                second.UserRequests,
                second.UserFailed,
                second.InventoryRequests,
                second.InventoryErrors,
                Percentiles.Of(second.LatenciesMs, 0.50),
                Percentiles.Of(second.LatenciesMs, 0.99)))
            .Where(record => record.Second < settings.Seconds || record.InventoryRequests > 0)
            .ToList();

        var latencies = seconds.SelectMany(second => second.LatenciesMs).ToList();
        return new VariantResult(
            variant,
            seconds.Sum(second => second.UserRequests),
            seconds.Sum(second => second.UserFailed),
            Percentiles.Of(latencies, 0.50),
            Percentiles.Of(latencies, 0.99),
            AmplificationBetween(series, 0, int.MaxValue),
            AmplificationBetween(series, settings.FaultStartSecond, settings.FaultEndSecond),
            AmplificationBetween(series, settings.FaultEndSecond, int.MaxValue),
            FirstRecoveredSecond(series, settings),
            series);
    }

    /// <summary>Inventory requests per user request sent in the same seconds.</summary>
    private static double AmplificationBetween(IReadOnlyList<SecondRecord> series, int from, int to)
    {
        var window = series.Where(record => record.Second >= from && record.Second < to).ToList();
        var users = window.Sum(record => record.UserRequests);
        return users == 0 ? 0 : (double)window.Sum(record => record.InventoryRequests) / users;
    }

    /// <summary>
    /// Seconds from the fault's removal to the first second after which every second of the load serves at least
    /// <see cref="RecoveredSuccessRate"/> of its users; null when the load ended first.
    /// </summary>
    private static int? FirstRecoveredSecond(IReadOnlyList<SecondRecord> series, LabSettings settings)
    {
        var load = series.Where(record => record.Second >= settings.FaultEndSecond && record.Second < settings.Seconds).ToList();
        for (var i = 0; i < load.Count; i++)
        {
            if (load.Skip(i).All(record => record.UserRequests > 0 && 1 - (double)record.UserFailed / record.UserRequests >= RecoveredSuccessRate))
            {
                return load[i].Second - settings.FaultEndSecond;
            }
        }

        return null;
    }
}

/// <summary>One line of the event log: one variant's second.</summary>
internal sealed record SecondRecord(
    string Variant,
    int Second,
    bool FaultOn,
    int UserRequests,
    int UserFailed,
    int InventoryRequests,
    int InventoryErrors,
    double P50Ms,
    double P99Ms);
