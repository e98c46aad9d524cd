using System;
using System.Globalization;
using System.IO;
using System.Threading.Tasks;
using CacheStampede;
using StackExchange.Redis;

// Cache stampede lab: a hot key expires while 1,000 requests ask for it. Naive cache-aside sends one recompute per
// request to the origin; a per-key lock sends exactly one; early expiration and stale-while-revalidate refresh ahead
// of the requests, so the expiry goes unnoticed.
const string Usage = """
    usage: CacheStampede [--quick] [--ttl SECONDS] [--burst N] [--redis HOST:PORT] [--out DIR]
      --quick            a 2-second TTL, for tests
      --ttl SECONDS      how long the hot key stays cached (default 30, 1..120)
      --burst N          concurrent requests right after the expiry (default 1000, 1..5000)
      --redis HOST:PORT  cache, and lock, on this Redis instead of in the process
      --out DIR          folder for cache-stampede-events.jsonl and cache-stampede.png (default ./cache-stampede-output)
    """;

int ttl = 30, burst = 1000;
string? redisEndpoint = null;
var output = Path.Combine(Environment.CurrentDirectory, "cache-stampede-output");
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--quick":
            ttl = 2;
            break;
        case "--redis" when i + 1 < args.Length:
            redisEndpoint = args[++i];
            break;
        case "--out" when i + 1 < args.Length:
            output = Path.GetFullPath(args[++i]);
            break;
        case "--ttl" or "--burst":
            var (minimum, maximum) = args[i] == "--ttl" ? (1, 120) : (1, 5000);
            if (i + 1 >= args.Length || !int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < minimum || value > maximum)
            {
                return Fail($"{args[i]} needs a whole number from {minimum} to {maximum}.");
            }

            _ = args[i] == "--ttl" ? ttl = value : burst = value;
            i++;
            break;
        default:
            return Fail(args[i] is "--redis" or "--out" ? $"{args[i]} needs a value." : $"Unknown argument '{args[i]}'.");
    }
}

try
{
    Directory.CreateDirectory(output);
}
catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
{
    return Fail($"Cannot write to {output}: {ex.Message}");
}

ConnectionMultiplexer? redis = null;
if (redisEndpoint is not null)
{
    try
    {
        redis = await ConnectionMultiplexer.ConnectAsync(new ConfigurationOptions { EndPoints = { redisEndpoint }, ConnectTimeout = 2000, AbortOnConnectFail = true });
    }
    catch (Exception ex) when (ex is RedisConnectionException or ArgumentException)
    {
        return Fail($"Cannot connect to Redis at {redisEndpoint}: {ex.Message}");
    }
}

var settings = new LabSettings(ttl, burst, output);
var expiry = TimeSpan.FromSeconds(ttl);
await using var origin = await Origin.StartAsync(LabSettings.RecomputeTime);
var variants = StampedeLab.CreateVariants(origin, expiry, redis);
Console.WriteLine($"Hot key TTL {ttl} s on {(redis is null ? "an in-process cache" : $"Redis at {redisEndpoint}")}; {LabSettings.SteadyRatePerSecond} requests/s per variant, then {burst} concurrent requests right after the expiry; the origin takes {LabSettings.RecomputeTime.TotalMilliseconds} ms per recompute.");
var results = await StampedeLab.RunAsync(settings, origin, variants);
redis?.Dispose();

Console.WriteLine();
Console.WriteLine($"{"variant",-24} {"recomputes",11} {"around expiry",14} {"origin peak",12} {"burst p99 ms",13} {"first recompute",16}");
foreach (var result in results)
{
    var first = result.FirstRecomputeBeforeExpiry is { } before ? string.Create(CultureInfo.InvariantCulture, $"{(before >= 0 ? $"{before:F2} s before" : $"{-before:F2} s after")}") : "none";
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{result.Variant,-24} {result.Recomputes,11} {result.BurstRecomputes,14} {result.PeakOriginConcurrency,12} {result.BurstP99Ms,13:F0} {first,16}"));
}

var (eventLog, resultsFile, chart) = LabReport.Write(settings, results);
Console.WriteLine();
Console.WriteLine("Recomputes: after the warm-up. Around expiry: those that started from 0.5 s before it to 1 s after. Origin peak: recomputes running at once.");
Console.WriteLine($"event log: {eventLog}");
Console.WriteLine($"results:   {resultsFile}");
Console.WriteLine($"chart:     {chart}");
return 0;

static int Fail(string message)
{
    Console.Error.WriteLine(message);
    Console.Error.WriteLine(Usage);
    return 2;
}
