using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace ResilienceAnalyzers.Infrastructure;

/// <summary>
/// The base of every analyzer in the pack. It enables concurrent execution, skips generated code, resolves the
/// symbols a rule inspects once per compilation, skips compilations that do not reference them, and wraps every
/// action so that a crash names the rule, file, line and node.
/// </summary>
/// <typeparam name="TSymbols">What the rule resolved at compilation start.</typeparam>
internal abstract class ResilienceAnalyzer<TSymbols> : DiagnosticAnalyzer
    where TSymbols : class
{
    /// <inheritdoc/>
    public sealed override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(ReportsOnlyInCodeItIsHanded ? GeneratedCodeAnalysisFlags.ReportDiagnostics : GeneratedCodeAnalysisFlags.None);
#pragma warning disable RS0030 // The base analyzer is the one place that registers the compilation start action.
        context.RegisterCompilationStartAction(start =>
#pragma warning restore RS0030
        {
            var rule = new RuleContext(start, GetType().Name);
            rule.Guard(() =>
            {
                if (CanFindAnything(rule.Facts) && ResolveSymbols(rule.Facts.Types) is { } symbols)
                {
                    OnCompilationStart(rule, symbols);
                }
            });
        });
    }

    /// <summary>Resolves what the rule inspects; <see langword="null"/> when the compilation lacks that API.</summary>
    internal abstract TSymbols? ResolveSymbols(WellKnownTypes types);

    /// <summary>
    /// False when the compilation visibly never uses the inspected API — its source spells none of the API's names
    /// (<see cref="CompilationFacts.MentionsAny"/>) — so the rule neither resolves its types nor registers anything, and
    /// costs nothing. True unless a rule says otherwise.
    /// </summary>
    internal virtual bool CanFindAnything(CompilationFacts facts) => true;

    /// <summary>
    /// True when the rule reports only in code one of its actions was handed — or a call <see cref="RuleContext"/>
    /// hands over, which passes over generated members as the driver does — which is never generated code: the driver
    /// then need not filter the findings, which costs it a walk of every token of each file a finding is reported in.
    /// A rule that reports on a declaration it finds elsewhere, which may be generated, says false.
    /// </summary>
    internal virtual bool ReportsOnlyInCodeItIsHanded => true;

    /// <summary>Registers the rule's actions for a compilation that has the inspected API.</summary>
    internal abstract void OnCompilationStart(RuleContext context, TSymbols symbols);
}
