using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using ResilienceAnalyzers.CodeFixes.Infrastructure;
using ResilienceAnalyzers.Infrastructure;

namespace ResilienceAnalyzers.CodeFixes.FailOpenSecurity;

/// <summary>
/// Fails closed, replacing only the grant so the logging around it stays: the granting <c>bool</c> becomes the denying
/// one (<c>return true</c> → <c>return false</c>, <c>FallbackAsync(true)</c> → <c>FallbackAsync(false)</c>);
/// <c>context.Succeed(requirement)</c> becomes <c>context.Fail(new AuthorizationFailureReason(this, …))</c> in a
/// handler (<c>context.Fail()</c> elsewhere); <c>AuthorizationResult.Success()</c> becomes
/// <c>AuthorizationResult.Failed()</c>; <c>AuthenticateResult.Success(ticket)</c> becomes
/// <c>AuthenticateResult.Fail(ex)</c> with the caught exception, or a message.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(RES4001AuthorizationFailsOpenCodeFix))]
[Shared]
internal sealed class RES4001AuthorizationFailsOpenCodeFix : ExpressionCodeFix
{
    private const string FailureMessage = "\"The access check could not be completed\"";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(Descriptors.RES4001AuthorizationFailsOpen.Id);

    private protected override string Title => "Fail closed: deny access when the check fails";

    private protected override ExpressionSyntax? Replacement(ExpressionSyntax marked, Diagnostic diagnostic, SemanticModel model, CancellationToken cancellationToken) =>
        marked switch
        {
            LiteralExpressionSyntax literal when literal.IsKind(SyntaxKind.TrueLiteralExpression) => SyntaxFactory.LiteralExpression(SyntaxKind.FalseLiteralExpression),
            LiteralExpressionSyntax literal when literal.IsKind(SyntaxKind.FalseLiteralExpression) => SyntaxFactory.LiteralExpression(SyntaxKind.TrueLiteralExpression),
            InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access } => Failure(access, marked, model),
            _ => null,
        };

    private static ExpressionSyntax? Failure(MemberAccessExpressionSyntax access, ExpressionSyntax marked, SemanticModel model)
    {
        var receiver = access.Expression.ToString();
        switch (access.Name.Identifier.ValueText)
        {
            case "Succeed":
                var inHandler = model.GetEnclosingSymbol(marked.SpanStart) is { IsStatic: false } member
                    && member.ContainingType.AllInterfaces.Any(implemented => implemented.Name == "IAuthorizationHandler");
                return SyntaxTemplates.Expression(inHandler
                    ? $"{receiver}.Fail(new global::Microsoft.AspNetCore.Authorization.AuthorizationFailureReason(this, {FailureMessage}))"
                    : $"{receiver}.Fail()");
            case "Success" when model.GetSymbolInfo(access.Expression).Symbol is INamedTypeSymbol { Name: "AuthorizationResult" }:
                return SyntaxTemplates.Expression($"{receiver}.Failed()");
            case "Success" when model.GetSymbolInfo(access.Expression).Symbol is INamedTypeSymbol { Name: "AuthenticateResult" }:
                var caught = marked.FirstAncestorOrSelf<CatchClauseSyntax>()?.Declaration?.Identifier;
                return SyntaxTemplates.Expression($"{receiver}.Fail({(caught is { ValueText.Length: > 0 } exception ? exception.ValueText : FailureMessage)})");
            default:
                return null;
        }
    }
}
