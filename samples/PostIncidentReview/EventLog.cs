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

/// <summary>One 100 ms bucket of a cache-stampede lab run: the origin recomputes that started in it.</summary>
internal sealed record StampedeBucket(string Variant, double SecondsFromExpiry, int Recomputes);

/// <summary>Reads a lab's event log: JSON lines, one per variant and second (retry storm) or 100 ms (cache stampede).</summary>
internal static class EventLog
{
    private static readonly string[] RetryStormProperties = ["variant", "second", "faultOn", "userRequests", "userFailed", "inventoryRequests", "inventoryErrors", "p50Ms", "p99Ms"];
    private static readonly string[] StampedeProperties = ["variant", "secondsFromExpiry", "recomputes"];

    /// <summary>True when the log's first event is a cache-stampede one (it counts recomputes).</summary>
    public static bool IsCacheStampedeLog(string path) =>
        File.ReadLines(path).FirstOrDefault(line => !string.IsNullOrWhiteSpace(line)) is { } first && first.Contains("\"recomputes\"", StringComparison.Ordinal);

    /// <exception cref="InvalidDataException">The file is empty, or a line is not a retry-storm event; the message names the line.</exception>
    public static IReadOnlyList<LogSecond> Read(string path) =>
        ReadEvents(path, "retry-storm", RetryStormProperties, root => new LogSecond(
            root.GetProperty("variant").GetString() ?? string.Empty,
            root.GetProperty("second").GetInt32(),
            root.GetProperty("faultOn").GetBoolean(),
            root.GetProperty("userRequests").GetInt32(),
            root.GetProperty("userFailed").GetInt32(),
            root.GetProperty("inventoryRequests").GetInt32(),
            root.GetProperty("inventoryErrors").GetInt32(),
            root.GetProperty("p50Ms").GetDouble(),
            root.GetProperty("p99Ms").GetDouble()));

    /// <exception cref="InvalidDataException">The file is empty, or a line is not a cache-stampede event; the message names the line.</exception>
    public static IReadOnlyList<StampedeBucket> ReadStampede(string path) =>
        ReadEvents(path, "cache-stampede", StampedeProperties, root => new StampedeBucket(
            root.GetProperty("variant").GetString() ?? string.Empty,
            root.GetProperty("secondsFromExpiry").GetDouble(),
            root.GetProperty("recomputes").GetInt32()));

    private static List<T> ReadEvents<T>(string path, string kind, string[] required, Func<JsonElement, T> read)
    {
        var events = new List<T>();
        var lineNumber = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            if (!string.IsNullOrWhiteSpace(line))
            {
                events.Add(Parse(line, lineNumber, kind, required, read));
            }
        }

        return events.Count > 0 ? events : throw new InvalidDataException($"{path} has no events.");
    }

    private static T Parse<T>(string line, int lineNumber, string kind, string[] required, Func<JsonElement, T> read)
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
            var missing = root.ValueKind == JsonValueKind.Object ? required.FirstOrDefault(name => !root.TryGetProperty(name, out _)) : "an object";
            if (missing is not null)
            {
                throw new InvalidDataException($"line {lineNumber} is not a {kind} event: it has no '{missing}'.");
            }

            try
            {
                return read(root);
            }
            catch (Exception ex) when (ex is InvalidOperationException or FormatException)
            {
                throw new InvalidDataException($"line {lineNumber} has a value of the wrong type: {ex.Message}", ex);
            }
        }
    }
}
