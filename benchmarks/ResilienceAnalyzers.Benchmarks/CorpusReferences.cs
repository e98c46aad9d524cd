using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Text.Json;
using Microsoft.CodeAnalysis;

namespace ResilienceAnalyzers.Benchmarks;

/// <summary>Which assemblies a corpus compiles against.</summary>
internal enum ReferenceSet
{
    /// <summary>.NET, ASP.NET Core and every package this app holds: every API the rules read binds.</summary>
    All,

    /// <summary>
    /// .NET, ASP.NET Core and only the packages the repository's own project files reference, with their dependencies:
    /// what a build of that repository compiles against, as far as this app holds those packages. A rule whose API the
    /// repository does not reference then costs what it costs such a build.
    /// </summary>
    Declared,
}

/// <summary>The metadata references of a corpus, for each <see cref="ReferenceSet"/>.</summary>
internal static class CorpusReferences
{
    internal static ImmutableArray<MetadataReference> For(ReferenceSet set, string? sourceFolder) =>
        set == ReferenceSet.Declared && sourceFolder is not null
            ? Create(DeclaredAssemblies(SourceFolder.DeclaredPackages(sourceFolder)))
            : Create(AllAssemblies());

    private static ImmutableArray<MetadataReference> Create(IEnumerable<string> paths) =>
        paths.Select(path => (MetadataReference)MetadataReference.CreateFromFile(path)).ToImmutableArray();

    /// <summary>
    /// Every assembly the running app was given — .NET, ASP.NET Core and its packages — and those of its References
    /// folder, which it downloads but does not load.
    /// </summary>
    private static IEnumerable<string> AllAssemblies() =>
        ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Concat(DownloadedAssemblies());

    /// <summary>
    /// The assemblies of .NET's and ASP.NET Core's shared frameworks (ASP.NET Core's holds the Microsoft.Extensions
    /// libraries services reference as packages), and those of the app's packages that <paramref name="packages"/> name
    /// or depend on, in place of the framework's copy where a package brings a newer one.
    /// </summary>
    private static Dictionary<string, string>.ValueCollection DeclaredAssemblies(IReadOnlySet<string> packages)
    {
        var byName = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var frameworks = new[] { typeof(object), typeof(Microsoft.AspNetCore.Http.HttpContext) }.Select(type => Path.GetDirectoryName(type.Assembly.Location)!);
        foreach (var path in frameworks.SelectMany(folder => Directory.EnumerateFiles(folder, "*.dll")))
        {
            byName[Path.GetFileName(path)] = path;
        }

        var (appFolder, assembliesOfPackages) = PackagesOfTheApp(packages);
        foreach (var assembly in assembliesOfPackages)
        {
            byName[assembly] = Path.Combine(appFolder, assembly);
        }

        // A downloaded assembly is named as its package is, less the owner's prefix (Microsoft.Orleans.Core brings Orleans.Core.dll).
        foreach (var path in DownloadedAssemblies().Where(path => packages.Any(package => package.EndsWith("." + Path.GetFileNameWithoutExtension(path), StringComparison.OrdinalIgnoreCase))))
        {
            byName[Path.GetFileName(path)] = path;
        }

        return byName.Values;
    }

    /// <summary>The app's folder, and the file names of the assemblies of the named packages and of every package they depend on, read from the app's dependency manifest.</summary>
    private static (string Folder, IEnumerable<string> Assemblies) PackagesOfTheApp(IReadOnlySet<string> packages)
    {
        // The host lists the app's manifest first, then the frameworks', separated by semicolons on every platform.
        var manifest = ((string)AppContext.GetData("APP_CONTEXT_DEPS_FILES")!).Split(';')[0];
        using var document = JsonDocument.Parse(File.ReadAllText(manifest));
        var root = document.RootElement;
        var target = root.GetProperty("targets").GetProperty(root.GetProperty("runtimeTarget").GetProperty("name").GetString()!);
        var entries = target.EnumerateObject().ToDictionary(entry => entry.Name.Split('/')[0], entry => entry.Value, StringComparer.OrdinalIgnoreCase);

        var reached = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var pending = new Stack<string>(packages.Where(entries.ContainsKey));
        var assemblies = new List<string>();
        while (pending.TryPop(out var package))
        {
            if (!reached.Add(package))
            {
                continue;
            }

            var entry = entries[package];
            if (entry.TryGetProperty("runtime", out var runtime))
            {
                assemblies.AddRange(runtime.EnumerateObject().Select(file => Path.GetFileName(file.Name)));
            }

            if (entry.TryGetProperty("dependencies", out var dependencies))
            {
                foreach (var dependency in dependencies.EnumerateObject().Where(dependency => entries.ContainsKey(dependency.Name)))
                {
                    pending.Push(dependency.Name);
                }
            }
        }

        return (Path.GetDirectoryName(manifest)!, assemblies);
    }

    private static IEnumerable<string> DownloadedAssemblies()
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "References");
        return Directory.Exists(folder) ? Directory.EnumerateFiles(folder, "*.dll") : [];
    }
}
