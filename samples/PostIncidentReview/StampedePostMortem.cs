using System;
using static System.FormattableString;
using System.Collections.Generic;
using System.Linq;

namespace PostIncidentReview;

/// <summary>Writes the post-mortem of a cache-stampede run: origin recomputes around a hot key's expiry.</summary>
internal static class StampedePostMortem
{
    private const double BucketSeconds = 0.1;

    public static string Write(IReadOnlyList<StampedeBucket> log, string variant, DateOnly date)
    {
        var buckets = log.Where(bucket => bucket.Variant == variant).OrderBy(bucket => bucket.SecondsFromExpiry).ToList();
        if (buckets.Count == 0)
        {
            throw new ArgumentException($"the log has no buckets for the variant '{variant}'.");
        }

        var document = new PostMortemDocument();
        void Line(FormattableString line) => document.Line(line);
        var recomputes = buckets.Sum(bucket => bucket.Recomputes);
        var spike = buckets.Where(bucket => bucket.Recomputes > 1).ToList();
        if (spike.Count == 0)
        {
            Line($"# Post-mortem: no stampede ({variant})");
            Line($"");
            Line($"The origin recomputed the hot key {recomputes} time(s) and never more than once in 100 ms: the expiry went unnoticed.");
            return document.ToString();
        }

        var peak = spike.MaxBy(bucket => bucket.Recomputes)!;
        var start = spike[0].SecondsFromExpiry;
        var end = spike[^1].SecondsFromExpiry + BucketSeconds;
        var inSpike = spike.Sum(bucket => bucket.Recomputes);
        document.Header(
            $"the origin recomputed one hot key {recomputes:N0} times when it expired ({variant})",
            date,
            Invariant($"{(end - start) * 1000:N0} ms of origin overload, {Offset(start)} to {Offset(end)} from the expiry"),
            recomputes >= 100 ? "SEV2: the origin received a burst of identical work it would not survive in production" : "SEV3: redundant origin work",
            "owner of the price cache, reviewed by the origin team");

        document.Section("Summary");
        Line($"A hot key expired while requests kept arriving; every request that missed recomputed it, so the origin received {recomputes:N0} recomputes of one value — {inSpike:N0} of them within {(end - start) * 1000:N0} ms, up to {peak.Recomputes:N0} in 100 ms — where one would have done.");
        Line($"");

        document.Section("Impact");
        Line($"- Origin recomputes: {recomputes:N0} for one key, {recomputes - 1:N0} of them redundant; peak {peak.Recomputes:N0} in 100 ms at {Offset(peak.SecondsFromExpiry)} from the expiry.");
        Line($"- Users affected: every request of the burst waited for its own recompute instead of a cached value (the log counts recomputes, not user latency; the lab prints the burst's p99).");
        Line($"- Data: none lost; each recompute wrote the same key again.");
        Line($"");

        document.Section("Timeline");
        Line($"| Time from expiry | Event |");
        Line($"|---|---|");
        Line($"| {Offset(0)} | The hot key's TTL expires. |");
        Line($"| {Offset(start)} | Recomputes start: {spike[0].Recomputes} in the first 100 ms. |");
        Line($"| {Offset(peak.SecondsFromExpiry)} | Peak: {peak.Recomputes} recomputes started in 100 ms. |");
        Line($"| {Offset(end)} | Recomputes stop: the value is cached again; {inSpike:N0} recomputes in all during the spike. |");
        Line($"");

        document.Section("Root cause and contributing factors");
        Line($"1. **Cache-aside without single flight**: on a miss each caller loaded the value itself, so concurrent misses multiplied the load — {inSpike:N0} recomputes for one key. Rule: RES2001; runbook: docs/runbooks/cache-stampede.md.");
        Line($"2. **A hot key that expires under load**: the value was recomputed only after it had expired, at the moment demand was highest; nothing refreshed it ahead of time (early expiration) or served it stale while refreshing.");
        Line($"3. **Expiry in one instant**: a fixed TTL makes every key written together expire together; across many keys the same mechanism produces a fleet-wide wave. Rule: RES2002 (TTL without jitter).");
        Line($"");

        document.Section("Detection");
        Line($"An alert on origin recomputes per second would fire within the first second after the expiry ({Offset(start)}); the cache hit rate drops in the same second. There is no earlier signal in the log: the stampede starts at the expiry, so prevention — not detection — is the defence.");
        Line($"");

        document.Section("Mitigation");
        Line($"The spike ended by itself at {Offset(end)}, once the first recomputes wrote the value back; at production load the origin would have slowed, lengthening the window in which requests miss. Single flight (one recompute per key at a time) would have limited it to one recompute.");
        Line($"");

        document.Section("Security review");
        Line($"A stampede is an amplification an attacker can trigger by timing requests on a key's expiry, or by requesting uncached keys; check that keys cannot be forced to miss (unbounded key spaces from user input) and that the origin sheds load rather than failing open.");
        Line($"");

        document.ActionItems(date,
        [
            ("Load hot keys with single flight: HybridCache.GetOrCreateAsync, or a per-key lock (a Redis lock with a token across instances); make RES2001 a build error.", "Price cache owner", 14, "Reliability backlog ticket, checked at the next post-mortem review"),
            ("Refresh the hottest keys ahead of expiry (probabilistic early expiration or stale-while-revalidate) and jitter TTLs by ±10 % (RES2002).", "Price cache owner", 30, "Reliability backlog ticket"),
            ("Alert on origin recomputes per key and per second, and rehearse this lab as a drill against staging, following docs/runbooks/cache-stampede.md.", "Origin on-call lead", 7, "Observability backlog ticket and drill report"),
        ]);

        document.Section("Lessons");
        Line($"- Went well: the origin survived a burst it was not sized for; the event log showed each 100 ms.");
        Line($"- Went badly: one key's expiry cost {recomputes:N0}× the work it needed.");
        Line($"- Lucky: one key, not thousands expiring together.");
        return document.ToString();
    }

    private static string Offset(double seconds) => Invariant($"{(seconds >= 0 ? "+" : "−")}{Math.Abs(seconds):F1} s");
}
