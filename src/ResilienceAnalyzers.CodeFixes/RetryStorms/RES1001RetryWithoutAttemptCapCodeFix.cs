using System.Collections.Immutable;
using System.Composition;
using System.Globalization;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using ResilienceAnalyzers.Infrastructure;
using ResilienceAnalyzers.RetryStorms;

namespace ResilienceAnalyzers.CodeFixes.RetryStorms;

/// <summary>Caps the attempts of a retry that has none: <c>MaxRetryAttempts = int.MaxValue</c> → <c>MaxRetryAttempts = 3</c>.</summary>
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
            if (root?.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not ExpressionSyntax value
                || !diagnostic.Properties.TryGetValue(RES1001RetryWithoutAttemptCapAnalyzer.AttemptCapProperty, out var capText)
                || !int.TryParse(capText, NumberStyles.Integer, CultureInfo.InvariantCulture, out var cap))
            {
                continue;
            }

            var title = $"Cap the retry at {cap} attempts";
            var capped = SyntaxFactory.LiteralExpression(SyntaxKind.NumericLiteralExpression, SyntaxFactory.Literal(cap))
                .WithTriviaFrom(value)
                .WithAdditionalAnnotations(Formatter.Annotation);
            context.RegisterCodeFix(
                CodeAction.Create(title, _ => Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNode(value, capped))), equivalenceKey: nameof(RES1001RetryWithoutAttemptCapCodeFix)),
                diagnostic);
        }
    }
}
