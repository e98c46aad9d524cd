using System.Globalization;
using System.Linq;
using System.Text;

namespace ResilienceAnalyzers.Benchmarks;

/// <summary>Renders a benchmark report as Markdown tables.</summary>
internal static class BenchmarkTable
{
    internal static string Render(BenchmarkReport report)
    {
        var culture = CultureInfo.InvariantCulture;
        var overhead = report.CompileWithPack - report.CompileWithoutPack;
        var text = new StringBuilder()
            .AppendLine(culture, $"Corpus: {report.Files:N0} files, {report.Lines:N0} lines; compiler errors: {report.CompilerErrors}; median of {report.Repetitions} runs.")
            .AppendLine()
            .AppendLine("| measure | value |")
            .AppendLine("|---|---|")
            .AppendLine(culture, $"| compile + emit without the pack | {report.CompileWithoutPack.TotalMilliseconds:N0} ms |")
            .AppendLine(culture, $"| compile + emit + analysis with the pack | {report.CompileWithPack.TotalMilliseconds:N0} ms |")
            .AppendLine(culture, $"| overhead | {overhead.TotalMilliseconds:N0} ms ({overhead / report.CompileWithoutPack:P1}) |")
            .AppendLine(culture, $"| managed allocations, compile + analysis | {report.AllocatedByAnalysisBytes / 1048576.0:N1} MB |")
            .AppendLine(culture, $"| peak working set of the process | {report.PeakWorkingSetBytes / 1048576.0:N0} MB |")
            .AppendLine()
            .AppendLine("| analyzer | execution time (last run) | diagnostics |")
            .AppendLine("|---|---|---|");

        foreach (var cost in report.Analyzers.OrderByDescending(c => c.ExecutionTime))
        {
            text.AppendLine(culture, $"| {cost.Analyzer} | {cost.ExecutionTime.TotalMilliseconds:N1} ms | {cost.Diagnostics} |");
        }

        return text.ToString();
    }
}
