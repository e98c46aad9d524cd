using System.Collections.Generic;

namespace ResilienceAnalyzers.Infrastructure;

/// <summary>
/// Which runs of five characters the source of a compilation contains, kept as bits of a hash, for all of its files
/// together and for each file. A word with a run the source lacks is spelled nowhere, which is decided from the word
/// alone; only a word whose every run is present needs a search of the text, and only in the files whose own bits
/// have them all. Most of the names rules ask about are absent from a compilation that does not use their API, and a
/// walk asks for many names each present in a few files: one pass over the text to fill the bits costs a fraction of
/// searching every file for each of them.
/// </summary>
internal sealed class SpellingFilter
{
    private const int RunLength = 5;
    private const int HashBits = 19;
    private const int SmallestFileBits = 6;
    private const ulong RunMask = (1UL << (8 * RunLength)) - 1;
    private const ulong Multiplier = 0x9E3779B97F4A7C15UL;

    // 2^19 bits, 64 KB: few enough bytes to stay off the large-object heap, and sparse enough on a large repository's
    // source that an absent word rarely has all its runs set by collisions.
    private readonly ulong[] bits = new ulong[1 << (HashBits - 6)];

    // A file's bits: at least as many as it has characters, at most twice as many, so that a file holds a bit for each
    // of its runs at most and an absent word rarely passes by collisions; a file's bits take an eighth of its text's bytes.
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
            while ((1 << hashBits) < text.Length && hashBits < HashBits)
            {
                hashBits++;
            }

            var ownBits = fileBits[file] = new ulong[1 << (hashBits - 6)];
            fileHashBits[file] = hashBits;
            ulong run = 0;
            for (var i = 0; i < text.Length; i++)
            {
                run = Next(run, text[i]);
                if (i >= RunLength - 1)
                {
                    var hash = Hash(run);
                    Set(bits, hash >> (64 - HashBits));
                    Set(ownBits, hash >> (64 - hashBits));
                }
            }
        }
    }

    /// <summary>False when the word is certainly spelled nowhere; true when it may be, and a search must tell.</summary>
    internal bool MaySpell(string word) => MaySpell(bits, HashBits, HashesOf(word));

    /// <summary>False when the file of that index certainly does not spell the word whose <see cref="HashesOf"/> are given.</summary>
    internal bool MaySpell(int file, ulong[] hashes) => MaySpell(fileBits[file], fileHashBits[file], hashes);

    /// <summary>The hashes of the word's runs, computed once to ask of many files.</summary>
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

    private static bool MaySpell(ulong[] set, int hashBits, ulong[] hashes)
    {
        foreach (var hash in hashes)
        {
            var index = hash >> (64 - hashBits);
            if ((set[index >> 6] & (1UL << (int)(index & 63))) == 0)
            {
                return false;
            }
        }

        return true;
    }

    // A character folds to its low byte: the same fold on both sides keeps every present word a candidate, and the
    // names searched for are ASCII, for which nothing is lost.
    private static ulong Next(ulong run, char c) => ((run << 8) | (byte)c) & RunMask;

    // A multiply spreads the run into the hash's high bits, which index the bits: the top 19 for the compilation's, as
    // many as a file has for its own.
    private static ulong Hash(ulong run) => run * Multiplier;

    private static void Set(ulong[] set, ulong index) => set[index >> 6] |= 1UL << (int)(index & 63);
}
