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
    internal static string Write(IReadOnlyCollection<Finding> findings, string root)
    {
        var culture = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        if (findings.Count == 0)
        {
            return text.AppendLine("## Resilience review: no findings").AppendLine()
                .AppendLine("ResilienceAnalyzers found none of the patterns behind retry storms, cache stampedes, queue overload, fail-open")
                .AppendLine("authorization, uncached lookups, cascading failures, hot partitions or split brain in this build.")
                .ToString();
        }

        text.AppendLine(culture, $"## Resilience review: {Count(findings.Count, "finding")}").AppendLine()
            .AppendLine("| failure mode | errors | warnings | notes |")
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

    private static string Relative(string file, string root)
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
