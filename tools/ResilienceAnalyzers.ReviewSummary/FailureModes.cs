using System.Collections.Generic;
using System.Linq;

namespace ResilienceAnalyzers.ReviewSummary;

/// <summary>A failure mode of the catalogue, as a reviewer needs it: its name, why it hurts, and its runbook.</summary>
internal sealed record FailureModeInfo(char Digit, string Name, string Why, string RunbookSlug)
{
    public string RunbookUrl => ReviewSummaryCommand.DocsUrl + "runbooks/" + RunbookSlug + ".md";
}

/// <summary>The failure modes by the first digit of a rule ID (RES<b>3</b>001 is queue overload).</summary>
internal static class FailureModes
{
    internal static IReadOnlyList<FailureModeInfo> All { get; } =
    [
        new('1', "Retry storm", "Retries multiply the load on a struggling dependency, so it cannot recover even after the original fault is gone.", "retry-storm"),
        new('2', "Cache stampede", "When a hot key expires, every concurrent miss recomputes it at once and the origin is overloaded.", "cache-stampede"),
        new('3', "Queue overload", "Producers outpace consumers; the queue's depth and memory grow until the process fails or items time out.", "queue-overload"),
        new('4', "Fail-open security", "When a dependency fails, access is granted instead of denied: an outage becomes a security incident.", "fail-open"),
        new('5', "DNS and service discovery", "Every call waits on a lookup; when the resolver or registry is slow or down, healthy backends become unreachable.", "dns-and-discovery"),
        new('6', "Cascading failure", "A call with no bound on its time or load lets one slow dependency exhaust the callers, then their callers.", "cascading-failure"),
        new('7', "Hot partition", "One key takes most of the traffic; its partition saturates while the others idle.", "hot-partition"),
        new('8', "Split brain", "Two nodes both believe they lead and both write; state diverges when the partition heals.", "split-brain"),
    ];

    internal static FailureModeInfo? ForRule(string ruleId) =>
        ruleId.Length == 7 && ruleId.StartsWith("RES", System.StringComparison.Ordinal)
            ? All.FirstOrDefault(mode => mode.Digit == ruleId[3])
            : null;
}
