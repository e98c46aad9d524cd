using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Runtime;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace ResilienceAnalyzers.Benchmarks;

/// <summary>An analyzer's execution time alone, and within the pack (where it shares the facts other rules built first).</summary>
internal sealed record AnalyzerCost(string Analyzer, TimeSpan ExecutionTime, TimeSpan InPack, int Diagnostics);

/// <summary>One warm-up analysis: the pack's time, and the methods the JIT compiled meanwhile.</summary>
internal sealed record WarmUpRound(TimeSpan Pack, long MethodsCompiled);

/// <summary>The pack analyzing one document alone, as the IDE does on an edit: the largest file of the corpus.</summary>
internal sealed record DocumentCost(string Path, int Lines, TimeSpan WithEmptyAnalyzer, TimeSpan WithPack);

internal sealed record BenchmarkReport(
    string Corpus,
    int Files,
    int Lines,
    int Repetitions,
    TimeSpan PackFirstAnalysis,
    ImmutableArray<WarmUpRound> WarmUpRounds,
    TimeSpan BindOnly,
    TimeSpan WithEmptyAnalyzer,
    TimeSpan WithPack,
    TimeSpan PackExecutionTime,
    TimeSpan PackShareOfCollections,
    long PackAllocatedBytes,
    long ReportingAllocatedBytes,
    TimeSpan ReportingShareOfCollections,
    int UndisturbedRuns,
    TimeSpan PackExecutionTimeBesideCompiler,
    long AllocatedByAnalysisBytes,
    long AllocatedByDriverOnlyBytes,
    long PeakWorkingSetBytes,
    int CompilerErrors,
    ImmutableArray<AnalyzerCost> Analyzers,
    DocumentCost LargestDocument,
    ImmutableArray<Diagnostic> Diagnostics);

/// <summary>
/// Binds a corpus — generated, or the sources of a real repository (<see cref="SourceFolder"/>) — three ways, after the
/// pack's first analysis (reported apart: the JIT is compiling) and warm-up rounds until the JIT falls quiet
/// (<see cref="WarmUpAsync"/>): compiler diagnostics only; with an analyzer that registers operation actions and does nothing
/// (the analyzer driver's own cost, which any operation analyzer brings); and with the pack. Each measurement starts from
/// a fresh compilation (compilations cache their binding) and the median of the repetitions is reported. Emitting is left
/// out: the pack does not change it.
/// <para>
/// The wall-clock difference between the pack and the empty analyzer moves by hundreds of milliseconds between runs on
/// this kind of machine, so the pack's cost is the sum of its analyzers' execution times, in an analysis without
/// concurrent actions. In such an analysis the compiler still binds on its own threads beside the analyzers, and
/// collects garbage — nearly all of it binding's — in pauses that land in whichever callback runs: on two cores both
/// charge an analyzer 10 to 30 ms in most runs, whatever it does. The figure therefore comes from an undisturbed
/// analysis — the compilation binding on one thread, collections held off (a no-GC region sized to the analysis) —
/// plus the pack's own share of collections: the bytes it allocates beyond the empty analyzer, at the pause time per
/// byte that binding alone shows. The disturbed figure is reported beside it. Every measurement starts after a full
/// garbage collection, so that the garbage of the previous one is not collected inside it.
/// </para>
/// The IDE's path is measured too: the pack analyzing the largest document alone, through a semantic model, with the
/// same empty analyzer as the baseline.
/// </summary>
internal static class CompileBenchmark
{
    private const int MinWarmUpRounds = 8;
    private const int MaxWarmUpRounds = 40;
    private const int QuietRounds = 3;
    private const long QuietMethodsPerRound = 100;

