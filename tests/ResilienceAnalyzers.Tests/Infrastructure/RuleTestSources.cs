using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace ResilienceAnalyzers.Tests.Infrastructure;

/// <summary>The C# sources embedded in the rules' test files, for meta-tests that run the pack over all of them.</summary>
internal static partial class RuleTestSources
{
    /// <summary>Every rule test file (<c>RES*Tests.cs</c>), relative to the repository root.</summary>
    internal static string[] Files() =>
        Directory.GetFiles(RepositoryPaths.Combine("tests", "ResilienceAnalyzers.Tests"), "RES*Tests.cs", SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(RepositoryPaths.Root, path).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)
            .ToArray();

    /// <summary>The raw string literals of a test file that hold C# code, test markup included.</summary>
    internal static IEnumerable<string> Embedded(string testFile) =>
        CSharpSyntaxTree.ParseText(File.ReadAllText(RepositoryPaths.Combine(testFile))).GetRoot()
            .DescendantNodes()
            .OfType<LiteralExpressionSyntax>()
            .Where(literal => literal.Token.IsKind(SyntaxKind.MultiLineRawStringLiteralToken))
            .Select(literal => literal.Token.ValueText)
            .Where(text => text.Contains("class ", StringComparison.Ordinal) || text.Contains("using ", StringComparison.Ordinal));

    /// <summary>
    /// The test file of a rule, its embedded sources without markup, and those of them that declare only interfaces,
    /// which the file's other sources share and which are compiled beside each of them.
    /// </summary>
    internal static (string TestFile, IReadOnlyList<string> Code, IReadOnlyList<string> Shared) OfRule(string id)
    {
        var testFile = Files().First(file => Path.GetFileName(file).StartsWith(id, StringComparison.Ordinal));
        var sources = Embedded(testFile).Select(WithoutMarkup).ToList();
        var shared = sources.Where(source => source.Contains("interface ", StringComparison.Ordinal) && !source.Contains("class ", StringComparison.Ordinal)).ToList();
        return (testFile, sources.Except(shared).ToList(), shared);
    }

    /// <summary>The source with the verifier's markup (<c>{|RES1001:…|}</c>, <c>[|…|]</c>) removed.</summary>
    internal static string WithoutMarkup(string source) => Markup().Replace(source, string.Empty);

    [GeneratedRegex(@"\{\|[^:|]*:|\|\}|\[\||\|\]")]
    private static partial Regex Markup();
}
