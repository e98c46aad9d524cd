using System;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace ResilienceAnalyzers.CodeFixes.Infrastructure;

/// <summary>
/// Adds a <c>using</c> a fix needs for an extension method, which cannot be written <c>global::</c>-qualified and left
/// to the simplifier.
/// </summary>
internal static class UsingDirectives
{
    /// <summary>
    /// The compilation unit with <c>using <paramref name="namespaceName"/>;</c> in order among its usings, unless the
    /// file or a global using of the compilation already imports it.
    /// </summary>
    internal static CompilationUnitSyntax Ensure(CompilationUnitSyntax root, string namespaceName, Compilation compilation)
    {
        if (root.Usings.Any(u => Imports(u, namespaceName)) || compilation.SyntaxTrees.Any(tree => HasGlobalUsing(tree, namespaceName)))
        {
            return root;
        }

        // End the line the way the file's usings do, so the file keeps one kind of line ending.
        var endOfLine = root.Usings.SelectMany(u => u.GetTrailingTrivia()).FirstOrDefault(t => t.IsKind(SyntaxKind.EndOfLineTrivia));
        var directive = SyntaxFactory.UsingDirective(SyntaxFactory.ParseName(namespaceName))
            .WithTrailingTrivia(endOfLine.IsKind(SyntaxKind.EndOfLineTrivia) ? endOfLine : SyntaxFactory.ElasticCarriageReturnLineFeed);
        var index = root.Usings.TakeWhile(u => u.Alias is null && u.StaticKeyword.IsKind(SyntaxKind.None) && Precedes(NameOf(u), namespaceName)).Count();
        return root.WithUsings(root.Usings.Insert(index, directive));
    }

    private static bool HasGlobalUsing(SyntaxTree tree, string namespaceName) =>
        tree.GetRoot() is CompilationUnitSyntax unit && unit.Usings.Any(u => !u.GlobalKeyword.IsKind(SyntaxKind.None) && Imports(u, namespaceName));

    private static bool Imports(UsingDirectiveSyntax directive, string namespaceName) =>
        directive.Alias is null && directive.StaticKeyword.IsKind(SyntaxKind.None) && NameOf(directive) == namespaceName;

    private static string NameOf(UsingDirectiveSyntax directive)
    {
        var name = directive.Name?.ToString() ?? string.Empty;
        return name.StartsWith("global::", StringComparison.Ordinal) ? name.Substring("global::".Length) : name;
    }

    /// <summary>The usual order: <c>System</c> namespaces first, then ordinal.</summary>
    private static bool Precedes(string existing, string added)
    {
        static bool IsSystem(string name) => name == "System" || name.StartsWith("System.", StringComparison.Ordinal);
        return IsSystem(existing) != IsSystem(added) ? IsSystem(existing) : string.CompareOrdinal(existing, added) < 0;
    }
}