    internal static async Task<BenchmarkReport> RunAsync(string corpus, IReadOnlyList<(string Path, string Text)> sources, ImmutableArray<MetadataReference> references, int repetitions, ImmutableArray<DiagnosticAnalyzer> analyzers)
    {
        var trees = Parse(sources);
        var lines = sources.Sum(source => source.Text.Split('\n').Length);
        CSharpCompilation NewCompilation() => CreateCompilation(trees, references);

        var errors = NewCompilation().GetDiagnostics().Count(d => d.Severity == DiagnosticSeverity.Error);

        // The first analysis in the process runs while the JIT compiles Roslyn's binding and the pack's code: a build's
        // one-off price, reported on its own. The rounds after it warm the pack up until the JIT falls quiet.
        NewCompilation().GetDiagnostics();
        var first = await SequentialAnalysisAsync(NewCompilation(), analyzers, collectionFreeBytes: 0);
        var collectionFreeBytes = first.AllocatedBytes * 3 / 2;
        var warmUpRounds = await WarmUpAsync(NewCompilation, analyzers, collectionFreeBytes);

        var bindOnly = new List<TimeSpan>();
        var withDriverOnly = new List<TimeSpan>();
        var withPack = new List<TimeSpan>();
        long allocated = 0;
        long allocatedByDriverOnly = 0;
        var bindingPause = TimeSpan.Zero;
        long allocatedByBinding = 0;
        var emptyAnalyzer = ImmutableArray.Create<DiagnosticAnalyzer>(new EmptyOperationAnalyzer());
        for (var run = 0; run < repetitions; run++)
        {
            // The compiler's own diagnostics bind every method body: the work a build does without analyzers.
            Settle();
            var allocatedBeforeBinding = GC.GetTotalAllocatedBytes(precise: true);
            var pauseBeforeBinding = GC.GetTotalPauseDuration();
            bindOnly.Add(Measure(() => NewCompilation().GetDiagnostics()));
            allocatedByBinding += GC.GetTotalAllocatedBytes(precise: true) - allocatedBeforeBinding;
            bindingPause += GC.GetTotalPauseDuration() - pauseBeforeBinding;

            // Analyzer actions on operations need operation trees; an analyzer that does nothing with them costs that much.
            Settle();
            var allocatedBeforeDriverOnly = GC.GetTotalAllocatedBytes(precise: true);
            var clock = Stopwatch.StartNew();
            await AnalyzeAsync(NewCompilation(), emptyAnalyzer);
            withDriverOnly.Add(clock.Elapsed);
            allocatedByDriverOnly = GC.GetTotalAllocatedBytes(precise: true) - allocatedBeforeDriverOnly;

            Settle();
            var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
            clock.Restart();
            await AnalyzeAsync(NewCompilation(), analyzers);
            withPack.Add(clock.Elapsed);
            allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        }

        var (_, diagnostics) = await AnalyzeAsync(NewCompilation(), analyzers);
        var inPack = analyzers.ToDictionary(analyzer => analyzer, _ => new List<TimeSpan>());
        var packExecution = new List<TimeSpan>();
        var packAllocated = new List<long>();
        var reportingAllocated = new List<long>();
        var reporting = emptyAnalyzer.Add(new DiagnosticReplay(diagnostics));
        var besideCompiler = new List<TimeSpan>();
        var undisturbedRuns = 0;
        for (var run = 0; run < repetitions; run++)
        {
            var pack = await SequentialAnalysisAsync(NewCompilation(), analyzers, collectionFreeBytes);
            var driverOnly = await SequentialAnalysisAsync(NewCompilation(), emptyAnalyzer, collectionFreeBytes);
            foreach (var analyzer in analyzers)
            {
                inPack[analyzer].Add(pack.Times[analyzer]);
            }

            packExecution.Add(pack.Total);
            packAllocated.Add(Math.Max(0, pack.AllocatedBytes - driverOnly.AllocatedBytes));
            reportingAllocated.Add(Math.Max(0, (await SequentialAnalysisAsync(NewCompilation(), reporting, collectionFreeBytes)).AllocatedBytes - driverOnly.AllocatedBytes));
            undisturbedRuns += pack.Undisturbed ? 1 : 0;
            besideCompiler.Add((await SequentialAnalysisAsync(NewCompilation(), analyzers, collectionFreeBytes: 0)).Total);
        }

        var analyzerCosts = ImmutableArray.CreateBuilder<AnalyzerCost>();
        foreach (var analyzer in analyzers)
        {
            var alone = ImmutableArray.Create(analyzer);
            var times = new List<TimeSpan>();
            for (var run = 0; run < repetitions; run++)
            {
                times.Add((await SequentialAnalysisAsync(NewCompilation(), alone, collectionFreeBytes)).Times[analyzer]);
            }

            var ids = analyzer.SupportedDiagnostics.Select(d => d.Id).ToHashSet();
            analyzerCosts.Add(new AnalyzerCost(analyzer.GetType().Name, Median(times), Median(inPack[analyzer]), diagnostics.Count(d => ids.Contains(d.Id))));
        }

        var largest = trees.MaxBy(tree => tree.Length)!;
        var documentWithDriverOnly = new List<TimeSpan>();
        var documentWithPack = new List<TimeSpan>();
        for (var run = 0; run < repetitions; run++)
        {
            documentWithDriverOnly.Add(await MeasureDocumentAsync(NewCompilation(), largest, emptyAnalyzer));
            documentWithPack.Add(await MeasureDocumentAsync(NewCompilation(), largest, analyzers));
        }

        // The pack's allocations cost collections at the rate binding's do: binding's pause time per allocated byte.
        TimeSpan ShareOfCollections(long bytes) => TimeSpan.FromTicks((long)(bindingPause.Ticks * (double)bytes / Math.Max(1, allocatedByBinding)));
        var packAllocatedBytes = Median(packAllocated);
        var reportingAllocatedBytes = Median(reportingAllocated);
        var largestDocument = new DocumentCost(largest.FilePath, largest.GetText().Lines.Count, Median(documentWithDriverOnly), Median(documentWithPack));
        return new BenchmarkReport(
            corpus,
            sources.Count,
            lines,
            repetitions,
            first.Total,
            warmUpRounds,
            Median(bindOnly),
            Median(withDriverOnly),
            Median(withPack),
            Median(packExecution),
            ShareOfCollections(packAllocatedBytes),
            packAllocatedBytes,
            reportingAllocatedBytes,
            ShareOfCollections(reportingAllocatedBytes),
            undisturbedRuns,
            Median(besideCompiler),
            allocated,
            allocatedByDriverOnly,
            Process.GetCurrentProcess().PeakWorkingSet64,
            errors,
            analyzerCosts.ToImmutable(),
            largestDocument,
            InPrintedOrder(diagnostics));
    }

