using System.IO;
using System.Linq;
using ResilienceAnalyzers.Catalog;
using ResilienceAnalyzers.Tests.Infrastructure;
using Xunit;

namespace ResilienceAnalyzers.Tests.Meta;

/// <summary>rules.md, docs/configuration.md and the severity presets are generated from the code and must match it.</summary>
public sealed class GeneratedFilesTests
{
    public static TheoryData<string> Paths() => new(GeneratedFiles.All.Select(file => file.Path));

    [Theory]
    [MemberData(nameof(Paths))]
    public void GeneratedFileMatchesTheCode(string relativePath)
    {
        var path = RepositoryPaths.Combine(relativePath);
        var onDisk = File.Exists(path) ? File.ReadAllText(path).Replace("\r\n", "\n") : string.Empty;
        var expected = GeneratedFiles.All.Single(file => file.Path == relativePath).Render();

        Assert.True(
            onDisk == expected,
            $"{relativePath} differs from the code it is generated from. Regenerate it from the repository root with: {GeneratedFiles.RegenerateCommand}");
    }
}
