using System.Collections.Generic;
using System.IO;
using System.Linq;
using LabKit;

namespace HotPartition;

/// <summary>
/// The run's artifacts: the event log (one JSON line per variant and second), the results (each variant's seconds and
/// the views its counter counted) and the chart.
/// </summary>
internal static class LabReport
{
    public static (string EventLog, string Results, string Chart) Write(string folder, IReadOnlyList<LabResult> results)
    {
        var eventLog = LabOutput.WriteEventLog(folder, "hot-partition-events.jsonl", results.SelectMany(result => result.Series.Select(second => new
        {
            variant = second.Variant,
            at = second.At,
            partitionCommands = second.PartitionCommands,
            imbalance = System.Math.Round(second.Imbalance, 2),
            views = second.Views,
            served = second.Served,
            p99Ms = second.P99Ms,
        })));
        var resultsFile = LabOutput.WriteResults(folder, "hot-partition-results.json", results);
        var chart = Path.Combine(folder, "hot-partition.png");
        var lines = results.SelectMany(result =>
        {
            var seconds = result.Series.Select(second => (double)second.At).ToList();
            return new[]
            {
                new ChartLine($"{result.Variant}: busiest partition (commands/s)", seconds, result.Series.Select(second => (double)second.PartitionCommands.Max()).ToList(), Steps: true),
                new ChartLine($"{result.Variant}: mean partition (commands/s)", seconds, result.Series.Select(second => second.PartitionCommands.Average()).ToList(), Steps: true),
                new ChartLine($"{result.Variant}: p99 latency (ms)", seconds, result.Series.Select(second => second.P99Ms).ToList(), RightAxis: true, Dashed: true, Steps: true),
            };
        });
        TimeChart.Save(
            chart,
            $"Hot partition: commands per partition per second ({LabSettings.Partitions} partitions of {LabSettings.PartitionCapacity:F0}/s) and view latency",
            "seconds since the load started",
            "commands per second",
            "p99 view latency (ms)",
            lines);
        return (eventLog, resultsFile, chart);
    }
}
