using System;
using static System.FormattableString;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace PostIncidentReview;

/// <summary>Writes a blameless post-mortem in the shape of docs/postmortem-template.md from an incident's facts.</summary>
internal static class PostMortem
{
    public static string Write(Incident incident, string variant, DateOnly date)
    {
        var document = new PostMortemDocument();
        void Line(FormattableString line) => document.Line(line);

        if (!incident.HasImpact)
        {
            Line($"# Post-mortem: no user-facing incident ({variant})");
            Line($"");
            Line($"No second of the log reached the alert threshold of {incident.AlertThreshold:P0} failed user requests. {(incident.Fault.Count > 0 ? $"The fault was injected for {incident.Fault.Count} s and contained: a near miss worth recording." : string.Empty)}");
            return document.ToString();
        }

        var window = incident.Window;
        var failed = window.Sum(second => second.UserFailed);
        var sent = window.Sum(second => second.UserRequests);
        var duration = incident.LastAffected - incident.FirstAffected + 1;
        var baselineP99 = incident.Baseline.Count == 0 ? 0 : incident.Baseline.Max(second => second.P99Ms);
        var peak = incident.PeakLoad;
        var offered = Median(incident.LoadSeconds.Select(second => (double)second.UserRequests));

        document.Header(
            $"checkout requests failed for {duration} s ({variant} retries)",
            date,
            $"{duration} s, {Incident.Time(incident.FirstAffected)} to {Incident.Time(incident.LastAffected + 1)}",
            failed >= 0.5 * sent ? "SEV2: most requests of the affected window failed" : "SEV3: a minority of requests failed",
            "on-call engineer of the checkout path, reviewed by the inventory team");
        Line($"## Summary");
        Line($"");
        Line($"Inventory failed part of its requests for {incident.Fault.Count} s. {failed:N0} of {sent:N0} user checkout requests ({(double)failed / sent:P1}) failed over {duration} s; inventory received up to {peak.InventoryRequests:N0} requests/s, {peak.Amplification:F1}× the user requests of that second. {(incident.LastedUntilTheLoadEnded ? $"The failures outlasted the fault by {incident.LastAffected + 1 - (incident.FaultEnd ?? 0)} s and ended only when the load ended." : $"The system recovered {Math.Max(0, incident.LastAffected + 1 - (incident.FaultEnd ?? incident.LastAffected + 1))} s after the fault was removed.")}");
        Line($"");

        Line($"## Impact");
        Line($"");
        Line($"- Requests failed: {failed:N0} of {sent:N0} ({(double)failed / sent:P1}) during the incident; {incident.LoadSeconds.Sum(second => second.UserFailed):N0} of {incident.LoadSeconds.Sum(second => second.UserRequests):N0} over the whole run.");
        Line($"- Users affected: {(double)failed / sent:P1} of the requests sent during the incident (the log counts requests, not user IDs).");
        Line($"- Latency: p99 up to {window.Max(second => second.P99Ms):N0} ms during the incident against {baselineP99:N0} ms before the fault; median of per-second p50 {Median(window.Select(second => second.P50Ms)):N0} ms.");
        Line($"- Data: none lost or exposed according to the log (reads only).");
        Line($"");

        Line($"## Timeline");
        Line($"");
        Line($"| Time | Event |");
        Line($"|---|---|");
        foreach (var (second, fact) in Timeline(incident, offered).OrderBy(entry => entry.Second))
        {
            Line($"| {Incident.Time(second)} | {fact} |");
        }

        Line($"");
        Line($"## Root cause and contributing factors");
        Line($"");
        var factor = 0;
        foreach (var contributing in ContributingFactors(incident, baselineP99))
        {
            Line($"{++factor}. {contributing}");
        }

        Line($"");
        Line($"## Detection");
        Line($"");
        var userAlert = incident.FirstAffected;
        var earlier = new[] { incident.FirstAmplified(), incident.FirstDependencyErrors }.Where(second => second is not null).Select(second => second!.Second).DefaultIfEmpty(userAlert).Min();
        Line($"An alert on the user error rate (≥ {incident.AlertThreshold:P0} of requests in a second) fires at {Incident.Time(userAlert)}. {(earlier < userAlert ? $"The dependency's own signals crossed first: inventory's error share reached the threshold or its load reached {Incident.AmplificationAlert:F0}× the user requests at {Incident.Time(earlier)}, so an alert on them would have fired {userAlert - earlier} s earlier." : "No dependency signal in the log crossed earlier than the user-facing one.")} The runbook's first check — requests at the dependency compared with the edge's — is the signal to page on.");
        Line($"");

        Line($"## Mitigation");
        Line($"");
        Line($"{(incident.LastedUntilTheLoadEnded ? $"Nothing inside the system stopped it: the fault was removed at {Incident.Time(incident.FaultEnd ?? 0)}, but the retries kept inventory saturated and users kept failing until the load ended at {Incident.Time(incident.LoadEnd)}. The runbook's immediate actions — turn retries off at the outer layers, open the breakers, shed load at the edge — would have ended it at the fault's removal; adding capacity would not have, as retries consume it." : $"The impact ended at {Incident.Time(incident.LastAffected + 1)} without intervention: the retries stayed bounded, so removing the fault was enough. That was the right outcome; confirm the breaker and budget behaved as designed.")}");
        Line($"");

        Line($"## Security review");
        Line($"");
        Line($"The log holds no authorization decisions, so it cannot show a fail-open fallback; during an incident like this one, check that no catch or fallback granted access while inventory failed (RES4001, RES4002), and that emergency configuration changes went through review. The load drill in action item 3 asserts it.");
        Line($"");

        document.ActionItems(date,
        [
            ("Retry at one layer only (orders → inventory), at most 2 retries with exponential backoff and jitter, behind a retry budget and a circuit breaker; remove the gateway's retry. Turn RES1001–RES1005 into build errors (`dotnet_diagnostic.RES1002.severity = error`) so the naive policies cannot return.", "Orders service tech lead", 14, "Reliability backlog ticket, checked at the next post-mortem review"),
            (Invariant($"Alert on inventory's request rate per user request (≥ {Incident.AmplificationAlert:F0}×) and on its error share, paging the inventory on-call before users fail; link the alert to docs/runbooks/retry-storm.md."), "Inventory on-call lead", 7, "Observability backlog ticket; alert rule reviewed at the next on-call handover"),
            ("Make inventory shed load (503 with Retry-After when its queue exceeds its latency budget) and run this lab's fault as a chaos drill in staging every quarter, exercising the runbook and checking that authorization fails closed under it.", "Platform team lead", 30, "Chaos-drill calendar entry and its drill report"),
        ]);

        Line($"## Lessons");
        Line($"");
        Line($"- Went well: the fault was contained to one dependency; the event log let the timeline be rebuilt to the second.");
        Line($"- Went badly: {(incident.LastedUntilTheLoadEnded ? "retries at two layers turned a partial fault into a total outage that outlived it." : "users still saw errors while the fault lasted; the breaker traded them for a quick recovery.")}");
        Line($"- Lucky: the load was bounded; in production it would not have stopped by itself.");
        return document.ToString();
    }

