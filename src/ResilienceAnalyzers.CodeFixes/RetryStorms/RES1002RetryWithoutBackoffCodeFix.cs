using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Operations;
using ResilienceAnalyzers.CodeFixes.Infrastructure;
using ResilienceAnalyzers.Infrastructure;
using ResilienceAnalyzers.RetryStorms;

namespace ResilienceAnalyzers.CodeFixes.RetryStorms;

/// <summary>
/// Gives a retry without backoff exponential backoff with jitter: Polly v8 <c>BackoffType = DelayBackoffType.Exponential,
/// UseJitter = true</c> (a zero delay gets no fix: the base delay is the code's to choose), Polly v7 policies a
/// jittered exponential wait, <c>for</c> retry loops with an attempt counter a full-jitter wait that doubles with
/// each attempt, StackExchange.Redis's <c>LinearRetry</c> its randomized <c>ExponentialRetry</c> from the same base, an
/// Azure client's <c>RetryMode.Fixed</c> its randomized <c>RetryMode.Exponential</c>, and RabbitMQ's fixed recovery
/// interval one drawn once per client, between the interval and twice it, and MassTransit's <c>Immediate(n)</c> its
/// randomized <c>Exponential</c> retry.
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

    private protected override bool CanFixOptions(Diagnostic diagnostic) =>
        !diagnostic.Properties.ContainsKey(RES1002RetryWithoutBackoffAnalyzer.ZeroDelayProperty);

    /// <summary>
    /// Polly v7: <c>Retry(n)</c> → <c>WaitAndRetry(n, attempt =&gt; jittered base × 2^attempt)</c>; a constant sleep lambda
    /// <c>_ =&gt; d</c> → <c>attempt =&gt; jittered d × 2^attempt</c>; <c>Backoff.ConstantBackoff(d, n)</c> →
    /// <c>Backoff.DecorrelatedJitterBackoffV2(d, n)</c>. A <c>for</c> retry loop with an attempt counter: a constant wait
    /// <c>d</c> → jittered d × 2^attempt; no wait → each retrying <c>catch</c> ends by waiting jittered base × 2^attempt
    /// (awaited in async code, with the method's <c>CancellationToken</c> when it has one). Loops without a counter get
    /// no fix: the counter is the code's to choose.
    /// </summary>
    private protected override (SyntaxNode Original, SyntaxNode? Replacement) OtherSiteRewrite(SyntaxNode node, SemanticModel model, Diagnostic diagnostic)
    {
        if (diagnostic.Properties.TryGetValue(SdkRetry.SaferNameProperty, out var saferName) && saferName is not null)
        {
            return node switch
            {
                ObjectCreationExpressionSyntax { Type: var type } => (type, WithRightmostName(type, saferName)),
                MemberAccessExpressionSyntax { Name: var name } => (name, SyntaxFactory.IdentifierName(saferName).WithTriviaFrom(name)),
                _ => (node, null),
            };
        }

        if (diagnostic.Properties.ContainsKey(SdkRetry.SpreadPerClientProperty))
        {
            return node is ExpressionSyntax interval ? (interval, FullJitter.PerClient(interval, model)) : (node, null);
        }

        if (diagnostic.Properties.ContainsKey(SdkRetry.ExponentialRetryProperty))
        {
            return node is SimpleNameSyntax { Parent: MemberAccessExpressionSyntax { Parent: InvocationExpressionSyntax { ArgumentList.Arguments.Count: 1 } immediate } access } name
                && access.Name == name
                && diagnostic.Option(RES1002RetryWithoutBackoffAnalyzer.BaseDelayProperty) is { } baseMilliseconds
                    ? (immediate, ExponentialRetry(immediate, access, name, baseMilliseconds))
                    : (node, null);
        }

        if (!FullJitter.IsAvailable(model.Compilation)
            || diagnostic.Option(RES1002RetryWithoutBackoffAnalyzer.BaseDelayProperty) is not { } baseDelayMilliseconds)
        {
            return (node, null);
        }

        var baseDelay = baseDelayMilliseconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (diagnostic.Properties.TryGetValue(RES1002RetryWithoutBackoffAnalyzer.AttemptCounterProperty, out var attempt) && attempt is not null)
        {
            return node switch
            {
                InvocationExpressionSyntax delayCall when delayCall.ArgumentList.Arguments.Count > 0 =>
                    (delayCall.ArgumentList.Arguments[0].Expression, FullJitter.Apply(delayCall.ArgumentList.Arguments[0].Expression, model, attempt)),
                StatementSyntax loop => (loop, LoopThatWaits(loop, model, baseDelay, attempt)),
                _ => (node, null),
            };
        }

        return node switch
        {
            SimpleNameSyntax { Identifier.ValueText: "Retry" or "RetryAsync" } name
                when name.Parent is MemberAccessExpressionSyntax { Parent: InvocationExpressionSyntax { ArgumentList.Arguments.Count: 1 } call } access =>
                ((SyntaxNode)call, (SyntaxNode?)WaitAndRetry(call, access, name, baseDelay)),
            InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ConstantBackoff" } access } helper
                when helper.ArgumentList.Arguments.Count == 2 =>
                (access.Name, SyntaxFactory.IdentifierName("DecorrelatedJitterBackoffV2").WithTriviaFrom(access.Name)),
            SimpleLambdaExpressionSyntax { ExpressionBody: { } body } lambda => (lambda, GrowingLambda(lambda, body, model)),
            _ => (node, null),
        };
    }

    /// <summary>
    /// MassTransit's <c>Immediate(n)</c> → <c>Exponential(n, base, 30 s, base)</c>: the same retries, each after a
    /// randomized delay that starts at the base and grows by it, doubling, up to 30 s.
    /// </summary>
    private static InvocationExpressionSyntax ExponentialRetry(InvocationExpressionSyntax immediate, MemberAccessExpressionSyntax access, SimpleNameSyntax name, int baseMilliseconds)
    {
        var baseDelay = SyntaxTemplates.Expression($"global::System.TimeSpan.FromMilliseconds({baseMilliseconds.ToString(System.Globalization.CultureInfo.InvariantCulture)})");
        var arguments = immediate.ArgumentList.Arguments
            .Add(SyntaxFactory.Argument(baseDelay))
            .Add(SyntaxFactory.Argument(SyntaxTemplates.Expression("global::System.TimeSpan.FromSeconds(30)")))
            .Add(SyntaxFactory.Argument(baseDelay));
        return immediate
            .WithExpression(access.WithName(SyntaxFactory.IdentifierName("Exponential").WithTriviaFrom(name)))
            .WithArgumentList(immediate.ArgumentList.WithArguments(arguments));
    }

    /// <summary>The loop with a growing, jittered wait at the end of each retrying <c>catch</c> (before a final <c>continue</c>).</summary>
    private static StatementSyntax? LoopThatWaits(StatementSyntax loopSyntax, SemanticModel model, string baseDelay, string attempt)
    {
        if (model.GetOperation(loopSyntax) is not ILoopOperation operation
            || CompilationFacts.For(model.Compilation).RetryLoop(operation) is not { } loop)
        {
            return null;
        }

        var enclosing = model.GetEnclosingSymbol(loopSyntax.SpanStart) as IMethodSymbol;
        var token = Scope.CancellationTokenOf(enclosing);
        var wait = FullJitter.Exponential(baseDelay, attempt);
        ExpressionSyntax pause = enclosing is { IsAsync: true }
            ? SyntaxFactory.AwaitExpression(SyntaxTemplates.Expression(
                token is null ? "global::System.Threading.Tasks.Task.Delay(wait)" : $"global::System.Threading.Tasks.Task.Delay(wait, {token})",
                new Dictionary<string, ExpressionSyntax> { ["wait"] = wait }))
            : SyntaxTemplates.Expression("global::System.Threading.Thread.Sleep(wait)", new Dictionary<string, ExpressionSyntax> { ["wait"] = wait });
        var statement = SyntaxFactory.ExpressionStatement(pause).WithAdditionalAnnotations(Formatter.Annotation);

        var blocks = loop.RetryingCatches.Select(c => c.Syntax).OfType<CatchClauseSyntax>().Select(c => c.Block).ToList();
        return loopSyntax.ReplaceNodes(blocks, (original, _) =>
        {
            var statements = original.Statements;
            var at = statements.LastOrDefault() is ContinueStatementSyntax ? statements.Count - 1 : statements.Count;
            return original.WithStatements(statements.Insert(at, statement));
        });
    }

    private static InvocationExpressionSyntax WaitAndRetry(InvocationExpressionSyntax call, MemberAccessExpressionSyntax access, SimpleNameSyntax name, string baseDelayMilliseconds)
    {
        var provider = SyntaxFactory.SimpleLambdaExpression(
            SyntaxFactory.Parameter(SyntaxFactory.Identifier("attempt")),
            FullJitter.Exponential(baseDelayMilliseconds, "attempt"));
        var waitAndRetry = name.Identifier.ValueText == "Retry" ? "WaitAndRetry" : "WaitAndRetryAsync";
        return call
            .WithExpression(access.WithName(SyntaxFactory.IdentifierName(waitAndRetry).WithTriviaFrom(name)))
            .WithArgumentList(call.ArgumentList.AddArguments(SyntaxFactory.Argument(provider)));
    }

    /// <summary><c>_ =&gt; d</c> → <c>attempt =&gt; TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * d.TotalMilliseconds * Math.Pow(2, attempt))</c>.</summary>
    private static SimpleLambdaExpressionSyntax? GrowingLambda(SimpleLambdaExpressionSyntax lambda, ExpressionSyntax constantDelay, SemanticModel model)
    {
        var attempt = lambda.Parameter.Identifier.ValueText is "_" or "" ? "attempt" : lambda.Parameter.Identifier.ValueText;
        return FullJitter.Apply(constantDelay, model, attempt) is { } body
            ? lambda
                .WithParameter(lambda.Parameter.WithIdentifier(SyntaxFactory.Identifier(attempt).WithTriviaFrom(lambda.Parameter.Identifier)))
                .WithExpressionBody(body)
            : null;
    }

    /// <summary>The type with its last name replaced: <c>LinearRetry</c> → <c>ExponentialRetry</c>, qualified or not.</summary>
    private static TypeSyntax WithRightmostName(TypeSyntax type, string name) => type switch
    {
        QualifiedNameSyntax qualified => qualified.WithRight(SyntaxFactory.IdentifierName(name).WithTriviaFrom(qualified.Right)),
        _ => SyntaxFactory.IdentifierName(name).WithTriviaFrom(type),
    };
}
