using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using ResilienceAnalyzers.Infrastructure;

namespace ResilienceAnalyzers.RetryStorms;

/// <summary>
/// RES1005: a Polly v8 pipeline — built with <c>Build()</c>, or configured in an <c>AddResiliencePipeline</c> or
/// <c>AddResilienceHandler</c> lambda — that adds a retry but no circuit breaker, rate limiter or concurrency limiter,
/// and whose retry options are not put on a retry budget (<c>.WithBudget(...)</c>); an SDK's retries without the budget
/// the SDK offers (<see cref="SdkRetryBudgets"/>).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
internal sealed class RES1005RetryWithoutBudgetAnalyzer : ResilienceAnalyzer<RES1005RetryWithoutBudgetAnalyzer.Symbols>
{
    private static readonly ImmutableHashSet<string> LoadCappingStrategies = ImmutableHashSet.Create("AddCircuitBreaker", "AddRateLimiter", "AddConcurrencyLimiter");

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(Descriptors.RES1005RetryWithoutBudget);

    private static readonly string[] AddRetryCall = { "AddRetry" };

    internal override Symbols? ResolveSymbols(WellKnownTypes types) =>
        types.Get(WellKnownTypeNames.PollyResiliencePipelineBuilderBase) is var pipelineBuilder && SdkRetryBudgetSymbols.Resolve(types) is var sdks
        && (pipelineBuilder is not null || sdks is not null)
            ? new Symbols(pipelineBuilder, sdks)
            : null;

    internal override void OnCompilationStart(RuleContext context, Symbols symbols)
    {
        if (symbols.PipelineBuilder is { } pipelineBuilder)
        {
            context.RegisterCallsNamed(AddRetryCall, c => Analyze(c, pipelineBuilder));
        }

        if (symbols.Sdks?.SpelledIn(context.Facts) is { } sdks)
        {
            context.RegisterOperationAction(
                c =>
                {
                    if (SdkRetryBudgets.TryRead(c.Operation, sdks) is { } unbudgeted)
                    {
                        c.ReportDiagnostic(Diagnostic.Create(Descriptors.RES1005RetryWithoutBudget, unbudgeted.Location, unbudgeted.Subject));
                    }
                },
                sdks.OperationKinds);
        }
    }

    /// <summary>Polly's pipeline builder and the SDKs' budget settings; either may be absent.</summary>
    internal sealed class Symbols(INamedTypeSymbol? pipelineBuilder, SdkRetryBudgetSymbols? sdks)
    {
        internal INamedTypeSymbol? PipelineBuilder { get; } = pipelineBuilder;

        internal SdkRetryBudgetSymbols? Sdks { get; } = sdks;
    }

    /// <summary>Judges each <c>AddRetry</c> against every strategy of its pipeline, and reports on the <c>AddRetry</c> itself.</summary>
    private static void Analyze(OperationAnalysisContext context, INamedTypeSymbol pipelineBuilder)
    {
        var addRetry = (IInvocationOperation)context.Operation;
        if (addRetry.TargetMethod.Name != "AddRetry" || !addRetry.Type.InheritsFromOrEquals(pipelineBuilder) || IsBudgeted(addRetry))
        {
            return;
        }

        var strategies = PollyPipelines.BuilderRoot(addRetry) is IParameterReferenceOperation { Parameter.ContainingSymbol: IMethodSymbol { MethodKind: MethodKind.AnonymousFunction } } parameter
            && FindLambda(addRetry, parameter.Parameter) is { } configure
            && ConfiguresARegisteredPipeline(configure, pipelineBuilder)
                ? PollyPipelines.CallsOnBuilderParameter(configure).ToList()
                : PollyPipelines.BuildCallFor(addRetry) is { } build ? PollyPipelines.EarlierCallsOnTheSameBuilder(build).ToList() : null;

        if (strategies is not null && !strategies.Any(AddsALoadCappingStrategy) && !HandsTheBuilderToAHelperThatCapsLoad(addRetry))
        {
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.RES1005RetryWithoutBudget, addRetry.NameLocation(), "This pipeline's retry"));
        }
    }

    /// <summary>A Polly strategy that caps load, or a helper of this compilation (<c>.AddStandardBreaker()</c>) that adds one.</summary>
    private static bool AddsALoadCappingStrategy(IInvocationOperation call) =>
        LoadCappingStrategies.Contains(call.TargetMethod.Name) || HelperAddsALoadCappingStrategy(call.TargetMethod);

    /// <summary>
    /// Reads the helper's source — its syntax only, the calls it makes by name — when no strategy of the pipeline itself
    /// caps load: a method that calls <c>AddCircuitBreaker</c> on the builder it is handed adds the breaker to it.
    /// </summary>
    private static bool HelperAddsALoadCappingStrategy(IMethodSymbol method) =>
        method.DeclaringSyntaxReferences.Any(reference => reference.GetSyntax().DescendantNodes().OfType<InvocationExpressionSyntax>().Any(invocation =>
            invocation.Expression switch
            {
                MemberAccessExpressionSyntax access => LoadCappingStrategies.Contains(access.Name.Identifier.ValueText),
                SimpleNameSyntax name => LoadCappingStrategies.Contains(name.Identifier.ValueText),
                _ => false,
            }));

    /// <summary>The builder local or parameter is handed to a helper of this compilation (<c>AddBreaker(builder)</c>) that caps load.</summary>
    private static bool HandsTheBuilderToAHelperThatCapsLoad(IInvocationOperation addRetry)
    {
        if (PollyPipelines.BuilderRoot(addRetry) is not { Kind: OperationKind.LocalReference or OperationKind.ParameterReference } root
            || PollyPipelines.ReferencedSymbol(root) is not { } builder)
        {
            return false;
        }

        return addRetry.Root().Descendants().OfType<IInvocationOperation>().Any(call =>
            !call.TargetMethod.DeclaringSyntaxReferences.IsEmpty
            && call.Arguments.Any(argument => SymbolEqualityComparer.Default.Equals(PollyPipelines.ReferencedSymbol(argument.Value.WalkDownConversions()), builder))
            && HelperAddsALoadCappingStrategy(call.TargetMethod));
    }

    private static IAnonymousFunctionOperation? FindLambda(IOperation operation, IParameterSymbol parameter) =>
        operation.Ancestors()
            .OfType<IAnonymousFunctionOperation>()
            .FirstOrDefault(lambda => SymbolEqualityComparer.Default.Equals(lambda.Symbol, parameter.ContainingSymbol));

    /// <summary>The lambda passed to <c>AddResiliencePipeline</c> or <c>AddResilienceHandler</c> whose first parameter is the builder.</summary>
    private static bool ConfiguresARegisteredPipeline(IAnonymousFunctionOperation lambda, INamedTypeSymbol pipelineBuilder)
    {
        return lambda.UseOfLambda() is IArgumentOperation { Parent: IInvocationOperation { TargetMethod.Name: "AddResiliencePipeline" or "AddResilienceHandler" } }
            && lambda.Symbol.Parameters.Length > 0
            && lambda.Symbol.Parameters[0].Type.InheritsFromOrEquals(pipelineBuilder);
    }

    private static bool IsBudgeted(IInvocationOperation addRetry) =>
        addRetry.Arguments.Any(argument => argument.Value.WalkDownConversions() is IInvocationOperation { TargetMethod.Name: "WithBudget" });
}
