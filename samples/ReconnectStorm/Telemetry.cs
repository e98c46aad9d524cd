using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;

namespace ReconnectStorm;

/// <summary>
/// Counters of one run in 100 ms buckets around the outage: what the clients did (connection attempts, drops, returns)
/// and what the hub saw (negotiate requests, accepted connections). Times are measured from the instant the hub starts
/// to stop; the first buckets are the calm <see cref="Lead"/> before it, the fleet connected and quiet. Nothing is
/// counted before that (the fleet's first connections) or after the run has measured; events past the last bucket
/// count in it.
/// </summary>
internal sealed class Telemetry
{
    public const int BucketMilliseconds = 100;

    /// <summary>How long the clock runs before the hub stops.</summary>
    public static readonly TimeSpan Lead = TimeSpan.FromSeconds(1);

    private readonly Bucket[] buckets;
    private long stopsAt;
    private volatile bool recording;

    /// <param name="window">How long after the stop there are buckets for.</param>
    public Telemetry(TimeSpan window)
    {
        buckets = Enumerable.Range(0, BucketOf(window) + 1).Select(_ => new Bucket()).ToArray();
    }

    /// <summary>Time since the hub started to stop; negative before.</summary>
    public TimeSpan Elapsed => Stopwatch.GetElapsedTime(stopsAt);

    public IReadOnlyList<Bucket> Buckets => buckets;

    /// <summary>True from the start of the clock until the run has measured.</summary>
    public bool IsRecording => recording;

    /// <summary>The bucket of a time measured from the stop; the first bucket starts <see cref="Lead"/> before it.</summary>
    public static int BucketOf(TimeSpan time) => (int)Math.Floor((time + Lead).TotalMilliseconds / BucketMilliseconds);

    /// <summary>The start of a bucket, in seconds from the stop.</summary>
    public static double StartOf(int bucket) => Math.Round(((bucket * BucketMilliseconds) - Lead.TotalMilliseconds) / 1000, 1);

    /// <summary>Starts the clock; the hub is to stop <see cref="Lead"/> from now.</summary>
    public void Start()
    {
        stopsAt = Stopwatch.GetTimestamp() + (long)(Lead.TotalSeconds * Stopwatch.Frequency);
        recording = true;
    }

    public void Stop() => recording = false;

    /// <summary>A client sent a negotiate request: the first step of every connection attempt, whether the hub is there or not.</summary>
    public void Attempt() => Count(bucket => ref bucket.Attempts);

    /// <summary>A negotiate request reached the hub.</summary>
    public void Negotiation() => Count(bucket => ref bucket.Negotiations);

    /// <summary>The hub accepted a connection (<c>OnConnectedAsync</c>).</summary>
    public void Accept() => Count(bucket => ref bucket.Accepts);

    /// <summary>A client lost its connection and started to reconnect.</summary>
    public void Drop() => Count(bucket => ref bucket.Drops);

    /// <summary>A client reconnected.</summary>
    public void Return() => Count(bucket => ref bucket.Returns);

    private void Count(Counter counter)
    {
        if (recording)
        {
            Interlocked.Increment(ref counter(buckets[Math.Clamp(BucketOf(Elapsed), 0, buckets.Length - 1)]));
        }
    }

    private delegate ref int Counter(Bucket bucket);

    /// <summary>What happened in one 100 ms.</summary>
    internal sealed class Bucket
    {
        public int Attempts;
        public int Negotiations;
        public int Accepts;
        public int Drops;
        public int Returns;
    }
}
