using System.Collections.Generic;
using System.Linq;
using ScottPlot;

namespace LabKit;

/// <summary>
/// One line of a chart: its legend, x and y values, whether it reads against the right-hand axis, and whether each value
/// holds until the next x (a count per second drawn as steps, not as slopes between seconds).
/// </summary>
public sealed record ChartLine(string Legend, IReadOnlyList<double> X, IReadOnlyList<double> Y, bool RightAxis = false, bool Dashed = false, bool Steps = false);

/// <summary>A shaded stretch of the x axis (a fault window, an outage).</summary>
public sealed record ChartWindow(string Legend, double From, double To);

/// <summary>Draws a lab's time series as a PNG: lines per variant, an optional right axis and shaded windows.</summary>
public static class TimeChart
{
    private static readonly Color[] Palette = [Colors.OrangeRed, Colors.SteelBlue, Colors.SeaGreen, Colors.DarkOrchid, Colors.Chocolate];

    public static void Save(string path, string title, string xLabel, string yLabel, string? rightLabel, IEnumerable<ChartLine> lines, params ChartWindow[] windows)
    {
        var plot = new Plot();
        plot.Title(title);
        plot.XLabel(xLabel);
        plot.YLabel(yLabel);
        if (rightLabel is not null)
        {
            plot.Axes.Right.Label.Text = rightLabel;
        }

        // Windows in order of severity: the first pale red, a second (an outage after a slowdown) grey.
        Color[] shades = [Colors.Red.WithAlpha(0.1), Colors.Gray.WithAlpha(0.2)];
        for (var i = 0; i < windows.Length; i++)
        {
            var span = plot.Add.HorizontalSpan(windows[i].From, windows[i].To);
            span.LegendText = windows[i].Legend;
            span.FillStyle.Color = shades[i % shades.Length];
        }

        var colors = new Dictionary<string, Color>();
        var lineList = lines.ToList();
        foreach (var line in lineList)
        {
            // Lines of one variant share a colour: the variant is the legend's text before the colon.
            var variant = line.Legend.Split(':')[0];
            if (!colors.TryGetValue(variant, out var color))
            {
                color = Palette[colors.Count % Palette.Length];
                colors[variant] = color;
            }

            var (x, y) = (line.X.ToList(), line.Y.ToList());
            if (line.Steps && x.Count > 1)
            {
                // The last value holds for one more step, so the last second shows as wide as the others.
                x.Add(x[^1] + (x[^1] - x[^2]));
                y.Add(y[^1]);
            }

            var scatter = plot.Add.Scatter(x.ToArray(), y.ToArray());
            scatter.LegendText = line.Legend;
            scatter.Color = color;
            scatter.LineWidth = 2;
            scatter.MarkerSize = 0;
            scatter.LinePattern = line.Dashed ? LinePattern.Dashed : LinePattern.Solid;
            scatter.ConnectStyle = line.Steps ? ConnectStyle.StepHorizontal : ConnectStyle.Straight;
            if (line.RightAxis)
            {
                scatter.Axes.YAxis = plot.Axes.Right;
            }
        }

        // Counts and shares start at zero; the top leaves room above the highest value.
        foreach (var (axis, onRight) in new[] { (plot.Axes.Left, false), (plot.Axes.Right, true) })
        {
            var highest = lineList.Where(line => line.RightAxis == onRight).SelectMany(line => line.Y).DefaultIfEmpty(1).Max();
            plot.Axes.SetLimitsY(0, System.Math.Max(highest, 1) * 1.15, axis);
        }

        plot.ShowLegend(Alignment.UpperLeft);
        plot.SavePng(path, 1100, 550);
    }
}
