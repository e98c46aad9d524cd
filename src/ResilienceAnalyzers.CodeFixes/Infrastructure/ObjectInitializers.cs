using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace ResilienceAnalyzers.CodeFixes.Infrastructure;

/// <summary>Adds property assignments to an object creation's initializer, in the layout the initializer already has.</summary>
internal static class ObjectInitializers
{
    /// <summary><c>Property = value</c>, the value laid out as written (a nested initializer stays on one line).</summary>
    internal static AssignmentExpressionSyntax Assignment(string property, ExpressionSyntax value) =>
        SyntaxFactory.AssignmentExpression(
            SyntaxKind.SimpleAssignmentExpression,
            SyntaxFactory.IdentifierName(property).WithTrailingTrivia(SyntaxFactory.Space),
            SyntaxFactory.Token(SyntaxKind.EqualsToken).WithTrailingTrivia(SyntaxFactory.Space),
            value.WithoutTrivia());

    /// <summary>
    /// <c>new T()</c> → <c>new T { A = a }</c>; <c>new T { X = x }</c> → <c>new T { X = x, A = a }</c>; a multi-line
    /// initializer gets each new assignment on its own line, and keeps or omits its trailing comma as it was.
    /// </summary>
    internal static BaseObjectCreationExpressionSyntax WithAssignments(BaseObjectCreationExpressionSyntax creation, IReadOnlyList<AssignmentExpressionSyntax> assignments)
    {
        if (assignments.Count == 0)
        {
            return creation;
        }

        if (creation.Initializer is not { Expressions.Count: > 0 } initializer)
        {
            // Laid out by hand as "{ A = a, B = b }": the formatter would break an initializer after new() over lines.
            var added = SyntaxFactory.InitializerExpression(
                SyntaxKind.ObjectInitializerExpression,
                SyntaxFactory.Token(SyntaxKind.OpenBraceToken).WithTrailingTrivia(SyntaxFactory.Space),
                SyntaxFactory.SeparatedList<ExpressionSyntax>(
                    assignments,
                    Enumerable.Repeat(SyntaxFactory.Token(SyntaxKind.CommaToken).WithTrailingTrivia(SyntaxFactory.Space), assignments.Count - 1)),
                SyntaxFactory.Token(SyntaxKind.CloseBraceToken).WithLeadingTrivia(SyntaxFactory.Space));
            if (creation is ObjectCreationExpressionSyntax { ArgumentList.Arguments.Count: 0 } explicitType)
            {
                return explicitType.WithArgumentList(null).WithType(explicitType.Type.WithTrailingTrivia(SyntaxFactory.Space)).WithInitializer(added);
            }

            // A space before the brace keeps the initializer on the creation's line.
            var lastToken = creation.GetLastToken();
            return creation.ReplaceToken(lastToken, lastToken.WithTrailingTrivia(SyntaxFactory.Space)).WithInitializer(added);
        }

        var elements = initializer.Expressions.GetWithSeparators().ToList();
        var newLine = initializer.OpenBraceToken.TrailingTrivia.FirstOrDefault(trivia => trivia.IsKind(SyntaxKind.EndOfLineTrivia));
        var multiLine = newLine.IsKind(SyntaxKind.EndOfLineTrivia);
        var hadTrailingComma = initializer.Expressions.SeparatorCount == initializer.Expressions.Count;
        var indentation = initializer.Expressions[0].GetLeadingTrivia();

        if (!hadTrailingComma)
        {
            // Move the last element's line break after the comma that now follows it.
            var last = elements[elements.Count - 1].AsNode()!;
            elements[elements.Count - 1] = last.WithoutTrailingTrivia();
            elements.Add(SyntaxFactory.Token(SyntaxKind.CommaToken).WithTrailingTrivia(multiLine ? last.GetTrailingTrivia() : SyntaxFactory.TriviaList(SyntaxFactory.Space)));
        }

        for (var i = 0; i < assignments.Count; i++)
        {
            var isLast = i == assignments.Count - 1;
            var element = multiLine ? assignments[i].WithLeadingTrivia(indentation) : assignments[i];
            if (isLast && !hadTrailingComma)
            {
                elements.Add(multiLine ? element.WithTrailingTrivia(newLine) : element.WithTrailingTrivia(SyntaxFactory.Space));
            }
            else
            {
                elements.Add(element);
                elements.Add(SyntaxFactory.Token(SyntaxKind.CommaToken).WithTrailingTrivia(multiLine ? newLine : SyntaxFactory.Space));
            }
        }

        return creation.WithInitializer(initializer.WithExpressions(SyntaxFactory.SeparatedList<ExpressionSyntax>(elements)));
    }
}
