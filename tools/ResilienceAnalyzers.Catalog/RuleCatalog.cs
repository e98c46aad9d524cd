using System;
using System.Collections.Immutable;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;

namespace ResilienceAnalyzers.Catalog;

/// <summary>One rule as the shipped assemblies declare it.</summary>
public sealed record Rule(DiagnosticDescriptor Descriptor, Type Analyzer, Type? CodeFix)
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
            .SelectMany(analyzer => analyzer.SupportedDiagnostics.Select(descriptor => new Rule(descriptor, analyzer.GetType(), fixers[descriptor.Id].FirstOrDefault())))
            .OrderBy(rule => rule.Id, StringComparer.Ordinal)
            .ToImmutableArray();
    }

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
