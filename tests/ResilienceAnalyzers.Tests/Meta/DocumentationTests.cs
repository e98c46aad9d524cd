using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using ResilienceAnalyzers.Catalog;
using ResilienceAnalyzers.Tests.Infrastructure;
using Xunit;

namespace ResilienceAnalyzers.Tests.Meta;

public sealed class DocumentationTests
{
    private static readonly string[] RequiredSections =
    [
        "## Cause",
        "## Why it causes an outage",
        "## How to fix",
        "## Examples",
        "## Configuration",
        "## When to suppress",
        "## Runbook",
    ];

    public static TheoryData<string> RuleIds() => new(RuleCatalog.Rules.Select(rule => rule.Id));

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void EveryRuleHasAPageTitledAsItsDescriptor(string id)
    {
        var rule = RuleCatalog.Rules.Single(r => r.Id == id);
        var path = RepositoryPaths.Combine("docs", "rules", id + ".md");

        Assert.True(File.Exists(path), $"{id} has no page: write docs/rules/{id}.md (the help link of every {id} diagnostic points there).");
        var lines = File.ReadAllLines(path);
        Assert.Equal($"# {id}: {rule.Descriptor.Title}", lines[0]);
    }

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void PageFollowsTheTemplateAndStatesTheRealDefaults(string id)
    {
        var rule = RuleCatalog.Rules.Single(r => r.Id == id);
        var page = File.ReadAllText(RepositoryPaths.Combine("docs", "rules", id + ".md"));

        foreach (var section in RequiredSections)
        {
            Assert.Contains("\n" + section + "\n", page);
        }

        Assert.Contains($"| Default severity | {rule.Descriptor.DefaultLevel()} |", page);
        Assert.Contains($"| Category | {rule.Descriptor.Category} |", page);
        Assert.Matches(new Regex(rule.CodeFix is null ? @"\| Code fix \| No" : @"\| Code fix \| Yes"), page);
        Assert.Matches(
            new Regex(rule.ReportedAtCompilationEnd ? @"\| Reported \| .*full-solution analysis" : @"\| Reported \| Live in the IDE and in builds \|"),
            page);
    }

    [Fact]
    public void EverySuppressorHasAPageThatNamesWhatItSuppressesAndWhen() => Assert.All(RuleCatalog.Suppressions, suppression =>
    {
        var path = RepositoryPaths.Combine("docs", "rules", suppression.Id + ".md");
        Assert.True(File.Exists(path), $"{suppression.Id} has no page: write docs/rules/{suppression.Id}.md.");
        var page = File.ReadAllText(path);
        Assert.StartsWith($"# {suppression.Id}: ", page);
        Assert.Matches($@"\| Suppresses \| [^\n]*\b{suppression.SuppressedDiagnosticId}\b[^\n]*\|", page);
        Assert.Contains(suppression.Justification.ToString(System.Globalization.CultureInfo.InvariantCulture), page);
    });

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void RunbookLinkOnThePageResolves(string id)
    {
        var page = File.ReadAllText(RepositoryPaths.Combine("docs", "rules", id + ".md"));
        var link = Regex.Match(page, @"\]\((\.\./runbooks/[a-z-]+\.md)\)");

        Assert.True(link.Success, $"docs/rules/{id}.md links no runbook.");
        Assert.True(File.Exists(Path.Combine(RepositoryPaths.Combine("docs", "rules"), link.Groups[1].Value)), $"{link.Groups[1].Value} does not exist.");
    }
}
