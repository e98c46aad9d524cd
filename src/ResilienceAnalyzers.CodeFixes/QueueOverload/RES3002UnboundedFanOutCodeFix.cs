using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using ResilienceAnalyzers.CodeFixes.Infrastructure;
using ResilienceAnalyzers.Infrastructure;
using ResilienceAnalyzers.QueueOverload;

namespace ResilienceAnalyzers.CodeFixes.QueueOverload;

/// <summary>
/// Bounds <c>Task.WhenAll(items.Select(selector))</c>: it becomes <c>Parallel.ForEachAsync(items, new ParallelOptions {
/// MaxDegreeOfParallelism = N }, async (item, cancellationToken) =&gt; await …)</c>, with the method's
/// <c>CancellationToken</c> in the options when it has one; N comes from <c>resilience.max_degree_of_parallelism</c>.
/// Offered when the tasks return no result (<c>Task.WhenAll</c> returns a plain <c>Task</c>, as
/// <c>Parallel.ForEachAsync</c> does) and the selector is a method group or a lambda with one parameter.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(RES3002UnboundedFanOutCodeFix))]
[Shared]
internal sealed class RES3002UnboundedFanOutCodeFix : ExpressionCodeFix
{
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(Descriptors.RES3002UnboundedFanOut.Id);

    private protected override string Title => "Bound the concurrency with Parallel.ForEachAsync";

    /// <summary>The diagnostic marks <c>WhenAll</c>; the whole <c>Task.WhenAll(...)</c> call is rewritten.</summary>
    private protected override ExpressionSyntax? Target(ExpressionSyntax marked) =>
        marked is SimpleNameSyntax { Identifier.ValueText: "WhenAll", Parent: MemberAccessExpressionSyntax { Parent: InvocationExpressionSyntax whenAll } } ? whenAll : null;

    private protected override ExpressionSyntax? Replacement(ExpressionSyntax marked, Diagnostic diagnostic, SemanticModel model, CancellationToken cancellationToken) =>
        diagnostic.Option(RES3002UnboundedFanOutAnalyzer.MaxDegreeOfParallelismProperty) is { } degree
            ? Bounded((InvocationExpressionSyntax)marked, model, degree, cancellationToken)
            : null;

    private static ExpressionSyntax? Bounded(InvocationExpressionSyntax whenAll, SemanticModel model, int degree, CancellationToken cancellationToken)
    {
        if (model.GetOperation(whenAll, cancellationToken) is not IInvocationOperation { Type: INamedTypeSymbol { IsGenericType: false } } operation
            || operation.Arguments.Length != 1
            || operation.Arguments[0].Value.WalkDownConversions() is not IInvocationOperation { TargetMethod.Name: "Select", Arguments.Length: 2 } select
            || select.Syntax is not InvocationExpressionSyntax selectSyntax
            || Body(select.Arguments[1].Value, Scope.FreeName(model, whenAll.SpanStart, "token")) is not { } body)
        {
            return null;
        }

        var source = select.Arguments[0].Value.WalkDownConversions().Syntax;
        var methodToken = Scope.CancellationToken(model, whenAll.SpanStart, cancellationToken);
        var options = methodToken is null
            ? $"new global::System.Threading.Tasks.ParallelOptions {{ MaxDegreeOfParallelism = {degree} }}"
            : $"new global::System.Threading.Tasks.ParallelOptions {{ MaxDegreeOfParallelism = {degree}, CancellationToken = {methodToken} }}";
        return SyntaxTemplates.Expression(
            $"global::System.Threading.Tasks.Parallel.ForEachAsync(source, {options}, body)",
            new Dictionary<string, ExpressionSyntax> { ["source"] = (ExpressionSyntax)source, ["body"] = body });
    }

    /// <summary><c>async (item, cancellationToken) =&gt; …</c> from the selector, or null when its shape is not one the fix rewrites.</summary>
    private static ParenthesizedLambdaExpressionSyntax? Body(IOperation selector, string tokenName)
    {
        var token = SyntaxFactory.Parameter(SyntaxFactory.Identifier(tokenName));
        switch (selector.WalkDownConversions())
        {
            case IDelegateCreationOperation { Target: IMethodReferenceOperation method } when method.Syntax is ExpressionSyntax methodGroup:
                return Lambda(SyntaxFactory.Parameter(SyntaxFactory.Identifier("item")), token, SyntaxFactory.AwaitExpression(
                    SyntaxFactory.InvocationExpression(methodGroup.WithoutTrivia(), SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(SyntaxFactory.IdentifierName("item")))))));
            case IDelegateCreationOperation { Target: IAnonymousFunctionOperation } lambda when lambda.Syntax is SimpleLambdaExpressionSyntax simple:
                var item = simple.Parameter.WithoutTrivia();
                if (simple.AsyncKeyword.IsKind(SyntaxKind.AsyncKeyword))
                {
                    return Lambda(item, token, simple.Body);
                }

                return simple.ExpressionBody is { } expression ? Lambda(item, token, SyntaxFactory.AwaitExpression(expression.WithoutTrivia())) : null;
            default:
                return null;
        }
    }

    private static ParenthesizedLambdaExpressionSyntax Lambda(ParameterSyntax item, ParameterSyntax token, CSharpSyntaxNode body) =>
        SyntaxFactory.ParenthesizedLambdaExpression(SyntaxFactory.ParameterList(SyntaxFactory.SeparatedList(new[] { item, token })), body.WithoutTrivia())
            .WithAsyncKeyword(SyntaxFactory.Token(SyntaxKind.AsyncKeyword));
}
