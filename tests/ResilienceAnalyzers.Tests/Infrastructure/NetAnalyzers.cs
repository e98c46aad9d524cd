using System;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace ResilienceAnalyzers.Tests.Infrastructure;

/// <summary>
/// The .NET SDK's code-quality analyzers (Microsoft.CodeAnalysis.NetAnalyzers), restored by the test project and copied
/// to its output's NetAnalyzers folder, so suppressor tests run the real rules they suppress.
/// </summary>
internal static class NetAnalyzers
{
    private static readonly Lazy<ImmutableArray<DiagnosticAnalyzer>> CSharpAnalyzers = new(Load);

    /// <summary>The C# analyzers that report <paramref name="diagnosticId"/>.</summary>
    internal static ImmutableArray<DiagnosticAnalyzer> Reporting(string diagnosticId)
    {
        var analyzers = CSharpAnalyzers.Value.Where(analyzer => analyzer.SupportedDiagnostics.Any(d => d.Id == diagnosticId)).ToImmutableArray();
        return analyzers.IsEmpty ? throw new InvalidOperationException($"No analyzer in Microsoft.CodeAnalysis.NetAnalyzers reports {diagnosticId}.") : analyzers;
    }

    private static ImmutableArray<DiagnosticAnalyzer> Load()
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "DisposeAnalyzers");
        if (!Directory.Exists(folder))
        {
            throw new InvalidOperationException($"{folder} is missing: the test project copies Microsoft.CodeAnalysis.NetAnalyzers there when it builds.");
        }

        return Directory.GetFiles(folder, "*.dll")
            .Select(Assembly.LoadFrom)
            .SelectMany(assembly => assembly.GetTypes())
            .Where(type => !type.IsAbstract
                && typeof(DiagnosticAnalyzer).IsAssignableFrom(type)
                && type.GetCustomAttributes<DiagnosticAnalyzerAttribute>().Any(attribute => attribute.Languages.Contains(LanguageNames.CSharp)))
            .Select(type => (DiagnosticAnalyzer)Activator.CreateInstance(type)!)
            .ToImmutableArray();
    }
}
