using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using System.Threading;

namespace ResilienceAnalyzers.Infrastructure;

/// <summary>
/// Which runs of four characters each file of a compilation contains, kept as bits of a hash. A word with a run a file
/// lacks is not spelled there, which is decided from the word and the file's bits; only a file whose bits have every
/// run of the word needs a search of its text. Most of the names rules ask about are absent from a compilation that
/// does not use their API, and a walk asks for many names each present in a few files: one pass over the text to fill
/// the bits costs a fraction of searching every file for each of them, and ruling a word out of a file takes one or
/// two lookups.
/// <para>
/// Only the runs that begin at an even position of the text are kept: the pass reads the text as pairs of characters,
/// each run the last two pairs, whole, with no folding of characters. A word then has every second run kept, beginning
/// with its first or its second run depending on where it starts, so it may be spelled when either half is all there;
/// a word of four characters, whose one run may not have been kept, is never ruled out.
/// </para>
/// </summary>
internal sealed class SpellingFilter
{
    private const int RunLength = 4;
    private const int SmallestFileBits = 6;
    private const int LargestFileBits = 19;
    private const ulong Multiplier = 0x9E3779B97F4A7C15UL;

    // A file's bits: at least four times as many as it keeps runs (one per two characters), at most eight times as many
    // (and 64 KB at most, off the large-object heap), so that at most one in four is set: a word is ruled out by half
    // its runs, and an absent word passes by collisions rarely enough that few files are searched for it. The bits take
    // a quarter to an eighth of the text's bytes.
    private readonly ulong[][] fileBits;
    private readonly int[] fileHashBits;
    private readonly IReadOnlyList<string> texts;
    private readonly object filling = new();
    private int nextFile;
    private int filledFiles;

    /// <summary>The filter of the texts, whose bits are filled when a word is first asked of it.</summary>
    internal SpellingFilter(IReadOnlyList<string> texts)
    {
        this.texts = texts;
        fileBits = new ulong[texts.Count][];
        fileHashBits = new int[texts.Count];
    }

    /// <summary>
    /// False when the file of that index certainly does not spell the word whose <see cref="HashesOf"/> are given;
    /// true when it may, and a search must tell.
    /// </summary>
    internal bool MaySpell(int file, ulong[] hashes)
    {
        if (Volatile.Read(ref filledFiles) < texts.Count)
        {
            FillAll();
        }

        return HasEverySecondRun(file, hashes, first: 0) || HasEverySecondRun(file, hashes, first: 1);
    }

    /// <summary>
    /// Fills the bits of the files no thread has taken yet, one file at a time, and returns once every file's are
    /// filled: the rules that start together share the pass rather than wait for the one that asked first, and a
    /// thread waits at most for the files others are still filling.
    /// </summary>
    private void FillAll()
    {
        for (var file = Interlocked.Increment(ref nextFile) - 1; file < texts.Count; file = Interlocked.Increment(ref nextFile) - 1)
        {
            Fill(file);
            if (Interlocked.Increment(ref filledFiles) == texts.Count)
            {
                lock (filling)
                {
                    Monitor.PulseAll(filling);
                }
            }
        }

        lock (filling)
        {
            while (Volatile.Read(ref filledFiles) < texts.Count)
            {
                Monitor.Wait(filling);
            }
        }
    }

    private void Fill(int file)
    {
        var text = texts[file];
        var hashBits = SmallestFileBits;
        while ((1 << hashBits) < 2 * text.Length && hashBits < LargestFileBits)
        {
            hashBits++;
        }

        var ownBits = new ulong[1 << (hashBits - 6)];
        var shift = 64 - hashBits;
        var pairs = MemoryMarshal.Cast<char, uint>(text.AsSpan());
        ulong run = 0;
        for (var pair = 0; pair < pairs.Length; pair++)
        {
            run = (run >> 32) | ((ulong)pairs[pair] << 32);
            var index = Hash(run) >> shift;
            ownBits[index >> 6] |= 1UL << (int)(index & 63);
        }

        fileHashBits[file] = hashBits;
        fileBits[file] = ownBits;
    }

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
        var hashes = new ulong[Math.Max(0, word.Length - RunLength + 1)];
        for (var i = 0; i < hashes.Length; i++)
        {
            hashes[i] = Hash(Pair(word[i], word[i + 1]) | ((ulong)Pair(word[i + 2], word[i + 3]) << 32));
        }

        return hashes;
    }

    // Two characters as the text's memory holds them, which is how the pass reads them.
    private static uint Pair(char first, char second) => BitConverter.IsLittleEndian ? first | ((uint)second << 16) : ((uint)first << 16) | second;

    // The shift folds the run's high characters onto its low ones before a multiply spreads it into the hash's high
    // bits, as many of which index a file's bits as it has.
    private static ulong Hash(ulong run) => (run ^ (run >> 29)) * Multiplier;
}
