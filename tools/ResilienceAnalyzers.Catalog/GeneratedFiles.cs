using System;
using System.Collections.Immutable;
using System.Linq;

namespace ResilienceAnalyzers.Catalog;

/// <summary>Every file generated from the rule catalogue, by its path from the repository root.</summary>
public static class GeneratedFiles
{
    public const string RegenerateCommand = "dotnet run --project tools/ResilienceAnalyzers.Catalog";

    public static ImmutableArray<(string Path, Func<string> Render)> All { get; } =
        ImmutableArray.Create<(string, Func<string>)>(
            (RulesTable.FileName, RulesTable.Render),
            (ConfigurationReference.RepositoryPath, ConfigurationReference.Render))
        .AddRange(SeverityPresets.Modes.Select(mode => (SeverityPresets.RepositoryPath(mode), (Func<string>)(() => SeverityPresets.Render(mode)))));
}
