using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Simplification;

namespace ResilienceAnalyzers.CodeFixes.Infrastructure;

/// <summary>
/// Expressions and members written as C# text: types are spelled <c>global::System.X</c> (in member access and in <c>new</c>) and marked for the simplifier, which
/// shortens them wherever the document's usings allow; identifiers named as placeholders are replaced by code.
/// </summary>
internal static class SyntaxTemplates
{
    internal static ExpressionSyntax Expression(string text, IReadOnlyDictionary<string, ExpressionSyntax>? placeholders = null)
    {
        var expression = SyntaxFactory.ParseExpression(text);
        var holes = expression.DescendantNodesAndSelf()
            .OfType<IdentifierNameSyntax>()
            .Where(name => placeholders?.ContainsKey(name.Identifier.ValueText) == true)
            .ToList();

        return expression.ReplaceNodes(
            TypeNames(expression).Concat(holes),
            (original, rewritten) => original is IdentifierNameSyntax hole && holes.Contains(hole)
                ? SyntaxFactory.ParenthesizedExpression(placeholders![hole.Identifier.ValueText].WithoutTrivia()).WithAdditionalAnnotations(Simplifier.Annotation)
                : rewritten.WithAdditionalAnnotations(Simplifier.Annotation));
    }

    /// <summary>A member declaration written as C# text, with <c>\n</c> line breaks made <paramref name="newLine"/>.</summary>
    internal static MemberDeclarationSyntax Member(string text, string newLine)
    {
        var member = SyntaxFactory.ParseMemberDeclaration(text.Replace("\n", newLine))!;
        return member.ReplaceNodes(TypeNames(member), (_, rewritten) => rewritten.WithAdditionalAnnotations(Simplifier.Annotation));
    }

    /// <summary>The type names spelled <c>global::…</c>, at every level of a member access, for the simplifier to shorten.</summary>
    private static IEnumerable<SyntaxNode> TypeNames(SyntaxNode root) =>
        root.DescendantNodesAndSelf().Where(node => node switch
        {
            MemberAccessExpressionSyntax access => StartsWithAlias(access),
            QualifiedNameSyntax name => name.Parent is not QualifiedNameSyntax && name.DescendantNodes().OfType<AliasQualifiedNameSyntax>().Any(),
            _ => false,
        });

    /// <summary>True for every level of <c>global::System.Threading.Thread.Sleep</c>, so the simplifier can shorten the type wherever it is.</summary>
    private static bool StartsWithAlias(MemberAccessExpressionSyntax access) => access.Expression switch
    {
        AliasQualifiedNameSyntax => true,
        MemberAccessExpressionSyntax inner => StartsWithAlias(inner),
        _ => false,
    };
}
