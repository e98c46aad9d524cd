using System.Globalization;
using System.Linq;
using System.Text;
using ResilienceAnalyzers.Infrastructure;

namespace ResilienceAnalyzers.Catalog;

/// <summary>Renders docs/configuration.md from the options reader's list of keys, so the page cannot drift from the code.</summary>
public static class ConfigurationReference
{
    public const string RepositoryPath = "docs/configuration.md";

    public static string Render()
    {
        var culture = CultureInfo.InvariantCulture;
        var options = ResilienceOptions.All.OrderBy(o => o.Key, System.StringComparer.Ordinal).ToList();
        var text = new StringBuilder()
            .AppendLine("# Configuration")
            .AppendLine()
            .AppendLine(culture, $"<!-- Generated from the options reader by `{GeneratedFiles.RegenerateCommand}`: do not edit. -->")
            .AppendLine()
            .AppendLine("ResilienceAnalyzers is configured like any Roslyn analyzer: in `.editorconfig` (per folder or file) or a global")
            .AppendLine("analyzer config, and with one MSBuild property that picks a severity preset.")
            .AppendLine()
            .AppendLine("## Severity of a rule")
            .AppendLine()
            .AppendLine("```ini")
            .AppendLine("[*.cs]")
            .AppendLine("dotnet_diagnostic.RES3001.severity = error   # error, warning, suggestion, silent or none")
            .AppendLine("dotnet_analyzer_diagnostic.category-QueueOverload.severity = warning   # every rule of one failure mode")
            .AppendLine("```")
            .AppendLine()
            .AppendLine("Each rule's default severity is in [rules.md](../rules.md).")
            .AppendLine()
            .AppendLine("## Severity presets")
            .AppendLine()
            .AppendLine(culture, $"Set `<{SeverityPresets.ModeProperty}>` in a project file or `Directory.Build.props`:")
            .AppendLine()
            .AppendLine("| value | effect |")
            .AppendLine("|---|---|")
            .AppendLine("| `default` | every rule at its catalogue severity (Warning rules are build warnings, Info rules IDE suggestions) |")
            .AppendLine("| `strict` | Warning rules are build errors, every other rule a warning — for services where these outages are unacceptable |")
            .AppendLine("| `none` | every rule off — for generated or legacy projects |")
            .AppendLine()
            .AppendLine("```xml")
            .AppendLine("<PropertyGroup>")
            .AppendLine(culture, $"  <{SeverityPresets.ModeProperty}>strict</{SeverityPresets.ModeProperty}>")
            .AppendLine("</PropertyGroup>")
            .AppendLine("```")
            .AppendLine()
            .AppendLine("A preset is a global config with the lowest precedence: `.editorconfig` entries override it rule by rule.")
            .AppendLine()
            .AppendLine("## Options the rules read")
            .AppendLine()
            .AppendLine("Keys are prefixed with `resilience.`. A value that is not a whole number, or is below the minimum, is ignored and")
            .AppendLine("the default applies.")
            .AppendLine()
            .AppendLine("| key | default | minimum | what it sets |")
            .AppendLine("|---|---|---|---|");

        foreach (var option in options)
        {
            text.AppendLine(culture, $"| `{option.Key}` | {option.DefaultValue} | {option.Minimum} | {option.Description} |");
        }

        text.AppendLine()
            .AppendLine("Example:")
            .AppendLine()
            .AppendLine("```ini")
            .AppendLine("[*.cs]");
        foreach (var option in options)
        {
            text.AppendLine(culture, $"{option.Key} = {option.DefaultValue}");
        }

        return text.AppendLine("```").ToString().Replace("\r\n", "\n");
    }
}
