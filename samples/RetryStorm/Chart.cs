using System.Collections.Generic;
using System.Linq;
using ScottPlot;

namespace RetryStorm;

/// <summary>Draws inventory's load and the users' error rate per second, naive against defended, with the fault window shaded.</summary>
internal static class Chart
{
    public static void Save(string path, LabSettings settings, IReadOnlyList<VariantResult> results)
    {
        var plot = new Plot();
        plot.Title("Retry storm: load on inventory and user errors per second");
        plot.XLabel("seconds since the load started");
        plot.YLabel("inventory requests per second");
        plot.Axes.Right.Label.Text = "user requests failed (%)";

        var fault = plot.Add.HorizontalSpan(settings.FaultStartSecond, settings.FaultEndSecond);
        fault.LegendText = "fault: inventory fails 50 %";
        fault.FillStyle.Color = Colors.Red.WithAlpha(0.1);

        var capacity = plot.Add.HorizontalLine(settings.CapacityPerSecond);
        capacity.LegendText = "inventory capacity";
        capacity.LinePattern = LinePattern.Dotted;
        capacity.Color = Colors.Gray;

        foreach (var (result, color) in results.Zip(new[] { Colors.OrangeRed, Colors.SteelBlue }))
        {
            var seconds = result.Series.Select(record => (double)record.Second).ToArray();
            var load = plot.Add.Scatter(seconds, result.Series.Select(record => (double)record.InventoryRequests).ToArray());
            load.LegendText = $"{result.Variant}: inventory load";
            load.Color = color;
            load.LineWidth = 2;

            // Users are only sent while the load runs; the seconds after it show retries still draining.
            var sent = result.Series.Where(record => record.Second < settings.Seconds).ToList();
            var errors = plot.Add.Scatter(
                sent.Select(record => (double)record.Second).ToArray(),
                sent.Select(record => record.UserRequests == 0 ? 0 : 100.0 * record.UserFailed / record.UserRequests).ToArray());
            errors.LegendText = $"{result.Variant}: user errors %";
            errors.Color = color;
            errors.LinePattern = LinePattern.Dashed;
            errors.Axes.YAxis = plot.Axes.Right;
        }

        var peakLoad = results.SelectMany(result => result.Series).Select(record => record.InventoryRequests).DefaultIfEmpty(0).Max();
        plot.Axes.SetLimitsY(0, System.Math.Max(peakLoad, settings.CapacityPerSecond) * 1.1, plot.Axes.Left);
        plot.Axes.SetLimitsY(0, 105, plot.Axes.Right);
        plot.ShowLegend(Alignment.UpperRight);
        plot.SavePng(path, 1100, 550);
    }
}
