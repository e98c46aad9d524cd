using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;

namespace LabKit;

/// <summary>The folder a lab writes its event log, results and chart to.</summary>
public static class LabOutput
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Creates the folder; on failure, the message to print instead of a stack trace.</summary>
    public static string? TryCreate(string folder)
    {
        try
        {
            Directory.CreateDirectory(folder);
            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return $"Cannot write to {folder}: {ex.Message}";
        }
    }

    /// <summary>Writes one JSON object per line (camelCase names) and returns the file's path.</summary>
    public static string WriteEventLog<T>(string folder, string fileName, IEnumerable<T> events)
    {
        var path = Path.Combine(folder, fileName);
        File.WriteAllLines(path, events.Select(item => JsonSerializer.Serialize(item, Json)));
        return path;
    }

    /// <summary>Writes the run's results as one JSON document (camelCase names) and returns the file's path.</summary>
    public static string WriteResults<T>(string folder, string fileName, T results)
    {
        var path = Path.Combine(folder, fileName);
        File.WriteAllText(path, JsonSerializer.Serialize(results, Json));
        return path;
    }
}
