using System.Collections.Generic;
using System.IO;
using System.Linq;
using LabKit;

namespace RetryStorm;

/// <summary>
/// The run's artifacts: the per-second event log (JSON lines, one per variant and second), each variant's measured
/// results as one JSON array, and the chart.
/// </summary>
internal static class LabReport
{
    public static (string EventLog, string Results, string Chart) Write(LabSettings settings, IReadOnlyList<VariantResult> results)
    {
        var eventLog = LabOutput.WriteEventLog(settings.OutputFolder, "retry-storm-events.jsonl", results.SelectMany(result => result.Series));
        var resultsFile = LabOutput.WriteResults(settings.OutputFolder, "retry-storm-results.json", results);
        var chart = Path.Combine(settings.OutputFolder, "retry-storm.png");
        Chart.Save(chart, settings, results);
        return (eventLog, resultsFile, chart);
    }
}
