using System;
using System.Collections.Generic;
using System.Linq;

namespace PostIncidentReview;

/// <summary>The facts of one variant's run, computed from its event log; no interpretation.</summary>
internal sealed class Incident
{
    /// <summary>Amplification above which the dependency is visibly receiving retries, not just user traffic.</summary>
    public const double AmplificationAlert = 2.0;

    private Incident(IReadOnlyList<LogSecond> seconds, double alertThreshold)
    {
        Seconds = seconds;
        AlertThreshold = alertThreshold;
        LoadSeconds = seconds.Where(second => second.UserRequests > 0).ToList();
        Affected = LoadSeconds.Where(second => second.ErrorRate >= alertThreshold).ToList();
        Fault = seconds.Where(second => second.FaultOn).ToList();
        Baseline = LoadSeconds.TakeWhile(second => !second.FaultOn).ToList();
    }

    public IReadOnlyList<LogSecond> Seconds { get; }

    /// <summary>User error rate at which an alert fires.</summary>
    public double AlertThreshold { get; }

    /// <summary>Seconds in which users were sent.</summary>
    public IReadOnlyList<LogSecond> LoadSeconds { get; }

    /// <summary>Seconds whose user error rate reached the alert threshold.</summary>
    public IReadOnlyList<LogSecond> Affected { get; }

    /// <summary>Seconds in which the fault was injected.</summary>
    public IReadOnlyList<LogSecond> Fault { get; }

    /// <summary>Seconds of load before the fault.</summary>
    public IReadOnlyList<LogSecond> Baseline { get; }

    public bool HasImpact => Affected.Count > 0;

    public int FirstAffected => Affected[0].Second;

    public int LastAffected => Affected[^1].Second;

    public int LoadEnd => LoadSeconds[^1].Second + 1;

    public int? FaultEnd => Fault.Count == 0 ? null : Fault[^1].Second + 1;

    /// <summary>The seconds from the first to the last affected one, inclusive.</summary>
    public IReadOnlyList<LogSecond> Window => LoadSeconds.Where(second => second.Second >= FirstAffected && second.Second <= LastAffected).ToList();

    /// <summary>True when users were still failing when the load ended: nothing inside the system ended the impact.</summary>
    public bool LastedUntilTheLoadEnded => HasImpact && LastAffected == LoadSeconds[^1].Second;

    /// <summary>The first second at or after <paramref name="from"/> whose amplification reached <see cref="AmplificationAlert"/>.</summary>
    public LogSecond? FirstAmplified(int from = 0) => LoadSeconds.FirstOrDefault(second => second.Second >= from && second.Amplification >= AmplificationAlert);

    /// <summary>The first second whose share of failed inventory requests reached the alert threshold.</summary>
    public LogSecond? FirstDependencyErrors => Seconds.FirstOrDefault(second => second.InventoryRequests > 0 && (double)second.InventoryErrors / second.InventoryRequests >= AlertThreshold);

    public LogSecond PeakLoad => Seconds.MaxBy(second => second.InventoryRequests)!;

    public static Incident Of(IReadOnlyList<LogSecond> log, string variant, double alertThreshold)
    {
        var seconds = log.Where(second => second.Variant == variant).OrderBy(second => second.Second).ToList();
        return seconds.Any(second => second.UserRequests > 0)
            ? new Incident(seconds, alertThreshold)
            : throw new ArgumentException($"the log has no user requests for the variant '{variant}'.");
    }

    public static double Amplification(IEnumerable<LogSecond> seconds)
    {
        var list = seconds.ToList();
        var users = list.Sum(second => second.UserRequests);
        return users == 0 ? 0 : (double)list.Sum(second => second.InventoryRequests) / users;
    }

    public static double ErrorRate(IEnumerable<LogSecond> seconds)
    {
        var list = seconds.ToList();
        var users = list.Sum(second => second.UserRequests);
        return users == 0 ? 0 : (double)list.Sum(second => second.UserFailed) / users;
    }

    public static string Time(int second) => TimeSpan.FromSeconds(second).ToString(@"\T\+hh\:mm\:ss", System.Globalization.CultureInfo.InvariantCulture);
}
