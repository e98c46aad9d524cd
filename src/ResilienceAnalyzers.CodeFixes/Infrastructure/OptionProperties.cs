using System.Globalization;
using Microsoft.CodeAnalysis;

namespace ResilienceAnalyzers.CodeFixes.Infrastructure;

/// <summary>
/// Reads the option values an analyzer passes to its fix as diagnostic properties (<c>ReadAsProperty</c>): the
/// <c>.editorconfig</c> value for the flagged file, or the option's default.
/// </summary>
internal static class OptionProperties
{
    /// <summary>The option's value, or null when the diagnostic does not carry it (a fix then offers nothing).</summary>
    internal static int? Option(this Diagnostic diagnostic, string property) =>
        diagnostic.Properties.TryGetValue(property, out var text) && int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? value
            : null;
}
