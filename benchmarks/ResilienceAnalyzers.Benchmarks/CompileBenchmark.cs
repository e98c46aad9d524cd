using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace ResilienceAnalyzers.Benchmarks;

internal sealed record AnalyzerCost(string Analyzer, TimeSpan ExecutionTime, int Diagnostics);

internal sealed record BenchmarkReport(
    int Files,
    int Lines,
    int Repetitions,
    TimeSpan CompileWithoutPack,
    TimeSpan CompileWithPack,
    long AllocatedByAnalysisBytes,
    long PeakWorkingSetBytes,
    int CompilerErrors,
    ImmutableArray<AnalyzerCost> Analyzers);

/// <summary>
/// Compiles a generated corpus with and without the pack's analyzers. Each measurement starts from a fresh
/// compilation (compilations cache their binding) and the median of the repetitions is reported.
/// </summary>
internal static class CompileBenchmark
{
    internal static async Task<BenchmarkReport> RunAsync(int files, int repetitions, ImmutableArray<DiagnosticAnalyzer> analyzers)
    {
        var sources = CorpusGenerator.Generate(files).ToList();
        var trees = sources.Select(source => CSharpSyntaxTree.ParseText(source.Text, CSharpParseOptions.Default.WithLanguageVersion(LanguageVersion.Latest), source.Path)).ToImmutableArray();
        var references = FrameworkAndPackageReferences();
        var lines = sources.Sum(source => source.Text.Split('\n').Length);

        CSharpCompilation NewCompilation() => CSharpCompilation.Create(
            "Corpus",
            trees,
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, concurrentBuild: true));

        var errors = NewCompilation().GetDiagnostics().Count(d => d.Severity == DiagnosticSeverity.Error);

        var withoutPack = new List<TimeSpan>();
        var withPack = new List<TimeSpan>();
        var analyzerCosts = ImmutableArray<AnalyzerCost>.Empty;
        long allocated = 0;
        for (var run = 0; run < repetitions; run++)
        {
            withoutPack.Add(Measure(() => CompileAndEmit(NewCompilation())));

            var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
            var clock = Stopwatch.StartNew();
            var compilation = NewCompilation();
            CompileAndEmit(compilation);
            var analysis = compilation.WithAnalyzers(
                analyzers,
                new CompilationWithAnalyzersOptions(new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty), onAnalyzerException: null, concurrentAnalysis: true, logAnalyzerExecutionTime: true));
            var diagnostics = await analysis.GetAnalyzerDiagnosticsAsync(CancellationToken.None);
            withPack.Add(clock.Elapsed);
            allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;

            var costs = ImmutableArray.CreateBuilder<AnalyzerCost>();
            foreach (var analyzer in analyzers)
            {
                var telemetry = await analysis.GetAnalyzerTelemetryInfoAsync(analyzer, CancellationToken.None);
                var ids = analyzer.SupportedDiagnostics.Select(d => d.Id).ToHashSet();
                costs.Add(new AnalyzerCost(analyzer.GetType().Name, telemetry.ExecutionTime, diagnostics.Count(d => ids.Contains(d.Id))));
            }

            analyzerCosts = costs.ToImmutable();
        }

        return new BenchmarkReport(
            files,
            lines,
            repetitions,
            Median(withoutPack),
            Median(withPack),
            allocated,
            Process.GetCurrentProcess().PeakWorkingSet64,
            errors,
            analyzerCosts);
    }

    private static void CompileAndEmit(Compilation compilation)
    {
        using var peStream = new MemoryStream();
        compilation.Emit(peStream);
    }

    private static TimeSpan Measure(Action action)
    {
        var clock = Stopwatch.StartNew();
        action();
        return clock.Elapsed;
    }

    private static TimeSpan Median(List<TimeSpan> values) => values.Order().ElementAt(values.Count / 2);

    /// <summary>Every assembly the running app was given: .NET, ASP.NET Core and this project's packages.</summary>
    private static ImmutableArray<MetadataReference> FrameworkAndPackageReferences() =>
        ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
            .ToImmutableArray();
}
