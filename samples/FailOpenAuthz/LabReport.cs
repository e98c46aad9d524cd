using System.Collections.Generic;
using System.IO;
using System.Linq;
using LabKit;

namespace FailOpenAuthz;

/// <summary>The run's artifacts: the event log (one JSON line per variant and second) and the chart.</summary>
internal static class LabReport
{
    public static (string EventLog, string Chart) Write(string folder, LabSettings settings, IReadOnlyList<LabResult> results)
    {
        var eventLog = LabOutput.WriteEventLog(folder, "fail-open-authz-events.jsonl", results.SelectMany(result => result.Series));
        var chart = Path.Combine(folder, "fail-open-authz.png");
        var lines = results.SelectMany(result =>
        {
            var seconds = result.Series.Select(second => (double)second.At).ToList();
            return new[]
            {
                new ChartLine($"{result.Variant}: documents served to forbidden users / s", seconds, result.Series.Select(second => (double)second.ForbiddenServed).ToList(), Steps: true),
                new ChartLine($"{result.Variant}: catalog served (%)", seconds, result.Series.Select(second => second.Catalog == 0 ? 0 : 100.0 * second.CatalogServed / second.Catalog).ToList(), RightAxis: true, Dashed: true, Steps: true),
            };
        });
        TimeChart.Save(
            chart,
            "Fail-open authorization: what the API serves while the policy service is down",
            "seconds since the load started",
            "documents served to users who are forbidden them",
            "catalog requests served (%)",
            lines,
            new ChartWindow("policy service down", settings.OutageStart, settings.OutageEnd));
        return (eventLog, chart);
    }
}
