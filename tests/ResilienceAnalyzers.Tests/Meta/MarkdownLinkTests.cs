using System;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using ResilienceAnalyzers.Catalog;
using ResilienceAnalyzers.Tests.Infrastructure;
using Xunit;

namespace ResilienceAnalyzers.Tests.Meta;

/// <summary>The documentation's relative links resolve, and the review checklist covers every shipped rule.</summary>
public sealed partial class MarkdownLinkTests
{
    private static readonly string[] RootMarkdownFiles = ["README.md", "rules.md"];

    public static TheoryData<string> MarkdownFiles() => new(
        RootMarkdownFiles
            .Concat(Directory.GetFiles(RepositoryPaths.Combine("docs"), "*.md", SearchOption.AllDirectories)
                .Select(path => Path.GetRelativePath(RepositoryPaths.Root, path).Replace('\\', '/')))
            .Order(StringComparer.Ordinal));

    [Theory]
    [MemberData(nameof(MarkdownFiles))]
    public void RelativeLinksResolve(string relativePath)
    {
        var path = RepositoryPaths.Combine(relativePath);
        var folder = Path.GetDirectoryName(path)!;
        var broken = RelativeLink().Matches(File.ReadAllText(path))
            .Select(match => match.Groups["target"].Value)
            .Where(target => !File.Exists(Path.Combine(folder, target)) && !Directory.Exists(Path.Combine(folder, target)))
            .ToList();

        Assert.True(broken.Count == 0, $"{relativePath} links to missing files: {string.Join(", ", broken)}");
    }

    [Fact]
    public void ReviewChecklistLinksEveryShippedRule()
    {
        var checklist = File.ReadAllText(RepositoryPaths.Combine("docs", "review-checklist.md"));

        Assert.All(RuleCatalog.Rules, rule => Assert.Contains($"[{rule.Id}](rules/{rule.Id}.md)", checklist));
    }

    // Markdown links that are not URLs or anchors; the target stops at a '#' fragment.
    [GeneratedRegex(@"\]\((?!https?:|mailto:|#)(?<target>[^)#\s]+)(#[^)]*)?\)")]
    private static partial Regex RelativeLink();
}