    /// <summary>The pack's diagnostics on the corpus, from one analysis, sorted as <see cref="Describe"/> prints them.</summary>
    /// <param name="allRules">Also report the rules that are off by default, as the <c>strict</c> preset does.</param>
    internal static async Task<ImmutableArray<Diagnostic>> DiagnosticsAsync(IReadOnlyList<(string Path, string Text)> sources, ImmutableArray<MetadataReference> references, ImmutableArray<DiagnosticAnalyzer> analyzers, bool allRules)
    {
        var compilation = CreateCompilation(Parse(sources), references);
        if (allRules)
        {
            var offByDefault = analyzers.SelectMany(analyzer => analyzer.SupportedDiagnostics).Where(rule => !rule.IsEnabledByDefault).Select(rule => rule.Id).Distinct();
            compilation = compilation.WithOptions(compilation.Options.WithSpecificDiagnosticOptions(offByDefault.Select(id => new KeyValuePair<string, ReportDiagnostic>(id, ReportDiagnostic.Info))));
        }

        var (_, diagnostics) = await AnalyzeAsync(compilation, analyzers);
        return InPrintedOrder(diagnostics);
    }

    private static ImmutableArray<Diagnostic> InPrintedOrder(ImmutableArray<Diagnostic> diagnostics) =>
        diagnostics.Sort((x, y) => string.CompareOrdinal(Describe(x), Describe(y)));

    private static ImmutableArray<SyntaxTree> Parse(IReadOnlyList<(string Path, string Text)> sources) =>
        sources.Select(source => CSharpSyntaxTree.ParseText(source.Text, CSharpParseOptions.Default.WithLanguageVersion(LanguageVersion.Latest), source.Path)).ToImmutableArray();

