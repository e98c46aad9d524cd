using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using ResilienceAnalyzers.Infrastructure;

namespace ResilienceAnalyzers.RetryStorms;

/// <summary>The types a hand-rolled retry reading needs, resolved once per compilation.</summary>
internal sealed class RetryLoopSymbols
{
    private readonly INamedTypeSymbol? task;
    private readonly INamedTypeSymbol? thread;

    internal RetryLoopSymbols(WellKnownTypes types)
    {
        task = types.Get(WellKnownTypeNames.SystemThreadingTasksTask);
        thread = types.Get(WellKnownTypeNames.SystemThreadingThread);
        Random = types.Get(WellKnownTypeNames.SystemRandom);
        CancellationToken = types.Get(WellKnownTypeNames.SystemThreadingCancellationToken);
        CancellationTokenSource = types.Get(WellKnownTypeNames.SystemThreadingCancellationTokenSource);
    }

    internal INamedTypeSymbol? Random { get; }

    internal INamedTypeSymbol? CancellationToken { get; }

    internal INamedTypeSymbol? CancellationTokenSource { get; }

    /// <summary>True for <c>Task.Delay</c> and <c>Thread.Sleep</c>: the calls that wait between attempts.</summary>
    internal bool IsDelay(IInvocationOperation call) =>
        call.TargetMethod is { Name: "Delay" } delay && SymbolEqualityComparer.Default.Equals(delay.ContainingType, task)
        || call.TargetMethod is { Name: "Sleep" } sleep && SymbolEqualityComparer.Default.Equals(sleep.ContainingType, thread);
}

/// <summary>
/// The retry-site model for hand-rolled retries: a <c>while</c>, <c>for</c> or <c>do</c> loop whose body tries an
/// operation in a <c>try</c> that cannot run to its end and leaves by <c>return</c> or <c>break</c> when the operation
/// succeeds, with a <c>catch</c> that does not always rethrow, so a failure goes round again. A loop that drains a
/// queue, reads a sequence, polls until cancelled (in its condition, or by <c>ThrowIfCancellationRequested</c> in its
/// body) or fails over — each attempt takes another target, <c>endpoints[i]</c> or <c>GetNextServiceUri()</c> — is not
/// a retry.
/// </summary>
internal sealed class HandRolledRetryLoop
{
    private HandRolledRetryLoop(ILoopOperation loop, bool isInfinite, bool hasAttemptCheck, IInvocationOperation? delayCall, DelayKind delay, bool hasJitter, ImmutableArray<ICatchClauseOperation> retryingCatches, bool passesOnTheLastFailure)
    {
        Loop = loop;
        PassesOnTheLastFailure = passesOnTheLastFailure;
        IsInfinite = isInfinite;
        HasAttemptCheck = hasAttemptCheck;
        DelayCall = delayCall;
        Delay = delay;
        HasJitter = hasJitter;
        RetryingCatches = retryingCatches;
    }

    internal ILoopOperation Loop { get; }

    /// <summary>The loop has no condition or a constant true one: only its body can end it.</summary>
    internal bool IsInfinite { get; }

    /// <summary>
    /// A counter that changes in the loop is compared somewhere in it (condition, <c>if</c>, exception filter), or a
    /// time is: a deadline (<c>DateTime.UtcNow &gt;= deadline</c>, <c>stopwatch.Elapsed &gt; limit</c>) caps the attempts too.
    /// </summary>
    internal bool HasAttemptCheck { get; }

    /// <summary>
    /// When its attempts run out, the loop hands the last failure on to its caller: it only stops by throwing (it has
    /// no condition, or an exception filter or a throw guarded by a counter ends it), or a <c>throw</c> follows it. A
    /// loop whose condition ends it and that then returns normally swallows the failure, and a retry around it never
    /// sees that failure.
    /// </summary>
    internal bool PassesOnTheLastFailure { get; }

    /// <summary>The <c>Thread.Sleep</c> or <c>Task.Delay</c> call that waits between attempts, if any.</summary>
    internal IInvocationOperation? DelayCall { get; }

    internal DelayKind Delay { get; }

    /// <summary>The wait draws on <c>Random</c>.</summary>
    internal bool HasJitter { get; }

    /// <summary>The catch clauses that let a failure go round the loop again.</summary>
    internal ImmutableArray<ICatchClauseOperation> RetryingCatches { get; }

    /// <summary>Every operation of the <c>try</c> blocks the loop retries: what each attempt runs again.</summary>
    internal IEnumerable<IOperation> RetriedOperations =>
        RetryingCatches.Select(c => c.Parent).OfType<ITryOperation>().Distinct().SelectMany(attempt => attempt.Body.Descendants());

