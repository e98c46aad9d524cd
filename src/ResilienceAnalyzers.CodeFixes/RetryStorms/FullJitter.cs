using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Simplification;
using ResilienceAnalyzers.Infrastructure;

namespace ResilienceAnalyzers.CodeFixes.RetryStorms;

/// <summary>
/// Full jitter: a delay <c>d</c> becomes a random wait between zero and <c>d</c> — for a <c>TimeSpan</c>,
/// <c>TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * d.TotalMilliseconds)</c>; for milliseconds as an
/// <c>int</c>, <c>(int)(Random.Shared.NextDouble() * d)</c>.
/// </summary>
internal static class FullJitter
{
    /// <summary>The jittered expression, or <see langword="null"/> when the delay's type is neither or <c>Random.Shared</c> does not exist.</summary>
    internal static ExpressionSyntax? Apply(ExpressionSyntax delay, SemanticModel model)
    {
        if (WellKnownTypes.For(model.Compilation).Get(WellKnownTypeNames.SystemRandom)?.GetMembers("Shared").IsEmpty != false)
        {
            return null;
        }

        var random = SyntaxFactory.InvocationExpression(
            SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, TypeMember("global::System.Random", "Shared"), SyntaxFactory.IdentifierName("NextDouble")));
        var original = SyntaxFactory.ParenthesizedExpression(delay.WithoutTrivia()).WithAdditionalAnnotations(Simplifier.Annotation);
        var type = model.GetTypeInfo(delay).Type;
        ExpressionSyntax? jittered = type switch
        {
            { Name: "TimeSpan", ContainingNamespace.Name: "System" } => SyntaxFactory.InvocationExpression(
                TypeMember("global::System.TimeSpan", "FromMilliseconds"),
                SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(
                    SyntaxFactory.BinaryExpression(
                        SyntaxKind.MultiplyExpression,
                        random,
                        SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, original, SyntaxFactory.IdentifierName("TotalMilliseconds"))))))),
            { SpecialType: SpecialType.System_Int32 } => SyntaxFactory.CastExpression(
                SyntaxFactory.PredefinedType(SyntaxFactory.Token(SyntaxKind.IntKeyword)),
                SyntaxFactory.ParenthesizedExpression(SyntaxFactory.BinaryExpression(SyntaxKind.MultiplyExpression, random, original))),
            _ => null,
        };

        return jittered?.WithTriviaFrom(delay);
    }

    /// <summary><c>Type.Member</c> with the type written <c>global::</c>-qualified, for the simplifier to shorten where a using allows.</summary>
    private static MemberAccessExpressionSyntax TypeMember(string qualifiedType, string member) =>
        SyntaxFactory.MemberAccessExpression(
            SyntaxKind.SimpleMemberAccessExpression,
            SyntaxFactory.ParseExpression(qualifiedType).WithAdditionalAnnotations(Simplifier.Annotation),
            SyntaxFactory.IdentifierName(member));
}
