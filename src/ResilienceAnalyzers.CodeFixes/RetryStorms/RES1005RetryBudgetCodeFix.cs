using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using ResilienceAnalyzers.CodeFixes.Infrastructure;
using ResilienceAnalyzers.Infrastructure;

namespace ResilienceAnalyzers.CodeFixes.RetryStorms;

/// <summary>
/// Puts the retry on a retry budget from the ResilienceAnalyzers.Polly companion — <c>.AddRetry(options.WithBudget(new
/// RetryBudget()))</c>, one budget for the pipeline it builds — where the companion is referenced. The budget caps the
/// retries themselves, so this fix comes before <see cref="RES1005CircuitBreakerCodeFix"/>.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(RES1005RetryBudgetCodeFix))]
[ExtensionOrder(Before = nameof(RES1005CircuitBreakerCodeFix))]
[Shared]
internal sealed class RES1005RetryBudgetCodeFix : ImportingCodeFix<ArgumentSyntax>
{
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(Descriptors.RES1005RetryWithoutBudget.Id);

    private protected override string Title => "Put the retry on a retry budget";

    private protected override string Namespace => "ResilienceAnalyzers.Polly";

    /// <summary>The <c>AddRetry(...)</c> call whose name <paramref name="marked"/> is, or null.</summary>
    internal static InvocationExpressionSyntax? AddRetryCall(SyntaxNode marked) =>
        marked is SimpleNameSyntax { Parent: MemberAccessExpressionSyntax { Parent: InvocationExpressionSyntax addRetry } access } && access.Name == marked ? addRetry : null;

    /// <summary>The options argument of the flagged <c>AddRetry(options)</c>, when the companion's budget is referenced.</summary>
    private protected override ArgumentSyntax? Target(SyntaxNode root, SemanticModel model, Diagnostic diagnostic) =>
        AddRetryCall(root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true)) is { ArgumentList.Arguments: { Count: 1 } arguments }
        && WellKnownTypes.For(model.Compilation).Get(WellKnownTypeNames.ResilienceAnalyzersPollyRetryBudget) is not null
            ? arguments[0]
            : null;

    private protected override ArgumentSyntax Rewrite(ArgumentSyntax target) =>
        target.WithExpression(SyntaxTemplates.Expression(
            "options.WithBudget(new global::ResilienceAnalyzers.Polly.RetryBudget())",
            new Dictionary<string, ExpressionSyntax> { ["options"] = target.Expression }).WithTriviaFrom(target.Expression));
}