    /// <summary>
    /// Every retrying catch handles an optimistic-concurrency conflict (an exception type named like
    /// <c>DbUpdateConcurrencyException</c> or <c>…ConflictException</c>): the loop re-reads and retries a write that lost a
    /// race, against a database that is healthy, and an immediate retry is the usual remedy.
    /// </summary>
    internal bool RetriesConcurrencyConflictsOnly => RetryingCatches.All(c => ConflictExceptionWords.Any(word => c.ExceptionType.Name.IndexOf(word, System.StringComparison.Ordinal) >= 0));

    /// <summary>
    /// The most attempts the loop makes, when its header says so in constants — <c>for (var i = 0; i &lt; 3; i++)</c>
    /// makes 3 — or <see langword="null"/> when the cap lives elsewhere or is not a constant.
    /// </summary>
    internal int? MaxAttempts => Loop is IForLoopOperation { Condition: IBinaryOperation condition } forLoop ? CountedAttempts(forLoop, condition) : null;

    /// <summary>The counter a <c>for</c> loop declares and increments (<c>for (var attempt = 0; …; attempt++)</c>), which a fix can grow the wait with.</summary>
    internal ILocalSymbol? AttemptCounter =>
        Loop is IForLoopOperation { AtLoopBottom: { Length: 1 } bottom } forLoop
        && bottom[0] is IExpressionStatementOperation { Operation: IIncrementOrDecrementOperation { Kind: OperationKind.Increment, Target: ILocalReferenceOperation incremented } }
        && forLoop.Locals.Contains(incremented.Local, SymbolEqualityComparer.Default)
            ? incremented.Local
            : null;

    /// <summary>The location diagnostics about the loop as a whole are reported at: its <c>while</c>, <c>for</c> or <c>do</c> keyword.</summary>
    internal Location KeywordLocation => Loop.Syntax.GetFirstToken().GetLocation();

    /// <summary>Words of the exception types that report an optimistic-concurrency conflict (a write that lost a race).</summary>
    private static readonly string[] ConflictExceptionWords = { "Concurrency", "Conflict", "Inconsistent", "Version", "Precondition" };

    internal static HandRolledRetryLoop? TryRead(ILoopOperation loop, RetryLoopSymbols symbols)
    {
        if (loop is IForEachLoopOperation || ConditionOf(loop) is { } condition && MentionsCancellation(condition, symbols))
        {
            return null;
        }

        var ownOperations = OwnOperations(loop.Body).ToList();
        var tries = ownOperations.OfType<ITryOperation>().Where(t => t.Catches.Length > 0).ToList();
        var retryingCatches = tries
            .Where(t => ExitsOnSuccess(t, loop))
            .SelectMany(t => t.Catches)
            .Where(c => !AlwaysThrows(c))
            .ToImmutableArray();
        if (retryingCatches.IsEmpty
            || ownOperations.Any(operation => operation is IInvocationOperation { TargetMethod.Name: "ThrowIfCancellationRequested" } call && IsCancellationType(call.TargetMethod.ContainingType, symbols)))
        {
            return null;
        }

        var counters = ownOperations.Concat(LoopHeader(loop)).SelectMany(ModifiedLocals).ToImmutableHashSet<ILocalSymbol>(SymbolEqualityComparer.Default);
        if (TakesAnotherTargetEachTime(tries, ownOperations, counters, symbols))
        {
            return null;
        }

        var comparisons = ownOperations.Concat(LoopHeader(loop))
            .OfType<IBinaryOperation>()
            .Where(binary => IsComparison(binary.OperatorKind));
        var hasAttemptCheck = comparisons.Any(comparison => LocalsIn(comparison).Any(counters.Contains) || ComparesTimes(comparison));

        var delayCall = ownOperations.OfType<IInvocationOperation>().FirstOrDefault(symbols.IsDelay);
        var (delay, hasJitter) = delayCall is not null ? Classify(delayCall, ownOperations, counters, symbols)
            : WaitsSomeOtherWay(tries, ownOperations) ? (DelayKind.Unknown, false)
            : (DelayKind.None, false);
        var isInfinite = ConditionOf(loop) is not { } loopCondition || loopCondition.ConstantValue is { HasValue: true, Value: true };
        var passesOnTheLastFailure = isInfinite
            || retryingCatches.Any(c => c.Filter is not null || c.Handler.Descendants().OfType<IThrowOperation>().Any(thrown => GuardedByCounter(thrown, c, counters)))
            || StatementAfter(loop) is IThrowOperation or IExpressionStatementOperation { Operation: IThrowOperation };

        return new HandRolledRetryLoop(loop, isInfinite, hasAttemptCheck, delayCall, delay, hasJitter, retryingCatches, passesOnTheLastFailure);
    }

