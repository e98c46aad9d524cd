using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Operations;
using ResilienceAnalyzers.CodeFixes.Infrastructure;
using ResilienceAnalyzers.Infrastructure;
using ResilienceAnalyzers.RetryStorms;

namespace ResilienceAnalyzers.CodeFixes.RetryStorms;

/// <summary>
/// Caps the attempts of a retry that has none: Polly v8 <c>MaxRetryAttempts = int.MaxValue</c> → <c>3</c>; Polly v7
/// <c>RetryForever()</c> → <c>Retry(3)</c> and <c>WaitAndRetryForever(provider)</c> → <c>WaitAndRetry(3, provider)</c>
/// (and their Async forms); a hand-rolled loop gets a counter declared before it and <c>if (++attempt &gt;= 3) { throw; }</c>
/// at the top of each catch that retries; an SDK's retry count passed as an argument (<c>EnableRetryOnFailure(1000)</c>)
/// becomes <c>3</c>. Overloads with callbacks, whose capped forms take other delegate types, and
/// loops that are not statements of a block get no fix.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(RES1001RetryWithoutAttemptCapCodeFix))]
[Shared]
internal sealed class RES1001RetryWithoutAttemptCapCodeFix : EditingCodeFix
{
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(Descriptors.RES1001RetryWithoutAttemptCap.Id);

    private protected override string Title => "Cap the retry's attempts";

    private protected override string TitleFor(Diagnostic diagnostic) =>
        diagnostic.Option(RES1001RetryWithoutAttemptCapAnalyzer.AttemptCapProperty) is { } cap ? $"Cap the retry at {cap} attempts" : Title;

    private protected override bool CanFix(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken) =>
        Rewrite(root, model, diagnostic, cancellationToken) is not null;

    private protected override void Edit(DocumentEditor editor, SyntaxNode root, SemanticModel model, IEnumerable<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        foreach (var diagnostic in diagnostics)
        {
            Rewrite(root, model, diagnostic, cancellationToken)?.Invoke(editor);
        }
    }

    /// <summary>The edit that caps the flagged retry, or null when the fix does not apply.</summary>
    private static System.Action<DocumentEditor>? Rewrite(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        if (diagnostic.Option(RES1001RetryWithoutAttemptCapAnalyzer.AttemptCapProperty) is not { } cap
            || root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not { } node)
        {
            return null;
        }

        if (node is StatementSyntax { Parent: BlockSyntax } and (WhileStatementSyntax or ForStatementSyntax or DoStatementSyntax)
            && model.GetOperation(node, cancellationToken) is ILoopOperation loopOperation
            && CompilationFacts.For(model.Compilation).RetryLoop(loopOperation) is { } loop)
        {
            return editor => CapLoop(editor, model, node, loop, cap);
        }

        var capLiteral = Literal(cap);
        var (original, replacement) = node switch
        {
            ExpressionSyntax { Parent: AssignmentExpressionSyntax assignment } value when assignment.Right == value =>
                ((SyntaxNode)value, (SyntaxNode?)capLiteral.WithTriviaFrom(value)),
            // An SDK's retry count, passed to its configuring call (EnableRetryOnFailure(1000)).
            ExpressionSyntax { Parent: ArgumentSyntax } count =>
                (count, capLiteral.WithTriviaFrom(count)),
            SimpleNameSyntax { Parent: MemberAccessExpressionSyntax { Parent: InvocationExpressionSyntax invocation } access } name when access.Name == name =>
                (invocation, CappedPolicy(invocation, access, name, capLiteral)),
            _ => (node, null),
        };
        return replacement is null ? null : editor => editor.ReplaceNode(original, replacement);
    }

    /// <summary>Counts the failed attempts of a retry loop and rethrows the failure that reaches the cap.</summary>
    private static void CapLoop(DocumentEditor editor, SemanticModel model, SyntaxNode loopSyntax, HandRolledRetryLoop loop, int cap)
    {
        var counter = Scope.FreeName(model, loopSyntax.SpanStart, "attempt");
        // Built from SyntaxFactory nodes, whose elastic trivia lets the formatter lay them out like the code around them.
        var declaration = SyntaxFactory.LocalDeclarationStatement(
            SyntaxFactory.VariableDeclaration(
                SyntaxFactory.IdentifierName("var"),
                SyntaxFactory.SingletonSeparatedList(
                    SyntaxFactory.VariableDeclarator(counter).WithInitializer(SyntaxFactory.EqualsValueClause(Literal(0))))));
        editor.InsertBefore(loopSyntax, declaration.WithAdditionalAnnotations(Formatter.Annotation));
        foreach (var catchClause in loop.RetryingCatches)
        {
            if (catchClause.Syntax is CatchClauseSyntax { Block: var block })
            {
                var check = SyntaxFactory.IfStatement(
                    SyntaxFactory.BinaryExpression(
                        SyntaxKind.GreaterThanOrEqualExpression,
                        SyntaxFactory.PrefixUnaryExpression(SyntaxKind.PreIncrementExpression, SyntaxFactory.IdentifierName(counter)),
                        Literal(cap)),
                    SyntaxFactory.Block(SyntaxFactory.ThrowStatement()));
                editor.ReplaceNode(block, block.WithStatements(block.Statements.Insert(0, check.WithAdditionalAnnotations(Formatter.Annotation))));
            }
        }
    }

    private static LiteralExpressionSyntax Literal(int value) =>
        SyntaxFactory.LiteralExpression(SyntaxKind.NumericLiteralExpression, SyntaxFactory.Literal(value));

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
