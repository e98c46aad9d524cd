using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;

namespace ResilienceAnalyzers.ReviewSummary;

/// <summary>Writes findings as Markdown for a pull request: by failure mode, most severe first.</summary>
internal static class SummaryWriter
{
    /// <param name="findings">The findings to list.</param>
    /// <param name="root">The folder paths are shown relative to.</param>
    /// <param name="baseline">When given, <paramref name="findings"/> are the ones the baseline does not have.</param>
    internal static string Write(IReadOnlyCollection<Finding> findings, string root, Baseline? baseline = null)
    {
        var culture = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        var noun = baseline is null ? "finding" : "new finding";
        text.AppendLine(culture, $"## Resilience review: {(findings.Count == 0 ? $"no {noun}s" : Count(findings.Count, noun))}").AppendLine();
        if (baseline is not null)
        {
            text.AppendLine(culture, $"Compared with the baseline: {Count(baseline.Unchanged, "finding")} it already had not listed; {Count(baseline.FixedSince, "baseline finding")} fixed since.")
                .AppendLine();
        }

        if (findings.Count == 0)
        {
            return text
                .AppendLine(baseline is null
                    ? "ResilienceAnalyzers found none of the patterns behind retry storms, cache stampedes, queue overload, fail-open"
                    : "This build adds none of the patterns behind retry storms, cache stampedes, queue overload, fail-open")
                .AppendLine("authorization, uncached lookups, cascading failures, hot partitions or split brain" + (baseline is null ? " in this build." : "."))
                .ToString();
        }

        text.AppendLine("| failure mode | errors | warnings | notes |")
            .AppendLine("|---|---|---|---|");

        var groups = findings
            .GroupBy(finding => FailureModes.ForRule(finding.RuleId))
            .OrderByDescending(group => group.Max(finding => finding.Level))
            .ThenByDescending(group => group.Count())
            .ToList();

        foreach (var group in groups)
        {
            text.AppendLine(culture, $"| {group.Key?.Name ?? "Other"} | {group.Count(f => f.Level == FindingLevel.Error)} | {group.Count(f => f.Level == FindingLevel.Warning)} | {group.Count(f => f.Level <= FindingLevel.Note)} |");
        }

        foreach (var group in groups)
        {
            text.AppendLine()
                .AppendLine(culture, $"### {group.Key?.Name ?? "Other"} ({group.Count()})")
                .AppendLine();
            if (group.Key is { } mode)
            {
                text.AppendLine(culture, $"Why this causes an outage: {mode.Why} Runbook: [{mode.Name.ToLowerInvariant()}]({mode.RunbookUrl}).")
                    .AppendLine();
            }

            foreach (var finding in group.OrderByDescending(f => f.Level).ThenBy(f => f.File, StringComparer.Ordinal).ThenBy(f => f.Line))
            {
                var rulePage = finding.HelpUri ?? ReviewSummaryCommand.DocsUrl + "rules/" + finding.RuleId + ".md";
                text.AppendLine(culture, $"- **{finding.Level.ToString().ToLowerInvariant()}** [{finding.RuleId}]({rulePage}) `{Relative(finding.File, root)}:{finding.Line}` — {finding.Message}");
            }
        }

        return text.ToString();
    }

    /// <summary>The file's path below <paramref name="root"/>, with forward slashes; the path as given when it is not below it.</summary>
    internal static string Relative(string file, string root)
    {
        if (file.Length == 0)
        {
            return "(no location)";
        }

        var relative = Path.GetRelativePath(root, file);
        return (relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? file : relative).Replace('\\', '/');
    }

    private static string Count(int count, string noun) => count == 1 ? $"1 {noun}" : $"{count} {noun}s";
}