    private static IEnumerable<(int Second, string Fact)> Timeline(Incident incident, double offered)
    {
        var first = incident.LoadSeconds[0];
        yield return (first.Second, Invariant($"Load running: {first.UserRequests} user requests/s; inventory receives {first.InventoryRequests} requests/s ({first.Amplification:F2}× the user requests)."));
        if (incident.Fault.Count > 0)
        {
            var start = incident.Fault[0];
            yield return (start.Second, Invariant($"Fault starts: inventory fails {start.InventoryErrors} of its {start.InventoryRequests} requests in this second."));
        }

        if (incident.FirstAmplified() is { } amplified)
        {
            yield return (amplified.Second, Invariant($"Inventory receives {amplified.InventoryRequests} requests/s, {amplified.Amplification:F1}× the user requests."));
        }

        var affected = incident.Affected[0];
        yield return (affected.Second, Invariant($"User error rate reaches {affected.ErrorRate:P0} (alert threshold {incident.AlertThreshold:P0})."));
        if (incident.LoadSeconds.FirstOrDefault(second => second.UserFailed == second.UserRequests) is { } total)
        {
            yield return (total.Second, Invariant($"Every user request of this second fails ({total.UserRequests} of {total.UserRequests})."));
        }

        var peak = incident.PeakLoad;
        yield return (peak.Second, Invariant($"Inventory load peaks at {peak.InventoryRequests} requests/s ({peak.InventoryErrors} answered with errors)."));
        if (incident.FaultEnd is { } faultEnd && incident.Seconds.FirstOrDefault(second => second.Second == faultEnd) is { } after)
        {
            yield return (faultEnd, Invariant($"Fault removed. In this second {after.ErrorRate:P0} of users fail and inventory receives {after.InventoryRequests} requests/s ({after.Amplification:F1}× the user requests, offered rate {offered:F0}/s)."));
        }

        yield return incident.LastedUntilTheLoadEnded
            ? (incident.LoadEnd, Invariant($"Load ends with users still failing ({incident.LoadSeconds[^1].ErrorRate:P0} in the last second)."))
            : (incident.LastAffected + 1, Invariant($"User error rate back under {incident.AlertThreshold:P0}."));

        if (incident.Seconds.LastOrDefault(second => second.InventoryRequests > 0) is { } drained && drained.Second >= incident.LoadEnd)
        {
            yield return (drained.Second + 1, Invariant($"Last retries drain: inventory receives no more requests."));
        }
    }

