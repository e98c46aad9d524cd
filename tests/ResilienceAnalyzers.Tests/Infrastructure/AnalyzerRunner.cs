using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
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
    internal static async Task<ImmutableArray<Diagnostic>> RunAsync(
        IEnumerable<DiagnosticAnalyzer> analyzers,
        IEnumerable<string> sources,
        ImmutableArray<MetadataReference> references)
    {
        var trees = sources.Select((source, index) => CSharpSyntaxTree.ParseText(source, CSharpParseOptions.Default.WithLanguageVersion(LanguageVersion.Latest), path: $"/src/File{index}.cs"));
        var compilation = CSharpCompilation.Create(
            "Analyzed",
            trees,
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

        var failures = new ConcurrentQueue<string>();
        var options = new CompilationWithAnalyzersOptions(
            new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty),
            onAnalyzerException: (exception, analyzer, _) => failures.Enqueue($"{analyzer.GetType().Name}: {exception}"),
            concurrentAnalysis: false,
            logAnalyzerExecutionTime: false);

        var diagnostics = await compilation
            .WithAnalyzers(analyzers.ToImmutableArray(), options)
            .GetAnalyzerDiagnosticsAsync(CancellationToken.None);

        Assert.True(failures.IsEmpty, string.Join(Environment.NewLine, failures));
        Assert.DoesNotContain(diagnostics, d => d.Id == "AD0001");
        return diagnostics;
    }

    internal static Task<ImmutableArray<Diagnostic>> RunAsync(DiagnosticAnalyzer analyzer, string source) =>
        RunAsync(new[] { analyzer }, new[] { source }, ReferenceSets.Net);
}
