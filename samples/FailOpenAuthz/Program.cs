using System;
using System.Collections.Generic;
using System.Globalization;
using FailOpenAuthz;
using LabKit;

// Fail-open authorization lab: an API asks a remote policy service (behind a timeout and a circuit breaker) whether a
// user may read a document; the policy service goes down for the middle third of the run.
const string Usage = """
    usage: FailOpenAuthz [naive|defended|all] [--quick] [--rate N] [--seconds N] [--out DIR]
      naive|defended|all  which variant to run (default all)
      --quick             a short run (50 requests/s for 6 s)
      --rate N            requests per second (default 100, 1..1000)
      --seconds N         seconds of load (default 12, 3..300); the policy service is down for the middle third
      --out DIR           folder for fail-open-authz-events.jsonl and fail-open-authz.png (default ./fail-open-authz-output)
    """;

NumberOption[] options = [new("--rate", 1, 1000, 100, 50), new("--seconds", 3, 300, 12, 6)];
if (!LabConsole.TryStart(args, AuthzLab.Variants, options, "fail-open-authz-output", Usage, out var arguments))
{
    return LabConsole.BadInput;
}

var settings = new LabSettings(arguments["--rate"], arguments["--seconds"]);
Console.WriteLine($"{settings.RatePerSecond} requests/s for {settings.Seconds} s: 40 % documents the user may read, 40 % another team's documents, 20 % the catalog.");
Console.WriteLine($"The policy service answers 503 from {settings.OutageStart} s to {settings.OutageEnd} s; the API calls it with a 250 ms timeout behind a circuit breaker.");
Console.WriteLine();
Console.WriteLine($"{"variant",-9} {"forbidden asked",16} {"forbidden served",17} {"permitted served",17} {"503s",6} {"catalog served",15}");
var results = new List<LabResult>();
foreach (var variant in arguments.Variants)
{
    var result = await AuthzLab.RunAsync(variant, settings);
    results.Add(result);
    Console.WriteLine(string.Create(
        CultureInfo.InvariantCulture,
        $"{result.Variant,-9} {result.ForbiddenRequests,16} {result.ServedToForbidden,17} {result.PermittedServedShare,17:P1} {result.Unavailable,6} {result.CatalogServedShare,15:P1}"));
}

var (eventLog, chart) = LabReport.Write(arguments.Output, settings, results);
return LabConsole.Finish(
    [eventLog, chart],
    "Naive: while the policy service is down, every document is served to anyone who asks (forbidden served).",
    "Defended: no decision, no document — 503 with Retry-After; permitted reads resume when the policy service does, and the catalog never stops.");
