using System.Collections.Immutable;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace ResilienceAnalyzers.Tests.Infrastructure;

/// <summary>Verifies an analyzer with its code fix; <c>VerifyCodeFixAsync</c> also checks Fix All in document, project and solution.</summary>
public static class CSharpCodeFixVerifier<TAnalyzer, TCodeFix>
    where TAnalyzer : DiagnosticAnalyzer, new()
    where TCodeFix : CodeFixProvider, new()
{
    public static DiagnosticResult Diagnostic(string diagnosticId) => TestSetup.Diagnostic(new TAnalyzer(), diagnosticId, atCompilationEnd: false);

    /// <summary>The diagnostic of the rule's form that is reported at compilation end.</summary>
    public static DiagnosticResult CompilationEndDiagnostic(string diagnosticId) => TestSetup.Diagnostic(new TAnalyzer(), diagnosticId, atCompilationEnd: true);

    public static Task VerifyAnalyzerAsync(string source, params DiagnosticResult[] expected) =>
        CSharpAnalyzerVerifier<TAnalyzer>.VerifyAnalyzerAsync(source, expected);

    public static Task VerifyAnalyzerAsync(string source, ImmutableArray<MetadataReference> references, params DiagnosticResult[] expected) =>
        CSharpAnalyzerVerifier<TAnalyzer>.VerifyAnalyzerAsync(source, references, expected);

    public static Task VerifyCodeFixAsync(string source, string fixedSource) =>
        VerifyCodeFixAsync(source, fixedSource, ReferenceSets.Net);

    public static Task VerifyCodeFixAsync(string source, string fixedSource, ImmutableArray<MetadataReference> references, params DiagnosticResult[] expected)
    {
        var test = new Test(references) { TestCode = source, FixedCode = fixedSource };
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync(CancellationToken.None);
    }

    /// <summary>Verifies the diagnostics and that no fix is offered for them: the fixed code is the source itself.</summary>
    public static Task VerifyNoCodeFixAsync(string source, ImmutableArray<MetadataReference> references, params DiagnosticResult[] expected) =>
        VerifyCodeFixAsync(source, source, references, expected);

    public sealed class Test : CSharpCodeFixTest<TAnalyzer, TCodeFix, DefaultVerifier>
    {
        public Test(ImmutableArray<MetadataReference> references) => TestSetup.Apply(TestState, references);

        public Test()
            : this(ReferenceSets.Net)
        {
        }

        protected override DiagnosticDescriptor? GetDefaultDiagnostic(DiagnosticAnalyzer[] analyzers) => TestSetup.DefaultDiagnostic(analyzers);
    }
}
