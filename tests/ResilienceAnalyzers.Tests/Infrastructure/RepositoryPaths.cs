using System;
using System.IO;

namespace ResilienceAnalyzers.Tests.Infrastructure;

internal static class RepositoryPaths
{
    /// <summary>The repository root: the nearest folder above the test assembly holding ResilienceAnalyzers.sln.</summary>
    internal static string Root { get; } = FindRoot();

    internal static string Combine(params string[] parts) => Path.Combine(Root, Path.Combine(parts));

    private static string FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "ResilienceAnalyzers.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"No ResilienceAnalyzers.sln above {AppContext.BaseDirectory}.");
    }
}
