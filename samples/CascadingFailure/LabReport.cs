using System.Collections.Generic;
using System.IO;
using System.Linq;
using LabKit;

namespace CascadingFailure;

/// <summary>
/// The run's artifacts: the event log (one JSON line per variant and second, then one per handler of the abandoned-calls
/// experiment and per reader of the streamed-responses one) and the chart of goodput and p99.
/// </summary>
internal static class LabReport
{
    public static (string EventLog, string Chart) Write(
        string folder, LabSettings settings, IReadOnlyList<LabResult> results, IReadOnlyList<AbandonedResult> abandoned, IReadOnlyList<StreamedResult> streamed)
    {
        var events = results.SelectMany(result => result.Series).Cast<object>()
            .Concat(abandoned.Select(result => new { variant = "abandoned-calls", handler = result.Handler, calls = result.Calls, queriesRun = result.QueriesRun, queriesDropped = result.QueriesDropped, databaseBusySeconds = result.DatabaseBusySeconds }))
            .Concat(streamed.Select(result => new { variant = "streamed-responses", reader = result.Reader, calls = result.Calls, answered = result.Answered, timedOut = result.TimedOut, connections = result.Connections }));
        var eventLog = LabOutput.WriteEventLog(folder, "cascading-failure-events.jsonl", events);
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
