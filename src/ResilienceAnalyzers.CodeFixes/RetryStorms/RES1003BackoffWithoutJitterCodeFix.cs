using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using ResilienceAnalyzers.Infrastructure;
using ResilienceAnalyzers.RetryStorms;

namespace ResilienceAnalyzers.CodeFixes.RetryStorms;

/// <summary>
/// Adds jitter to exponential backoff: Polly v8 <c>UseJitter = true</c>; Polly.Contrib's <c>Backoff.ExponentialBackoff(d, n)</c>
/// → <c>Backoff.DecorrelatedJitterBackoffV2(d, n)</c>; a Polly v7 sleep-duration lambda or a hand-rolled loop's delay
/// gets full jitter — a random wait between zero and the exponential delay, with <c>Random.Shared</c> (.NET 6 and later).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(RES1003BackoffWithoutJitterCodeFix))]
[Shared]
internal sealed class RES1003BackoffWithoutJitterCodeFix : RetryOptionsCodeFix
{
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(Descriptors.RES1003BackoffWithoutJitter.Id);

    private protected override string Title => "Add jitter to the backoff (UseJitter = true)";

    private protected override IReadOnlyList<(string Property, ExpressionSyntax Value)> Settings() =>
        [(PollyRetryOptions.UseJitterName, RetryOptionsEditor.True())];

    private protected override (SyntaxNode Original, SyntaxNode? Replacement) OtherSiteRewrite(SyntaxNode node, SemanticModel model, Diagnostic diagnostic) =>
        node switch
        {
            InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ExponentialBackoff" } access } helper
                when helper.ArgumentList.Arguments.Count == 2 =>
                ((SyntaxNode)access.Name, (SyntaxNode?)SyntaxFactory.IdentifierName("DecorrelatedJitterBackoffV2").WithTriviaFrom(access.Name)),
            LambdaExpressionSyntax { ExpressionBody: { } body } => (body, FullJitter.Apply(body, model)),
            InvocationExpressionSyntax { ArgumentList.Arguments.Count: > 0 } delayCall =>
                (delayCall.ArgumentList.Arguments[0].Expression, FullJitter.Apply(delayCall.ArgumentList.Arguments[0].Expression, model)),
            _ => (node, null),
        };
}
