using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using Microsoft.CodeAnalysis;

namespace ResilienceAnalyzers.Catalog;

/// <summary>
/// The severity presets shipped in the package as global analyzer config files, selected with the MSBuild property
/// <c>ResilienceAnalysisMode</c>: <c>default</c> (the catalogue's severities), <c>strict</c> (every rule at least a
/// warning, Warning rules errors) and <c>none</c> (every rule off).
/// </summary>
public static class SeverityPresets
{
    public const string ModeProperty = "ResilienceAnalysisMode";

    public static ImmutableArray<string> Modes { get; } = ImmutableArray.Create("default", "strict", "none");

    /// <summary>Where the preset files live in the repository; the package ships them under <c>config/</c>.</summary>
    public static string RepositoryPath(string mode) => $"src/ResilienceAnalyzers.Package/config/{FileName(mode)}";

    public static string FileName(string mode) => $"ResilienceAnalyzers.{mode}.globalconfig";

    public static string Render(string mode)
    {
        var text = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"# ResilienceAnalyzers severity preset '{mode}', selected with <{ModeProperty}>{mode}</{ModeProperty}>.")
            .AppendLine(CultureInfo.InvariantCulture, $"# Generated from the rule registry by `{GeneratedFiles.RegenerateCommand}`: do not edit.")
            .AppendLine("# A low global_level lets any .editorconfig or other global config of the project override it.")
            .AppendLine("is_global = true")
            .AppendLine("global_level = -1");

        foreach (var rule in RuleCatalog.Rules)
        {
            text.AppendLine()
                .AppendLine(CultureInfo.InvariantCulture, $"# {rule.Id}: {rule.Descriptor.Title} (default {rule.Descriptor.DefaultLevel()})")
                .AppendLine(CultureInfo.InvariantCulture, $"dotnet_diagnostic.{rule.Id}.severity = {Severity(mode, rule.Descriptor)}");
        }

        return text.ToString().Replace("\r\n", "\n");
    }

    private static string Severity(string mode, DiagnosticDescriptor descriptor) => mode switch
    {
        "none" => "none",
        "strict" => descriptor.IsEnabledByDefault && descriptor.DefaultSeverity == DiagnosticSeverity.Warning ? "error" : "warning",
        _ when !descriptor.IsEnabledByDefault => "none",
        _ => descriptor.DefaultSeverity == DiagnosticSeverity.Warning ? "warning" : "suggestion",
    };
}
