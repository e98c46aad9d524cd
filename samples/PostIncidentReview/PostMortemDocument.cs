using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace PostIncidentReview;

/// <summary>The Markdown of a post-mortem, written in invariant culture, with the parts every post-mortem shares.</summary>
internal sealed class PostMortemDocument
{
    private readonly StringBuilder text = new();

    public void Line(FormattableString line) => text.AppendLine(line.ToString(CultureInfo.InvariantCulture));

    /// <summary>The title, the blameless preamble and the table of date, duration, severity, authors and status.</summary>
    public void Header(string title, DateOnly date, string duration, string severity, string authors)
    {
        Line($"# Post-mortem: {title}");
        Line($"");
        Line($"Blameless: this document describes what the system did and why; it names roles, not culprits. Every number comes from the event log.");
        Line($"");
        Line($"| | |");
        Line($"|---|---|");
        Line($"| Date | {date:yyyy-MM-dd} |");
        Line($"| Duration | {duration} |");
        Line($"| Severity | {severity} |");
        Line($"| Authors | {authors} |");
        Line($"| Status | Draft |");
        Line($"");
    }

    public void Section(string name)
    {
        Line($"## {name}");
        Line($"");
    }

    /// <summary>The action-item table: each item with its owner, a deadline counted from the incident's date, and its tracking.</summary>
    public void ActionItems(DateOnly date, IReadOnlyList<(string Action, string Owner, int DaysToDeadline, string Tracking)> items)
    {
        Section("Action items");
        Line($"| # | Action | Owner | Deadline | Tracking |");
        Line($"|---|---|---|---|---|");
        for (var i = 0; i < items.Count; i++)
        {
            var (action, owner, days, tracking) = items[i];
            Line($"| {i + 1} | {action} | {owner} | {date.AddDays(days):yyyy-MM-dd} | {tracking} |");
        }

        Line($"");
    }

    public override string ToString() => text.ToString();
}
