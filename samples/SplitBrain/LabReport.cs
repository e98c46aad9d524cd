using System.Collections.Generic;
using System.Linq;
using LabKit;

namespace SplitBrain;

/// <summary>The run's artifacts: the event log (one JSON line per variant and 100 ms) and the chart of the ledger.</summary>
internal static class LabReport
{
    public static (string EventLog, string Chart) Write(string folder, LabSettings settings, IReadOnlyList<LabResult> results)
    {
        var eventLog = LabOutput.WriteEventLog(folder, "split-brain-events.jsonl", results.SelectMany(result => result.Series));
        var chart = System.IO.Path.Combine(folder, "split-brain.png");
        var lines = results.SelectMany(result => new[]
        {
            new ChartLine($"{result.Variant}: balance in the database", result.Series.Select(sample => sample.Seconds).ToList(), result.Series.Select(sample => (double)sample.Balance).ToList()),
            new ChartLine($"{result.Variant}: increments acknowledged", result.Series.Select(sample => sample.Seconds).ToList(), result.Series.Select(sample => (double)sample.Acknowledged).ToList(), Dashed: true),
        });
        TimeChart.Save(
            chart,
            "Split brain: a paused leader's stale write against the ledger",
            "seconds since the nodes started",
            "balance / increments",
            rightLabel: null,
            lines,
            new ChartWindow("node A paused mid-write", settings.PauseAt.TotalSeconds, (settings.PauseAt + settings.PauseFor).TotalSeconds));
        return (eventLog, chart);
    }
}