    private static CSharpCompilation CreateCompilation(ImmutableArray<SyntaxTree> trees, ImmutableArray<MetadataReference> references) => CSharpCompilation.Create(
        "Corpus",
        trees,
        references,
        new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, concurrentBuild: true));

    /// <summary>A diagnostic as a build prints it, with the path relative to the corpus.</summary>
    internal static string Describe(Diagnostic diagnostic)
    {
        var span = diagnostic.Location.GetLineSpan();
        return FormattableString.Invariant($"{span.Path}({span.StartLinePosition.Line + 1},{span.StartLinePosition.Character + 1}): {diagnostic.Severity.ToString().ToLowerInvariant()} {diagnostic.Id}: {diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}");
    }

    /// <summary>The semantic diagnostics of one document, as the IDE asks for them after an edit.</summary>
    private static async Task<TimeSpan> MeasureDocumentAsync(Compilation compilation, SyntaxTree tree, ImmutableArray<DiagnosticAnalyzer> analyzers)
    {
        var analysis = compilation.WithAnalyzers(analyzers, Options(concurrent: true));
        Settle();
        var clock = Stopwatch.StartNew();
        await analysis.GetAnalyzerSemanticDiagnosticsAsync(compilation.GetSemanticModel(tree), filterSpan: null, CancellationToken.None);
        return clock.Elapsed;
    }

    private static async Task<(CompilationWithAnalyzers Analysis, ImmutableArray<Diagnostic> Diagnostics)> AnalyzeAsync(
        Compilation compilation,
        ImmutableArray<DiagnosticAnalyzer> analyzers,
        bool concurrent = true)
    {
        var analysis = compilation.WithAnalyzers(analyzers, Options(concurrent, logExecutionTime: true));
        return (analysis, await analysis.GetAnalyzerDiagnosticsAsync(CancellationToken.None));
    }

    private static CompilationWithAnalyzersOptions Options(bool concurrent, bool logExecutionTime = false) =>
        new(new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty), onAnalyzerException: null, concurrentAnalysis: concurrent, logAnalyzerExecutionTime: logExecutionTime);

    /// <summary>
    /// One analysis of the compilation without concurrent actions, on a settled heap: each analyzer's execution time and
    /// the bytes the analysis allocated. The compilation's declarations are bound first: a build binds them in its
    /// declaration pass, beside the analyzers' start, and otherwise the first analyzer to look a type up is charged for
    /// binding the compilation's references and loading the namespaces they declare. <see cref="CompilationWithAnalyzers"/>
    /// analyzes a copy of the compilation it is given, on which that pass must run again: <see cref="DeclarationPass"/>
    /// runs it there, before the analyzers start, with the binding of every member's code the driver makes for
    /// operation actions, and its time is no analyzer's. Given a number of bytes, the analysis is undisturbed: the
    /// compilation binds on one thread, and no collection runs while those bytes last; without, the compiler's threads
    /// and collections run beside the analyzers as in a build.
    /// </summary>
    private static async Task<SequentialRun> SequentialAnalysisAsync(Compilation compilation, ImmutableArray<DiagnosticAnalyzer> analyzers, long collectionFreeBytes)
    {
        if (collectionFreeBytes > 0)
        {
            compilation = compilation.WithOptions(compilation.Options.WithConcurrentBuild(false));
        }

        compilation.GetDeclarationDiagnostics();
        Settle();
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var collectionsHeldOff = collectionFreeBytes > 0 && TryHoldOffCollections(collectionFreeBytes);
        var (analysis, _) = await AnalyzeAsync(compilation, analyzers.Insert(0, new DeclarationPass()), concurrent: false);
        var undisturbed = collectionsHeldOff && EndHoldingOffCollections();
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        var times = new Dictionary<DiagnosticAnalyzer, TimeSpan>();
        foreach (var analyzer in analyzers)
        {
            times[analyzer] = (await analysis.GetAnalyzerTelemetryInfoAsync(analyzer, CancellationToken.None)).ExecutionTime;
        }

        return new SequentialRun(times, allocated, undisturbed);
    }

    /// <summary>
    /// Runs the pack until the JIT falls quiet: at least <see cref="MinWarmUpRounds"/> rounds, then until
    /// <see cref="QuietRounds"/> rounds in a row each compile fewer than <see cref="QuietMethodsPerRound"/> methods, at
    /// most <see cref="MaxWarmUpRounds"/>. The JIT compiles code quickly first and recompiles with its optimizer what
    /// has run a while, after a delay that restarts while other methods are still being compiled; code that runs a few
    /// times per analysis gets there only over many analyses. The pack's time falls with it, and on two cores it falls
    /// unevenly — slower and faster rounds alternate while the JIT's thread competes with the analysis — so a rule
    /// that stops when the time stops falling stops on a fast round long before the end: on Ocelot's sources it
    /// stopped after 8 to 11 rounds at 33 to 52 ms, while the JIT still compiled 500 to 2,000 methods a round, and the
    /// pack settled at a steady 25 to 30 ms only when the JIT had fallen quiet, some twenty rounds in.
    /// </summary>
    private static async Task<ImmutableArray<WarmUpRound>> WarmUpAsync(Func<Compilation> newCompilation, ImmutableArray<DiagnosticAnalyzer> analyzers, long collectionFreeBytes)
    {
        var quietRounds = 0;
        var rounds = ImmutableArray.CreateBuilder<WarmUpRound>();
        while (rounds.Count < MinWarmUpRounds || (rounds.Count < MaxWarmUpRounds && quietRounds < QuietRounds))
        {
            var compiledBefore = JitInfo.GetCompiledMethodCount();
            var total = (await SequentialAnalysisAsync(newCompilation(), analyzers, collectionFreeBytes)).Total;
            var compiled = JitInfo.GetCompiledMethodCount() - compiledBefore;
            rounds.Add(new WarmUpRound(total, compiled));
            quietRounds = compiled < QuietMethodsPerRound ? quietRounds + 1 : 0;
        }

        return rounds.ToImmutable();
    }

    /// <summary>Starts a no-GC region of the given size; false when the runtime cannot reserve that much.</summary>
    private static bool TryHoldOffCollections(long bytes)
    {
        try
        {
            return GC.TryStartNoGCRegion(bytes);
        }
        catch (ArgumentOutOfRangeException)
        {
            return false;
        }
    }

    /// <summary>Ends the no-GC region; false when the analysis outgrew it and a collection ended it early.</summary>
    private static bool EndHoldingOffCollections()
    {
        if (GCSettings.LatencyMode != GCLatencyMode.NoGCRegion)
        {
            return false;
        }

        GC.EndNoGCRegion();
        return true;
    }

    /// <summary>
    /// Collects the garbage of the previous measurement before the next starts, so that a full collection it left behind
    /// does not land in whichever analyzer happens to be running.
    /// </summary>
    private static void Settle()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }

    private static TimeSpan Measure(Action action)
    {
        var clock = Stopwatch.StartNew();
        action();
        return clock.Elapsed;
    }

    /// <summary>One sequential analysis: each analyzer's execution time, the bytes allocated, and whether it ran undisturbed.</summary>
    private sealed record SequentialRun(Dictionary<DiagnosticAnalyzer, TimeSpan> Times, long AllocatedBytes, bool Undisturbed)
    {
        internal TimeSpan Total => new(Times.Values.Sum(time => time.Ticks));
    }

    private static T Median<T>(List<T> values) => values.Order().ElementAt(values.Count / 2);
}

