using System;
using System.Collections.Generic;
using System.Globalization;
using DiscoveryOutage;
using LabKit;

// Discovery outage lab: a gateway finds the orders backend through a service registry; the registry slows down, then
// stops. The backend stays healthy throughout. Then a blue/green switch of the name orders.lab shows what a long-lived
// client sees with and without a connection lifetime, and a factory's client kept by a singleton or taken per use.
const string Usage = """
    usage: DiscoveryOutage [naive|defended|all] [--quick] [--rate N] [--seconds N] [--out DIR]
      naive|defended|all  which variant to run (default all)
      --quick             a short run (40 requests/s for 8 s)
      --rate N            requests per second (default 100, 1..1000)
      --seconds N         seconds of load (default 16, 4..300): registry healthy, slow, then down
      --out DIR           folder for discovery-outage-events.jsonl and discovery-outage.png (default ./discovery-outage-output)
    """;

NumberOption[] options = [new("--rate", 1, 1000, 100, 40), new("--seconds", 4, 300, 16, 8)];
if (!LabConsole.TryStart(args, DiscoveryLab.Variants, options, "discovery-outage-output", Usage, out var arguments))
{
    return LabConsole.BadInput;
}

var settings = new LabSettings(arguments["--rate"], arguments["--seconds"]);
Console.WriteLine($"{settings.RatePerSecond} requests/s for {settings.Seconds} s; the registry is healthy until {settings.SlowFrom} s, answers in {Registry.SlowAnswer.TotalSeconds} s until {settings.DownFrom} s, then refuses connections.");
Console.WriteLine();
Console.WriteLine($"{"variant",-9} {"ok healthy",11} {"ok slow",8} {"ok down",8} {"worst p99 ms",13}");
var results = new List<LabResult>();
foreach (var variant in arguments.Variants)
{
    var result = await DiscoveryLab.RunAsync(variant, settings);
    results.Add(result);
    Console.WriteLine(string.Create(
        CultureInfo.InvariantCulture,
        $"{result.Variant,-9} {result.SuccessShare(RegistryHealth.Healthy, settings),11:P1} {result.SuccessShare(RegistryHealth.Slow, settings),8:P1} {result.SuccessShare(RegistryHealth.Down, settings),8:P1} {result.WorstP99Ms,13:F0}"));
}

Console.WriteLine();
Console.WriteLine("Endpoint switch: orders.lab moves from the blue backend to the green one (both stay up); one request every 20 ms.");
var switches = await EndpointSwitch.RunAsync(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(arguments.Quick ? 3 : 5));
foreach (var result in switches)
{
    Console.WriteLine(string.Create(
        CultureInfo.InvariantCulture,
        $"  {result.Client,-11} {result.ReachedNew,4} of {result.AfterSwitch,4} requests after the switch reached green ({result.ReachedNewShare:P0}); first after {(double.IsNaN(result.SecondsToFirstNew) ? "never" : $"{result.SecondsToFirstNew:F2} s")}"));
}

var (eventLog, chart) = LabReport.Write(arguments.Output, settings, results, switches);
return LabConsole.Finish(
    [eventLog, chart],
    "Naive: a registry lookup per request — slow registry, slow and failed requests; registry down, every request fails though orders is healthy.",
    "Defended: the last-known-good address from memory, refreshed in the background — the registry's outage does not reach users.",
    "Pinned: a client whose connections never expire keeps talking to the old backend; with PooledConnectionLifetime it follows the switch.",
    "Kept: a factory's client kept by a singleton never gets a new handler and stays on the old backend; taken per use, it follows the switch.");
