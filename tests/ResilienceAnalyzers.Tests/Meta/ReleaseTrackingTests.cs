using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using ResilienceAnalyzers.Catalog;
using ResilienceAnalyzers.Tests.Infrastructure;
using Xunit;

namespace ResilienceAnalyzers.Tests.Meta;

public sealed class ReleaseTrackingTests
{
    public static TheoryData<string> RuleIds() => new(RuleCatalog.Rules.Select(rule => rule.Id));

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void EveryRuleIsTrackedWithItsCategoryAndSeverity(string id)
    {
        var rule = RuleCatalog.Rules.Single(r => r.Id == id);
        var releases = string.Join(
            "\n",
            File.ReadAllText(RepositoryPaths.Combine("src", "ResilienceAnalyzers", "AnalyzerReleases.Shipped.md")),
            File.ReadAllText(RepositoryPaths.Combine("src", "ResilienceAnalyzers", "AnalyzerReleases.Unshipped.md")));

        var severity = rule.Descriptor.DefaultLevel();
        Assert.Matches(new Regex($@"(?m)^{id}\s*\|\s*{rule.Descriptor.Category}\s*\|\s*{severity}\s*\|"), releases);
    }
}
