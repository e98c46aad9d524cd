using System;
using System.Collections.Immutable;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;

namespace ResilienceAnalyzers.Catalog;

/// <summary>
/// One rule as the shipped assemblies declare it: its live descriptor and, when it also reports from facts spread over
/// the compilation, whether it has a compilation-end form (same ID, title and severity).
/// </summary>
public sealed record Rule(DiagnosticDescriptor Descriptor, Type Analyzer, Type? CodeFix, bool ReportedAtCompilationEnd)
{
    public string Id => Descriptor.Id;
}

/// <summary>
/// The rule catalogue, read by reflection off the shipped analyzer and code-fix assemblies: every
/// <see cref="DiagnosticAnalyzer"/>'s supported descriptors and the <see cref="CodeFixProvider"/> that fixes each.
/// </summary>
public static class RuleCatalog
{
    /// <summary>The assembly holding the analyzers (ResilienceAnalyzers.dll).</summary>
    public static Assembly AnalyzerAssembly { get; } = typeof(QueueOverload.RES3001UnboundedQueueAnalyzer).Assembly;

    /// <summary>The assembly holding the code fixes (ResilienceAnalyzers.CodeFixes.dll).</summary>
    public static Assembly CodeFixAssembly { get; } = typeof(CodeFixes.QueueOverload.RES3001UnboundedQueueCodeFix).Assembly;

    public static ImmutableArray<DiagnosticAnalyzer> Analyzers { get; } = Instantiate<DiagnosticAnalyzer>(AnalyzerAssembly);

    public static ImmutableArray<CodeFixProvider> CodeFixes { get; } = Instantiate<CodeFixProvider>(CodeFixAssembly);

    /// <summary>Every diagnostic suppression the pack's suppressors make, sorted by ID.</summary>
    public static ImmutableArray<SuppressionDescriptor> Suppressions { get; } = Analyzers
        .OfType<DiagnosticSuppressor>()
        .SelectMany(suppressor => suppressor.SupportedSuppressions)
        .OrderBy(suppression => suppression.Id, StringComparer.Ordinal)
        .ToImmutableArray();

    /// <summary>Every rule, sorted by ID.</summary>
    public static ImmutableArray<Rule> Rules { get; } = LoadRules();

    private static ImmutableArray<Rule> LoadRules()
    {
        var fixers = CodeFixes
            .SelectMany(fix => fix.FixableDiagnosticIds.Select(id => (id, fix)))
            .ToLookup(pair => pair.id, pair => pair.fix.GetType());

        return Analyzers
            .SelectMany(analyzer => analyzer.SupportedDiagnostics
                .GroupBy(descriptor => descriptor.Id)
                .Select(forms => new Rule(
                    forms.FirstOrDefault(descriptor => !IsCompilationEnd(descriptor)) ?? forms.First(),
                    analyzer.GetType(),
                    fixers[forms.Key].FirstOrDefault(),
                    forms.Any(IsCompilationEnd))))
            .OrderBy(rule => rule.Id, StringComparer.Ordinal)
            .ToImmutableArray();
    }

    /// <summary>True for the descriptor of a rule's form reported at compilation end.</summary>
    public static bool IsCompilationEnd(DiagnosticDescriptor descriptor) => descriptor.CustomTags.Contains(WellKnownDiagnosticTags.CompilationEnd);

    private static ImmutableArray<T> Instantiate<T>(Assembly assembly) =>
        assembly.GetTypes()
            .Where(type => typeof(T).IsAssignableFrom(type) && !type.IsAbstract)
            .OrderBy(type => type.FullName, StringComparer.Ordinal)
            .Select(type => (T)Activator.CreateInstance(type)!)
            .ToImmutableArray();

    /// <summary>The severity a rule has by default, as users see it: Warning, Info or Disabled.</summary>
    public static string DefaultLevel(this DiagnosticDescriptor descriptor) =>
        !descriptor.IsEnabledByDefault ? "Disabled" : descriptor.DefaultSeverity.ToString();

}
