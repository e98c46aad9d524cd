using Microsoft.CodeAnalysis;

namespace ResilienceAnalyzers.Infrastructure;

/// <summary>
/// The severity policy every rule is declared with. It is a contract, not a preference:
/// <list type="bullet">
/// <item><see cref="Warning"/> ⇒ no known false positives. The analyzer sees everything it needs to be sure
/// (the whole pattern is local, its values are constants) and every look-alike in its tests stays silent.</item>
/// <item><see cref="Info"/> ⇒ context decides. The pattern is usually a defect, but safe uses exist that the analyzer
/// cannot tell apart; the message says what to check.</item>
/// <item><see cref="Disabled"/> ⇒ opt-in. Useful for audits, too noisy to be on by default.</item>
/// </list>
/// A rule moves from Info to Warning only when its tests show it cannot be fooled by the known look-alikes.
/// </summary>
internal enum RuleLevel
{
    /// <summary>On by default as a build warning; no known false positives.</summary>
    Warning,

    /// <summary>On by default as an IDE suggestion; context decides whether it is a defect.</summary>
    Info,

    /// <summary>Off by default; enable with <c>dotnet_diagnostic.RESxxxx.severity</c>.</summary>
    Disabled,
}

internal static class RuleLevelExtensions
{
    internal static DiagnosticSeverity ToSeverity(this RuleLevel level) => level switch
    {
        RuleLevel.Warning => DiagnosticSeverity.Warning,
        _ => DiagnosticSeverity.Info,
    };

    internal static bool IsEnabledByDefault(this RuleLevel level) => level != RuleLevel.Disabled;
}
