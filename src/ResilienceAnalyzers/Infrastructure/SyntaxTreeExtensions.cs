using System;
using System.Buffers;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace ResilienceAnalyzers.Infrastructure;

internal static class SyntaxTreeExtensions
{
    /// <summary>
    /// True when the file's text contains the word: code that calls a method or names a type spells it. A text search,
    /// far cheaper than binding, to pick the files worth binding or to learn that an API is never used.
    /// </summary>
    internal static bool Spells(this SyntaxTree tree, string word, CancellationToken cancellationToken = default)
    {
        // Searched in a pooled copy of the text: asking for many words must not make a new string of every file each time.
        var text = tree.GetText(cancellationToken);
        var characters = ArrayPool<char>.Shared.Rent(text.Length);
        try
        {
            text.CopyTo(0, characters, 0, text.Length);
            return new ReadOnlySpan<char>(characters, 0, text.Length).IndexOf(word.AsSpan()) >= 0;
        }
        finally
        {
            ArrayPool<char>.Shared.Return(characters);
        }
    }
}
