using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Operations;
using ResilienceAnalyzers.CodeFixes.Infrastructure;
using ResilienceAnalyzers.Infrastructure;

namespace ResilienceAnalyzers.CodeFixes.RetryStorms;

/// <summary>
/// Adds a circuit breaker right after the retry — <c>.AddRetry(...).AddCircuitBreaker(new CircuitBreakerStrategyOptions())</c>,
/// typed like the pipeline — so the retry sits outside the breaker and stops hammering a dependency the breaker has
/// given up on. When the ResilienceAnalyzers.Polly companion is referenced, it first offers to put the retry on a retry
/// budget: <c>.AddRetry(options.WithBudget(new RetryBudget()))</c>, one budget for the pipeline it builds.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(RES1005RetryWithoutBudgetCodeFix))]
[Shared]
internal sealed class RES1005RetryWithoutBudgetCodeFix : CodeFixProvider
{
    private const string Title = "Add a circuit breaker after the retry";
    private const string BudgetTitle = "Put the retry on a retry budget";
    private const string BudgetNamespace = "ResilienceAnalyzers.Polly";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(Descriptors.RES1005RetryWithoutBudget.Id);

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        foreach (var diagnostic in context.Diagnostics)
        {
            if (root?.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is SimpleNameSyntax
                {
                    Parent: MemberAccessExpressionSyntax { Parent: InvocationExpressionSyntax addRetry },
                })
            {
                // The budget caps the retries themselves, so it comes first where the companion package offers it.
                var document = context.Document;
                if (addRetry.ArgumentList.Arguments.Count == 1 && await ReferencesRetryBudgetAsync(document, context.CancellationToken).ConfigureAwait(false))
                {
                    context.RegisterCodeFix(CodeAction.Create(BudgetTitle, ct => AddBudgetAsync(document, addRetry, ct), equivalenceKey: BudgetTitle), diagnostic);
                }

                context.RegisterCodeFix(CodeAction.Create(Title, ct => AddBreakerAsync(document, addRetry, ct), equivalenceKey: Title), diagnostic);
            }
        }
    }

    private static async Task<Document> AddBreakerAsync(Document document, InvocationExpressionSyntax addRetry, CancellationToken cancellationToken)
    {
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (model?.GetOperation(addRetry, cancellationToken) is not IInvocationOperation { Type: INamedTypeSymbol builderType }
            || BreakerOptionsType(model.Compilation, builderType) is not { } optionsType)
        {
            return document;
        }

        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        var breaker = editor.Generator.InvocationExpression(
            editor.Generator.MemberAccessExpression(addRetry.WithoutTrivia(), "AddCircuitBreaker"),
            editor.Generator.ObjectCreationExpression(optionsType));
        editor.ReplaceNode(addRetry, breaker.WithTriviaFrom(addRetry));
        return editor.GetChangedDocument();
    }

    private static async Task<bool> ReferencesRetryBudgetAsync(Document document, CancellationToken cancellationToken)
    {
        var compilation = await document.Project.GetCompilationAsync(cancellationToken).ConfigureAwait(false);
        return compilation is not null && WellKnownTypes.For(compilation).Get(WellKnownTypeNames.ResilienceAnalyzersPollyRetryBudget) is not null;
    }

    private static async Task<Document> AddBudgetAsync(Document document, InvocationExpressionSyntax addRetry, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is not CompilationUnitSyntax unit || model is null)
        {
            return document;
        }

        var options = addRetry.ArgumentList.Arguments[0];
        var budgeted = SyntaxTemplates.Expression(
            "options.WithBudget(new global::ResilienceAnalyzers.Polly.RetryBudget())",
            new Dictionary<string, ExpressionSyntax> { ["options"] = options.Expression });
        var rewritten = unit.ReplaceNode(options, options.WithExpression(budgeted.WithTriviaFrom(options.Expression)));
        return document.WithSyntaxRoot(UsingDirectives.Ensure(rewritten, BudgetNamespace, model.Compilation));
    }

    /// <summary><c>CircuitBreakerStrategyOptions&lt;T&gt;</c> for a <c>ResiliencePipelineBuilder&lt;T&gt;</c>, the non-generic options otherwise.</summary>
    private static INamedTypeSymbol? BreakerOptionsType(Compilation compilation, INamedTypeSymbol builderType)
    {
        var types = WellKnownTypes.For(compilation);
        return builderType.TypeArguments.Length == 1
            ? types.Get(WellKnownTypeNames.PollyCircuitBreakerCircuitBreakerStrategyOptions1)?.Construct(builderType.TypeArguments[0])
            : types.Get(WellKnownTypeNames.PollyCircuitBreakerCircuitBreakerStrategyOptions);
    }
}
