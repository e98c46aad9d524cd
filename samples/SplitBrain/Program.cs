using System;
using System.Collections.Generic;
using System.Globalization;
using System.Threading.Tasks;
using LabKit;
using SplitBrain;
using StackExchange.Redis;

// Split-brain lab: two nodes lead by a lease with a time-to-live; node A pauses mid-write, node B takes the lease, and A
// wakes up and writes. Naive writes carry no fencing token; fenced writes do and the database rejects the stale one.
const string Usage = """
    usage: SplitBrain [naive|fenced|all] [--quick] [--ttl-ms N] [--seconds N] [--redis HOST:PORT] [--out DIR]
      naive|fenced|all   which variant to run (default all)
      --quick            a short run (lease 300 ms, 2 s)
      --ttl-ms N         the lease's time-to-live in ms (default 500, 100..10000); node A pauses for 3 of them
      --seconds N        how long the nodes run (default 5, 1..120; at least the pause and a second more)
      --redis HOST:PORT  take the lease on this Redis (LockTake, LockExtend, INCR for the token) instead of in the process
      --out DIR          folder for split-brain-events.jsonl and split-brain.png (default ./split-brain-output)
    """;

NumberOption[] options = [new("--ttl-ms", 100, 10_000, 500, 300), new("--seconds", 1, 120, 5, 2)];
if (!LabArguments.TryParse(args, SplitBrainLab.Variants, options, "split-brain-output", out var arguments, out var error, "--redis"))
{
    return LabConsole.Fail(error, Usage);
}

var settings = new LabSettings(TimeSpan.FromMilliseconds(arguments["--ttl-ms"]), TimeSpan.FromSeconds(arguments["--seconds"]));
if (settings.Duration < settings.PauseAt + settings.PauseFor + TimeSpan.FromSeconds(0.5))
{
    return LabConsole.Fail($"--seconds {arguments["--seconds"]} ends before node A wakes up; give at least {Math.Ceiling((settings.PauseAt + settings.PauseFor).TotalSeconds + 0.5)}.", Usage);
}

if (LabOutput.TryCreate(arguments.Output) is { } outputError)
{
    return LabConsole.Fail(outputError, Usage);
}

ConnectionMultiplexer? redis = null;
if (arguments.Text("--redis") is { } endpoint)
{
    try
    {
        redis = await ConnectionMultiplexer.ConnectAsync(new ConfigurationOptions { EndPoints = { endpoint }, ConnectTimeout = 2000, AbortOnConnectFail = true });
    }
    catch (Exception ex) when (ex is RedisConnectionException or ArgumentException)
    {
        return LabConsole.Fail($"Cannot connect to Redis at {endpoint}: {ex.Message}", Usage);
    }
}

Console.WriteLine($"Two nodes renew a {settings.LeaseTtl.TotalMilliseconds} ms lease {(redis is null ? "in the process" : $"on Redis at {arguments.Text("--redis")}")} every {LabSettings.Tick.TotalMilliseconds} ms and add 1 to a SQLite ledger while they lead.");
Console.WriteLine($"Node A pauses between its read and its write at {settings.PauseAt.TotalSeconds} s for {settings.PauseFor.TotalSeconds} s.");
Console.WriteLine();
Console.WriteLine($"{"variant",-8} {"acknowledged",13} {"balance",8} {"lost",5} {"stale accepted",15} {"stale rejected",15} {"leaders",8}");
var results = new List<LabResult>();
foreach (var variant in arguments.Variants)
{
    using var ledger = await Ledger.CreateAsync(arguments.Output);
    ILeaseStore leases = redis is null ? new InProcessLeaseStore() : new RedisLeaseStore(redis.GetDatabase(), $"split-brain:{Guid.NewGuid():N}");
    var result = await SplitBrainLab.RunAsync(variant, settings, leases, ledger);
    results.Add(result);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{result.Variant,-8} {result.Acknowledged,13} {result.Balance,8} {result.LostUpdates,5} {result.ConflictingWrites,15} {result.RejectedWrites,15} {result.LeadersOverTime,8}"));
}

redis?.Dispose();
Console.WriteLine();
Console.WriteLine("Quorum: three nodes, a partition cuts A off from B and C, 10 election rounds (one vote per node per term, 2 of 3 elect).");
foreach (var side in QuorumElection.Run(rounds: 10))
{
    Console.WriteLine($"  side {side.Nodes,-4} elections {side.Elections,3}, won {side.Won}, leader {side.Leader ?? "none"}");
}

var (eventLog, chart) = LabReport.Write(arguments.Output, settings, results);
return LabConsole.Finish(
    [eventLog, chart],
    "Naive: A's write after its pause is accepted though B holds the lease, and overwrites B's increments (lost).",
    "Fenced: the same write carries A's old token; the database refuses it, and nothing acknowledged is lost.");
