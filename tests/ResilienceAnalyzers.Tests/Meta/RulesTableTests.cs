using System.IO;
using ResilienceAnalyzers.Catalog;
using ResilienceAnalyzers.Tests.Infrastructure;
using Xunit;

namespace ResilienceAnalyzers.Tests.Meta;

public sealed class RulesTableTests
{
    [Fact]
    public void RulesMdMatchesTheRegistry()
    {
        var path = RepositoryPaths.Combine(RulesTable.FileName);
        var onDisk = File.Exists(path) ? File.ReadAllText(path).Replace("\r\n", "\n") : string.Empty;

        Assert.True(
            onDisk == RulesTable.Render(),
            $"rules.md differs from the rule registry. Regenerate it from the repository root with: {RulesTable.RegenerateCommand}");
    }
}
