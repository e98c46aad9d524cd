using System;
using System.Collections.Generic;
using System.Globalization;
using CascadingFailure;
using LabKit;

// Cascading-failure lab: gateway → orders → pricing → database (and orders → recommendations → database). The database
// slows down for the middle third of the run; without timeouts, breakers, budgets and shedding the slowdown spreads up
// the chain and outlasts its cause. Then two smaller experiments: calls that outlive their callers, and streamed
// responses that are never disposed.
const string Usage = """
    usage: CascadingFailure [naive|defended|all] [--quick] [--rate N] [--seconds N] [--out DIR]
      naive|defended|all  which variant to run (default all)
      --quick             a short run (60 checkouts/s for 12 s)
      --rate N            checkouts per second (default 60, 1..500)
      --seconds N         seconds of load (default 18, 3..300); the database is slow for the middle third
      --out DIR           folder for cascading-failure-events.jsonl and cascading-failure.png (default ./cascading-failure-output)
    """;

NumberOption[] options = [new("--rate", 1, 500, 60, 60), new("--seconds", 3, 300, 18, 12)];
if (!LabConsole.TryStart(args, CascadeLab.Variants, options, "cascading-failure-output", Usage, out var arguments))
{
    return LabConsole.BadInput;
}

var settings = new LabSettings(arguments["--rate"], arguments["--seconds"]);
Console.WriteLine($"{settings.RatePerSecond} checkouts/s for {settings.Seconds} s; each costs 2 database queries; the database (8 at a time) takes 250 ms per query instead of 10 from {settings.SlowFrom} s to {settings.SlowUntil} s; users give up after {LabSettings.UserTimeout.TotalSeconds} s; served = within {LabSettings.Objective.TotalSeconds} s.");
Console.WriteLine();
Console.WriteLine($"{"variant",-9} {"served before",14} {"during",7} {"after",7} {"worst p99 ms",13} {"db queries/checkout",20}");
var results = new List<LabResult>();
foreach (var variant in arguments.Variants)
{
    var result = await CascadeLab.RunAsync(variant, settings);
    results.Add(result);
    Console.WriteLine(string.Create(
        CultureInfo.InvariantCulture,
        $"{result.Variant,-9} {result.ServedShare(second => second.At < settings.SlowFrom),14:P1} {result.ServedShare(second => second.DatabaseSlow),7:P1} {result.ServedShare(second => second.At >= settings.SlowUntil),7:P1} {result.WorstP99Ms,13:F0} {result.QueriesPerCheckout,20:F2}"));
}

Console.WriteLine();
Console.WriteLine($"Calls that outlive their callers: {AbandonedCalls.Calls} callers of an orders endpoint give up after 300 ms; each call is one 200 ms query of a database that runs 4 at a time.");
var abandoned = await AbandonedCalls.RunAsync();
foreach (var result in abandoned)
{
    Console.WriteLine(string.Create(
        CultureInfo.InvariantCulture,
        $"  {result.Handler,-9} {result.QueriesRun,3} queries run, {result.QueriesDropped,3} dropped when their caller gave up; the database was busy {result.DatabaseBusySeconds:F2} s"));
}

Console.WriteLine();
Console.WriteLine($"Streamed responses: a failing pricing service answers 503 with a 16 KB page; {StreamedResponses.Calls} calls, 8 at a time over at most 8 connections, 500 ms each.");
var streamed = await StreamedResponses.RunAsync();
foreach (var result in streamed)
{
    Console.WriteLine(string.Create(
        CultureInfo.InvariantCulture,
        $"  {result.Reader,-9} {result.Answered,3} of {result.Calls} calls answered, {result.TimedOut,3} timed out waiting for a connection; {result.Connections} connections opened"));
}

var (eventLog, chart) = LabReport.Write(arguments.Output, settings, results, abandoned, streamed);
return LabConsole.Finish(
    [eventLog, chart],
    "Naive: no timeouts, retries at two layers and no shedding — the slow database's queue holds every caller, retries multiply its load, and users time out.",
    "Defended: timeouts per hop, a breaker and a budgeted retry on pricing, recommendations dropped when late, 503 past 16 checkouts in flight — served share holds up and recovery is immediate.",
    "Abandoned calls: without the request's token every query runs for a caller who left; with it the database drops them.",
    "Streamed responses: error responses never disposed keep their connections, and the calls after them wait for one; disposed, every call is answered.");
