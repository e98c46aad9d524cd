using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using PostIncidentReview;

// Post-incident review lab: turns a lab's event log into a blameless post-mortem (docs/postmortem-template.md).
const string Usage = """
    usage: PostIncidentReview <event-log.jsonl> [--variant NAME] [--date yyyy-MM-dd] [--threshold PERCENT] [--out FILE]
      <event-log.jsonl>    a retry-storm or cache-stampede lab's event log, e.g. samples/RetryStorm/images/retry-storm-events.jsonl
      --variant NAME       the run to review (default: the variant with the most failed requests)
      --date yyyy-MM-dd    the incident's date, from which action-item deadlines count (default: today, UTC)
      --threshold PERCENT  user error rate that fires the alert (default 5, 1..100)
      --out FILE           write the post-mortem there (default: standard output)
    """;

string? path = null, variant = null, output = null;
var date = DateOnly.FromDateTime(DateTime.UtcNow);
var threshold = 5;
for (var i = 0; i < args.Length; i++)
{
    var hasValue = i + 1 < args.Length;
    switch (args[i])
    {
        case "--variant" when hasValue:
            variant = args[++i];
            break;
        case "--out" when hasValue:
            output = args[++i];
            break;
        case "--date" when hasValue && DateOnly.TryParseExact(args[i + 1], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed):
            date = parsed;
            i++;
            break;
        case "--threshold" when hasValue && int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var percent) && percent is >= 1 and <= 100:
            threshold = percent;
            i++;
            break;
        case var argument when !argument.StartsWith("--", StringComparison.Ordinal) && path is null:
            path = argument;
            break;
        default:
            return Fail(args[i] switch
            {
                "--date" => "--date needs a date written yyyy-MM-dd.",
                "--threshold" => "--threshold needs a whole number from 1 to 100.",
                "--variant" or "--out" => $"{args[i]} needs a value.",
                _ => $"Unknown argument '{args[i]}'.",
            });
    }
}

if (path is null)
{
    return Fail("Give the event log to review.");
}

try
{
    string postMortem;
    if (EventLog.IsCacheStampedeLog(path))
    {
        var buckets = EventLog.ReadStampede(path);
        variant ??= buckets.GroupBy(bucket => bucket.Variant).MaxBy(run => run.Sum(bucket => bucket.Recomputes))!.Key;
        postMortem = buckets.Any(bucket => bucket.Variant == variant)
            ? StampedePostMortem.Write(buckets, variant, date)
            : throw new ArgumentException(UnknownVariant(variant, buckets.Select(bucket => bucket.Variant)));
    }
    else
    {
        var log = EventLog.Read(path);
        variant ??= log.GroupBy(second => second.Variant).MaxBy(run => run.Sum(second => second.UserFailed))!.Key;
        postMortem = log.Any(second => second.Variant == variant)
            ? PostMortem.Write(Incident.Of(log, variant, threshold / 100.0), variant, date)
            : throw new ArgumentException(UnknownVariant(variant, log.Select(second => second.Variant)));
    }

    if (output is null)
    {
        Console.Write(postMortem);
    }
    else
    {
        File.WriteAllText(output, postMortem);
        Console.WriteLine($"post-mortem: {Path.GetFullPath(output)}");
    }

    return 0;
}
catch (ArgumentException ex) when (ex.Message.StartsWith("The log has no variant", StringComparison.Ordinal))
{
    return Fail(ex.Message);
}
catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidDataException or ArgumentException or NotSupportedException)
{
    return Fail($"Cannot review {path}: {ex.Message}");
}

static string UnknownVariant(string variant, IEnumerable<string> variants) =>
    $"The log has no variant '{variant}'; it has: {string.Join(", ", variants.Distinct())}.";

static int Fail(string message)
{
    Console.Error.WriteLine(message);
    Console.Error.WriteLine(Usage);
    return 2;
}
