using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using ResilienceAnalyzers.CodeFixes.Infrastructure;
using ResilienceAnalyzers.Infrastructure;

namespace ResilienceAnalyzers.CodeFixes.RetryStorms;

/// <summary>
/// Gives an SDK's retries the budget the SDK offers: <c>ThrottleRetries = false</c> → <c>true</c> on an AWS client's
/// config (its retry quota), and a gRPC <c>ServiceConfig</c> that retries or hedges gets
/// <c>RetryThrottling = new RetryThrottlingPolicy { MaxTokens = 10, TokenRatio = 0.1 }</c>, the token bucket of gRPC's
/// retry design: each failure takes a token, each success gives back a tenth of one, and while fewer than half the
/// tokens are left the channel neither retries nor hedges.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(RES1005SdkRetryBudgetCodeFix))]
[Shared]
internal sealed class RES1005SdkRetryBudgetCodeFix : ExpressionCodeFix
{
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(Descriptors.RES1005RetryWithoutBudget.Id);

    private protected override string Title => "Turn on the SDK's retry budget";

    private protected override string TitleFor(Diagnostic diagnostic) =>
        diagnostic.Location.SourceTree?.GetRoot().FindNode(diagnostic.Location.SourceSpan) is LiteralExpressionSyntax
            ? "Turn the AWS retry quota back on (ThrottleRetries = true)"
            : "Add RetryThrottling to the service config";

    /// <summary>The diagnostic marks the <c>false</c> of <c>ThrottleRetries</c>, or the type of the created service config.</summary>
    private protected override ExpressionSyntax? Target(ExpressionSyntax marked) => marked switch
    {
        LiteralExpressionSyntax literal when literal.IsKind(SyntaxKind.FalseLiteralExpression) => literal,
        TypeSyntax { Parent: ObjectCreationExpressionSyntax creation } when creation.Type == marked => creation,
        _ => null,
    };

    private protected override ExpressionSyntax? Replacement(ExpressionSyntax marked, Diagnostic diagnostic, SemanticModel model, CancellationToken cancellationToken) => marked switch
    {
        LiteralExpressionSyntax => SyntaxFactory.LiteralExpression(SyntaxKind.TrueLiteralExpression),
        ObjectCreationExpressionSyntax creation when model.GetTypeInfo(creation, cancellationToken).Type is INamedTypeSymbol type
            && SymbolEqualityComparer.Default.Equals(type, WellKnownTypes.For(model.Compilation).Get(WellKnownTypeNames.GrpcNetClientConfigurationServiceConfig)) =>
            ObjectInitializers.WithAssignments(creation, [
                ObjectInitializers.Assignment("RetryThrottling", SyntaxTemplates.Expression(
                    "new global::Grpc.Net.Client.Configuration.RetryThrottlingPolicy { MaxTokens = 10, TokenRatio = 0.1 }")),
            ]),
        _ => null,
    };
}
