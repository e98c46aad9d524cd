using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using ResilienceAnalyzers.Catalog;
using ResilienceAnalyzers.Tests.Infrastructure;
using Xunit;

namespace ResilienceAnalyzers.Tests.Meta;

/// <summary>
/// Half-typed code is what an analyzer sees most in the IDE. Every C# source embedded in a rule's tests is cut at many
/// points and every analyzer of the pack runs over the pieces; any analyzer exception fails the test.
/// </summary>
public sealed partial class TruncatedSourceTests
{
    private const int CutsPerSource = 40;

    public static TheoryData<string> RuleTestFiles() => new(TestFiles());

    private static string[] TestFiles() =>
        Directory.GetFiles(RepositoryPaths.Combine("tests", "ResilienceAnalyzers.Tests"), "RES*Tests.cs", SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(RepositoryPaths.Root, path).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)
            .ToArray();

    [Fact]
    public void EveryRuleHasATestFile()
    {
        var testFiles = TestFiles();
        Assert.All(RuleCatalog.Rules, rule => Assert.Contains(testFiles, file => Path.GetFileName(file).StartsWith(rule.Id, StringComparison.Ordinal)));
    }

    [Theory]
    [MemberData(nameof(RuleTestFiles))]
    public async Task NoAnalyzerThrowsOnTruncatedTestSources(string testFile)
    {
        var sources = EmbeddedSources(File.ReadAllText(RepositoryPaths.Combine(testFile))).ToList();
        Assert.NotEmpty(sources);

        foreach (var source in sources)
        {
            var pieces = Enumerable.Range(1, CutsPerSource)
                .Select(cut => source.Substring(0, source.Length * cut / (CutsPerSource + 1)))
                .Append(source);

            await AnalyzerRunner.RunAsync(RuleCatalog.Analyzers, pieces, ReferenceSets.All);
        }
    }

    /// <summary>The raw string literals of a test file that hold C# code, with test markup removed.</summary>
    private static IEnumerable<string> EmbeddedSources(string testFileText) =>
        CSharpSyntaxTree.ParseText(testFileText).GetRoot()
            .DescendantNodes()
            .OfType<LiteralExpressionSyntax>()
            .Where(literal => literal.Token.IsKind(SyntaxKind.MultiLineRawStringLiteralToken))
            .Select(literal => literal.Token.ValueText)
            .Where(text => text.Contains("class ", StringComparison.Ordinal) || text.Contains("using ", StringComparison.Ordinal))
            .Select(text => Markup().Replace(text, string.Empty));

    [GeneratedRegex(@"\{\|[^:|]*:|\|\}|\[\||\|\]")]
    private static partial Regex Markup();
}
