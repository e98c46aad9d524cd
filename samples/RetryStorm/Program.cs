using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using RetryStorm;

// Retry storm lab: gateway → orders → inventory on loopback, open-loop load, inventory fails half its requests for a
// while. Naive retries at every layer multiply the load and keep it up after the fault is gone; one budgeted,
// jittered retry layer with a breaker keeps the load near the offered rate and recovers at once.
const string Usage = """
    usage: RetryStorm [naive|defended|both] [--quick] [--rate N] [--seconds N] [--out DIR]
      naive|defended|both  which variant to run (default both)
      --quick              a 10-second run per variant (fault from second 2 to 5), for tests
      --rate N             user requests per second (default 100, 1..400)
      --seconds N          length of the load per variant (default 20, 6..120); the fault covers its second sixth to half
      --out DIR            folder for the event log, results and chart (default ./retry-storm-output)
    """;

if (!TryParse(args, out var policies, out var settings, out var error))
{
    Console.Error.WriteLine(error);
    Console.Error.WriteLine(Usage);
    return 2;
}

try
{
    Directory.CreateDirectory(settings.OutputFolder);
}
catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
{
    Console.Error.WriteLine($"Cannot write to {settings.OutputFolder}: {ex.Message}");
    return 2;
}

Console.WriteLine($"{settings.RatePerSecond} user requests/s for {settings.Seconds} s; inventory serves {settings.CapacityPerSecond}/s at most ({settings.Capacity} at a time, {settings.ServiceMilliseconds} ms each) and fails {LabSettings.FaultRate:P0} of requests from second {settings.FaultStartSecond} to {settings.FaultEndSecond}.");
var results = new List<VariantResult>();
foreach (var policy in policies)
{
    Console.WriteLine($"running {policy.Name}…");
    results.Add(await RetryStormLab.RunAsync(settings, policy));
}

Console.WriteLine();
Console.WriteLine($"{"variant",-9} {"users",7} {"failed",7} {"p50 ms",8} {"p99 ms",8} {"amplification",14} {"during fault",13} {"after fault",12} {"recovery",10}");
foreach (var result in results)
{
    Console.WriteLine(string.Create(
        CultureInfo.InvariantCulture,
        $"{result.Variant,-9} {result.UserRequests,7} {result.ErrorRate,7:P1} {result.P50Ms,8:F0} {result.P99Ms,8:F0} {result.Amplification,13:F2}x {result.AmplificationDuringFault,12:F2}x {result.AmplificationAfterFault,11:F2}x {(result.SecondsToRecover is { } s ? $"{s} s" : "never"),10}"));
}

var (eventLog, resultsFile, chart) = LabReport.Write(settings, results);
Console.WriteLine();
Console.WriteLine("Amplification: inventory requests per user request. Recovery: seconds from the fault's removal until users are served again (≥ 95 % every second).");
Console.WriteLine($"event log: {eventLog}");
Console.WriteLine($"results:   {resultsFile}");
Console.WriteLine($"chart:     {chart}");
return 0;

static bool TryParse(string[] args, out List<IRetryPolicy> policies, out LabSettings settings, out string error)
{
    policies = new List<IRetryPolicy> { new NaiveRetries(), new DefendedRetries() };
    int rate = 100, seconds = 20;
    var output = Path.Combine(Environment.CurrentDirectory, "retry-storm-output");
    error = string.Empty;
    settings = null!;

    for (var i = 0; i < args.Length; i++)
    {
        switch (args[i])
        {
            case "naive":
                policies = new List<IRetryPolicy> { new NaiveRetries() };
                break;
            case "defended":
                policies = new List<IRetryPolicy> { new DefendedRetries() };
                break;
            case "both":
                break;
            case "--quick":
                seconds = 10;
                break;
            case "--out" when i + 1 < args.Length:
                output = Path.GetFullPath(args[++i]);
                break;
            case "--rate" or "--seconds":
                var (minimum, maximum) = args[i] == "--rate" ? (1, 400) : (6, 120);
                if (i + 1 >= args.Length || !int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < minimum || value > maximum)
                {
                    error = $"{args[i]} needs a whole number from {minimum} to {maximum}.";
                    return false;
                }

                _ = args[i] == "--rate" ? rate = value : seconds = value;
                i++;
                break;
            default:
                error = args[i] == "--out" ? "--out needs a folder." : $"Unknown argument '{args[i]}'.";
                return false;
        }
    }

    var faultStart = seconds == 10 ? 2 : seconds / 6;
    var faultEnd = seconds == 10 ? 5 : seconds / 2;
    settings = new LabSettings(rate, seconds, faultStart, faultEnd, Capacity: 4, ServiceMilliseconds: 25, output);
    return true;
}
