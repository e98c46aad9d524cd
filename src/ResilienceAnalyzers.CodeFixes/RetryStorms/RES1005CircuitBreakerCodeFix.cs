using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using ResilienceAnalyzers.CodeFixes.Infrastructure;
using ResilienceAnalyzers.Infrastructure;

namespace ResilienceAnalyzers.CodeFixes.RetryStorms;

/// <summary>
/// Adds a circuit breaker right after the retry — <c>.AddRetry(...).AddCircuitBreaker(new CircuitBreakerStrategyOptions())</c>,
/// typed like the pipeline — so the retry sits outside the breaker and stops hammering a dependency the breaker has
/// given up on. Where the ResilienceAnalyzers.Polly companion is referenced, <see cref="RES1005RetryBudgetCodeFix"/>
/// is offered first.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(RES1005CircuitBreakerCodeFix))]
[Shared]
internal sealed class RES1005CircuitBreakerCodeFix : ExpressionCodeFix
{
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(Descriptors.RES1005RetryWithoutBudget.Id);

    private protected override string Title => "Add a circuit breaker after the retry";

    /// <summary>The diagnostic marks <c>AddRetry</c>; the whole call gets the breaker chained on it.</summary>
    private protected override ExpressionSyntax? Target(ExpressionSyntax marked) => RES1005RetryBudgetCodeFix.AddRetryCall(marked);

    private protected override ExpressionSyntax? Replacement(ExpressionSyntax marked, Diagnostic diagnostic, SemanticModel model, CancellationToken cancellationToken) =>
        model.GetOperation(marked, cancellationToken) is IInvocationOperation { Type: INamedTypeSymbol builderType }
        && BreakerOptionsType(model.Compilation, builderType) is { } optionsType
            ? SyntaxTemplates.Expression(
                $"retry.AddCircuitBreaker(new {optionsType.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat)}())",
                new System.Collections.Generic.Dictionary<string, ExpressionSyntax> { ["retry"] = marked.WithoutTrivia() })
            : null;

    /// <summary><c>CircuitBreakerStrategyOptions&lt;T&gt;</c> for a <c>ResiliencePipelineBuilder&lt;T&gt;</c>, the non-generic options otherwise.</summary>
    private static INamedTypeSymbol? BreakerOptionsType(Compilation compilation, INamedTypeSymbol builderType)
    {
        var types = WellKnownTypes.For(compilation);
        return builderType.TypeArguments.Length == 1
            ? types.Get(WellKnownTypeNames.PollyCircuitBreakerCircuitBreakerStrategyOptions1)?.Construct(builderType.TypeArguments[0])
            : types.Get(WellKnownTypeNames.PollyCircuitBreakerCircuitBreakerStrategyOptions);
    }
}
