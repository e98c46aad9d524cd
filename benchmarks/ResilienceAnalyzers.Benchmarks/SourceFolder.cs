using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;

namespace ResilienceAnalyzers.Benchmarks;

/// <summary>
/// The C# sources of a real repository, read as loose files: every <c>.cs</c> file under a folder except build output,
/// test projects and examples (tests hold deliberate failures and fakes, examples and documentation snippets show an
/// API's every option on purpose; neither is the service code the pack is for). The files compile
/// together in one compilation against the benchmark's references, with the implicit usings of an ASP.NET Core project,
/// so code that binds in its own project mostly binds here; what does not bind is skipped by the rules as half-typed code.
/// </summary>
internal static partial class SourceFolder
{
    /// <summary>The usings <c>Microsoft.NET.Sdk.Web</c> adds to a project with implicit usings on.</summary>
    internal const string ImplicitUsings = """
        global using global::System;
        global using global::System.Collections.Generic;
        global using global::System.IO;
        global using global::System.Linq;
        global using global::System.Net.Http;
        global using global::System.Net.Http.Json;
        global using global::System.Threading;
        global using global::System.Threading.Tasks;
        global using global::Microsoft.AspNetCore.Builder;
        global using global::Microsoft.AspNetCore.Hosting;
        global using global::Microsoft.AspNetCore.Http;
        global using global::Microsoft.AspNetCore.Routing;
        global using global::Microsoft.Extensions.Configuration;
        global using global::Microsoft.Extensions.DependencyInjection;
        global using global::Microsoft.Extensions.Hosting;
        global using global::Microsoft.Extensions.Logging;
        """;

    private static readonly string[] SourceFilePatterns = ["*.cs"];

    private static readonly string[] ProjectFilePatterns = ["*.csproj", "*.props", "*.targets"];

    private static readonly string[] ImportedBuildFiles = ["Directory.Build.props", "Directory.Build.targets"];

    private static readonly string[] SkippedFolders = ["bin", "obj", "test", "tests", "testing", "benchmarks", "samples", "examples", "snippets"];

    private static readonly string[] SkippedFolderSuffixes = [".Tests", ".Test", ".UnitTests", ".IntegrationTests", ".Benchmarks", ".Samples", ".Examples"];

    /// <summary>The service sources under <paramref name="folder"/>, paths relative to it, plus the implicit usings.</summary>
    internal static IReadOnlyList<(string Path, string Text)> Read(string folder)
    {
        var root = Path.GetFullPath(folder);
        var sources = ServiceFiles(root, SourceFilePatterns)
            .Order(StringComparer.Ordinal)
            .Select(path => (path.Replace('\\', '/'), File.ReadAllText(Path.Combine(root, path))))
            .ToList();
        sources.Add(("ImplicitUsings.g.cs", ImplicitUsings));
        return sources;
    }

    /// <summary>
    /// The packages the projects under <paramref name="folder"/> reference — in their project files, and in the
    /// <c>Directory.Build</c> files under it or above it, which every project below them imports — test projects left out.
    /// </summary>
    internal static IReadOnlySet<string> DeclaredPackages(string folder)
    {
        var root = Path.GetFullPath(folder);
        var projectFiles = ServiceFiles(root, ProjectFilePatterns).Select(path => Path.Combine(root, path));
        var importedFromAbove = Ancestors(root).SelectMany(parent => ImportedBuildFiles.Select(name => Path.Combine(parent, name))).Where(File.Exists);
        return projectFiles.Concat(importedFromAbove)
            .SelectMany(path => PackageReference().Matches(File.ReadAllText(path)))
            .Select(match => match.Groups["package"].Value)
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The files under <paramref name="root"/> that match the patterns, outside test projects and skipped folders, paths relative to it.</summary>
    private static IEnumerable<string> ServiceFiles(string root, string[] patterns)
    {
        var testProjectFolders = TestProjectFolders(root);
        return patterns
            .SelectMany(pattern => Directory.EnumerateFiles(root, pattern, SearchOption.AllDirectories))
            .Where(path => !testProjectFolders.Any(testFolder => path.StartsWith(testFolder, StringComparison.Ordinal)))
            .Select(path => Path.GetRelativePath(root, path))
            .Where(path => !IsSkipped(path));
    }

    private static IEnumerable<string> Ancestors(string folder)
    {
        for (var parent = Path.GetDirectoryName(folder); parent is not null; parent = Path.GetDirectoryName(parent))
        {
            yield return parent;
        }
    }

    [GeneratedRegex(@"<(?:Global)?PackageReference\s+Include\s*=\s*""(?<package>[^""]+)""")]
    private static partial Regex PackageReference();

    /// <summary>
    /// The folders of projects that reference the test SDK or say they are tests, whatever their folders are called
    /// (a gateway's tests in <c>unit/</c> and <c>acceptance/</c>, say), each ending with a separator.
    /// </summary>
    private static List<string> TestProjectFolders(string root) =>
        Directory.EnumerateFiles(root, "*.csproj", SearchOption.AllDirectories)
            .Where(project => File.ReadAllText(project) is var text
                && (text.Contains("Microsoft.NET.Test.Sdk", StringComparison.Ordinal) || text.Contains("<IsTestProject>true", StringComparison.OrdinalIgnoreCase)))
            .Select(project => Path.GetDirectoryName(project) + Path.DirectorySeparatorChar)
            .ToList();

    private static bool IsSkipped(string relativePath)
    {
        var parts = relativePath.Split(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);
        return parts.Take(parts.Length - 1).Any(folder =>
            SkippedFolders.Contains(folder, StringComparer.OrdinalIgnoreCase)
            || SkippedFolderSuffixes.Any(suffix => folder.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
            || folder.StartsWith("Test", StringComparison.Ordinal)
            || folder.Contains(".Test", StringComparison.Ordinal))
            || relativePath.EndsWith(".g.cs", StringComparison.OrdinalIgnoreCase)
            || relativePath.EndsWith(".Designer.cs", StringComparison.OrdinalIgnoreCase);
    }
}
