using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using ResilienceAnalyzers.Infrastructure;
using ResilienceAnalyzers.RetryStorms;

namespace ResilienceAnalyzers.Suppressors;

/// <summary>
/// RES9001: suppresses CA5394 ("Do not use insecure randomness") where <c>Random</c> only jitters a retry delay or a
/// cache TTL — the call feeds <c>Task.Delay</c> or <c>Thread.Sleep</c>, or a TTL (a cache write's
/// <c>absoluteExpirationRelativeToNow</c> or <c>expiry</c> argument, an <c>AbsoluteExpirationRelativeToNow</c> or
/// <c>Expiration</c> property), directly or through a local, or sits in a Polly v7 sleep-duration provider or a Polly v8
/// <c>DelayGenerator</c>. The full-jitter backoff that RES1003 asks for and the TTL jitter of RES2002 are such uses.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
internal sealed class RES9001JitterRandomnessSuppressor : DiagnosticSuppressor
{
    public override ImmutableArray<SuppressionDescriptor> SupportedSuppressions { get; } = ImmutableArray.Create(Descriptors.RES9001JitterRandomness);

    public override void ReportSuppressions(SuppressionAnalysisContext context)
    {
        var delays = new RetryLoopSymbols(WellKnownTypes.For(context.Compilation));
        foreach (var diagnostic in context.ReportedDiagnostics)
        {
            if (diagnostic.Location.SourceTree is not { } tree
                || tree.GetRoot(context.CancellationToken).FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not { } node)
            {
                continue;
            }

            var operation = context.GetSemanticModel(tree).GetOperation(node, context.CancellationToken);
            if (operation is not null && OnlyJittersADelay(operation, delays, new HashSet<ILocalSymbol>(SymbolEqualityComparer.Default)))
            {
                context.ReportSuppression(Suppression.Create(Descriptors.RES9001JitterRandomness, diagnostic));
            }
        }
    }

    /// <param name="randomUse">The Random call, or a reference to a local its value went into.</param>
    /// <param name="delays">Recognizes <c>Task.Delay</c> and <c>Thread.Sleep</c>.</param>
    /// <param name="followed">Locals already being followed: a local assigned from itself (<c>delay = delay * 2 + jitter</c>) adds no other use.</param>
    private static bool OnlyJittersADelay(IOperation randomUse, RetryLoopSymbols delays, HashSet<ILocalSymbol> followed)
    {
        for (var current = randomUse; current.Parent is { } parent; current = parent)
        {
            switch (parent)
            {
                case IArgumentOperation { Parent: IInvocationOperation call } argument:
                    if (delays.IsDelay(call) || argument.Parameter?.Name is "absoluteExpirationRelativeToNow" or "expiry")
                    {
                        return true;
                    }

                    break;
                case ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property.Name: "AbsoluteExpirationRelativeToNow" or "Expiration" } }:
                    return true;
                case IAnonymousFunctionOperation lambda:
                    return IsDelayProvider(lambda);
                case IVariableDeclaratorOperation declarator:
                    return FeedsADelay(declarator.Symbol, parent, delays, followed);
                case ISimpleAssignmentOperation { Target: ILocalReferenceOperation local }:
                    return FeedsADelay(local.Local, parent, delays, followed);
                case IReturnOperation or IBlockOperation when parent.Parent is IAnonymousFunctionOperation or IBlockOperation { Parent: IAnonymousFunctionOperation }:
                    // What a lambda returns: whether it jitters a delay depends on the lambda's use.
                    break;
                case IExpressionStatementOperation or IReturnOperation or IBlockOperation:
                    return false;
            }
        }

        return false;
    }

    /// <summary>Every use of the local only jitters a delay.</summary>
    private static bool FeedsADelay(ILocalSymbol local, IOperation within, RetryLoopSymbols delays, HashSet<ILocalSymbol> followed)
    {
        if (!followed.Add(local))
        {
            return true;
        }

        var uses = within.Root().Descendants()
            .OfType<ILocalReferenceOperation>()
            .Where(reference => SymbolEqualityComparer.Default.Equals(reference.Local, local))
            .ToList();
        return uses.Count > 0 && uses.All(reference => OnlyJittersADelay(reference, delays, followed));
    }

    /// <summary>A lambda passed to a Polly v7 <c>WaitAndRetry*</c>, or assigned to a Polly v8 <c>DelayGenerator</c>.</summary>
    private static bool IsDelayProvider(IAnonymousFunctionOperation lambda)
    {
        return lambda.UseOfLambda() switch
        {
            IArgumentOperation { Parent: IInvocationOperation call } => call.TargetMethod.Name.StartsWith("WaitAndRetry", System.StringComparison.Ordinal),
            ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property.Name: "DelayGenerator" } } => true,
            _ => false,
        };
    }
}
