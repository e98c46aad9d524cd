using System;
using System.Collections.Generic;
using System.Globalization;
using LabKit;
using ReconnectStorm;

// Reconnect storm lab: a fleet of real SignalR clients on a real hub, on loopback. The hub stops for a few seconds and
// starts again on the same port. Clients that reconnect on a fixed schedule come back in step, the whole fleet within
// one 100 ms; clients with capped exponential backoff and full jitter come back spread out.
const string Usage = """
    usage: ReconnectStorm [naive|defended|all] [--quick] [--clients N] [--outage-seconds N] [--out DIR]
      naive|defended|all    which variant to run (default all)
      --quick               a short run (200 clients, a 3-second outage)
      --clients N           SignalR clients connected to the hub (default 300, 10..500)
      --outage-seconds N    how long the hub is down (default 5, 1..10)
      --out DIR             folder for reconnect-storm-events.jsonl, reconnect-storm-results.json and reconnect-storm.png (default ./reconnect-storm-output)
    """;

NumberOption[] options = [new("--clients", 10, 500, 300, 200), new("--outage-seconds", 1, 10, 5, 3)];
if (!LabConsole.TryStart(args, ReconnectLab.Variants, options, "reconnect-storm-output", Usage, out var arguments))
{
    return LabConsole.BadInput;
}

var settings = new LabSettings(arguments["--clients"], arguments["--outage-seconds"]);
Console.WriteLine($"{settings.Clients} SignalR clients over WebSockets; the hub stops, stays down {settings.OutageSeconds} s, then starts again on the same port. Counts per 100 ms.");
Console.WriteLine();
Console.WriteLine($"{"variant",-9} {"clients",8} {"back",5} {"attempts",9} {"while down",11} {"peak",5} {"peak after restart",19} {"peak accepts",13} {"half back",10} {"all back",9}");
var results = new List<VariantResult>();
foreach (var variant in arguments.Variants)
{
    var result = await ReconnectLab.RunAsync(variant, settings);
    results.Add(result);
    Console.WriteLine(string.Create(
        CultureInfo.InvariantCulture,
        $"{result.Variant,-9} {result.Clients,8} {result.Back,5} {result.Attempts,9} {result.AttemptsWhileDown,11} {result.PeakAttempts,5} {result.PeakAttemptsAfterRestart,19} {result.PeakAccepts,13} {Seconds(result.MedianBack),10} {Seconds(result.AllBack),9}"));
}

var (eventLog, resultsFile, chart) = LabReport.Write(arguments.Output, results);
return LabConsole.Finish(
    [eventLog, resultsFile, chart],
    "Peak: the most connection attempts in one 100 ms; after restart, the herd the hub meets. Half back, all back: seconds from the restart.",
    "Naive: every client waits the same 2 s, so the fleet's attempts arrive in step, every 2 s, and the whole fleet lands on the hub in one beat when it is back.",
    $"Defended: each client waits a random time up to {JitteredReconnectPolicy.BaseDelay.TotalSeconds:0} s · 2ⁿ (at most {JitteredReconnectPolicy.MaxDelay.TotalSeconds:0} s), so the attempts are spread out; the price is that the last clients take longer to return.");

static string Seconds(double? seconds) => seconds is { } value ? string.Create(CultureInfo.InvariantCulture, $"{value:F1} s") : "never";
