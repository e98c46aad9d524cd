using Microsoft.CodeAnalysis;

namespace ResilienceAnalyzers.Infrastructure;

/// <summary>
/// The registry of every rule the pack reports. IDs are <c>RES</c> + four digits, the first digit naming the failure
/// mode; help links are computed from the ID and point at the rule's page, <c>docs/rules/&lt;ID&gt;.md</c>.
/// </summary>
internal static class Descriptors
{
    /// <summary>Where the rule pages live; the help link of a rule is this plus <c>&lt;ID&gt;.md</c>.</summary>
    internal const string RulePagesUrl = "https://github.com/ResilienceAnalyzers/ResilienceAnalyzers/blob/main/docs/rules/";

    internal static readonly DiagnosticDescriptor RES3001UnboundedQueue = Create(
        "RES3001",
        FailureMode.QueueOverload,
        RuleLevel.Warning,
        title: "Unbounded queue between producer and consumer",
        messageFormat: "{0} is an unbounded queue: when producers outpace consumers its depth and memory grow until the process fails; bound it so producers wait",
        description: "An unbounded channel, BlockingCollection or Dataflow block accepts every item it is given. When producers outpace "
            + "consumers, during a traffic spike or while a downstream dependency is slow, the queue's depth, memory and item latency grow "
            + "without limit until the process runs out of memory or its items time out. A bounded queue makes producers wait when it "
            + "is full (backpressure), so overload turns into slower producers instead of a crash.");

    internal static string HelpLinkFor(string id) => RulePagesUrl + id + ".md";

    private static DiagnosticDescriptor Create(string id, string category, RuleLevel level, string title, string messageFormat, string description)
    {
#pragma warning disable RS0030 // The registry is the one place allowed to construct descriptors.
        return new DiagnosticDescriptor(
            id,
            title,
            messageFormat,
            category,
            level.ToSeverity(),
            level.IsEnabledByDefault(),
            description,
            HelpLinkFor(id));
#pragma warning restore RS0030
    }
}
