using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using ResilienceAnalyzers.Infrastructure;

namespace ResilienceAnalyzers.RetryStorms;

/// <summary>
/// The base of the rules that judge Polly v8 retry options: it reads the options at every creation and at every
/// assignment to a property of a local holding them, and hands the reading to the rule.
/// </summary>
internal abstract class PollyRetryOptionsAnalyzer : ResilienceAnalyzer<PollyRetrySymbols>
{
    internal sealed override PollyRetrySymbols? ResolveSymbols(WellKnownTypes types) => PollyRetrySymbols.Resolve(types);

    internal sealed override void OnCompilationStart(RuleContext context, PollyRetrySymbols symbols) =>
        context.RegisterOperationAction(
            c =>
            {
                if (PollyRetryOptions.TryReadAt(c.Operation, symbols) is { } options)
                {
                    Analyze(c, options);
                }
            },
            OperationKind.ObjectCreation,
            OperationKind.SimpleAssignment);

    /// <summary>
    /// Judges the options. A diagnostic must be reported only where <c>context.Operation</c> contains its location,
    /// so each setting is reported once, by the operation that holds it.
    /// </summary>
    private protected abstract void Analyze(OperationAnalysisContext context, PollyRetryOptions options);
}
