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
        var driver = report.WithEmptyAnalyzer - report.BindOnly;
        var pack = report.WithPack - report.WithEmptyAnalyzer;
        var packCost = report.PackExecutionTime + report.PackShareOfCollections;
        var text = new StringBuilder()
            .AppendLine(culture, $"Corpus: {report.Corpus}, {report.Files:N0} files, {report.Lines:N0} lines; compiler errors: {report.CompilerErrors}; median of {report.Repetitions} runs after {report.WarmUpRounds.Length} warm-up rounds.")
            .AppendLine()
            .AppendLine("| measure | value |")
            .AppendLine("|---|---|")
            .AppendLine(culture, $"| bind + compiler diagnostics, no analyzer | {report.BindOnly.TotalMilliseconds:N0} ms |")
            .AppendLine(culture, $"| with an empty operation analyzer (driver cost) | {report.WithEmptyAnalyzer.TotalMilliseconds:N0} ms (+{driver.TotalMilliseconds:N0} ms) |")
            .AppendLine(culture, $"| with the pack | {report.WithPack.TotalMilliseconds:N0} ms |")
            .AppendLine(culture, $"| the pack's own cost, wall clock (pack − empty analyzer) | {pack.TotalMilliseconds:N0} ms ({pack / report.BindOnly:P1} of binding) |")
            .AppendLine(culture, $"| the pack's analyzers together, sequential and undisturbed (sum of their execution times; {report.UndisturbedRuns} of {report.Repetitions} runs without a collection) | {report.PackExecutionTime.TotalMilliseconds:N1} ms ({report.PackExecutionTime / report.BindOnly:P1} of binding) |")
            .AppendLine(culture, $"| the pack's share of collections ({report.PackAllocatedBytes / 1048576.0:N1} MB allocated beyond the empty analyzer, at binding's pause time per MB) | {report.PackShareOfCollections.TotalMilliseconds:N1} ms ({report.PackShareOfCollections / report.BindOnly:P1} of binding) |")
            .AppendLine(culture, $"| of which the driver's handling of the pack's {report.Diagnostics.Length} diagnostics ({report.ReportingAllocatedBytes / 1048576.0:N1} MB allocated by an analyzer that reports the same diagnostics and does nothing else: for each, the driver looks for a suppression attribute through a semantic model of its own) | {report.ReportingShareOfCollections.TotalMilliseconds:N1} ms ({report.ReportingShareOfCollections / report.BindOnly:P1} of binding) |")
            .AppendLine(culture, $"| **the pack's cost** (both) | **{packCost.TotalMilliseconds:N1} ms ({packCost / report.BindOnly:P1} of binding)** |")
            .AppendLine(culture, $"| the same analysis with the compiler's threads and collections beside it (their pauses land in whichever callback runs) | {report.PackExecutionTimeBesideCompiler.TotalMilliseconds:N0} ms ({report.PackExecutionTimeBesideCompiler / report.BindOnly:P1} of binding) |")
            .AppendLine(culture, $"| the pack's first analysis in the process, while the JIT compiles its code (beside the compiler, as in a build's only compilation) | {report.PackFirstAnalysis.TotalMilliseconds:N0} ms ({report.PackFirstAnalysis / report.BindOnly:P1} of binding) |")
            .AppendLine(culture, $"| the pack in each warm-up round, sequential and undisturbed (methods the JIT compiled in the round) | {string.Join(", ", report.WarmUpRounds.Select(round => string.Create(culture, $"{round.Pack.TotalMilliseconds:N1} ms ({round.MethodsCompiled:N0})")))} |")
            .AppendLine(culture, $"| managed allocations, one run with the pack / with the empty analyzer | {report.AllocatedByAnalysisBytes / 1048576.0:N1} MB / {report.AllocatedByDriverOnlyBytes / 1048576.0:N1} MB |")
            .AppendLine(culture, $"| peak working set of the process | {report.PeakWorkingSetBytes / 1048576.0:N0} MB |")
            .AppendLine(culture, $"| one document alone, as the IDE analyzes it ({report.LargestDocument.Path}, {report.LargestDocument.Lines:N0} lines) | {report.LargestDocument.WithPack.TotalMilliseconds:N0} ms with the pack, {report.LargestDocument.WithEmptyAnalyzer.TotalMilliseconds:N0} ms with the empty analyzer |")
            .AppendLine()
            .AppendLine("| analyzer | execution time alone (sequential, undisturbed, median) | share of binding | in the pack | share of binding | diagnostics |")
            .AppendLine("|---|---|---|---|---|---|");

        foreach (var cost in report.Analyzers.OrderByDescending(c => c.ExecutionTime))
        {
            text.AppendLine(culture, $"| {cost.Analyzer} | {cost.ExecutionTime.TotalMilliseconds:N1} ms | {cost.ExecutionTime / report.BindOnly:P2} | {cost.InPack.TotalMilliseconds:N1} ms | {cost.InPack / report.BindOnly:P2} | {cost.Diagnostics} |");
        }

        return text.ToString();
    }
}
