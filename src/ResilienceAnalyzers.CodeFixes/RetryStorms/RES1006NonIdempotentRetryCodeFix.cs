using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using ResilienceAnalyzers.CodeFixes.Infrastructure;
using ResilienceAnalyzers.Infrastructure;

namespace ResilienceAnalyzers.CodeFixes.RetryStorms;

/// <summary>
/// Keeps the standard resilience handler from retrying POST and PATCH: <c>AddStandardResilienceHandler()</c> becomes
/// <c>AddStandardResilienceHandler(options =&gt; options.Retry.DisableForUnsafeHttpMethods())</c>, and a configuring
/// lambda gets the call as its last statement. Offered on typed clients' registrations, which are reported live; the
/// IDE offers no fix for what is reported at compilation end (named clients, <c>ConfigureHttpClientDefaults</c>).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(RES1006NonIdempotentRetryCodeFix))]
[Shared]
internal sealed class RES1006NonIdempotentRetryCodeFix : ImportingCodeFix<InvocationExpressionSyntax>
{

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(Descriptors.RES1006NonIdempotentRetry.Id);

    private protected override string Title => "Do not retry POST and PATCH (DisableForUnsafeHttpMethods)";

    private protected override string Namespace => "Microsoft.Extensions.Http.Resilience";

    /// <summary>The <c>AddStandardResilienceHandler(...)</c> call the diagnostic is on, when the fix can configure it.</summary>
    private protected override InvocationExpressionSyntax? Target(SyntaxNode root, SemanticModel model, Diagnostic diagnostic) =>
        root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is SimpleNameSyntax
        {
            Identifier.ValueText: "AddStandardResilienceHandler",
            Parent: MemberAccessExpressionSyntax { Parent: InvocationExpressionSyntax registration },
        }
        && DisablingArguments(registration) is not null
            ? registration
            : null;

    /// <summary>The handler's arguments with unsafe methods disabled, or null when its configuration is not a lambda the fix can extend.</summary>
    private static ArgumentListSyntax? DisablingArguments(InvocationExpressionSyntax registration)
    {
        var arguments = registration.ArgumentList;
        var endOfLine = registration.SyntaxTree.GetRoot().DescendantTrivia().FirstOrDefault(t => t.IsKind(SyntaxKind.EndOfLineTrivia));
        if (!endOfLine.IsKind(SyntaxKind.EndOfLineTrivia))
        {
            endOfLine = SyntaxFactory.ElasticCarriageReturnLineFeed;
        }

        switch (arguments.Arguments.Count)
        {
            case 0:
                return arguments.AddArguments(SyntaxFactory.Argument(SyntaxFactory.ParseExpression("options => options.Retry.DisableForUnsafeHttpMethods()")));
            case 1 when arguments.Arguments[0].Expression is SimpleLambdaExpressionSyntax configure:
                var disable = SyntaxFactory.ParseStatement($"{configure.Parameter.Identifier.ValueText}.Retry.DisableForUnsafeHttpMethods();").WithTrailingTrivia(endOfLine);
                var body = configure.Block is { } block
                    ? block.AddStatements(disable)
                    : configure.ExpressionBody is { } expression
                        ? SyntaxFactory.Block(SyntaxFactory.ExpressionStatement(expression.WithoutTrivia()).WithTrailingTrivia(endOfLine), disable)
                            .WithOpenBraceToken(SyntaxFactory.Token(SyntaxKind.OpenBraceToken).WithTrailingTrivia(endOfLine))
                        : null;
                return body is null
                    ? null
                    : arguments.ReplaceNode(configure, configure.WithExpressionBody(null).WithBlock(body.WithAdditionalAnnotations(Formatter.Annotation)));
            default:
                return null;
        }
    }

    private protected override InvocationExpressionSyntax Rewrite(InvocationExpressionSyntax target) =>
        target.WithArgumentList(DisablingArguments(target)!);
}