    private static IEnumerable<string> ContributingFactors(Incident incident, double baselineP99)
    {
        if (incident.Fault.Count > 0)
        {
            var start = incident.Fault[0];
            yield return Invariant($"**Trigger: a fault in inventory for {incident.Fault.Count} s**, failing {(double)start.InventoryErrors / Math.Max(1, start.InventoryRequests):P0} of its requests in the first second ({start.InventoryErrors} of {start.InventoryRequests}). A partial failure of one dependency; on its own it would have failed that share of checkouts for its duration.");
            var errors = incident.Fault.Sum(second => second.InventoryErrors);
            var requests = incident.Fault.Sum(second => second.InventoryRequests);
            if ((double)errors / Math.Max(1, requests) > 2.0 * start.InventoryErrors / Math.Max(1, start.InventoryRequests))
            {
                yield return Invariant($"**Inventory saturated**: over the whole fault it answered {(double)errors / requests:P0} of {requests:N0} requests with errors, far above the fault's own share — requests beyond its capacity were rejected or timed out.");
            }
        }

        var duringFault = Incident.Amplification(incident.Fault);
        if (duringFault >= 1.5 || incident.PeakLoad.Amplification >= Incident.AmplificationAlert)
        {
            yield return Invariant($"**Retries multiplied the load**: {duringFault:F1}× inventory requests per user request during the fault, {incident.PeakLoad.Amplification:F1}× at the peak. Retries at more than one layer multiply (attempts per layer multiply across layers), with constant, short delays and no budget or breaker. Rules: RES1002 (no backoff), RES1004 (retry inside retry), RES1005 (no budget or breaker); runbook: docs/runbooks/retry-storm.md.");
        }

        if (incident.FaultEnd is { } faultEnd)
        {
            var afterFault = incident.LoadSeconds.Where(second => second.Second >= faultEnd).ToList();
            var errorRate = Incident.ErrorRate(afterFault);
            if (errorRate >= incident.AlertThreshold)
            {
                yield return Invariant($"**The overload sustained itself after the fault was gone**: {errorRate:P0} of users kept failing over {afterFault.Count} s while inventory received {Incident.Amplification(afterFault):F1}× the user requests. Requests that waited longer than their caller's timeout were retried while inventory still worked on them, so the queue never drained — a metastable failure that only cutting the retries ends. Rules: RES1001 (attempt cap), RES1005 (budget or breaker).");
            }
        }

        var peakP99 = incident.Window.Max(second => second.P99Ms);
        if (baselineP99 > 0 && peakP99 > 3 * baselineP99)
        {
            yield return Invariant($"**Latency grew {peakP99 / baselineP99:F0}×** (p99 {baselineP99:N0} → {peakP99:N0} ms): queueing at inventory pushed calls past their timeouts, which counted as failures and triggered more retries.");
        }
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? 0 : sorted[sorted.Length / 2];
    }
}
