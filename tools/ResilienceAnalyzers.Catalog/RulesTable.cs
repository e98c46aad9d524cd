using System.Globalization;
using System.Linq;
using System.Text;

namespace ResilienceAnalyzers.Catalog;

/// <summary>Renders rules.md from the catalogue, so the table can never drift from the code.</summary>
public static class RulesTable
{
    public const string FileName = "rules.md";

    public static string Render()
    {
        var text = new StringBuilder()
            .AppendLine("# Rules")
            .AppendLine()
            .AppendLine("Every rule of ResilienceAnalyzers, generated from the analyzers' descriptors. Each ID links to the rule's page: what it")
            .AppendLine("flags, the outage it leads to, how to fix it, its options and the runbook for the incident.")
            .AppendLine()
            .AppendLine("Severity policy: **Warning** only where the analyzer is precise (no known false positives); **Info** where context")
            .AppendLine("decides; **Disabled** for audit rules, right too rarely on real code to be on by default (the `strict` preset turns")
            .AppendLine("them on). Change any rule's severity with `dotnet_diagnostic.<ID>.severity` in `.editorconfig`; see")
            .AppendLine("[docs/quality.md](docs/quality.md) for how each rule fares on public services.")
            .AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"<!-- Generated: edit the descriptors, then run `{GeneratedFiles.RegenerateCommand}`. -->")
            .AppendLine()
            .AppendLine("| ID | Title | Failure mode | Default severity | Code fix |")
            .AppendLine("|---|---|---|---|---|");

        foreach (var rule in RuleCatalog.Rules)
        {
            var descriptor = rule.Descriptor;
            text.AppendLine(CultureInfo.InvariantCulture, $"| [{rule.Id}](docs/rules/{rule.Id}.md) | {descriptor.Title} | {descriptor.Category} | {descriptor.DefaultLevel()} | {(rule.CodeFix is null ? "No" : "Yes")} |");
        }

        text.AppendLine()
            .AppendLine("## Suppressors")
            .AppendLine()
            .AppendLine("Diagnostic suppressors silence another analyzer's warning where the pack's own advice makes it a false alarm.")
            .AppendLine()
            .AppendLine("| ID | Suppresses | When |")
            .AppendLine("|---|---|---|");
        // A suppressor that silences several rules for one reason has one descriptor per rule, all under its ID.
        foreach (var suppressor in RuleCatalog.Suppressions.GroupBy(suppression => suppression.Id))
        {
            var suppressed = string.Join(", ", suppressor.Select(suppression => suppression.SuppressedDiagnosticId));
            text.AppendLine(CultureInfo.InvariantCulture, $"| [{suppressor.Key}](docs/rules/{suppressor.Key}.md) | {suppressed} | {suppressor.First().Justification} |");
        }

        return text.ToString().Replace("\r\n", "\n");
    }
}
