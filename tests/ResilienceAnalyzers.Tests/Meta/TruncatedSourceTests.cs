using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using ResilienceAnalyzers.Catalog;
using ResilienceAnalyzers.Tests.Infrastructure;
using Xunit;

namespace ResilienceAnalyzers.Tests.Meta;

/// <summary>
/// Half-typed code is what an analyzer sees most in the IDE. Every C# source embedded in a rule's tests is cut at many
/// points and every analyzer of the pack runs over the pieces; any analyzer exception fails the test.
/// </summary>
public sealed class TruncatedSourceTests
{
    private const int CutsPerSource = 40;

    public static TheoryData<string> RuleTestFiles() => new(RuleTestSources.Files());

    [Fact]
    public void EveryRuleHasATestFile()
    {
        var testFiles = RuleTestSources.Files();
        Assert.All(RuleCatalog.Rules, rule => Assert.Contains(testFiles, file => Path.GetFileName(file).StartsWith(rule.Id, StringComparison.Ordinal)));
    }

    [Theory]
    [MemberData(nameof(RuleTestFiles))]
    public async Task NoAnalyzerThrowsOnTruncatedTestSources(string testFile)
    {
        var sources = RuleTestSources.Embedded(testFile).Select(RuleTestSources.WithoutMarkup).ToList();
        Assert.NotEmpty(sources);

        foreach (var source in sources)
        {
            var pieces = Enumerable.Range(1, CutsPerSource)
                .Select(cut => source.Substring(0, source.Length * cut / (CutsPerSource + 1)))
                .Append(source);

            await AnalyzerRunner.RunAsync(RuleCatalog.Analyzers, pieces, ReferenceSets.All);
        }
    }
}
