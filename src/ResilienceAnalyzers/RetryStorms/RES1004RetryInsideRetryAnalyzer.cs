using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using ResilienceAnalyzers.Infrastructure;

namespace ResilienceAnalyzers.RetryStorms;

/// <summary>
/// RES1004: a hand-rolled retry loop inside the <c>try</c> block of another retry loop of the same method. The message
/// states the worst-case attempts per call when both loops count their attempts in constants.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
internal sealed class RES1004RetryInsideRetryAnalyzer : ResilienceAnalyzer<RetryLoopSymbols>
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(Descriptors.RES1004RetryInsideRetry);

    internal override RetryLoopSymbols? ResolveSymbols(WellKnownTypes types) => new(types);

    internal override void OnCompilationStart(RuleContext context, RetryLoopSymbols symbols) =>
        context.RegisterOperationAction(c => Analyze(c, symbols), OperationKind.Loop);

    private static void Analyze(OperationAnalysisContext context, RetryLoopSymbols symbols)
    {
        if (HandRolledRetryLoop.TryRead((ILoopOperation)context.Operation, symbols) is not { } inner
            || OuterRetry(inner.Loop, symbols) is not { } outer)
        {
            return;
        }

        var attempts = (outer.MaxAttempts, inner.MaxAttempts) switch
        {
            (int o, int i) => $"up to {o * i} times ({o} outer × {i} inner)",
            _ => "outer attempts × inner attempts times",
        };
        context.ReportDiagnostic(Diagnostic.Create(Descriptors.RES1004RetryInsideRetry, inner.KeywordLocation, attempts));
    }

    /// <summary>The nearest enclosing loop of the same method whose retried <c>try</c> block contains <paramref name="loop"/>.</summary>
    private static HandRolledRetryLoop? OuterRetry(ILoopOperation loop, RetryLoopSymbols symbols)
    {
        IOperation child = loop;
        for (var node = loop.Parent; node is not null and not (IAnonymousFunctionOperation or ILocalFunctionOperation); child = node, node = node.Parent)
        {
            if (node is ITryOperation attempt
                && attempt.Body == child
                && attempt.Parent is { } owner
                && EnclosingLoop(owner) is { } candidate
                && HandRolledRetryLoop.TryRead(candidate, symbols) is { } outer
                && outer.RetryingCatches.Any(c => c.Parent == attempt))
            {
                return outer;
            }
        }

        return null;
    }

    /// <summary>The loop the operation is in, or is, without leaving its lambda or local function.</summary>
    private static ILoopOperation? EnclosingLoop(IOperation operation) =>
        operation.Ancestors()
            .Prepend(operation)
            .TakeWhile(node => node is not (IAnonymousFunctionOperation or ILocalFunctionOperation))
            .OfType<ILoopOperation>()
            .FirstOrDefault();
}
