using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using ResilienceAnalyzers.CodeFixes.Infrastructure;
using ResilienceAnalyzers.Infrastructure;
using ResilienceAnalyzers.RetryStorms;

namespace ResilienceAnalyzers.CodeFixes.RetryStorms;

/// <summary>
/// Gives a retry without backoff exponential backoff with jitter: Polly v8 <c>BackoffType = DelayBackoffType.Exponential,
/// UseJitter = true</c> (a zero delay gets no fix: the base delay is the code's to choose), and Polly v7 policies a
/// jittered exponential wait.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(RES1002RetryWithoutBackoffCodeFix))]
[Shared]
internal sealed class RES1002RetryWithoutBackoffCodeFix : RetryOptionsCodeFix
{
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(Descriptors.RES1002RetryWithoutBackoff.Id);

    private protected override string Title => "Use exponential backoff with jitter";

    private protected override IReadOnlyList<(string Property, ExpressionSyntax Value)> Settings() =>
    [
        (PollyRetryOptions.BackoffTypeName, RetryOptionsEditor.ExponentialBackoff()),
        (PollyRetryOptions.UseJitterName, RetryOptionsEditor.True()),
    ];

    private protected override bool CanFix(Diagnostic diagnostic) =>
        !diagnostic.Properties.ContainsKey(RES1002RetryWithoutBackoffAnalyzer.ZeroDelayProperty);

    /// <summary>
    /// Polly v7: <c>Retry(n)</c> → <c>WaitAndRetry(n, attempt =&gt; jittered base × 2^attempt)</c>; a constant sleep lambda
    /// <c>_ =&gt; d</c> → <c>attempt =&gt; jittered d × 2^attempt</c>; <c>Backoff.ConstantBackoff(d, n)</c> →
    /// <c>Backoff.DecorrelatedJitterBackoffV2(d, n)</c>. Hand-rolled loops get no fix: the wait's base and the attempt
    /// counter are the code's to choose.
    /// </summary>
    private protected override (SyntaxNode Original, SyntaxNode? Replacement) OtherSiteRewrite(SyntaxNode node, SemanticModel model, Diagnostic diagnostic)
    {
        if (!FullJitter.IsAvailable(model.Compilation)
            || !diagnostic.Properties.TryGetValue(RES1002RetryWithoutBackoffAnalyzer.BaseDelayProperty, out var baseDelay)
            || baseDelay is null)
        {
            return (node, null);
        }

        return node switch
        {
            SimpleNameSyntax { Identifier.ValueText: "Retry" or "RetryAsync" } name
                when name.Parent is MemberAccessExpressionSyntax { Parent: InvocationExpressionSyntax { ArgumentList.Arguments.Count: 1 } call } access =>
                ((SyntaxNode)call, (SyntaxNode?)WaitAndRetry(call, access, name, baseDelay)),
            InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ConstantBackoff" } access } helper
                when helper.ArgumentList.Arguments.Count == 2 =>
                (access.Name, SyntaxFactory.IdentifierName("DecorrelatedJitterBackoffV2").WithTriviaFrom(access.Name)),
            SimpleLambdaExpressionSyntax { ExpressionBody: { } body } lambda => (lambda, GrowingLambda(lambda, body)),
            _ => (node, null),
        };
    }

    private static InvocationExpressionSyntax WaitAndRetry(InvocationExpressionSyntax call, MemberAccessExpressionSyntax access, SimpleNameSyntax name, string baseDelayMilliseconds)
    {
        var provider = SyntaxTemplates.Expression(
            $"attempt => global::System.TimeSpan.FromMilliseconds(global::System.Random.Shared.NextDouble() * {baseDelayMilliseconds} * global::System.Math.Pow(2, attempt))");
        var waitAndRetry = name.Identifier.ValueText == "Retry" ? "WaitAndRetry" : "WaitAndRetryAsync";
        return call
            .WithExpression(access.WithName(SyntaxFactory.IdentifierName(waitAndRetry).WithTriviaFrom(name)))
            .WithArgumentList(call.ArgumentList.AddArguments(SyntaxFactory.Argument(provider)));
    }

    /// <summary><c>_ =&gt; d</c> → <c>attempt =&gt; TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * d.TotalMilliseconds * Math.Pow(2, attempt))</c>.</summary>
    private static SimpleLambdaExpressionSyntax GrowingLambda(SimpleLambdaExpressionSyntax lambda, ExpressionSyntax constantDelay)
    {
        var attempt = lambda.Parameter.Identifier.ValueText is "_" or "" ? "attempt" : lambda.Parameter.Identifier.ValueText;
        var body = SyntaxTemplates.Expression(
            $"global::System.TimeSpan.FromMilliseconds(global::System.Random.Shared.NextDouble() * delay.TotalMilliseconds * global::System.Math.Pow(2, {attempt}))",
            new Dictionary<string, ExpressionSyntax> { ["delay"] = constantDelay });
        return lambda
            .WithParameter(lambda.Parameter.WithIdentifier(SyntaxFactory.Identifier(attempt).WithTriviaFrom(lambda.Parameter.Identifier)))
            .WithExpressionBody(body.WithTriviaFrom(constantDelay));
    }
}
