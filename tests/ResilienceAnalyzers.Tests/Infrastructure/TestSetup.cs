using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace ResilienceAnalyzers.Tests.Infrastructure;

internal static class TestSetup
{
    /// <summary>
    /// A framework with no reference package, so Microsoft.CodeAnalysis.Testing resolves nothing from NuGet; the
    /// references come from <see cref="ReferenceSets"/> instead.
    /// </summary>
    internal static readonly ReferenceAssemblies NoPackages = new("net10.0");

    internal static void Apply(SolutionState state, ImmutableArray<MetadataReference> references)
    {
        state.ReferenceAssemblies = NoPackages;
        state.AdditionalReferences.AddRange(references);
    }

    /// <summary>
    /// The expected diagnostic of a rule's live form, or of its compilation-end form: a rule with both has two
    /// descriptors under one ID, which the testing library cannot tell apart by ID.
    /// </summary>
    internal static DiagnosticResult Diagnostic(DiagnosticAnalyzer analyzer, string diagnosticId, bool atCompilationEnd) =>
        new(analyzer.SupportedDiagnostics.Single(d => d.Id == diagnosticId && IsCompilationEnd(d) == atCompilationEnd));

    /// <summary>What <c>[|...|]</c> markup stands for: the live form of the analyzer's first rule.</summary>
    internal static DiagnosticDescriptor? DefaultDiagnostic(DiagnosticAnalyzer[] analyzers) =>
        analyzers.SelectMany(analyzer => analyzer.SupportedDiagnostics).FirstOrDefault(d => !IsCompilationEnd(d));

    private static bool IsCompilationEnd(DiagnosticDescriptor descriptor) => descriptor.CustomTags.Contains(WellKnownDiagnosticTags.CompilationEnd);
}
