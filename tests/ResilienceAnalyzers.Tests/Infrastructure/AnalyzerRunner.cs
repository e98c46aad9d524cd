using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;

namespace ResilienceAnalyzers.Tests.Infrastructure;

/// <summary>
/// Runs analyzers over sources that need not compile (half-typed code, samples) and fails on any analyzer exception,
/// naming the analyzer and the exception.
/// </summary>
internal static class AnalyzerRunner
{
    internal static Task<ImmutableArray<Diagnostic>> RunAsync(
        IEnumerable<DiagnosticAnalyzer> analyzers,
        IEnumerable<string> sources,
        ImmutableArray<MetadataReference> references) =>
        RunAsync(analyzers, Compile(sources.Select((source, index) => Parse(source, $"/src/File{index}.cs")), references, OutputKind.DynamicallyLinkedLibrary));

    /// <summary>Runs analyzers and suppressors over one source; suppressed diagnostics are returned too, marked <c>IsSuppressed</c>.</summary>
    /// <param name="enabledRules">Rules that are off by default (CA2000, CA1001) to turn on as warnings.</param>
    internal static Task<ImmutableArray<Diagnostic>> RunWithSuppressionsAsync(
        IEnumerable<DiagnosticAnalyzer> analyzers,
        string source,
        ImmutableArray<MetadataReference> references,
        params string[] enabledRules)
    {
        var compilation = Compile(new[] { Parse(source, "/src/File0.cs") }, references, OutputKind.DynamicallyLinkedLibrary);
        var warnings = enabledRules.ToImmutableDictionary(id => id, _ => ReportDiagnostic.Warn);
        return RunAsync(analyzers, compilation.WithOptions(compilation.Options.WithSpecificDiagnosticOptions(warnings)), reportSuppressed: true);
    }

    /// <summary>How many diagnostics of its own rules one analyzer reports on one source, which need not compile.</summary>
    internal static Task<int> CountAsync(DiagnosticAnalyzer analyzer, string source, ImmutableArray<MetadataReference> references) =>
        CountAsync(analyzer, new[] { source }, references);

    /// <summary>How many diagnostics of its own rules one analyzer reports on a program of several files, which need not compile.</summary>
    internal static async Task<int> CountAsync(DiagnosticAnalyzer analyzer, IEnumerable<string> sources, ImmutableArray<MetadataReference> references)
    {
        var ids = analyzer.SupportedDiagnostics.Select(d => d.Id).ToHashSet();
        var diagnostics = await RunAsync(new[] { analyzer }, sources, references);
        return diagnostics.Count(d => ids.Contains(d.Id));
    }

    /// <summary>Compiles a program's (or a library's) files and returns the analyzers' diagnostics and the compiler's errors.</summary>
    internal static async Task<(ImmutableArray<Diagnostic> Diagnostics, ImmutableArray<Diagnostic> CompilerErrors)> RunOnFilesAsync(
        IEnumerable<DiagnosticAnalyzer> analyzers,
        IEnumerable<string> paths,
        ImmutableArray<MetadataReference> references,
        OutputKind kind = OutputKind.ConsoleApplication)
    {
        var compilation = Compile(paths.Select(path => Parse(File.ReadAllText(path), path)), references, kind);
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToImmutableArray();
        return (await RunAsync(analyzers, compilation), errors);
    }

    /// <summary>Runs analyzers over a program's files, with the driver's concurrent execution on or off.</summary>
    internal static Task<ImmutableArray<Diagnostic>> RunAsync(IEnumerable<DiagnosticAnalyzer> analyzers, IEnumerable<(string Path, string Text)> files, ImmutableArray<MetadataReference> references, bool concurrent) =>
        RunAsync(analyzers, Compile(files.Select(file => Parse(file.Text, file.Path)), references, OutputKind.DynamicallyLinkedLibrary), concurrent: concurrent);

