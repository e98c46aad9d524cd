using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using ResilienceAnalyzers.Infrastructure;

namespace ResilienceAnalyzers.RetryStorms;

/// <summary>How a retry waits between attempts.</summary>
internal enum DelayKind
{
    /// <summary>The wait depends on something the analyzer cannot read (a field, a parameter, a method's result).</summary>
    Unknown,

    /// <summary>No wait at all between attempts.</summary>
    None,

    /// <summary>The same wait every time.</summary>
    Constant,

    /// <summary>A wait that grows with the attempt number (<c>n * k</c>).</summary>
    Linear,

    /// <summary>A wait that doubles (<c>Math.Pow(2, n)</c>, <c>1 &lt;&lt; n</c>).</summary>
    Exponential,
}

/// <summary>
/// The members a wait reads, followed to what they hold (<see cref="Values.Follow"/>): a <c>static readonly</c> delay,
/// a get-only property, a one-expression helper (<c>TimeSpan Backoff(int attempt) =&gt; …</c>), whose parameters then
/// stand for the arguments the wait passes — the attempt counter included.
/// </summary>
internal sealed class FollowedMembers
{
    private readonly HashSet<IOperation> followed = new();
    private readonly HashSet<IParameterSymbol> boundParameters = new(SymbolEqualityComparer.Default);
    private readonly HashSet<IParameterSymbol> attemptParameters = new(SymbolEqualityComparer.Default);

    /// <summary>
    /// What the part of a wait holds, to be read as part of the wait, or null when it is not a member the analyzer can
    /// follow. A helper's arguments are bound to its parameters: one that reads the attempt makes the parameter read it.
    /// </summary>
    internal IOperation? Follow(IOperation part, Func<IOperation, bool> readsAttempt)
    {
        if (part is not (IFieldReferenceOperation or IPropertyReferenceOperation or IInvocationOperation) || followed.Contains(part) || Values.Follow(part) is not { } origin)
        {
            return null;
        }

        followed.Add(part);
        if (part is IInvocationOperation helper)
        {
            foreach (var argument in helper.Arguments)
            {
                if (argument.Parameter is { } parameter)
                {
                    boundParameters.Add(parameter);
                    if (argument.Value.DescendantsAndSelf().Any(readsAttempt))
                    {
                        attemptParameters.Add(parameter);
                    }
                }
            }
        }

        return origin;
    }

    /// <summary>
    /// Every operation a wait is computed from: <paramref name="wait"/>'s own, then those of the values it reads —
    /// what <paramref name="valuesOfLocal"/> gives for a local (null to leave it as it is) and what the members it reads
    /// hold (<see cref="Follow"/>) — until nothing new is read.
    /// </summary>
    internal List<IOperation> Gather(IOperation wait, Func<IOperation, bool> readsAttempt, Func<ILocalReferenceOperation, IEnumerable<IOperation>?>? valuesOfLocal = null)
    {
        var expression = new List<IOperation>();
        var pending = new Queue<IOperation>(new[] { wait });
        while (pending.Count > 0)
        {
            foreach (var part in pending.Dequeue().DescendantsAndSelf())
            {
                expression.Add(part);
                var values = part is ILocalReferenceOperation local ? valuesOfLocal?.Invoke(local) : Follow(part, readsAttempt) is { } held ? new[] { held } : null;
                foreach (var value in values ?? Enumerable.Empty<IOperation>())
                {
                    pending.Enqueue(value);
                }
            }
        }

        return expression;
    }

    /// <summary>A member followed to its value, or a followed helper's parameter: its value is in view.</summary>
    internal bool IsKnown(IOperation operation) =>
        followed.Contains(operation) || (operation is IParameterReferenceOperation reference && boundParameters.Contains(reference.Parameter));

    /// <summary>A followed helper's parameter the wait passes the attempt number to.</summary>
    internal bool ReadsAttempt(IOperation operation) =>
        operation is IParameterReferenceOperation reference && attemptParameters.Contains(reference.Parameter);
}

