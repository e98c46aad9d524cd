using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;

namespace ResilienceAnalyzers.ReviewSummary;

internal enum FindingLevel
{
    None,
    Note,
    Warning,
    Error,
}

/// <summary>
/// One diagnostic of the pack, as a SARIF log recorded it; <paramref name="Fingerprint"/> is the log's own
/// <c>partialFingerprints</c>, when the tool that wrote it gave some.
/// </summary>
internal sealed record Finding(string RuleId, FindingLevel Level, string Message, string File, int Line, string? HelpUri, string? Fingerprint = null);

/// <summary>The input is not a SARIF log this tool can read; the message says why.</summary>
internal sealed class SarifFormatException(string message) : Exception(message);

/// <summary>
/// Reads the results of SARIF logs as the C# compiler writes them with <c>-p:ErrorLog=</c>: version 1.0 (the default)
/// and 2.1 (<c>-p:ErrorLog=log.sarif%2Cversion=2.1</c>).
/// </summary>
internal static class SarifReader
{
    internal static IEnumerable<Finding> Read(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new SarifFormatException($"cannot read '{path}': {ex.Message}");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text);
        }
        catch (JsonException ex)
        {
            throw new SarifFormatException($"'{path}' is not a SARIF log: it is not JSON ({ex.Message})");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("version", out var version) || version.ValueKind != JsonValueKind.String
                || !root.TryGetProperty("runs", out var runs) || runs.ValueKind != JsonValueKind.Array)
            {
                throw new SarifFormatException($"'{path}' is not a SARIF log: it has no \"version\" and \"runs\".");
            }

            var isVersion1 = version.GetString()!.StartsWith("1.", StringComparison.Ordinal);
            if (!isVersion1 && !version.GetString()!.StartsWith("2.", StringComparison.Ordinal))
            {
                throw new SarifFormatException($"'{path}' is SARIF version {version.GetString()}; versions 1.0 and 2.1 are supported.");
            }

            return runs.EnumerateArray().SelectMany(run => ReadRun(run, isVersion1)).ToList();
        }
    }

    private static IEnumerable<Finding> ReadRun(JsonElement run, bool isVersion1)
    {
        var helpUris = isVersion1 ? RuleHelpUrisV1(run) : RuleHelpUrisV2(run);
        if (!run.TryGetProperty("results", out var results) || results.ValueKind != JsonValueKind.Array)
        {
            yield break;
        }

        foreach (var result in results.EnumerateArray())
        {
            var ruleId = String(result, "ruleId");
            if (ruleId is null || !ruleId.StartsWith("RES", StringComparison.Ordinal))
            {
                continue;
            }

            var message = isVersion1
                ? String(result, "message")
                : result.TryGetProperty("message", out var m) ? String(m, "text") : null;
            var (file, line) = isVersion1 ? LocationV1(result) : LocationV2(result);
            helpUris.TryGetValue(ruleId, out var helpUri);
            yield return new Finding(ruleId, Level(String(result, "level")), message ?? string.Empty, file, line, helpUri, Fingerprint(result));
        }
    }

    private static Dictionary<string, string> RuleHelpUrisV1(JsonElement run)
    {
        var uris = new Dictionary<string, string>(StringComparer.Ordinal);
        if (run.TryGetProperty("rules", out var rules) && rules.ValueKind == JsonValueKind.Object)
        {
            foreach (var rule in rules.EnumerateObject())
            {
                if (String(rule.Value, "helpUri") is { } uri)
                {
                    uris[rule.Name] = uri;
                }
            }
        }

        return uris;
    }

    private static Dictionary<string, string> RuleHelpUrisV2(JsonElement run)
    {
        var uris = new Dictionary<string, string>(StringComparer.Ordinal);
        if (run.TryGetProperty("tool", out var tool) && tool.TryGetProperty("driver", out var driver)
            && driver.TryGetProperty("rules", out var rules) && rules.ValueKind == JsonValueKind.Array)
        {
            foreach (var rule in rules.EnumerateArray())
            {
                if (String(rule, "id") is { } id && String(rule, "helpUri") is { } uri)
                {
                    uris[id] = uri;
                }
            }
        }

        return uris;
    }

    private static (string File, int Line) LocationV1(JsonElement result)
    {
        if (result.TryGetProperty("locations", out var locations) && locations.ValueKind == JsonValueKind.Array && locations.GetArrayLength() > 0
            && locations[0].TryGetProperty("resultFile", out var resultFile))
        {
            return (Path(String(resultFile, "uri")), StartLine(resultFile));
        }

        return (string.Empty, 0);
    }

    private static (string File, int Line) LocationV2(JsonElement result)
    {
        if (result.TryGetProperty("locations", out var locations) && locations.ValueKind == JsonValueKind.Array && locations.GetArrayLength() > 0
            && locations[0].TryGetProperty("physicalLocation", out var physical)
            && physical.TryGetProperty("artifactLocation", out var artifact))
        {
            return (Path(String(artifact, "uri")), StartLine(physical));
        }

        return (string.Empty, 0);
    }

    /// <summary>SARIF 2.1's <c>partialFingerprints</c>, its entries in name order, or null when the result has none.</summary>
    private static string? Fingerprint(JsonElement result) =>
        result.TryGetProperty("partialFingerprints", out var fingerprints) && fingerprints.ValueKind == JsonValueKind.Object
            && fingerprints.EnumerateObject().Where(entry => entry.Value.ValueKind == JsonValueKind.String).OrderBy(entry => entry.Name, StringComparer.Ordinal).ToList() is { Count: > 0 } entries
                ? string.Join(";", entries.Select(entry => $"{entry.Name}={entry.Value.GetString()}"))
                : null;

    private static int StartLine(JsonElement location) =>
        location.TryGetProperty("region", out var region) && region.TryGetProperty("startLine", out var line) && line.TryGetInt32(out var value)
            ? value
            : 0;

    private static string Path(string? uri) =>
        uri is not null && Uri.TryCreate(uri, UriKind.Absolute, out var parsed) && parsed.IsFile ? parsed.LocalPath : uri ?? string.Empty;

    private static FindingLevel Level(string? level) => level switch
    {
        "error" => FindingLevel.Error,
        "note" => FindingLevel.Note,
        "none" => FindingLevel.None,
        _ => FindingLevel.Warning, // SARIF's default level is warning.
    };

    private static string? String(JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}
