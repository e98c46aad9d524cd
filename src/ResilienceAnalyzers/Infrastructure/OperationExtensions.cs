using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace ResilienceAnalyzers.Infrastructure;

internal static class OperationExtensions
{
    /// <summary>The operand under any implicit or explicit conversions.</summary>
    internal static IOperation WalkDownConversions(this IOperation operation)
    {
        while (operation is IConversionOperation conversion)
        {
            operation = conversion.Operand;
        }

        return operation;
    }

    /// <summary>The value passed for the parameter named <paramref name="parameterName"/>, written or defaulted; null when there is none.</summary>
    internal static IOperation? ValueFor(this ImmutableArray<IArgumentOperation> arguments, string parameterName) =>
        arguments.FirstOrDefault(argument => argument.Parameter?.Name == parameterName)?.Value;

    /// <summary>The first ancestor that is not a conversion.</summary>
    internal static IOperation? ParentSkippingConversions(this IOperation operation)
    {
        var parent = operation.Parent;
        while (parent is IConversionOperation)
        {
            parent = parent.Parent;
        }

        return parent;
    }

    /// <summary>The operation's parent, its parent's parent, and so on up to the root.</summary>
    internal static IEnumerable<IOperation> Ancestors(this IOperation operation)
    {
        for (var node = operation.Parent; node is not null; node = node.Parent)
        {
            yield return node;
        }
    }

    /// <summary>True when the operation sits inside a lambda, anonymous method or local function.</summary>
    internal static bool IsInsideFunction(this IOperation operation) =>
        operation.Ancestors().Any(node => node is IAnonymousFunctionOperation or ILocalFunctionOperation);

