using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;

namespace RetryStorm;

/// <summary>The run's artifacts: the per-second event log (JSON lines, one per variant and second) and the chart.</summary>
internal static class LabReport
{
    public static (string EventLog, string Chart) Write(LabSettings settings, IReadOnlyList<VariantResult> results)
    {
        var eventLog = Path.Combine(settings.OutputFolder, "retry-storm-events.jsonl");
        var json = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        File.WriteAllLines(eventLog, results.SelectMany(result => result.Series).Select(record => JsonSerializer.Serialize(record, json)));
        var chart = Path.Combine(settings.OutputFolder, "retry-storm.png");
        Chart.Save(chart, settings, results);
        return (eventLog, chart);
    }
}
