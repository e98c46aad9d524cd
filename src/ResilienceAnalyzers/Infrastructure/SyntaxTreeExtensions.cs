using System;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace ResilienceAnalyzers.Infrastructure;

internal static class SyntaxTreeExtensions
{
    /// <summary>
    /// True when the file's text contains the word: code that calls a method or names a type spells it. A text search,
    /// far cheaper than binding, to pick the files worth binding or to learn that an API is never used.
    /// </summary>
    internal static bool Spells(this SyntaxTree tree, string word, CancellationToken cancellationToken = default) =>
        tree.GetText(cancellationToken).ToString().IndexOf(word, StringComparison.Ordinal) >= 0;
}
