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
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Simplification;
using ResilienceAnalyzers.CascadingFailure;
using ResilienceAnalyzers.CodeFixes.Infrastructure;
using ResilienceAnalyzers.Infrastructure;

namespace ResilienceAnalyzers.CodeFixes.CascadingFailure;

/// <summary>
/// Passes the request's token: in place of <c>default</c>, for the <c>CancellationToken</c> parameter left to its default
/// (positionally when it is the next argument, by name otherwise), or to the overload that takes one. A minimal-API
/// handler without a token first gets a <c>CancellationToken cancellationToken</c> parameter, which ASP.NET Core binds to
/// the request's abort; Fix All adds it once per handler.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(RES6004OutboundCallIgnoresCancellationCodeFix))]
[Shared]
internal sealed class RES6004OutboundCallIgnoresCancellationCodeFix : EditingCodeFix
{
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(Descriptors.RES6004OutboundCallIgnoresCancellation.Id);

    private protected override string Title => "Pass the request's cancellation token";

    private protected override bool CanFix(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken) =>
        Plan(root, model, diagnostic, cancellationToken) is not null;

    private protected override void Edit(DocumentEditor editor, SyntaxNode root, SemanticModel model, IEnumerable<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        var handlersGivenAToken = new HashSet<ParenthesizedLambdaExpressionSyntax>();
        foreach (var diagnostic in diagnostics)
        {
            if (Plan(root, model, diagnostic, cancellationToken) is not { } plan)
            {
                continue;
            }

            if (plan.HandlerToGiveAToken is { } handler && handlersGivenAToken.Add(handler))
            {
                var type = SyntaxFactory.ParseTypeName("global::System.Threading.CancellationToken").WithAdditionalAnnotations(Simplifier.Annotation);
                var parameter = SyntaxFactory.Parameter(SyntaxFactory.Identifier(RES6004OutboundCallIgnoresCancellationAnalyzer.AddedParameterName)).WithType(type.WithTrailingTrivia(SyntaxFactory.Space));
                editor.ReplaceNode(handler.ParameterList, (current, _) => ((ParameterListSyntax)current).AddParameters(parameter));
            }

            editor.ReplaceNode(plan.Arguments, (current, _) => plan.Apply((ArgumentListSyntax)current));
        }
    }

    /// <summary>How the call gets the token; null when the fix does not apply.</summary>
    private static TokenPlan? Plan(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        if (root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true).FirstAncestorOrSelf<InvocationExpressionSyntax>() is not { } invocation
            || model.GetOperation(invocation, cancellationToken) is not IInvocationOperation call)
        {
            return null;
        }

        ParenthesizedLambdaExpressionSyntax? handler = null;
        if (!diagnostic.Properties.TryGetValue(RES6004OutboundCallIgnoresCancellationAnalyzer.TokenProperty, out var token) || token is null)
        {
            handler = MinimalApiHandler(invocation);
            if (handler is null || handler.DescendantTokens().Any(t => t.ValueText == RES6004OutboundCallIgnoresCancellationAnalyzer.AddedParameterName))
            {
                return null;
            }

            token = RES6004OutboundCallIgnoresCancellationAnalyzer.AddedParameterName;
        }

        var tokenArgument = call.Arguments.FirstOrDefault(argument => argument.Parameter?.Type is { Name: nameof(CancellationToken), ContainingNamespace.Name: "Threading" });
        var written = invocation.ArgumentList.Arguments;
        if (tokenArgument is null)
        {
            // The overload that takes a token: the same arguments and the token after them.
            return written.All(argument => argument.NameColon is null) ? new TokenPlan(invocation.ArgumentList, handler, token, replace: null, name: null) : null;
        }

        if (tokenArgument.ArgumentKind != ArgumentKind.DefaultValue)
        {
            return tokenArgument.Syntax is ArgumentSyntax passed ? new TokenPlan(invocation.ArgumentList, handler, token, replace: written.IndexOf(passed), name: null) : null;
        }

        // An extension method called on its receiver has one argument more than the call writes.
        var receiverArguments = call.Arguments.Count(argument => argument.ArgumentKind != ArgumentKind.DefaultValue) - written.Count;
        var position = tokenArgument.Parameter!.Ordinal - receiverArguments;
        var positional = position == written.Count && written.All(argument => argument.NameColon is null);
        return new TokenPlan(invocation.ArgumentList, handler, token, replace: null, name: positional ? null : tokenArgument.Parameter.Name);
    }

    /// <summary>The lambda passed to a <c>Map*</c> call that contains the invocation, when its parameters are all typed.</summary>
    private static ParenthesizedLambdaExpressionSyntax? MinimalApiHandler(SyntaxNode node) =>
        node.Ancestors().OfType<ParenthesizedLambdaExpressionSyntax>().FirstOrDefault(lambda =>
            lambda.Parent is ArgumentSyntax { Parent.Parent: InvocationExpressionSyntax map }
            && map.Expression is MemberAccessExpressionSyntax { Name.Identifier.ValueText: var name } && name.StartsWith("Map", System.StringComparison.Ordinal)
            && lambda.ParameterList.Parameters.All(parameter => parameter.Type is not null));

    /// <summary>Where the token goes in the call's argument list: replacing an argument, after the others, or named.</summary>
    private sealed class TokenPlan
    {
        private readonly string token;
        private readonly int? replace;
        private readonly string? name;

        internal TokenPlan(ArgumentListSyntax arguments, ParenthesizedLambdaExpressionSyntax? handlerToGiveAToken, string token, int? replace, string? name)
        {
            Arguments = arguments;
            HandlerToGiveAToken = handlerToGiveAToken;
            this.token = token;
            this.replace = replace;
            this.name = name;
        }

        internal ArgumentListSyntax Arguments { get; }

        internal ParenthesizedLambdaExpressionSyntax? HandlerToGiveAToken { get; }

        internal ArgumentListSyntax Apply(ArgumentListSyntax current)
        {
            var value = SyntaxFactory.ParseExpression(token);
            if (replace is { } index && index >= 0 && index < current.Arguments.Count)
            {
                return current.ReplaceNode(current.Arguments[index].Expression, value.WithTriviaFrom(current.Arguments[index].Expression));
            }

            var argument = SyntaxFactory.Argument(value);
            return current.AddArguments(name is null ? argument : argument.WithNameColon(SyntaxFactory.NameColon(name)));
        }
    }
}
