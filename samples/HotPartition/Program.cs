using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using HotPartition;
using LabKit;

// Hot-partition lab: product views through three pods to a store of ten partitions, each serving 200 commands a
// second. Every view reads its product and counts itself; 30 % of views are for one product on sale.
const string Usage = """
    usage: HotPartition [naive|defended|all] [--quick] [--rate N] [--seconds N] [--out DIR]
      naive|defended|all  which variant to run (default all)
      --quick             a short run (250 views/s for 5 s)
      --rate N            views per second (default 250, 1..2000)
      --seconds N         seconds of load (default 10, 2..300)
      --out DIR           folder for the event log, results and chart (default ./hot-partition-output)
    """;

NumberOption[] options = [new("--rate", 1, 2000, 250, 250), new("--seconds", 2, 300, 10, 5)];
if (!LabConsole.TryStart(args, HotPartitionLab.Variants, options, "hot-partition-output", Usage, out var arguments))
{
    return LabConsole.BadInput;
}

var settings = new LabSettings(arguments["--rate"], arguments["--seconds"]);
Console.WriteLine($"{settings.RatePerSecond} views/s for {settings.Seconds} s over {LabSettings.Pods} pods; {LabSettings.Partitions} partitions of {LabSettings.PartitionCapacity:F0} commands/s ({LabSettings.Partitions * LabSettings.PartitionCapacity:F0}/s in all); {LabSettings.HotProductShare:P0} of views for one product.");
Console.WriteLine();
Console.WriteLine($"{"variant",-9} {"views",6} {"served",7} {"counted",8} {"p99 ms",8} {"busiest/s",10} {"mean/s",7} {"imbalance",10}");
var results = new List<LabResult>();
foreach (var variant in arguments.Variants)
{
    var result = await HotPartitionLab.RunAsync(variant, settings);
    results.Add(result);
    Console.WriteLine(string.Create(
        CultureInfo.InvariantCulture,
        $"{result.Variant,-9} {result.Views,6} {result.Served,7} {result.ViewsCounted,8} {result.P99Ms,8:F0} {result.PartitionRates.Max(),10:F0} {result.PartitionRates.Average(),7:F0} {result.Imbalance,9:F1}x"));
    Console.WriteLine($"          commands/s per partition: {string.Join(" ", result.PartitionRates.Select(rate => rate.ToString("F0", CultureInfo.InvariantCulture)))}");
}

var (eventLog, resultsFile, chart) = LabReport.Write(arguments.Output, results);
return LabConsole.Finish(
    [eventLog, resultsFile, chart],
    "Naive: the counter key and the product on sale each live on one partition; those saturate while the others idle, and every view waits in their line.",
    "Defended: the counter salted over 10 keys (readers sum them) and a 1 s local cache per pod spread the load; no partition nears its capacity.");
