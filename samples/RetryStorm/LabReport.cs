using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;

namespace RetryStorm;

/// <summary>
/// The run's artifacts: the per-second event log (JSON lines, one per variant and second), each variant's measured
/// results as one JSON array, and the chart.
/// </summary>
internal static class LabReport
{
    public static (string EventLog, string Results, string Chart) Write(LabSettings settings, IReadOnlyList<VariantResult> results)
    {
        var eventLog = Path.Combine(settings.OutputFolder, "retry-storm-events.jsonl");
        var json = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        File.WriteAllLines(eventLog, results.SelectMany(result => result.Series).Select(record => JsonSerializer.Serialize(record, json)));
        var resultsFile = Path.Combine(settings.OutputFolder, "retry-storm-results.json");
        File.WriteAllText(resultsFile, JsonSerializer.Serialize(results, json));
        var chart = Path.Combine(settings.OutputFolder, "retry-storm.png");
        Chart.Save(chart, settings, results);
        return (eventLog, resultsFile, chart);
    }
}
