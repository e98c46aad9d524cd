using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using ResilienceAnalyzers.Infrastructure;

namespace ResilienceAnalyzers.SplitBrain;

/// <summary>
/// RES8001: a write to shared state (a Redis write, a SQL command, an EF Core save) that runs only while a lease says
/// this node leads — inside <c>if (await db.LockTakeAsync(…))</c>, after <c>if (!acquired) return;</c>, under
/// <c>if (IsLeader)</c> — in a method that carries no fencing token and does not let the store check the lease.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
internal sealed class RES8001WriteUnderLeaseWithoutFencingAnalyzer : ResilienceAnalyzer<LeaseWrites>
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(Descriptors.RES8001WriteUnderLeaseWithoutFencing);

    internal override LeaseWrites? ResolveSymbols(WellKnownTypes types) => LeaseWrites.Resolve(types);

    internal override bool CanFindAnything(CompilationFacts facts) => facts.MentionsAny(LeaseWrites.LeaseNamesInSource);

    // The lease is tested in the write's own method, by a name its file spells: other files have no write to judge.
    internal override void OnCompilationStart(RuleContext context, LeaseWrites writes) =>
        context.RegisterInvocationActionInFilesSpelling(
            LeaseWrites.LeaseNamesInSource,
            c =>
            {
                var write = (IInvocationOperation)c.Operation;
                if (writes.IsSharedStateWrite(write)
                    && NearestLease(write, writes) is { } lease
                    && !writes.IsFencedOrOnTheLock(write, write.Root()))
                {
                    c.ReportDiagnostic(Diagnostic.Create(Descriptors.RES8001WriteUnderLeaseWithoutFencing, write.NameLocation(), write.TargetMethod.Name, lease));
                }
            });

    /// <summary>
    /// The innermost lease the write runs under: an <c>if</c> whose condition implies the lease is held and whose branch
    /// holds the write, or an earlier <c>if</c> in an enclosing block that leaves (returns, throws, breaks, continues)
    /// when the lease is not held.
    /// </summary>
    private static string? NearestLease(IOperation write, LeaseWrites writes)
    {
        var child = write;
        for (var parent = write.Parent; parent is not null; child = parent, parent = parent.Parent)
        {
            switch (parent)
            {
                case IConditionalOperation conditional when child == conditional.WhenTrue:
                    if (LeaseWhen(conditional.Condition, true, writes) is { } heldIfTrue)
                    {
                        return heldIfTrue;
                    }

                    break;
                case IConditionalOperation conditional when child == conditional.WhenFalse:
                    if (LeaseWhen(conditional.Condition, false, writes) is { } heldIfFalse)
                    {
                        return heldIfFalse;
                    }

                    break;
                case IBlockOperation block:
                    for (var i = block.Operations.IndexOf(child) - 1; i >= 0; i--)
                    {
                        if (block.Operations[i] is IConditionalOperation { WhenFalse: null } guard
                            && Leaves(guard.WhenTrue)
                            && LeaseWhen(guard.Condition, false, writes) is { } heldAfterGuard)
                        {
                            return heldAfterGuard;
                        }
                    }

                    break;
            }
        }

        return null;
    }

    /// <summary>The lease that the condition having <paramref name="value"/> proves held, or <see langword="null"/>.</summary>
    private static string? LeaseWhen(IOperation condition, bool value, LeaseWrites writes)
    {
        condition = condition.WalkDownConversions();
        switch (condition)
        {
            case IUnaryOperation { OperatorKind: UnaryOperatorKind.Not } not:
                return LeaseWhen(not.Operand, !value, writes);
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalAnd or BinaryOperatorKind.ConditionalOr } binary:
                // "a && b" true proves what either side true proves; "a || b" false proves what either side false proves.
                var eitherSide = value == (binary.OperatorKind == BinaryOperatorKind.ConditionalAnd);
                return eitherSide ? LeaseWhen(binary.LeftOperand, value, writes) ?? LeaseWhen(binary.RightOperand, value, writes) : null;
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals, RightOperand.ConstantValue: { HasValue: true, Value: bool constant } } comparison:
                return LeaseWhen(comparison.LeftOperand, value == (constant == (comparison.OperatorKind == BinaryOperatorKind.Equals)), writes);
            default:
                return value ? writes.LeaseTakenBy(condition) : null;
        }
    }

    private static bool Leaves(IOperation branch) => branch switch
    {
        IBlockOperation { Operations.Length: > 0 } block => Leaves(block.Operations[block.Operations.Length - 1]),
        IReturnOperation or IBranchOperation => true,
        IExpressionStatementOperation { Operation: IThrowOperation } => true,
        IThrowOperation => true,
        _ => false,
    };
}