    /// <summary>
    /// The called method's name as written (<c>RetryForever</c> in <c>builder.RetryForever()</c>, <c>Get</c> in
    /// <c>cache.Get&lt;T&gt;(key)</c>, <c>SendAsync</c> in <c>SendAsync(item)</c>), or the whole call.
    /// </summary>
    internal static Location NameLocation(this IInvocationOperation call) => call.Syntax switch
    {
        InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access } => access.Name.Identifier.GetLocation(),
        InvocationExpressionSyntax { Expression: SimpleNameSyntax name } => name.Identifier.GetLocation(),
        _ => call.Syntax.GetLocation(),
    };

    /// <summary>What a lambda is handed to: the argument, assignment or variable it is converted into a delegate for.</summary>
    internal static IOperation? UseOfLambda(this IAnonymousFunctionOperation lambda)
    {
        var user = lambda.Parent;
        while (user is IDelegateCreationOperation or IConversionOperation)
        {
            user = user.Parent;
        }

        return user;
    }

    /// <summary>
    /// The calls of a fluent chain the call belongs to, from its first call to its last: the calls its receiver comes
    /// from (<c>services.AddHttpClient("a")</c> before <c>.ConfigureHttpClient(…)</c>) and the calls made on its result.
    /// </summary>
    internal static IEnumerable<IInvocationOperation> FluentChain(this IInvocationOperation call)
    {
        var earlier = new Stack<IInvocationOperation>();
        for (var current = call; current.Receiver()?.WalkDownConversions() is IInvocationOperation previous; current = previous)
        {
            earlier.Push(previous);
        }

        foreach (var previous in earlier)
        {
            yield return previous;
        }

        yield return call;
        for (var current = call; current.NextInChain() is { } next; current = next)
        {
            yield return next;
        }
    }

    /// <summary>The local, parameter, field or property the operation reads; null for anything else.</summary>
    internal static ISymbol? ReferencedSymbol(this IOperation operation) => operation switch
    {
        ILocalReferenceOperation local => local.Local,
        IParameterReferenceOperation parameter => parameter.Parameter,
        IFieldReferenceOperation field => field.Field,
        IPropertyReferenceOperation property => property.Property,
        _ => null,
    };

    /// <summary>What the call is made on: its instance, or the first argument of an extension method.</summary>
    internal static IOperation? Receiver(this IInvocationOperation call) =>
        call.Instance ?? (call.TargetMethod.IsExtensionMethod && call.Arguments.Length > 0 ? call.Arguments[0].Value.WalkDownConversions() : null);

    /// <summary>The call made on the result of <paramref name="call"/> (<c>.AddTimeout</c> in <c>.AddRetry(...).AddTimeout(...)</c>).</summary>
    internal static IInvocationOperation? NextInChain(this IInvocationOperation call)
    {
        IOperation current = call;
        while (current.Parent is IConversionOperation conversion)
        {
            current = conversion;
        }

        return current.Parent switch
        {
            IInvocationOperation next when next.Instance == current => next,
            IArgumentOperation { Parent: IInvocationOperation next } argument when next.TargetMethod.IsExtensionMethod && next.Arguments[0] == argument => next,
            _ => null,
        };
    }

    /// <summary>True when <paramref name="location"/> lies within the operation's syntax.</summary>
    internal static bool Contains(this IOperation operation, Location location) =>
        location.SourceTree == operation.Syntax.SyntaxTree && operation.Syntax.Span.Contains(location.SourceSpan);

    /// <summary>The value the local is declared with, found in the operation tree that reads it; null when it has none.</summary>
    internal static IOperation? DeclaredValue(this ILocalReferenceOperation local) =>
        local.Root().Descendants()
            .OfType<IVariableDeclaratorOperation>()
            .FirstOrDefault(declarator => SymbolEqualityComparer.Default.Equals(declarator.Symbol, local.Local))
            ?.Initializer?.Value;

    /// <summary>Every reference to <paramref name="local"/> in the operation tree <paramref name="operation"/> belongs to (its method body or initializer).</summary>
    internal static IEnumerable<ILocalReferenceOperation> ReferencesTo(this IOperation operation, ILocalSymbol local) =>
        operation.Root().Descendants().OfType<ILocalReferenceOperation>().Where(reference => SymbolEqualityComparer.Default.Equals(reference.Local, local));

    /// <summary>
    /// The field or property the value is kept in for as long as its owner lives: the member it initializes, or the member
    /// it is assigned to — a static one anywhere, an instance one by a constructor. Null otherwise.
    /// </summary>
    internal static ISymbol? MemberKeeping(this IOperation value, ISymbol containingSymbol) =>
        value.ParentSkippingConversions() switch
        {
            IFieldInitializerOperation initializer => initializer.InitializedFields.FirstOrDefault(),
            IPropertyInitializerOperation initializer => initializer.InitializedProperties.FirstOrDefault(),
            IAssignmentOperation { Target: IMemberReferenceOperation { Member: var member } } when member.IsStatic || containingSymbol is IMethodSymbol { MethodKind: MethodKind.Constructor } => member,
            _ => null,
        };

    /// <summary>The operations under <paramref name="root"/>, itself included, without the lambdas and local functions it declares, and without nested loops unless asked.</summary>
    internal static IEnumerable<IOperation> WithinFunction(this IOperation root, bool enterLoops = true)
    {
        var pending = new Stack<IOperation>();
        pending.Push(root);
        while (pending.Count > 0)
        {
            var operation = pending.Pop();
            yield return operation;
            foreach (var child in operation.ChildOperations)
            {
                if (child is not (IAnonymousFunctionOperation or ILocalFunctionOperation) && (enterLoops || child is not ILoopOperation))
                {
                    pending.Push(child);
                }
            }
        }
    }

    /// <summary>The operation's ancestors up to, and not including, the lambda or local function that contains it.</summary>
    internal static IEnumerable<IOperation> AncestorsWithinFunction(this IOperation operation) =>
        operation.Ancestors().TakeWhile(node => node is not (IAnonymousFunctionOperation or ILocalFunctionOperation));

    /// <summary>The root of the operation tree the operation belongs to (its method body or initializer).</summary>
    internal static IOperation Root(this IOperation operation)
    {
        while (operation.Parent is { } parent)
        {
            operation = parent;
        }

        return operation;
    }
}