    /// <summary>
    /// The diagnostics of one document analyzed alone within a span, as the IDE asks after an edit — and, to compare,
    /// the diagnostics of the whole compilation.
    /// </summary>
    internal static async Task<(ImmutableArray<Diagnostic> InSpan, ImmutableArray<Diagnostic> Whole)> RunOnSpanAsync(
        DiagnosticAnalyzer analyzer,
        string source,
        IEnumerable<string> otherFiles,
        ImmutableArray<MetadataReference> references,
        Func<SyntaxTree, ImmutableArray<Diagnostic>, Microsoft.CodeAnalysis.Text.TextSpan?> spanToAnalyze)
    {
        var analyzers = ImmutableArray.Create(analyzer);
        var sources = otherFiles.Prepend(source).ToList();
        Compilation NewCompilation() => Compile(sources.Select((text, index) => Parse(text, $"/src/File{index}.cs")), references, OutputKind.DynamicallyLinkedLibrary);
        var whole = await RunAsync(analyzers, NewCompilation());
        var compilation = NewCompilation();
        var tree = compilation.SyntaxTrees.First();
        if (spanToAnalyze(tree, whole) is not { } span)
        {
            return (ImmutableArray<Diagnostic>.Empty, whole);
        }

        var inSpan = await EnableRulesOffByDefault(compilation, analyzers)
            .WithAnalyzers(analyzers, new CompilationWithAnalyzersOptions(new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty), onAnalyzerException: null, concurrentAnalysis: true, logAnalyzerExecutionTime: false))
            .GetAnalyzerSemanticDiagnosticsAsync(compilation.GetSemanticModel(tree), span, CancellationToken.None);
        return (inSpan, whole);
    }

    /// <summary>
    /// Turns on, as suggestions, the analyzers' rules that are off by default (audit rules such as RES3002): the tests
    /// exercise what a rule reports once a team enables it. Rules the caller configured keep their setting.
    /// </summary>
    private static Compilation EnableRulesOffByDefault(Compilation compilation, IEnumerable<DiagnosticAnalyzer> analyzers)
    {
        var configured = compilation.Options.SpecificDiagnosticOptions;
        var enabled = analyzers
            .SelectMany(analyzer => analyzer.SupportedDiagnostics)
            .Where(rule => !rule.IsEnabledByDefault && !configured.ContainsKey(rule.Id))
            .Select(rule => rule.Id)
            .Distinct()
            .ToList();
        return enabled.Count == 0
            ? compilation
            : compilation.WithOptions(compilation.Options.WithSpecificDiagnosticOptions(configured.SetItems(enabled.Select(id => new KeyValuePair<string, ReportDiagnostic>(id, ReportDiagnostic.Info)))));
    }

    private static SyntaxTree Parse(string source, string path) =>
        CSharpSyntaxTree.ParseText(source, CSharpParseOptions.Default.WithLanguageVersion(LanguageVersion.Latest), path);

    private static CSharpCompilation Compile(IEnumerable<SyntaxTree> trees, ImmutableArray<MetadataReference> references, OutputKind kind) =>
        CSharpCompilation.Create(
            "Analyzed",
            trees,
            references,
            new CSharpCompilationOptions(kind, nullableContextOptions: NullableContextOptions.Enable));

    private static async Task<ImmutableArray<Diagnostic>> RunAsync(IEnumerable<DiagnosticAnalyzer> analyzers, Compilation compilation, bool reportSuppressed = false, bool concurrent = false)
    {
        var failures = new ConcurrentQueue<string>();
        var options = new CompilationWithAnalyzersOptions(
            new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty),
            onAnalyzerException: (exception, analyzer, _) => failures.Enqueue($"{analyzer.GetType().Name}: {exception}"),
            concurrentAnalysis: concurrent,
            logAnalyzerExecutionTime: false,
            reportSuppressedDiagnostics: reportSuppressed);

        var diagnostics = await EnableRulesOffByDefault(compilation, analyzers)
            .WithAnalyzers(analyzers.ToImmutableArray(), options)
            .GetAnalyzerDiagnosticsAsync(CancellationToken.None);

        Assert.True(failures.IsEmpty, string.Join(Environment.NewLine, failures));
        Assert.DoesNotContain(diagnostics, d => d.Id == "AD0001");
        return diagnostics;
    }
}