/// <summary>Registers operation actions of the kinds the pack uses and does nothing in them: the driver's cost alone.</summary>
#pragma warning disable RS1001 // Handed to the compilation directly, never loaded as a compiler extension.
internal sealed class EmptyOperationAnalyzer : DiagnosticAnalyzer
#pragma warning restore RS1001
{
    // The driver skips an analyzer whose every diagnostic is off, so it declares one it never reports.
#pragma warning disable RS2008 // A benchmark control, not a shipped rule.
    internal static readonly DiagnosticDescriptor NeverReported = new("BENCH0001", "Never reported", "Never reported", "Benchmark", DiagnosticSeverity.Warning, isEnabledByDefault: true);
#pragma warning restore RS2008

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(NeverReported);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterOperationAction(_ => { }, OperationKind.Invocation, OperationKind.ObjectCreation, OperationKind.SimpleAssignment, OperationKind.Loop, OperationKind.MethodBody);
    }
}

/// <summary>
/// Reports the given diagnostics, each while its file is analyzed, and does nothing else: what the driver spends on the
/// pack's findings apart from finding them. For each diagnostic in code the driver looks for a suppression attribute on
/// the symbols around it, through a semantic model of its own, which binds the member again when the diagnostic lies
/// among its locals or lambdas. Like the pack's analyzers, it asks the driver not to filter the diagnostics out of
/// generated code, which each was found outside of.
/// </summary>
#pragma warning disable RS1001 // Handed to the compilation directly, never loaded as a compiler extension.
internal sealed class DiagnosticReplay(ImmutableArray<Diagnostic> diagnostics) : DiagnosticAnalyzer
#pragma warning restore RS1001
{
    private readonly ILookup<SyntaxTree, Diagnostic> byFile = diagnostics.Where(d => d.Location.SourceTree is not null).ToLookup(d => d.Location.SourceTree!);

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        diagnostics.Select(d => d.Descriptor).Append(EmptyOperationAnalyzer.NeverReported).Distinct().ToImmutableArray();

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.ReportDiagnostics);
        context.RegisterSyntaxTreeAction(c =>
        {
            foreach (var diagnostic in byFile[c.Tree])
            {
                c.ReportDiagnostic(diagnostic);
            }
        });
    }
}

