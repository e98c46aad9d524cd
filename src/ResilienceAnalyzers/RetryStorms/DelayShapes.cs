using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

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
            IFieldReferenceOperation field => field.Field.IsConst,
            IPropertyReferenceOperation or IParameterReferenceOperation or IInstanceReferenceOperation or ILocalReferenceOperation => isKnownInput(operation),
            IInvocationOperation call => IsTimeSpanFactory(call) || SymbolEqualityComparer.Default.Equals(call.TargetMethod.ContainingType, random),
            _ => true,
        });
        return (readsOnlyConstants ? DelayKind.Constant : DelayKind.Unknown, hasJitter);
    }

    private static bool IsDoubling(IOperation operation) =>
        operation is IInvocationOperation { TargetMethod: { Name: "Pow", ContainingType.Name: "Math" } }
        || operation is IBinaryOperation { OperatorKind: BinaryOperatorKind.LeftShift };

    private static bool IsTimeSpanFactory(IInvocationOperation call) =>
        call.TargetMethod.ContainingType.Name == "TimeSpan" && call.TargetMethod.Name.StartsWith("From", StringComparison.Ordinal);
}
