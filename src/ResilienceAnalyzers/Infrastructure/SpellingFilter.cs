using System.Collections.Generic;

namespace ResilienceAnalyzers.Infrastructure;

/// <summary>
/// Which runs of five characters the source of a compilation contains, kept as bits of a hash. A word with a run the
/// source lacks is spelled nowhere, which is decided from the word alone; only a word whose every run is present needs
/// a search of the text. Most of the names rules ask about are absent from a compilation that does not use their
/// API, and one pass over the text to fill the bits costs a fraction of searching the whole text for each of them.
/// </summary>
internal sealed class SpellingFilter
{
    private const int RunLength = 5;
    private const int HashBits = 19;
    private const ulong RunMask = (1UL << (8 * RunLength)) - 1;
    private const ulong Multiplier = 0x9E3779B97F4A7C15UL;

    // 2^19 bits, 64 KB: few enough bytes to stay off the large-object heap, and sparse enough on a large repository's
    // source that an absent word rarely has all its runs set by collisions.
    private readonly ulong[] bits = new ulong[1 << (HashBits - 6)];

    internal SpellingFilter(IEnumerable<string> texts)
    {
        foreach (var text in texts)
        {
            ulong run = 0;
            for (var i = 0; i < text.Length; i++)
            {
                run = Next(run, text[i]);
                if (i >= RunLength - 1)
                {
                    var (index, mask) = BitOf(run);
                    bits[index] |= mask;
                }
            }
        }
    }

    /// <summary>False when the word is certainly spelled nowhere; true when it may be, and a search must tell.</summary>
    internal bool MaySpell(string word)
    {
        ulong run = 0;
        for (var i = 0; i < word.Length; i++)
        {
            run = Next(run, word[i]);
            if (i >= RunLength - 1)
            {
                var (index, mask) = BitOf(run);
                if ((bits[index] & mask) == 0)
                {
                    return false;
                }
            }
        }

        return true;
    }

    // A character folds to its low byte: the same fold on both sides keeps every present word a candidate, and the
    // names searched for are ASCII, for which nothing is lost.
    private static ulong Next(ulong run, char c) => ((run << 8) | (byte)c) & RunMask;

    /// <summary>The word of <c>bits</c> and the bit in it that stand for the run: its hash's high bits, spread by a multiply.</summary>
    private static (int Index, ulong Mask) BitOf(ulong run)
    {
        var hash = (run * Multiplier) >> (64 - HashBits);
        return ((int)(hash >> 6), 1UL << (int)(hash & 63));
    }
}
