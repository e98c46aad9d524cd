using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using ResilienceAnalyzers.Infrastructure;

namespace ResilienceAnalyzers.RetryStorms;

/// <summary>
/// The exceptions a retry tries again on: every one (a <c>catch</c> without a type or of <c>Exception</c>, Polly v8's
/// default <c>ShouldHandle</c>), the types it names (<c>catch</c> clauses, Polly's <c>Handle&lt;T&gt;</c> and
/// <c>Or&lt;T&gt;</c>) and those whose inner exception is of a type it names (<c>HandleInner&lt;T&gt;</c>), or unknown
/// (a predicate the code computes, a pipeline registered elsewhere). An SDK that retries by itself hands on one
/// exception when its attempts run out; a retry around it repeats them only if it retries on that exception.
/// </summary>
internal sealed class RetriedExceptions
{
    internal static readonly RetriedExceptions Every = new(every: true, ImmutableArray<ITypeSymbol>.Empty, ImmutableArray<ITypeSymbol>.Empty);

    internal static readonly RetriedExceptions Unknown = new(every: false, ImmutableArray<ITypeSymbol>.Empty, ImmutableArray<ITypeSymbol>.Empty);

    private readonly bool every;
    private readonly ImmutableArray<ITypeSymbol> types;
    private readonly ImmutableArray<ITypeSymbol> innerTypes;

    private RetriedExceptions(bool every, ImmutableArray<ITypeSymbol> types, ImmutableArray<ITypeSymbol> innerTypes)
    {
        this.every = every;
        this.types = types;
        this.innerTypes = innerTypes;
    }

    /// <summary>
    /// True when the retry tries again on <paramref name="thrown"/>, directly or, for <c>HandleInner</c>, through its
    /// inner exception, which derives from <paramref name="innerBase"/>; false when it does not, or it is unknown.
    /// </summary>
    internal bool RetriesOn(INamedTypeSymbol thrown, INamedTypeSymbol? innerBase) =>
        every
        || types.Any(type => type is INamedTypeSymbol named && thrown.InheritsFromOrEquals(named))
        || (innerBase is not null && innerTypes.Any(type => type is INamedTypeSymbol named && (named.InheritsFromOrEquals(innerBase) || innerBase.InheritsFromOrEquals(named))));

    /// <summary>What the retrying <c>catch</c> clauses of a loop catch.</summary>
    internal static RetriedExceptions OfCatches(ImmutableArray<ICatchClauseOperation> catches) =>
        catches.Any(clause => clause.ExceptionType is { SpecialType: SpecialType.System_Object } or { Name: "Exception", ContainingNamespace.Name: "System" })
            ? Every
            : new RetriedExceptions(every: false, catches.Select(clause => clause.ExceptionType).ToImmutableArray(), ImmutableArray<ITypeSymbol>.Empty);

    /// <summary>
    /// What a Polly v7 policy handles, from its builder chain (<c>Policy.Handle&lt;A&gt;().Or&lt;B&gt;().OrInner&lt;C&gt;()</c>);
    /// <see cref="Unknown"/> for a builder the chain does not show or does not name exceptions in
    /// (<c>HandleTransientHttpError()</c>).
    /// </summary>
    internal static RetriedExceptions OfPollyV7(IInvocationOperation policy)
    {
        var handled = ImmutableArray.CreateBuilder<ITypeSymbol>();
        var inner = ImmutableArray.CreateBuilder<ITypeSymbol>();
        for (var current = policy.Receiver(); current is IInvocationOperation step; current = step.Receiver())
        {
            switch (step.TargetMethod)
            {
                case { Name: "Handle" or "Or", TypeArguments.Length: 1 } method:
                    handled.Add(method.TypeArguments[0]);
                    break;
                case { Name: "HandleInner" or "OrInner", TypeArguments.Length: 1 } method:
                    inner.Add(method.TypeArguments[0]);
                    break;
                case { Name: "HandleResult" or "OrResult" }:
                    break;
                default:
                    return Unknown;
            }
        }

        return handled.Any(type => type is { Name: "Exception", ContainingNamespace.Name: "System" })
            ? Every
            : new RetriedExceptions(every: false, handled.ToImmutable(), inner.ToImmutable());
    }

    /// <summary>What Polly v8 retry options handle: every exception unless <c>ShouldHandle</c> is set, which is not read.</summary>
    internal static RetriedExceptions OfPollyOptions(IObjectCreationOperation options) =>
        options.Type?.Name == "RetryStrategyOptions"
        && options.Initializer?.Initializers.OfType<ISimpleAssignmentOperation>().Any(setting => setting.Target is IPropertyReferenceOperation { Property.Name: "ShouldHandle" }) != true
            ? Every
            : Unknown;
}
