using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using ResilienceAnalyzers.Catalog;
using ResilienceAnalyzers.Tests.Infrastructure;
using Xunit;

namespace ResilienceAnalyzers.Tests.Samples;

/// <summary>
/// The samples are a corpus: their naive code must raise exactly the diagnostics the lab is about, and their defended
/// code — what the code fixes produce — none at all.
/// </summary>
public sealed class SampleDiagnosticsTests
{
    [Fact]
    public Task LabKit() => AssertDiagnosticsAsync("LabKit", ReferenceSets.LabKitDependencies, OutputKind.DynamicallyLinkedLibrary);

    [Fact]
    public Task SplitBrain() => AssertDiagnosticsAsync("SplitBrain", ReferenceSets.SplitBrainLab, "NaiveNode.cs:RES8001");

    [Fact]
    public Task FailOpenAuthz() => AssertDiagnosticsAsync("FailOpenAuthz", ReferenceSets.FailOpenAuthzLab, "NaiveAccessPolicy.cs:RES4001");

    [Fact]
    public Task CascadingFailure() => AssertDiagnosticsAsync("CascadingFailure", ReferenceSets.CascadingFailureLab, "AbandonedCalls.cs:RES6004", "NaiveHops.cs:RES6001", "NaiveHops.cs:RES1002", "NaiveHops.cs:RES1002", "StreamedResponses.cs:RES6005");

    [Fact]
    public Task DiscoveryOutage() => AssertDiagnosticsAsync("DiscoveryOutage", ReferenceSets.LabKit, "EndpointSwitch.cs:RES5003", "FactoryClients.cs:RES5004", "NaiveGateway.cs:RES5002");

    [Fact]
    public Task HotPartition() => AssertDiagnosticsAsync("HotPartition", ReferenceSets.HotPartitionLab, "NaivePod.cs:RES7001");

    [Fact]
    public Task QueueOverload() => AssertDiagnosticsAsync("QueueOverload", ReferenceSets.LabKit, "NaiveIngest.cs:RES3001");

    [Fact]
    public Task CacheStampede() => AssertDiagnosticsAsync("CacheStampede", ReferenceSets.CacheStampedeLab, "NaiveCacheAside.cs:RES2001");

    [Fact]
    public Task RetryStorm() => AssertDiagnosticsAsync("RetryStorm", ReferenceSets.RetryStormLab, "NaiveRetries.cs:RES1005", "NaiveRetries.cs:RES1002", "NaiveRetries.cs:RES1002");

    [Fact]
    public Task ReconnectStorm() => AssertDiagnosticsAsync("ReconnectStorm", ReferenceSets.ReconnectStormLab, "NaiveReconnect.cs:RES1002");

    private static Task AssertDiagnosticsAsync(string sample, System.Collections.Immutable.ImmutableArray<MetadataReference> references, params string[] expected) =>
        AssertDiagnosticsAsync(sample, references, OutputKind.ConsoleApplication, expected);

    /// <param name="sample">The folder under samples/.</param>
    /// <param name="references">What the sample's code compiles against.</param>
    /// <param name="kind">A program (the labs) or a library (the lab kit).</param>
    /// <param name="expected">Every diagnostic the sample raises, as <c>File.cs:ID</c>, in file and line order.</param>
    private static async Task AssertDiagnosticsAsync(string sample, System.Collections.Immutable.ImmutableArray<MetadataReference> references, OutputKind kind, params string[] expected)
    {
        var folder = RepositoryPaths.Combine("samples", sample);
        var files = Directory.GetFiles(folder, "*.cs", SearchOption.AllDirectories)
            .Where(path => !path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}") && !path.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}"))
            .Order()
            .ToArray();

        var (diagnostics, compilerErrors) = await AnalyzerRunner.RunOnFilesAsync(RuleCatalog.Analyzers, files, references, kind);

        Assert.Empty(compilerErrors);
        var actual = diagnostics
            .OrderBy(d => d.Location.SourceTree!.FilePath)
            .ThenBy(d => d.Location.SourceSpan.Start)
            .Select(d => $"{Path.GetFileName(d.Location.SourceTree!.FilePath)}:{d.Id}")
            .ToArray();
        Assert.Equal(expected, actual);
    }
}
