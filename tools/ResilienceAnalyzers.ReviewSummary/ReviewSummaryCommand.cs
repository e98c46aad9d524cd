using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace ResilienceAnalyzers.ReviewSummary;

/// <summary>The command line: read SARIF logs, write the summary, exit 1 when a finding reaches the failing level.</summary>
internal static class ReviewSummaryCommand
{
    internal const string DocsUrl = "https://github.com/ResilienceAnalyzers/ResilienceAnalyzers/blob/main/docs/";

    internal const int Success = 0;
    internal const int FindingsAtFailingLevel = 1;
    internal const int BadInput = 2;

    internal const string Usage = """
        usage: resilience-review [--fail-on error|warning|note|never] [--baseline BASELINE.sarif] [--output FILE] [--root DIR] LOG.sarif [LOG.sarif ...]
          --fail-on LEVEL  exit with 1 when a finding is at LEVEL or above (default error; never: always 0)
          --baseline PATH  list, and fail on, only the findings that the SARIF logs of an earlier build do not have, and
                           count the ones fixed since (matched by rule, file and message, not line); PATH is a log or
                           a folder of logs, and the option may be repeated
          --output FILE    write the Markdown summary to FILE instead of standard output
          --root DIR       show file paths relative to DIR (default: the current directory); with --baseline, the
                           repository root, since a file is matched by its path below it
        Produce the logs with: dotnet build -p:ErrorLog=build.sarif
        """;

    internal static int Run(string[] args, TextWriter output, TextWriter error)
    {
        if (!TryParse(args, out var options, out var problem))
        {
            error.WriteLine($"resilience-review: {problem}");
            error.WriteLine(Usage);
            return BadInput;
        }

        List<Finding> findings;
        Baseline? baseline = null;
        try
        {
            findings = options.Logs.SelectMany(SarifReader.Read).Distinct().ToList();
            if (options.BaselineLogs.Count > 0)
            {
                var earlier = options.BaselineLogs
                    .SelectMany(path => Directory.Exists(path) ? Directory.GetFiles(path, "*.sarif").Order(StringComparer.Ordinal) : (IEnumerable<string>)new[] { path })
                    .SelectMany(SarifReader.Read)
                    .Distinct()
                    .ToList();
                baseline = Baseline.Compare(findings, earlier, options.Root);
                findings = baseline.Added.ToList();
            }
        }
        catch (SarifFormatException ex)
        {
            error.WriteLine($"resilience-review: {ex.Message}");
            return BadInput;
        }

        var summary = SummaryWriter.Write(findings, options.Root, baseline);
        if (options.OutputFile is null)
        {
            output.Write(summary);
        }
        else
        {
            try
            {
                File.WriteAllText(options.OutputFile, summary);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
            {
                error.WriteLine($"resilience-review: cannot write '{options.OutputFile}': {ex.Message}");
                return BadInput;
            }
        }

        return options.FailOn is { } threshold && findings.Any(finding => finding.Level >= threshold) ? FindingsAtFailingLevel : Success;
    }

    private sealed record Options(List<string> Logs, FindingLevel? FailOn, string? OutputFile, string Root, List<string> BaselineLogs);

    private static bool TryParse(string[] args, out Options options, out string problem)
    {
        var logs = new List<string>();
        FindingLevel? failOn = FindingLevel.Error;
        string? outputFile = null;
        var baselineLogs = new List<string>();
        var root = Directory.GetCurrentDirectory();
        options = new Options(logs, failOn, outputFile, root, baselineLogs);
        problem = string.Empty;

        for (var i = 0; i < args.Length; i++)
        {
            var argument = args[i];
            if (argument is "--fail-on" or "--output" or "--root" or "--baseline")
            {
                if (i + 1 >= args.Length)
                {
                    problem = $"{argument} needs a value.";
                    return false;
                }

                var value = args[++i];
                switch (argument)
                {
                    case "--fail-on":
                        FindingLevel? level = value switch
                        {
                            "error" => FindingLevel.Error,
                            "warning" => FindingLevel.Warning,
                            "note" => FindingLevel.Note,
                            "never" => null,
                            _ => FindingLevel.None,
                        };
                        if (level == FindingLevel.None)
                        {
                            problem = $"--fail-on takes error, warning, note or never, not '{value}'.";
                            return false;
                        }

                        failOn = level;
                        break;
                    case "--output":
                        outputFile = value;
                        break;
                    case "--baseline":
                        baselineLogs.Add(value);
                        break;
                    default:
                        root = Path.GetFullPath(value);
                        break;
                }
            }
            else if (argument.StartsWith("--", StringComparison.Ordinal))
            {
                problem = $"unknown option '{argument}'.";
                return false;
            }
            else
            {
                logs.Add(argument);
            }
        }

        if (logs.Count == 0)
        {
            problem = "no SARIF log given.";
            return false;
        }

        options = new Options(logs, failOn, outputFile, root, baselineLogs);
        return true;
    }
}
