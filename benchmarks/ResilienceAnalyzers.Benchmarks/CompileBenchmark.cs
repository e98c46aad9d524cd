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
    TimeSpan BindOnly,
    TimeSpan WithEmptyAnalyzer,
    TimeSpan WithPack,
    long AllocatedByAnalysisBytes,
    long PeakWorkingSetBytes,
    int CompilerErrors,
    ImmutableArray<AnalyzerCost> Analyzers);

/// <summary>
/// Binds a generated corpus three ways, after one untimed warm-up round: compiler diagnostics only; with an analyzer
/// that registers operation actions and does nothing (the analyzer driver's own cost, which any operation analyzer
/// brings); and with the pack. Each measurement starts from a fresh compilation (compilations cache their binding) and
/// the median of the repetitions is reported. Emitting is left out: the pack does not change it. The time per analyzer
/// is the median, over the repetitions, of the analyzer's execution time when it runs alone and without concurrent
/// analysis: on two cores, concurrent runs charge an analyzer for the time its thread waits, and a garbage collection
/// lands on whichever rule is running, which swamps the differences between rules.
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

        // One untimed round first: JIT compilation of Roslyn and of the analyzers would otherwise land on the first run.
        NewCompilation().GetDiagnostics();
        await AnalyzeAsync(NewCompilation(), analyzers);

        var bindOnly = new List<TimeSpan>();
        var withDriverOnly = new List<TimeSpan>();
        var withPack = new List<TimeSpan>();
        long allocated = 0;
        var emptyAnalyzer = ImmutableArray.Create<DiagnosticAnalyzer>(new EmptyOperationAnalyzer());
        for (var run = 0; run < repetitions; run++)
        {
            // The compiler's own diagnostics bind every method body: the work a build does without analyzers.
            bindOnly.Add(Measure(() => NewCompilation().GetDiagnostics()));

            // Analyzer actions on operations need operation trees; an analyzer that does nothing with them costs that much.
            var clock = Stopwatch.StartNew();
            await AnalyzeAsync(NewCompilation(), emptyAnalyzer);
            withDriverOnly.Add(clock.Elapsed);

            var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
            clock.Restart();
            await AnalyzeAsync(NewCompilation(), analyzers);
            withPack.Add(clock.Elapsed);
            allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        }

        var (_, diagnostics) = await AnalyzeAsync(NewCompilation(), analyzers);
        var analyzerCosts = ImmutableArray.CreateBuilder<AnalyzerCost>();
        foreach (var analyzer in analyzers)
        {
            var alone = ImmutableArray.Create(analyzer);
            var times = new List<TimeSpan>();
            for (var run = 0; run < repetitions; run++)
            {
                var (analysis, _) = await AnalyzeAsync(NewCompilation(), alone, concurrent: false);
                times.Add((await analysis.GetAnalyzerTelemetryInfoAsync(analyzer, CancellationToken.None)).ExecutionTime);
            }

            var ids = analyzer.SupportedDiagnostics.Select(d => d.Id).ToHashSet();
            analyzerCosts.Add(new AnalyzerCost(analyzer.GetType().Name, Median(times), diagnostics.Count(d => ids.Contains(d.Id))));
        }

        return new BenchmarkReport(
            files,
            lines,
            repetitions,
            Median(bindOnly),
            Median(withDriverOnly),
            Median(withPack),
            allocated,
            Process.GetCurrentProcess().PeakWorkingSet64,
            errors,
            analyzerCosts.ToImmutable());
    }

    private static async Task<(CompilationWithAnalyzers Analysis, ImmutableArray<Diagnostic> Diagnostics)> AnalyzeAsync(
        Compilation compilation,
        ImmutableArray<DiagnosticAnalyzer> analyzers,
        bool concurrent = true)
    {
        var analysis = compilation.WithAnalyzers(
            analyzers,
            new CompilationWithAnalyzersOptions(new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty), onAnalyzerException: null, concurrentAnalysis: concurrent, logAnalyzerExecutionTime: true));
        return (analysis, await analysis.GetAnalyzerDiagnosticsAsync(CancellationToken.None));
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

/// <summary>Registers operation actions of the kinds the pack uses and does nothing in them: the driver's cost alone.</summary>
#pragma warning disable RS1001 // Handed to the compilation directly, never loaded as a compiler extension.
internal sealed class EmptyOperationAnalyzer : DiagnosticAnalyzer
#pragma warning restore RS1001
{
    // The driver skips an analyzer whose every diagnostic is off, so it declares one it never reports.
#pragma warning disable RS2008 // A benchmark control, not a shipped rule.
    private static readonly DiagnosticDescriptor NeverReported = new("BENCH0001", "Never reported", "Never reported", "Benchmark", DiagnosticSeverity.Warning, isEnabledByDefault: true);
#pragma warning restore RS2008

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(NeverReported);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterOperationAction(_ => { }, OperationKind.Invocation, OperationKind.ObjectCreation, OperationKind.SimpleAssignment, OperationKind.Loop);
    }
}
