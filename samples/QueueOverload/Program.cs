using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using QueueOverload;

// Queue overload lab: a fast producer, a slow consumer, an unbounded queue (naive) against a bounded one that makes the
// producer wait, one that drops its oldest items, and a producer throttled by the consumer's lag.
const string Usage = """
    usage: QueueOverload [naive|bounded|dropping|throttled|all] [--quick] [--items N] [--service-us N] [--max-seconds N] [--out DIR]
      naive|bounded|dropping|throttled|all  which variant to run (default all)
      --quick              a small run that finishes in about a second
      --items N            items the producer offers (default 200000, 1..10000000)
      --service-us N       consumer time per item in microseconds (default 20, 1..100000)
      --max-seconds N      stop producing after N seconds (default 60, 1..600)
      --out DIR            folder for the event log, results and chart (default ./queue-overload-output)
    """;

if (!TryParse(args, out var variants, out var settings, out var output, out var error))
{
    Console.Error.WriteLine(error);
    Console.Error.WriteLine(Usage);
    return 2;
}

try
{
    Directory.CreateDirectory(output);
}
catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
{
    Console.Error.WriteLine($"Cannot write to {output}: {ex.Message}");
    return 2;
}

Console.WriteLine($"Producer offers {settings.Items:N0} items of {settings.PayloadBytes:N0} bytes as fast as it can; the consumer takes {settings.ServiceTime.TotalMicroseconds:N0} µs per item.");
Console.WriteLine();
Console.WriteLine($"{"variant",-10} {"produced",10} {"consumed",10} {"dropped",10} {"max depth",10} {"peak heap MB",13} {"producer s",11} {"total s",8}");
var results = new List<LabResult>();
foreach (var variant in variants)
{
    var result = await QueueLab.RunAsync(variant, settings);
    results.Add(result);
    Console.WriteLine(string.Create(
        CultureInfo.InvariantCulture,
        $"{result.Variant,-10} {result.Produced,10} {result.Consumed,10} {result.Dropped,10} {result.MaxDepth,10} {result.PeakHeapBytes / 1048576.0,13:F1} {result.ProducerTime.TotalSeconds,11:F2} {result.TotalTime.TotalSeconds,8:F2}"));
}

var (eventLog, resultsFile, chart) = LabReport.Write(output, results);
Console.WriteLine();
Console.WriteLine("Naive: depth and heap grow with the backlog, the producer finishes early and the work waits in memory.");
Console.WriteLine("Bounded: depth stays at the bound and the heap flat; the producer is slowed to the consumer's pace (backpressure).");
Console.WriteLine("Dropping: depth stays at the bound and the producer never waits; the dropped column is the work lost.");
Console.WriteLine("Throttled: the producer pauses while it is too far ahead of the consumer, so depth stays near its lag limit.");
Console.WriteLine($"event log: {eventLog}");
Console.WriteLine($"results:   {resultsFile}");
Console.WriteLine($"chart:     {chart}");
return 0;

static bool TryParse(string[] args, out IReadOnlyList<IngestVariant> variants, out LabSettings settings, out string output, out string error)
{
    variants = IngestVariant.All;
    output = Path.Combine(Environment.CurrentDirectory, "queue-overload-output");
    int items = 200_000, serviceMicroseconds = 20, maxSeconds = 60;
    error = string.Empty;
    settings = null!;

    for (var i = 0; i < args.Length; i++)
    {
        switch (args[i])
        {
            case "naive" or "bounded" or "dropping" or "throttled":
                variants = [IngestVariant.All.First(variant => variant.Name == args[i])];
                break;
            case "all":
                break;
            case "--out" when i + 1 < args.Length:
                output = Path.GetFullPath(args[++i]);
                break;
            case "--quick":
                items = 20_000;
                break;
            case "--items" or "--service-us" or "--max-seconds":
                var (minimum, maximum) = args[i] switch
                {
                    "--items" => (1, 10_000_000),
                    "--service-us" => (1, 100_000),
                    _ => (1, 600),
                };
                if (i + 1 >= args.Length || !int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < minimum || value > maximum)
                {
                    error = $"{args[i]} needs a whole number from {minimum} to {maximum}.";
                    return false;
                }

                _ = args[i] switch
                {
                    "--items" => items = value,
                    "--service-us" => serviceMicroseconds = value,
                    _ => maxSeconds = value,
                };
                i++;
                break;
            default:
                error = args[i] == "--out" ? "--out needs a folder." : $"Unknown argument '{args[i]}'.";
                return false;
        }
    }

    settings = new LabSettings(items, PayloadBytes: 1024, TimeSpan.FromMicroseconds(serviceMicroseconds), TimeSpan.FromSeconds(maxSeconds));
    return true;
}
