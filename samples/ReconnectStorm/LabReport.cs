using System.Collections.Generic;
using System.IO;
using System.Linq;
using LabKit;

namespace ReconnectStorm;

/// <summary>
/// The run's artifacts: the event log (a JSON line per variant and 100 ms), each variant's results as one JSON array,
/// and the chart of attempts per 100 ms and clients connected, naive against defended, with the outage shaded.
/// </summary>
internal static class LabReport
{
    public static (string EventLog, string Results, string Chart) Write(string folder, IReadOnlyList<VariantResult> results)
    {
        var eventLog = LabOutput.WriteEventLog(folder, "reconnect-storm-events.jsonl", results.SelectMany(result => result.Series));
        var resultsFile = LabOutput.WriteResults(folder, "reconnect-storm-results.json", results);
        var chart = Path.Combine(folder, "reconnect-storm.png");
        var lines = results.SelectMany(result =>
        {
            var at = result.Series.Select(tick => tick.At).ToList();
            return new[]
            {
                new ChartLine($"{result.Variant}: attempts", at, result.Series.Select(tick => (double)tick.Attempts).ToList(), Steps: true),
                new ChartLine($"{result.Variant}: connected", at, result.Series.Select(tick => (double)tick.Connected).ToList(), RightAxis: true, Dashed: true, Steps: true),
            };
        });
        TimeChart.Save(
            chart,
            "Reconnect storm: the hub stops, then starts again on the same port",
            "seconds since the hub stopped",
            "connection attempts per 100 ms",
            "clients connected",
            lines,
            new ChartWindow("hub down", 0, results.Max(result => result.RestartedAt)));
        return (eventLog, resultsFile, chart);
    }
}
