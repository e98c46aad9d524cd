using System.Collections.Generic;
using System.IO;
using System.Linq;
using LabKit;

namespace DiscoveryOutage;

/// <summary>The run's artifacts: the event log (a JSON line per variant and second, then one per client of the endpoint switch) and the chart.</summary>
internal static class LabReport
{
    public static (string EventLog, string Chart) Write(string folder, LabSettings settings, IReadOnlyList<LabResult> results, IReadOnlyList<SwitchResult> switches)
    {
        var events = results.SelectMany(result => result.Series).Cast<object>().Concat(switches.Select(result => new
        {
            variant = "endpoint-switch",
            client = result.Client,
            afterSwitch = result.AfterSwitch,
            reachedNew = result.ReachedNew,
            secondsToFirstNew = double.IsNaN(result.SecondsToFirstNew) ? (double?)null : System.Math.Round(result.SecondsToFirstNew, 2),
        }));
        var eventLog = LabOutput.WriteEventLog(folder, "discovery-outage-events.jsonl", events);
        var chart = Path.Combine(folder, "discovery-outage.png");
        var lines = results.SelectMany(result =>
        {
            var seconds = result.Series.Select(second => (double)second.At).ToList();
            return new[]
            {
                new ChartLine($"{result.Variant}: requests succeeded (%)", seconds, result.Series.Select(second => second.Requests == 0 ? 0 : 100.0 * second.Succeeded / second.Requests).ToList(), Steps: true),
                new ChartLine($"{result.Variant}: p99 latency (ms)", seconds, result.Series.Select(second => second.P99Ms).ToList(), RightAxis: true, Dashed: true, Steps: true),
            };
        });
        TimeChart.Save(
            chart,
            "Discovery outage: the registry slows, then stops; the orders backend stays healthy",
            "seconds since the load started",
            "requests succeeded (%)",
            "p99 latency (ms)",
            lines,
            new ChartWindow("registry slow (2 s answers)", settings.SlowFrom, settings.DownFrom),
            new ChartWindow("registry down", settings.DownFrom, settings.Seconds));
        return (eventLog, chart);
    }
}
