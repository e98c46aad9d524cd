using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using PostIncidentReview;
using ResilienceAnalyzers.Tests.Infrastructure;
using Xunit;
using Stampede = CacheStampede;

namespace ResilienceAnalyzers.Tests.Samples;

/// <summary>Reviews the event log of a real retry-storm run, committed beside the lab's chart.</summary>
public sealed class PostIncidentReviewTests
{
    private static readonly string RetryStormLog = RepositoryPaths.Combine("samples", "RetryStorm", "images", "retry-storm-events.jsonl");
    private static readonly DateOnly IncidentDate = new(2026, 11, 27);

    [Fact]
    public void TheNaiveRunBecomesAPostMortemWithEveryTemplateSectionInOrder()
    {
        var postMortem = Review("naive");

        var template = File.ReadAllLines(RepositoryPaths.Combine("docs", "postmortem-template.md")).Where(line => line.StartsWith("## ", StringComparison.Ordinal)).ToList();
        var written = postMortem.Split('\n').Where(line => line.StartsWith("## ", StringComparison.Ordinal)).ToList();
        Assert.Equal(template, written);
    }

    [Fact]
    public void ImpactIsComputedFromTheLog()
    {
        var log = EventLog.Read(RetryStormLog).Where(second => second.Variant == "naive").ToList();
        var postMortem = Review("naive");

        Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"{log.Sum(s => s.UserFailed):N0} of {log.Sum(s => s.UserRequests):N0} over the whole run"), postMortem, StringComparison.Ordinal);
        Assert.Contains("ended only when the load ended", postMortem, StringComparison.Ordinal);
    }

    [Fact]
    public void TheTimelineRunsForwardToTheSecond()
    {
        var times = Regex.Matches(Review("naive"), @"^\| T\+(\d\d:\d\d:\d\d) \|", RegexOptions.Multiline).Select(match => TimeSpan.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture)).ToList();

        Assert.True(times.Count >= 6, $"{times.Count} timeline entries");
        Assert.Equal(times.Order(), times);
    }

    [Fact]
    public void ThreeActionItemsEachHaveAnOwnerADeadlineAndTrackingAndNameTheRules()
    {
        var postMortem = Review("naive");
        var rows = Regex.Matches(postMortem, @"^\| (\d) \| ([^|]+) \| ([^|]+) \| (\d{4}-\d\d-\d\d) \| ([^|]+) \|$", RegexOptions.Multiline);

        Assert.Equal(["1", "2", "3"], rows.Select(row => row.Groups[1].Value));
        Assert.All(rows, row => Assert.True(DateOnly.ParseExact(row.Groups[4].Value, "yyyy-MM-dd", CultureInfo.InvariantCulture) > IncidentDate));
        Assert.Contains("RES1002", postMortem, StringComparison.Ordinal);
        Assert.Contains("docs/runbooks/retry-storm.md", postMortem, StringComparison.Ordinal);
    }

    [Fact]
    public void TheDefendedRunRecoversWithoutIntervention()
    {
        var postMortem = Review("defended");

        Assert.Contains("without intervention", postMortem, StringComparison.Ordinal);
        Assert.DoesNotContain("sustained itself", postMortem, StringComparison.Ordinal);
    }

    [Fact]
    public void ALogWithoutImpactIsANearMiss()
    {
        var quiet = new[] { new LogSecond("naive", 0, false, 100, 0, 100, 0, 25, 40), new LogSecond("naive", 1, true, 100, 1, 110, 10, 25, 60) };

        Assert.StartsWith("# Post-mortem: no user-facing incident", PostMortem.Write(Incident.Of(quiet, "naive", 0.05), "naive", IncidentDate), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "Give the event log to review.")]
    [InlineData("missing.jsonl", "Cannot review missing.jsonl:")]
    [InlineData("{LOG} --variant chaos", "The log has no variant 'chaos'; it has: naive, defended.")]
    [InlineData("{LOG} --date 27/11/2026", "--date needs a date written yyyy-MM-dd.")]
    [InlineData("{LOG} --threshold 0", "--threshold needs a whole number from 1 to 100.")]
    [InlineData("{BAD}", "line 2 is not JSON:")]
    [InlineData("{OTHER}", "line 1 is not a retry-storm event: it has no 'inventoryRequests'.")]
    public async Task BadInputGetsAClearMessageAndExitCode2(string arguments, string message)
    {
        var folder = Directory.CreateTempSubdirectory("post-incident-").FullName;
        try
        {
            var bad = Path.Combine(folder, "bad.jsonl");
            File.WriteAllLines(bad, [File.ReadLines(RetryStormLog).First(), "{ not json"]);
            var other = Path.Combine(folder, "other.jsonl");
            File.WriteAllText(other, """{"variant":"naive","second":0,"faultOn":false,"userRequests":1,"userFailed":0,"originRecomputes":3,"inventoryErrors":0,"p50Ms":1,"p99Ms":1}""");
            var argumentList = arguments.Replace("{LOG}", RetryStormLog, StringComparison.Ordinal).Replace("{BAD}", bad, StringComparison.Ordinal).Replace("{OTHER}", other, StringComparison.Ordinal)
                .Split(' ', StringSplitOptions.RemoveEmptyEntries);

            await LabCommandLine.AssertRefusedAsync("PostIncidentReview.dll", argumentList, message, folder);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void ACacheStampedeRunBecomesAPostMortemOfTheOriginsRecomputes()
    {
        var folder = Directory.CreateTempSubdirectory("post-incident-").FullName;
        try
        {
            var spike = Enumerable.Range(0, 1000).Select(i => (i % 4 / 10.0) + 0.05).ToArray();
            var (eventLog, _, _) = Stampede.LabReport.Write(
                new Stampede.LabSettings(TtlSeconds: 2, Burst: 1000, folder),
                [new Stampede.VariantResult("naive", 1000, 1000, 900, 400, 0, spike), new Stampede.VariantResult("per-key lock", 1, 1, 1, 200, 0, [0.01])]);
            var log = EventLog.ReadStampede(eventLog);

            var naive = StampedePostMortem.Write(log, "naive", IncidentDate);
            var locked = StampedePostMortem.Write(log, "per-key lock", IncidentDate);

            var template = File.ReadAllLines(RepositoryPaths.Combine("docs", "postmortem-template.md")).Where(line => line.StartsWith("## ", StringComparison.Ordinal));
            Assert.Equal(template, naive.Split('\n').Where(line => line.StartsWith("## ", StringComparison.Ordinal)));
            Assert.Contains("1,000 recomputes", naive, StringComparison.Ordinal);
            Assert.Contains("peak 250 in 100 ms", naive, StringComparison.Ordinal);
            Assert.Contains("RES2001", naive, StringComparison.Ordinal);
            Assert.Equal(3, Regex.Count(naive, @"^\| [123] \| ", RegexOptions.Multiline));
            Assert.StartsWith("# Post-mortem: no stampede (per-key lock)", locked, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static string Review(string variant) => PostMortem.Write(Incident.Of(EventLog.Read(RetryStormLog), variant, 0.05), variant, IncidentDate);
}
