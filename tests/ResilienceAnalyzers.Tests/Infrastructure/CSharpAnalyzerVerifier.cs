using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace ResilienceAnalyzers.Tests.Infrastructure;

/// <summary>Verifies an analyzer's diagnostics on markup sources (<c>{|RES3001:...|}</c>).</summary>
public static class CSharpAnalyzerVerifier<TAnalyzer>
    where TAnalyzer : DiagnosticAnalyzer, new()
{
    public static DiagnosticResult Diagnostic(string diagnosticId) => TestSetup.Diagnostic(new TAnalyzer(), diagnosticId, atCompilationEnd: false);

    /// <summary>The diagnostic of the rule's form that is reported at compilation end.</summary>
    public static DiagnosticResult CompilationEndDiagnostic(string diagnosticId) => TestSetup.Diagnostic(new TAnalyzer(), diagnosticId, atCompilationEnd: true);

    /// <summary>Verifies <paramref name="source"/> against the .NET reference set.</summary>
    public static Task VerifyAnalyzerAsync(string source, params DiagnosticResult[] expected) =>
        VerifyAnalyzerAsync(source, ReferenceSets.Net, expected);

    public static Task VerifyAnalyzerAsync(string source, ImmutableArray<MetadataReference> references, params DiagnosticResult[] expected)
    {
        var test = new Test(references) { TestCode = source };
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync(CancellationToken.None);
    }

    /// <summary>Verifies a program of several files, for rules that read facts across files.</summary>
    public static Task VerifyAnalyzerAsync(IEnumerable<string> sources, ImmutableArray<MetadataReference> references, params DiagnosticResult[] expected)
    {
        var test = new Test(references);
        foreach (var source in sources)
        {
            test.TestState.Sources.Add(source);
        }

        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync(CancellationToken.None);
    }

    public sealed class Test : CSharpAnalyzerTest<TAnalyzer, DefaultVerifier>
    {
        public Test(ImmutableArray<MetadataReference> references) => TestSetup.Apply(TestState, references);

        public Test()
            : this(ReferenceSets.Net)
        {
        }

        protected override DiagnosticDescriptor? GetDefaultDiagnostic(DiagnosticAnalyzer[] analyzers) => TestSetup.DefaultDiagnostic(analyzers);
    }
}
