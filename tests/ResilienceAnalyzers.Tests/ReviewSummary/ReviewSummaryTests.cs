using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using ResilienceAnalyzers.Infrastructure;
using ResilienceAnalyzers.ReviewSummary;
using ResilienceAnalyzers.Tests.Infrastructure;
using Xunit;

namespace ResilienceAnalyzers.Tests.ReviewSummary;

/// <summary>The review summary tool, run on the SARIF log that building a sample writes, and on bad input.</summary>
[Collection(SequentialDotNetCli.Name)]
public sealed class ReviewSummaryTests : IClassFixture<ReviewSummaryTests.SampleBuildLog>, IDisposable
{
    private readonly SampleBuildLog sample;
    private readonly string folder = Path.Combine(Path.GetTempPath(), "ResilienceAnalyzers.ReviewSummaryTests", Guid.NewGuid().ToString("N"));

    public ReviewSummaryTests(SampleBuildLog sample)
    {
        this.sample = sample;
        Directory.CreateDirectory(folder);
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void SummaryOfASampleBuildGroupsFindingsByFailureModeWithLinks()
    {
        var (exitCode, output, error) = Run(sample.SarifPath, "--root", RepositoryPaths.Root);

        Assert.Equal(ReviewSummaryCommand.Success, exitCode);
        Assert.Empty(error);
        Assert.StartsWith("## Resilience review: 1 finding\n", output.Replace("\r\n", "\n"));
        Assert.Contains("| Queue overload | 0 | 1 | 0 |", output);
        Assert.Contains("### Queue overload (1)", output);
        Assert.Contains("Why this causes an outage: Producers outpace consumers", output);
        Assert.Contains("(https://github.com/ResilienceAnalyzers/ResilienceAnalyzers/blob/main/docs/runbooks/queue-overload.md)", output);
        Assert.Contains(
            "- **warning** [RES3001](https://github.com/ResilienceAnalyzers/ResilienceAnalyzers/blob/main/docs/rules/RES3001.md) `samples/QueueOverload/NaiveIngest.cs:9` — Channel.CreateUnbounded<WorkItem>() is an unbounded queue",
            output);
        Assert.DoesNotContain("IDE", output);
    }

    [Theory]
    [InlineData("error", ReviewSummaryCommand.Success)]
    [InlineData("warning", ReviewSummaryCommand.FindingsAtFailingLevel)]
    [InlineData("note", ReviewSummaryCommand.FindingsAtFailingLevel)]
    [InlineData("never", ReviewSummaryCommand.Success)]
    public void ExitCodeFollowsTheFailingLevel(string level, int expected) =>
        Assert.Equal(expected, Run(sample.SarifPath, "--fail-on", level).ExitCode);

    [Fact]
    public void LogsGivenTwiceCountEachFindingOnce() =>
        Assert.Contains("1 finding", Run(sample.SarifPath, sample.SarifPath).Output);

    [Fact]
    public void ReadsSarif21AndPutsTheMostSevereFailureModeFirst()
    {
        var log = Path.Combine(folder, "v21.sarif");
        File.WriteAllText(log, """
            {
              "$schema": "http://json.schemastore.org/sarif-2.1.0",
              "version": "2.1.0",
              "runs": [{
                "tool": { "driver": { "name": "csc", "rules": [
                  { "id": "RES1001", "helpUri": "https://example.test/RES1001.md" },
                  { "id": "RES3001", "helpUri": "https://example.test/RES3001.md" } ] } },
                "results": [
                  { "ruleId": "RES3001", "level": "warning", "message": { "text": "queue" },
                    "locations": [{ "physicalLocation": { "artifactLocation": { "uri": "file:///src/Queue.cs" }, "region": { "startLine": 4 } } }] },
                  { "ruleId": "RES1001", "level": "error", "message": { "text": "retry" },
                    "locations": [{ "physicalLocation": { "artifactLocation": { "uri": "file:///src/Retry.cs" }, "region": { "startLine": 12 } } }] },
                  { "ruleId": "CA2000", "level": "error", "message": { "text": "not ours" } }
                ]
              }]
            }
            """);

        var (exitCode, output, _) = Run(log, "--root", "/src");

        Assert.Equal(ReviewSummaryCommand.FindingsAtFailingLevel, exitCode);
        Assert.Contains("## Resilience review: 2 findings", output);
        Assert.True(output.IndexOf("### Retry storm (1)", StringComparison.Ordinal) < output.IndexOf("### Queue overload (1)", StringComparison.Ordinal));
        Assert.Contains("- **error** [RES1001](https://example.test/RES1001.md) `Retry.cs:12` — retry", output);
        Assert.DoesNotContain("CA2000", output);
    }

    /// <summary>
    /// Two real builds of a small project, before and after an edit that shifts one finding down, fixes another and adds
    /// a third: with the first log as the baseline, only the added finding is listed and fails the build.
    /// </summary>
    [Fact]
    public async Task WithABaselineOnlyNewFindingsAreListedAndFixedOnesCounted()
    {
        var project = RepositoryPaths.Combine("samples", ".baseline-" + Guid.NewGuid().ToString("N"));
        try
        {
            Directory.CreateDirectory(project);
            File.WriteAllText(Path.Combine(project, "Ingest.csproj"), """
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <TargetFramework>net10.0</TargetFramework>
                    <ImplicitUsings>disable</ImplicitUsings>
                  </PropertyGroup>
                </Project>
                """);
            File.WriteAllText(Path.Combine(project, "Orders.cs"), Queue("Order"));
            File.WriteAllText(Path.Combine(project, "Audit.cs"), Queue("AuditEntry"));
            var before = await BuildAsync(project, "before.sarif");

            File.WriteAllText(Path.Combine(project, "Orders.cs"), "// Orders arrive from the web tier.\n// They are queued here.\n// One consumer drains them.\n" + Queue("Order"));
            File.WriteAllText(Path.Combine(project, "Audit.cs"), Queue("AuditEntry").Replace("CreateUnbounded<AuditEntry>()", "CreateBounded<AuditEntry>(100)", StringComparison.Ordinal));
            File.WriteAllText(Path.Combine(project, "Payments.cs"), Queue("Payment"));
            var after = await BuildAsync(project, "after.sarif");

            // The baseline as CI keeps it: a folder of the earlier build's logs.
            var baselineFolder = Path.Combine(folder, "baseline");
            Directory.CreateDirectory(baselineFolder);
            File.Move(before, Path.Combine(baselineFolder, "Ingest.sarif"));

            var (exitCode, output, error) = Run(after, "--baseline", baselineFolder, "--fail-on", "warning", "--root", RepositoryPaths.Root);

            Assert.Empty(error);
            Assert.Equal(ReviewSummaryCommand.FindingsAtFailingLevel, exitCode);
            Assert.Contains("## Resilience review: 1 new finding", output);
            Assert.Contains("Compared with the baseline: 1 finding it already had not listed; 1 baseline finding fixed since.", output);
            Assert.Contains("Payments.cs:", output);
            Assert.DoesNotContain("Orders.cs:", output);

            var (sameExitCode, sameOutput, _) = Run(after, "--baseline", after, "--fail-on", "warning", "--root", RepositoryPaths.Root);
            Assert.Equal(ReviewSummaryCommand.Success, sameExitCode);
            Assert.Contains("## Resilience review: no new findings", sameOutput);
        }
        finally
        {
            Directory.Delete(project, recursive: true);
        }

        static string Queue(string item) => $$"""
            using System.Threading.Channels;
            using System.Threading.Tasks;

            public sealed record {{item}}(int Id);

            public sealed class {{item}}Queue
            {
                private readonly Channel<{{item}}> queue = Channel.CreateUnbounded<{{item}}>();

                public ValueTask AcceptAsync({{item}} item) => queue.Writer.WriteAsync(item);

                public async Task ConsumeAsync()
                {
                    await foreach (var item in queue.Reader.ReadAllAsync())
                    {
                        await Task.Delay(10);
                    }
                }
            }
            """;
    }

    [Fact]
    public void ABaselineMatchesByTheLogsOwnFingerprintsWhenBothHaveThem()
    {
        string Log(string message, int line) => $$"""
            { "version": "2.1.0", "runs": [{ "results": [
              { "ruleId": "RES3001", "level": "warning", "message": { "text": "{{message}}" }, "partialFingerprints": { "primaryLocationLineHash": "a1b2" },
                "locations": [{ "physicalLocation": { "artifactLocation": { "uri": "file:///ci/work/app/src/Queue.cs" }, "region": { "startLine": {{line}} } } }] } ] }] }
            """;
        var baseline = Path.Combine(folder, "baseline.sarif");
        var current = Path.Combine(folder, "current.sarif");
        File.WriteAllText(baseline, Log("queue of Order", 4));
        File.WriteAllText(current, Log("queue of Order, reworded", 9));

        var (exitCode, output, _) = Run(current, "--baseline", baseline, "--fail-on", "note", "--root", "/home/dev/app");

        Assert.Equal(ReviewSummaryCommand.Success, exitCode);
        Assert.Contains("Compared with the baseline: 1 finding it already had not listed; 0 baseline findings fixed since.", output);
    }

    [Fact]
    public void WritesTheSummaryToAFile()
    {
        var summary = Path.Combine(folder, "summary.md");

        var (exitCode, output, _) = Run(sample.SarifPath, "--output", summary);

        Assert.Equal(ReviewSummaryCommand.Success, exitCode);
        Assert.Empty(output);
        Assert.Contains("### Queue overload (1)", File.ReadAllText(summary));
    }

    [Fact]
    public void ALogWithoutFindingsSaysSo()
    {
        var log = Path.Combine(folder, "clean.sarif");
        File.WriteAllText(log, """{ "version": "1.0.0", "runs": [ { "results": [] } ] }""");

        var (exitCode, output, _) = Run(log, "--fail-on", "note");

        Assert.Equal(ReviewSummaryCommand.Success, exitCode);
        Assert.StartsWith("## Resilience review: no findings", output);
    }

    [Theory]
    [InlineData("missing.sarif", null, "cannot read '")]
    [InlineData("text.sarif", "this is not json", "is not a SARIF log: it is not JSON")]
    [InlineData("other.json", """{ "name": "package.json" }""", "is not a SARIF log: it has no \"version\" and \"runs\".")]
    [InlineData("future.sarif", """{ "version": "3.0.0", "runs": [] }""", "is SARIF version 3.0.0; versions 1.0 and 2.1 are supported.")]
    public void BadInputIsAClearErrorWithExitCode2(string name, string? content, string expectedMessage)
    {
        var path = Path.Combine(folder, name);
        if (content is not null)
        {
            File.WriteAllText(path, content);
        }

        var (exitCode, output, error) = Run(path);

        Assert.Equal(ReviewSummaryCommand.BadInput, exitCode);
        Assert.Empty(output);
        Assert.Contains(expectedMessage, error);
        Assert.DoesNotContain("   at ", error);
    }

    [Theory]
    [InlineData(new string[0], "no SARIF log given.")]
    [InlineData(new[] { "--fail-on", "sometimes", "a.sarif" }, "--fail-on takes error, warning, note or never, not 'sometimes'.")]
    [InlineData(new[] { "--output" }, "--output needs a value.")]
    [InlineData(new[] { "--baseline" }, "--baseline needs a value.")]
    [InlineData(new[] { "--verbose", "a.sarif" }, "unknown option '--verbose'.")]
    public void BadArgumentsPrintUsageWithExitCode2(string[] args, string expectedMessage)
    {
        var (exitCode, _, error) = Run(args);

        Assert.Equal(ReviewSummaryCommand.BadInput, exitCode);
        Assert.Contains(expectedMessage, error);
        Assert.Contains("usage: resilience-review", error);
    }

    [Fact]
    public void EveryFailureModeOfTheCatalogueHasAnEntryWhoseRunbookExists()
    {
        var categories = typeof(FailureMode).GetFields(System.Reflection.BindingFlags.Static | System.Reflection.BindingFlags.NonPublic)
            .Select(field => (string)field.GetValue(null)!)
            .ToList();

        Assert.Equal(categories.Count, FailureModes.All.Count);
        Assert.All(FailureModes.All, mode =>
            Assert.True(File.Exists(RepositoryPaths.Combine("docs", "runbooks", mode.RunbookSlug + ".md")), $"docs/runbooks/{mode.RunbookSlug}.md is missing."));
    }

    /// <summary>Builds the project with <c>-p:ErrorLog=</c> into this test's folder and returns the log's path.</summary>
    private async Task<string> BuildAsync(string project, string logName)
    {
        var log = Path.Combine(folder, logName);
        var build = await DotNetCli.RunAsync(RepositoryPaths.Root, environment: null, "build", project, "--no-incremental", "--disable-build-servers", "-nodeReuse:false", $"-p:ErrorLog={log}");
        Assert.True(build.ExitCode == 0, build.ToString());
        return log;
    }

    private static (int ExitCode, string Output, string Error) Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = ReviewSummaryCommand.Run(args, output, error);
        return (exitCode, output.ToString(), error.ToString());
    }

    /// <summary>Builds the QueueOverload sample once with <c>-p:ErrorLog=</c>, as a CI pipeline would.</summary>
    public sealed class SampleBuildLog : IAsyncLifetime
    {
        public string SarifPath { get; } = Path.Combine(Path.GetTempPath(), "ResilienceAnalyzers.ReviewSummaryTests", Guid.NewGuid().ToString("N") + ".sarif");

        public async Task InitializeAsync()
        {
            Directory.CreateDirectory(Path.GetDirectoryName(SarifPath)!);
            var build = await DotNetCli.RunAsync(
                RepositoryPaths.Root,
                environment: null,
                "build", RepositoryPaths.Combine("samples", "QueueOverload"), "--no-incremental", "--disable-build-servers", "-nodeReuse:false", $"-p:ErrorLog={SarifPath}");
            Assert.True(build.ExitCode == 0, build.ToString());
        }

        public Task DisposeAsync()
        {
            File.Delete(SarifPath);
            return Task.CompletedTask;
        }
    }
}