/// <summary>Reads the shape of a wait from the operations it is computed from; shared by every retry-site model.</summary>
internal static class DelayShapes
{
    /// <summary>
    /// A doubling (<c>Math.Pow</c>, a left shift) is exponential; the attempt number times or plus something is linear;
    /// constants and <c>TimeSpan.FromX</c> of constants only are constant; anything else the wait reads (a field, a
    /// property, a parameter, a method) makes it unknown. A <c>Random</c> call anywhere is jitter.
    /// </summary>
    /// <param name="expression">Every operation the wait is computed from.</param>
    /// <param name="readsAttempt">Whether an operation reads the attempt number.</param>
    /// <param name="isKnownInput">Whether a reference the analyzer followed to its values (a local assigned in view) is known.</param>
    /// <param name="random">System.Random.</param>
    internal static (DelayKind Kind, bool HasJitter) Classify(IReadOnlyCollection<IOperation> expression, Func<IOperation, bool> readsAttempt, Func<IOperation, bool> isKnownInput, INamedTypeSymbol? random)
    {
        var hasJitter = expression.Any(operation => operation is IInvocationOperation call && SymbolEqualityComparer.Default.Equals(call.TargetMethod.ContainingType, random));
        if (expression.Any(IsDoubling))
        {
            return (DelayKind.Exponential, hasJitter);
        }

        if (expression.Any(readsAttempt) && expression.Any(operation => operation is IBinaryOperation { OperatorKind: BinaryOperatorKind.Multiply or BinaryOperatorKind.Add }))
        {
            return (DelayKind.Linear, hasJitter);
        }

        var readsOnlyConstants = expression.All(operation => operation switch
        {
            IFieldReferenceOperation field => field.Field.IsConst || isKnownInput(operation),
            IInstanceReferenceOperation { Parent: { } owner } => isKnownInput(operation) || isKnownInput(owner),
            IPropertyReferenceOperation or IParameterReferenceOperation or IInstanceReferenceOperation or ILocalReferenceOperation => isKnownInput(operation),
            IInvocationOperation call => IsTimeSpanFactory(call) || SymbolEqualityComparer.Default.Equals(call.TargetMethod.ContainingType, random) || isKnownInput(operation),
            _ => true,
        });
        return (readsOnlyConstants ? DelayKind.Constant : DelayKind.Unknown, hasJitter);
    }

    /// <summary>
    /// Reads a function that computes a wait from the attempt number (a Polly sleep-duration provider or delay
    /// generator): its body, with the members it reads followed to their values.
    /// </summary>
    internal static (DelayKind Kind, bool HasJitter) ClassifyFunction(IOperation? body, Func<IOperation, bool> readsAttempt, INamedTypeSymbol? random)
    {
        if (body is null)
        {
            return (DelayKind.Unknown, false);
        }

        var members = new FollowedMembers();
        bool ReadsAttempt(IOperation operation) => readsAttempt(operation) || members.ReadsAttempt(operation);
        return Classify(members.Gather(body, ReadsAttempt), ReadsAttempt, members.IsKnown, random);
    }

    /// <summary>
    /// The function a delegate value is — a lambda, or a method group — with the body a wait is read from: the lambda's,
    /// or the method's one expression (<see cref="Values.Returned"/>, null for any other method); null for any other value.
    /// </summary>
    internal static (IMethodSymbol Function, IOperation? Body)? FunctionOf(IOperation value) => value.WalkDownConversions() switch
    {
        IDelegateCreationOperation { Target: IAnonymousFunctionOperation lambda } => (lambda.Symbol, lambda.Body),
        IAnonymousFunctionOperation lambda => (lambda.Symbol, lambda.Body),
        IDelegateCreationOperation { Target: IMethodReferenceOperation { Method: var method } reference } => (method, Values.Returned(method, reference)),
        _ => null,
    };

    /// <summary>Reads a Polly v8 <c>DelayGenerator</c>: a lambda, or a method group whose one expression is read in its place.</summary>
    internal static (DelayKind Kind, bool HasJitter) ClassifyGenerator(IOperation generator, Func<IOperation, bool> readsAttempt, INamedTypeSymbol? random) =>
        FunctionOf(generator) is var (_, body) ? ClassifyFunction(body, readsAttempt, random) : (DelayKind.Unknown, false);

    private static bool IsDoubling(IOperation operation) =>
        operation is IInvocationOperation { TargetMethod: { Name: "Pow", ContainingType.Name: "Math" } }
        || operation is IBinaryOperation { OperatorKind: BinaryOperatorKind.LeftShift };

    private static bool IsTimeSpanFactory(IInvocationOperation call) =>
        call.TargetMethod.ContainingType.Name == "TimeSpan" && call.TargetMethod.Name.StartsWith("From", StringComparison.Ordinal);
}
