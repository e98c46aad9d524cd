using System.Collections.Immutable;
using System.Composition;
using System.Globalization;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using ResilienceAnalyzers.Infrastructure;
using ResilienceAnalyzers.RetryStorms;

namespace ResilienceAnalyzers.CodeFixes.RetryStorms;

/// <summary>
/// Caps the attempts of a retry that has none: Polly v8 <c>MaxRetryAttempts = int.MaxValue</c> → <c>3</c>; Polly v7
/// <c>RetryForever()</c> → <c>Retry(3)</c> and <c>WaitAndRetryForever(provider)</c> → <c>WaitAndRetry(3, provider)</c>
/// (and their Async forms). Overloads with callbacks, whose capped forms take other delegate types, and hand-rolled
/// loops get no fix.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(RES1001RetryWithoutAttemptCapCodeFix))]
[Shared]
internal sealed class RES1001RetryWithoutAttemptCapCodeFix : CodeFixProvider
{
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(Descriptors.RES1001RetryWithoutAttemptCap.Id);

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        foreach (var diagnostic in context.Diagnostics)
        {
            if (root?.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not { } node
                || !diagnostic.Properties.TryGetValue(RES1001RetryWithoutAttemptCapAnalyzer.AttemptCapProperty, out var capText)
                || !int.TryParse(capText, NumberStyles.Integer, CultureInfo.InvariantCulture, out var cap))
            {
                continue;
            }

            var capLiteral = SyntaxFactory.LiteralExpression(SyntaxKind.NumericLiteralExpression, SyntaxFactory.Literal(cap));
            var (original, replacement) = node switch
            {
                ExpressionSyntax { Parent: AssignmentExpressionSyntax assignment } value when assignment.Right == value =>
                    ((SyntaxNode)value, (SyntaxNode?)capLiteral.WithTriviaFrom(value)),
                SimpleNameSyntax { Parent: MemberAccessExpressionSyntax { Parent: InvocationExpressionSyntax invocation } access } name when access.Name == name =>
                    (invocation, CappedPolicy(invocation, access, name, capLiteral)),
                _ => (node, null),
            };

            if (replacement is not null)
            {
                var title = $"Cap the retry at {cap} attempts";
                context.RegisterCodeFix(
                    CodeAction.Create(title, _ => Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNode(original, replacement))), equivalenceKey: nameof(RES1001RetryWithoutAttemptCapCodeFix)),
                    diagnostic);
            }
        }
    }

    private static InvocationExpressionSyntax? CappedPolicy(InvocationExpressionSyntax invocation, MemberAccessExpressionSyntax access, SimpleNameSyntax name, ExpressionSyntax cap)
    {
        var capped = name.Identifier.ValueText switch
        {
            "RetryForever" when invocation.ArgumentList.Arguments.Count == 0 => "Retry",
            "RetryForeverAsync" when invocation.ArgumentList.Arguments.Count == 0 => "RetryAsync",
            "WaitAndRetryForever" when invocation.ArgumentList.Arguments.Count == 1 => "WaitAndRetry",
            "WaitAndRetryForeverAsync" when invocation.ArgumentList.Arguments.Count == 1 => "WaitAndRetryAsync",
            _ => null,
        };

        return capped is null
            ? null
            : invocation
                .WithExpression(access.WithName(SyntaxFactory.IdentifierName(capped).WithTriviaFrom(name)))
                .WithArgumentList(invocation.ArgumentList.WithArguments(invocation.ArgumentList.Arguments.Insert(0, SyntaxFactory.Argument(cap))));
    }
}
