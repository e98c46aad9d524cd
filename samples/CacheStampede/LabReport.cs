using System.Collections.Generic;
using System.IO;
using System.Linq;
using LabKit;
using ScottPlot;

namespace CacheStampede;

/// <summary>
/// The run's artifacts: the event log (one JSON line per variant and 100 ms), each variant's measured results as one
/// JSON array, and the chart of origin load.
/// </summary>
internal static class LabReport
{
    private const double Bucket = 0.1;

    public static (string EventLog, string Results, string Chart) Write(LabSettings settings, IReadOnlyList<VariantResult> results)
    {
        var from = -settings.TtlSeconds;
        var buckets = (int)((settings.TtlSeconds + 2) / Bucket);
        var series = results.Select(result => (result.Variant, Counts: CountPerBucket(result.RecomputeTimes, from, buckets))).ToList();

        var eventLog = LabOutput.WriteEventLog(settings.OutputFolder, "cache-stampede-events.jsonl", series.SelectMany(variant => variant.Counts.Select((count, index) =>
            new { variant = variant.Variant, secondsFromExpiry = System.Math.Round(from + (index * Bucket), 1), recomputes = count })));
        var resultsFile = LabOutput.WriteResults(settings.OutputFolder, "cache-stampede-results.json", results);

        var plot = new Plot();
        plot.Title($"Cache stampede: origin recomputes per 100 ms around the hot key's expiry ({settings.Burst} concurrent requests)");
        plot.XLabel("seconds from the expiry");
        plot.YLabel("recomputes per 100 ms");
        var expiry = plot.Add.VerticalLine(0);
        expiry.LegendText = "TTL expires";
        expiry.LinePattern = LinePattern.Dotted;
        foreach (var (variant, counts) in series)
        {
            var line = plot.Add.Scatter(Enumerable.Range(0, buckets).Select(index => from + (index * Bucket)).ToArray(), counts.Select(count => (double)count).ToArray());
            line.LegendText = variant;
            line.LineWidth = 2;
            line.MarkerSize = 0;
        }

        plot.Axes.SetLimitsX(-2, 2);
        plot.ShowLegend(Alignment.UpperLeft);
        var chart = Path.Combine(settings.OutputFolder, "cache-stampede.png");
        plot.SavePng(chart, 1000, 500);
        return (eventLog, resultsFile, chart);
    }

    /// <summary>Recomputes per 100 ms bucket from <paramref name="from"/>; the index is computed, so bucket edges do not drift.</summary>
    private static int[] CountPerBucket(double[] times, double from, int buckets)
    {
        var counts = new int[buckets];
        foreach (var time in times)
        {
            var index = (int)System.Math.Floor((time - from) / Bucket);
            if (index >= 0 && index < buckets)
            {
                counts[index]++;
            }
        }

        return counts;
    }
}