/// <summary>
/// Binds, when the analysis starts and before any other analyzer does, what would be bound whatever the pack does: the
/// declarations of the compilation the analyzers see — the declaration pass of a build, which binds the references and
/// loads the namespaces the source names — and the code of every member, on the file's model the driver keeps for the
/// analysis — the driver binds each member to hand its operations to any analyzer with operation actions, the cost
/// of the empty operation analyzer. Without it, a rule that reads another member of a type (the uses of a field, say)
/// before the driver reaches that member is charged for binding it, and the driver then finds it bound.
/// </summary>
#pragma warning disable RS1001 // Handed to the compilation directly, never loaded as a compiler extension.
internal sealed class DeclarationPass : DiagnosticAnalyzer
#pragma warning restore RS1001
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(EmptyOperationAnalyzer.NeverReported);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
#pragma warning disable RS1012 // The start is the point: it binds before the other analyzers start, and registers nothing.
        context.RegisterCompilationStartAction(start =>
        {
            start.Compilation.GetDeclarationDiagnostics(start.CancellationToken);
            foreach (var tree in start.Compilation.SyntaxTrees)
            {
#pragma warning disable RS1030 // The driver's own model of the file, cached for the analysis: the one its operation actions read.
                var model = start.Compilation.GetSemanticModel(tree);
#pragma warning restore RS1030
                foreach (var body in tree.GetRoot(start.CancellationToken).DescendantNodes(node => !IsExecutableCode(node)).Where(IsExecutableCode))
                {
                    model.GetOperation(body, start.CancellationToken);
                }
            }
        });
#pragma warning restore RS1012
    }

    /// <summary>A member's code, which the driver binds for operation actions: a body, an accessor, an initializer.</summary>
    private static bool IsExecutableCode(SyntaxNode node) => node is BaseMethodDeclarationSyntax or AccessorDeclarationSyntax or GlobalStatementSyntax
        or ArrowExpressionClauseSyntax { Parent: PropertyDeclarationSyntax or IndexerDeclarationSyntax }
        or EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax { Parent.Parent: FieldDeclarationSyntax } or PropertyDeclarationSyntax or ParameterSyntax or EnumMemberDeclarationSyntax };
}
