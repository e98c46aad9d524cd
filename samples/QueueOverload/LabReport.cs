using System.Collections.Generic;
using System.IO;
using System.Linq;
using LabKit;
using ScottPlot;

namespace QueueOverload;

/// <summary>
/// The run's artifacts: the event log (one JSON line per variant and 50 ms sample), each variant's measured results as
/// one JSON array, and the chart of depth and heap.
/// </summary>
internal static class LabReport
{
    public static (string EventLog, string Results, string Chart) Write(string folder, IReadOnlyList<LabResult> results)
    {
        var eventLog = LabOutput.WriteEventLog(folder, "queue-overload-events.jsonl", results.SelectMany(result => result.Series));
        var resultsFile = LabOutput.WriteResults(folder, "queue-overload-results.json", results);

        var plot = new Plot();
        plot.Title("Queue overload: items waiting and managed heap over time");
        plot.XLabel("seconds since the producer started");
        plot.YLabel("items waiting in the queue");
        plot.Axes.Right.Label.Text = "managed heap (MB)";
        foreach (var result in results)
        {
            var seconds = result.Series.Select(sample => sample.Seconds).ToArray();
            var depth = plot.Add.Scatter(seconds, result.Series.Select(sample => (double)sample.Depth).ToArray());
            depth.LegendText = $"{result.Variant}: depth";
            depth.LineWidth = 2;
            depth.MarkerSize = 0;

            var heap = plot.Add.Scatter(seconds, result.Series.Select(sample => sample.HeapMegabytes).ToArray());
            heap.LegendText = $"{result.Variant}: heap";
            heap.Color = depth.Color;
            heap.LinePattern = LinePattern.Dashed;
            heap.MarkerSize = 0;
            heap.Axes.YAxis = plot.Axes.Right;
        }

        plot.ShowLegend(Alignment.UpperRight);
        var chart = Path.Combine(folder, "queue-overload.png");
        plot.SavePng(chart, 1000, 500);
        return (eventLog, resultsFile, chart);
    }
}
