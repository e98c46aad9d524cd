using System.Collections.Generic;
using System.IO;
using System.Linq;
using LabKit;

namespace CascadingFailure;

/// <summary>The run's artifacts: the event log (one JSON line per variant and second) and the chart of goodput and p99.</summary>
internal static class LabReport
{
    public static (string EventLog, string Chart) Write(string folder, LabSettings settings, IReadOnlyList<LabResult> results)
    {
        var eventLog = LabOutput.WriteEventLog(folder, "cascading-failure-events.jsonl", results.SelectMany(result => result.Series));
        var chart = Path.Combine(folder, "cascading-failure.png");
        var lines = results.SelectMany(result =>
        {
            var seconds = result.Series.Select(second => (double)second.At).ToList();
            return new[]
            {
                new ChartLine($"{result.Variant}: goodput (served within 2 s / s)", seconds, result.Series.Select(second => (double)second.Served).ToList(), Steps: true),
                new ChartLine($"{result.Variant}: p99 latency (ms)", seconds, result.Series.Select(second => second.P99Ms).ToList(), RightAxis: true, Dashed: true, Steps: true),
            };
        });
        TimeChart.Save(
            chart,
            $"Cascading failure: {settings.RatePerSecond} checkouts/s while the database slows from 10 to 250 ms per query",
            "second the checkouts were sent",
            "checkouts served within 2 s",
            "p99 latency (ms)",
            lines,
            new ChartWindow("database slow", settings.SlowFrom, settings.SlowUntil));
        return (eventLog, chart);
    }
}
