using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;

namespace PostIncidentReview;

/// <summary>One second of a retry-storm lab run, as its event log records it.</summary>
internal sealed record LogSecond(string Variant, int Second, bool FaultOn, int UserRequests, int UserFailed, int InventoryRequests, int InventoryErrors, double P50Ms, double P99Ms)
{
    public double ErrorRate => UserRequests == 0 ? 0 : (double)UserFailed / UserRequests;

    /// <summary>Inventory requests per user request sent in the same second.</summary>
    public double Amplification => UserRequests == 0 ? 0 : (double)InventoryRequests / UserRequests;
}

/// <summary>Reads a lab's event log: JSON lines, one per variant and second.</summary>
internal static class EventLog
{
    private static readonly string[] RequiredProperties = ["variant", "second", "faultOn", "userRequests", "userFailed", "inventoryRequests", "inventoryErrors", "p50Ms", "p99Ms"];

    /// <exception cref="InvalidDataException">The file is empty, or a line is not a retry-storm event; the message names the line.</exception>
    public static IReadOnlyList<LogSecond> Read(string path)
    {
        var seconds = new List<LogSecond>();
        var lineNumber = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            seconds.Add(Parse(line, lineNumber));
        }

        return seconds.Count > 0 ? seconds : throw new InvalidDataException($"{path} has no events.");
    }

    private static LogSecond Parse(string line, int lineNumber)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(line);
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"line {lineNumber} is not JSON: {ex.Message}", ex);
        }

        using (document)
        {
            var root = document.RootElement;
            var missing = root.ValueKind == JsonValueKind.Object ? RequiredProperties.FirstOrDefault(name => !root.TryGetProperty(name, out _)) : "an object";
            if (missing is not null)
            {
                throw new InvalidDataException($"line {lineNumber} is not a retry-storm event: it has no '{missing}'.");
            }

            try
            {
                return new LogSecond(
                    root.GetProperty("variant").GetString() ?? string.Empty,
                    root.GetProperty("second").GetInt32(),
                    root.GetProperty("faultOn").GetBoolean(),
                    root.GetProperty("userRequests").GetInt32(),
                    root.GetProperty("userFailed").GetInt32(),
                    root.GetProperty("inventoryRequests").GetInt32(),
                    root.GetProperty("inventoryErrors").GetInt32(),
                    root.GetProperty("p50Ms").GetDouble(),
                    root.GetProperty("p99Ms").GetDouble());
            }
            catch (Exception ex) when (ex is InvalidOperationException or FormatException)
            {
                throw new InvalidDataException($"line {lineNumber} has a value of the wrong type: {ex.Message}", ex);
            }
        }
    }
}