    /// <summary>
    /// Failover, not retry: each time round the attempt reads another element of a collection by a counter of the loop
    /// (<c>providers[i]</c>), or asks for the next target (<c>GetNextServiceUri()</c>), so no target is tried twice.
    /// </summary>
    private static bool TakesAnotherTargetEachTime(List<ITryOperation> tries, List<IOperation> ownOperations, ImmutableHashSet<ILocalSymbol> counters, RetryLoopSymbols symbols)
    {
        bool IndexedByCounter(IEnumerable<IOperation> indices) => indices.Any(index => LocalsIn(index).Any(counters.Contains));
        bool IsIndexedByCounter(IOperation operation) => operation switch
        {
            IArrayElementReferenceOperation element => IndexedByCounter(element.Indices),
            IPropertyReferenceOperation { Property.IsIndexer: true } indexer => IndexedByCounter(indexer.Arguments.Select(argument => argument.Value)),
            _ => false,
        };

        return tries.Any(attempt => attempt.Body.Descendants().Any(IsIndexedByCounter))
            || ownOperations.Any(operation => operation is IInvocationOperation call
                && call.TargetMethod.Name.IndexOf("Next", System.StringComparison.Ordinal) >= 0
                && call.TargetMethod.Name != "MoveNext"
                && !SymbolEqualityComparer.Default.Equals(call.TargetMethod.ContainingType, symbols.Random));
    }

    /// <summary>
    /// The loop awaits something besides the attempt that is handed a duration — a durable timer, a delay the caller
    /// supplied (<c>await timer(delay)</c>) — outside the retried blocks: a wait the analyzer cannot read, not none.
    /// </summary>
    private static bool WaitsSomeOtherWay(List<ITryOperation> tries, List<IOperation> ownOperations)
    {
        var attempts = new HashSet<IOperation>(tries.SelectMany(attempt => attempt.Body.DescendantsAndSelf()));
        return ownOperations.OfType<IAwaitOperation>().Any(wait => !attempts.Contains(wait)
            && wait.Operation.WalkDownConversions() is IInvocationOperation waited
            && waited.Arguments.Any(argument => IsTime(argument.Value.WalkDownConversions().Type)));
    }

