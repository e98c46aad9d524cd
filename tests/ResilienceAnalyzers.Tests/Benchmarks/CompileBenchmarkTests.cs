using System.Linq;
using System.Threading.Tasks;
using ResilienceAnalyzers.Benchmarks;
using ResilienceAnalyzers.Catalog;
using Xunit;

namespace ResilienceAnalyzers.Tests.Benchmarks;

/// <summary>Keeps the benchmarks runnable: a small corpus compiles cleanly and every analyzer is measured; the retry budget runs.</summary>
public sealed class CompileBenchmarkTests
{
    [Fact]
    public async Task SmallCorpusCompilesAndEveryAnalyzerIsMeasured()
    {
        var report = await CompileBenchmark.RunAsync("generated", CorpusGenerator.Generate(20).ToList(), repetitions: 1, RuleCatalog.Analyzers);

        Assert.Equal(0, report.CompilerErrors);
        Assert.Equal(RuleCatalog.Analyzers.Length, report.Analyzers.Length);
        Assert.Equal(2, report.Analyzers.Single(a => a.Analyzer == "RES3001UnboundedQueueAnalyzer").Diagnostics);
        Assert.Contains("| RES3001UnboundedQueueAnalyzer |", BenchmarkTable.Render(report));
    }

    [Fact]
    public void RetryBudgetBenchmarkMeasuresOneAndTwoThreads()
    {
        var table = RetryBudgetBenchmark.Run(operationsPerThread: 2000);

        Assert.Contains("| 1 | ", table);
        Assert.Contains("| 2 | ", table);
    }
}
