using System;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using ResilienceAnalyzers.Benchmarks;
using ResilienceAnalyzers.Catalog;
using ResilienceAnalyzers.Tests.Infrastructure;
using Xunit;

namespace ResilienceAnalyzers.Tests.Meta;

/// <summary>
/// The pack reports the same whichever way the host runs it: in the IDE, one document analyzed within a span after an
/// edit; in a build, with the driver running actions concurrently; with other rules of the pack on or off.
/// </summary>
public sealed class AnalysisModesTests
{
    public static TheoryData<string> LiveRules() => new(
        RuleCatalog.Rules.Where(rule => !RuleCatalog.IsCompilationEnd(rule.Descriptor)).Select(rule => rule.Id).Distinct().Order(StringComparer.Ordinal));

    /// <summary>
    /// Each live rule's flagged test sources, analyzed by the member that holds the finding — as the IDE analyzes the
    /// code around an edit — report the finding there too: the rule needs nothing outside the document.
    /// </summary>
    [Theory]
    [MemberData(nameof(LiveRules))]
    public async Task EveryLiveRuleReportsWhenOneDocumentIsAnalyzedBySpan(string id)
    {
        var analyzer = RuleCatalog.Analyzers.Single(candidate => candidate.SupportedDiagnostics.Any(descriptor => descriptor.Id == id && !RuleCatalog.IsCompilationEnd(descriptor)));
        var (testFile, sources, shared) = RuleTestSources.OfRule(id);
        var findingsSeenBySpan = 0;
        foreach (var source in sources)
        {
            Location? finding = null;
            var (inSpan, _) = await AnalyzerRunner.RunOnSpanAsync(analyzer, source, shared, LiveReferencesOf(id), (tree, whole) =>
            {
                finding = whole.FirstOrDefault(diagnostic => diagnostic.Id == id && !RuleCatalog.IsCompilationEnd(diagnostic.Descriptor) && diagnostic.Location.SourceTree?.FilePath == tree.FilePath)?.Location;
                return finding is null
                    ? null
                    : tree.GetRoot().FindNode(finding.SourceSpan).AncestorsAndSelf().OfType<MemberDeclarationSyntax>().First().Span;
            });

            if (finding is not null)
            {
                Assert.Contains(inSpan, diagnostic => diagnostic.Id == id && diagnostic.Location.SourceSpan == finding.SourceSpan);
                findingsSeenBySpan++;
            }
        }

        Assert.True(findingsSeenBySpan > 0, $"No test source of {testFile} raised a live {id} to analyze by span.");
    }

    /// <summary>RES5004 judges live only against a factory before 9.0, whose default handler keeps its connections; every other rule, against every set.</summary>
    internal static ImmutableArray<MetadataReference> LiveReferencesOf(string id) =>
        id == "RES5004" ? ReferenceSets.AspNetCoreWithHttpClientFactory8 : ReferenceSets.All;

    /// <summary>
    /// On a corpus where every rule family reports, within methods and across them, a concurrent run reports exactly what
    /// a sequential one does, and each analyzer alone reports exactly what it reports beside the others: the facts the
    /// rules share are built once, completely, whoever asks first.
    /// </summary>
    [Fact]
    public async Task ConcurrentSequentialAndSingleRuleRunsReportTheSame()
    {
        var corpus = CorpusGenerator.Generate(120).ToList();
        var analyzers = RuleCatalog.Analyzers;

        var sequential = Describe(await AnalyzerRunner.RunAsync(analyzers, corpus, ReferenceSets.All, concurrent: false));
        var concurrent = Describe(await AnalyzerRunner.RunAsync(analyzers, corpus, ReferenceSets.All, concurrent: true));
        Assert.NotEmpty(sequential);
        Assert.Equal(sequential, concurrent);

        foreach (var analyzer in analyzers)
        {
            var ids = analyzer.SupportedDiagnostics.Select(descriptor => descriptor.Id).ToHashSet();
            var alone = Describe(await AnalyzerRunner.RunAsync(new[] { analyzer }, corpus, ReferenceSets.All, concurrent: true));
            Assert.Equal(sequential.Where(line => ids.Contains(line.Split(' ')[0])), alone);
        }
    }

    private static string[] Describe(System.Collections.Immutable.ImmutableArray<Diagnostic> diagnostics) =>
        diagnostics
            .Select(diagnostic => $"{diagnostic.Id} {diagnostic.Location.GetLineSpan()} {diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}")
            .Order(StringComparer.Ordinal)
            .ToArray();
}