    /// <summary>A throw in a catch that runs only when a counter says so (<c>if (attempt &gt;= max) throw;</c>).</summary>
    private static bool GuardedByCounter(IThrowOperation thrown, ICatchClauseOperation catchClause, ImmutableHashSet<ILocalSymbol> counters)
    {
        for (var node = thrown.Parent; node is not null && node != catchClause; node = node.Parent)
        {
            if (node is IConditionalOperation conditional && LocalsIn(conditional.Condition).Any(counters.Contains))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The statement that runs after the loop ends normally, if the loop sits in a block and one follows it.</summary>
    private static IOperation? StatementAfter(ILoopOperation loop)
    {
        if (loop.Parent is not IBlockOperation block)
        {
            return null;
        }

        var index = block.Operations.IndexOf(loop);
        return index >= 0 && index + 1 < block.Operations.Length ? block.Operations[index + 1] : null;
    }

    /// <summary>A comparison of two dates or durations: a deadline.</summary>
    private static bool ComparesTimes(IBinaryOperation comparison) =>
        IsTime(comparison.LeftOperand.Type) && IsTime(comparison.RightOperand.Type);

    private static bool IsTime(ITypeSymbol? type) =>
        type is { Name: "DateTime" or "DateTimeOffset" or "TimeSpan", ContainingNamespace.Name: "System" };

    private static bool IsCancellationType(ITypeSymbol? type, RetryLoopSymbols symbols) =>
        SymbolEqualityComparer.Default.Equals(type, symbols.CancellationToken) || SymbolEqualityComparer.Default.Equals(type, symbols.CancellationTokenSource);

    /// <summary><c>for (var i = start; i &lt; end; i++)</c> runs end - start times; <c>&lt;=</c> once more.</summary>
    private static int? CountedAttempts(IForLoopOperation loop, IBinaryOperation condition)
    {
        if (condition is not { LeftOperand: ILocalReferenceOperation counter, RightOperand.ConstantValue: { HasValue: true, Value: int end } }
            || condition.OperatorKind is not (BinaryOperatorKind.LessThan or BinaryOperatorKind.LessThanOrEqual)
            || loop.AtLoopBottom.Length != 1
            || loop.AtLoopBottom[0] is not IExpressionStatementOperation { Operation: IIncrementOrDecrementOperation { Kind: OperationKind.Increment, Target: ILocalReferenceOperation incremented } }
            || !SymbolEqualityComparer.Default.Equals(incremented.Local, counter.Local))
        {
            return null;
        }

        var start = loop.Before
            .SelectMany(before => before.DescendantsAndSelf())
            .OfType<IVariableDeclaratorOperation>()
            .FirstOrDefault(declarator => SymbolEqualityComparer.Default.Equals(declarator.Symbol, counter.Local))
            ?.Initializer?.Value.ConstantValue;
        return start is { HasValue: true, Value: int first }
            ? end - first + (condition.OperatorKind == BinaryOperatorKind.LessThanOrEqual ? 1 : 0)
            : null;
    }

    private static IOperation? ConditionOf(ILoopOperation loop) => loop switch
    {
        IWhileLoopOperation whileLoop => whileLoop.Condition,
        IForLoopOperation forLoop => forLoop.Condition,
        _ => null,
    };

    private static IEnumerable<IOperation> LoopHeader(ILoopOperation loop)
    {
        var parts = loop switch
        {
            IWhileLoopOperation whileLoop => new[] { whileLoop.Condition },
            IForLoopOperation forLoop => forLoop.Before.Concat(forLoop.AtLoopBottom).Append(forLoop.Condition),
            _ => Enumerable.Empty<IOperation?>(),
        };

        return parts.OfType<IOperation>().SelectMany(part => part.DescendantsAndSelf());
    }

    /// <summary>The operations of the loop body, without nested loops, lambdas and local functions (their own sites).</summary>
    private static IEnumerable<IOperation> OwnOperations(IOperation body) => body.WithinFunction(enterLoops: false);

    /// <summary>
    /// The <c>try</c> block cannot run to its end — its last statement returns, breaks out of this loop or throws — and
    /// it returns or breaks out somewhere (possibly from a retry loop nested in it): getting through means the operation
    /// succeeded. A loop that reads a sequence and breaks only on some condition (end of input) runs to the end of its
    /// <c>try</c> and is not a retry.
    /// </summary>
    private static bool ExitsOnSuccess(ITryOperation attempt, ILoopOperation loop)
    {
        bool IsExit(IOperation operation) =>
            operation is IReturnOperation { Kind: OperationKind.Return }
            || operation is IBranchOperation { BranchKind: BranchKind.Break } branch && SymbolEqualityComparer.Default.Equals(branch.Target, loop.ExitLabel);

        var last = attempt.Body.Operations.LastOrDefault();
        var endIsUnreachable = last is not null && (IsExit(last) || last is IThrowOperation or IExpressionStatementOperation { Operation: IThrowOperation });
        return endIsUnreachable && attempt.Body.WithinFunction(enterLoops: true).Any(IsExit);
    }

    private static bool AlwaysThrows(ICatchClauseOperation catchClause) =>
        catchClause.Handler.Operations.LastOrDefault() is IExpressionStatementOperation { Operation: IThrowOperation } or IThrowOperation;

    private static bool MentionsCancellation(IOperation condition, RetryLoopSymbols symbols) =>
        condition.DescendantsAndSelf().Any(operation => operation is IPropertyReferenceOperation { Property.Name: "IsCancellationRequested" } property
            && IsCancellationType(property.Property.ContainingType, symbols));

    private static IEnumerable<ILocalSymbol> ModifiedLocals(IOperation operation) => operation switch
    {
        IIncrementOrDecrementOperation { Target: ILocalReferenceOperation local } => new[] { local.Local },
        ICompoundAssignmentOperation { Target: ILocalReferenceOperation local } => new[] { local.Local },
        ISimpleAssignmentOperation { Target: ILocalReferenceOperation local } => new[] { local.Local },
        _ => Enumerable.Empty<ILocalSymbol>(),
    };

    private static IEnumerable<ILocalSymbol> LocalsIn(IOperation operation) =>
        operation.DescendantsAndSelf().OfType<ILocalReferenceOperation>().Select(reference => reference.Local);

    private static bool IsComparison(BinaryOperatorKind kind) => kind is BinaryOperatorKind.LessThan
        or BinaryOperatorKind.LessThanOrEqual
        or BinaryOperatorKind.GreaterThan
        or BinaryOperatorKind.GreaterThanOrEqual
        or BinaryOperatorKind.Equals
        or BinaryOperatorKind.NotEquals;

    /// <summary>
    /// Reads the wait from the delay's argument, from what the loop assigns to the locals it uses and from the members
    /// it reads that hold a value in view (<see cref="FollowedMembers"/>): a doubling
    /// (<c>Math.Pow</c>, a left shift) is exponential, a counter times something is linear, constants only are
    /// constant, a <c>Random</c> call is jitter, and anything else (a field, a parameter, a method) is unknown.
    /// </summary>
    private static (DelayKind Kind, bool HasJitter) Classify(IInvocationOperation delayCall, List<IOperation> loopOperations, ImmutableHashSet<ILocalSymbol> counters, RetryLoopSymbols symbols)
    {
        if (delayCall.Arguments.Length == 0)
        {
            return (DelayKind.Unknown, false);
        }

        var visited = new HashSet<ILocalSymbol>(SymbolEqualityComparer.Default);
        var members = new FollowedMembers();
        bool ReadsAttempt(IOperation operation) => (operation is ILocalReferenceOperation reference && counters.Contains(reference.Local)) || members.ReadsAttempt(operation);
        var expression = members.Gather(
            delayCall.Arguments[0].Value,
            ReadsAttempt,
            reference => !counters.Contains(reference.Local) && visited.Add(reference.Local) ? ValuesAssignedTo(reference.Local, loopOperations) : null);

        // delay *= 2, delay = delay * multiplier, delay = Min(delay * 2, max): the wait grows by a factor each time round,
        // whatever the factor is — an options value included — and only randomness in the growth or the wait jitters it.
        var growth = expression.OfType<ILocalReferenceOperation>()
            .Select(reference => reference.Local)
            .Distinct<ILocalSymbol>(SymbolEqualityComparer.Default)
            .SelectMany(local => GrowthOf(local, loopOperations))
            .ToList();
        expression.AddRange(growth.SelectMany(value => value.DescendantsAndSelf()));
        var shape = DelayShapes.Classify(
            expression,
            ReadsAttempt,
            isKnownInput: operation => (operation is ILocalReferenceOperation reference && visited.Contains(reference.Local) && ValuesAssignedTo(reference.Local, loopOperations).Any()) || members.IsKnown(operation),
            symbols.Random);
        return growth.Count > 0 ? (DelayKind.Exponential, shape.HasJitter) : shape;
    }

    /// <summary>
    /// The assignments in the loop that multiply the local by something: <c>local *= k</c>, or <c>local = …</c> whose
    /// value multiplies a read of the local itself (<c>delay * 2</c>, <c>TimeSpan.FromMilliseconds(delay.TotalMilliseconds * 2)</c>),
    /// directly or through a local computed from it in the loop (<c>next = backOff * multiplier; backOff = Min(next, max)</c>).
    /// </summary>
    private static IEnumerable<IOperation> GrowthOf(ILocalSymbol local, List<IOperation> loopOperations)
    {
        bool IsLocal(IOperation operation) => operation is ILocalReferenceOperation reference && SymbolEqualityComparer.Default.Equals(reference.Local, local);
        bool MultipliesTheLocal(IOperation value) => value.DescendantsAndSelf().Any(part => part is IBinaryOperation { OperatorKind: BinaryOperatorKind.Multiply } product
            && (product.LeftOperand.DescendantsAndSelf().Any(IsLocal) || product.RightOperand.DescendantsAndSelf().Any(IsLocal)));
        bool Grows(IOperation value) => MultipliesTheLocal(value)
            || value.DescendantsAndSelf().OfType<ILocalReferenceOperation>().Any(other => !IsLocal(other) && ValuesAssignedTo(other.Local, loopOperations).Any(MultipliesTheLocal));

        foreach (var operation in loopOperations)
        {
            switch (operation)
            {
                case ICompoundAssignmentOperation { OperatorKind: BinaryOperatorKind.Multiply } compound when IsLocal(compound.Target):
                    yield return compound.Value;
                    break;
                case ISimpleAssignmentOperation assignment when IsLocal(assignment.Target) && Grows(assignment.Value):
                    yield return assignment.Value;
                    break;
            }
        }
    }

    private static IEnumerable<IOperation> ValuesAssignedTo(ILocalSymbol local, List<IOperation> loopOperations) =>
        loopOperations.Select(operation => operation switch
        {
            IVariableDeclaratorOperation declarator when SymbolEqualityComparer.Default.Equals(declarator.Symbol, local) => declarator.Initializer?.Value,
            ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } assignment when SymbolEqualityComparer.Default.Equals(target.Local, local) => assignment.Value,
            _ => null,
        })
        .OfType<IOperation>();

}
