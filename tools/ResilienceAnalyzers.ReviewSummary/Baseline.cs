using System;
using System.Collections.Generic;
using System.Linq;

namespace ResilienceAnalyzers.ReviewSummary;

/// <summary>
/// The findings of a build compared with those of an earlier one, the baseline: which are new, and how many of the
/// baseline's are gone. A finding is the same as a baseline finding when its rule and file are the same and so is its
/// fingerprint — the log's <c>partialFingerprints</c> when both logs carry them, otherwise its message, which names the
/// code it is about and not the line, so an edit above it does not make it new. Where a file has several findings with
/// the same message, as many as the baseline had are old, in line order; the rest are new.
/// </summary>
internal sealed class Baseline
{
    private Baseline(IReadOnlyList<Finding> added, int unchanged, int fixedSince)
    {
        Added = added;
        Unchanged = unchanged;
        FixedSince = fixedSince;
    }

    /// <summary>The findings the baseline does not have.</summary>
    internal IReadOnlyList<Finding> Added { get; }

    /// <summary>How many findings the baseline already had.</summary>
    internal int Unchanged { get; }

    /// <summary>How many of the baseline's findings the build no longer reports.</summary>
    internal int FixedSince { get; }

    /// <param name="current">This build's findings.</param>
    /// <param name="baseline">The earlier build's findings.</param>
    /// <param name="root">
    /// The repository root of this build: a file is known by its path below it, and a baseline path names the same file
    /// when it ends with that path, wherever the earlier build was checked out.
    /// </param>
    internal static Baseline Compare(IReadOnlyCollection<Finding> current, IReadOnlyCollection<Finding> baseline, string root)
    {
        var remaining = baseline.ToList();
        var added = new List<Finding>();
        foreach (var finding in current.OrderBy(f => f.File, StringComparer.Ordinal).ThenBy(f => f.Line))
        {
            var relative = SummaryWriter.Relative(finding.File, root);
            var match = remaining.FindIndex(old => old.RuleId == finding.RuleId && SameFile(old.File, relative) && SameFingerprint(old, finding));
            if (match < 0)
            {
                added.Add(finding);
            }
            else
            {
                remaining.RemoveAt(match);
            }
        }

        return new Baseline(added, current.Count - added.Count, remaining.Count);
    }

    private static bool SameFingerprint(Finding old, Finding finding) =>
        old.Fingerprint is not null && finding.Fingerprint is not null
            ? old.Fingerprint == finding.Fingerprint
            : old.Message == finding.Message;

    private static bool SameFile(string baselineFile, string relative)
    {
        var path = baselineFile.Replace('\\', '/');
        return path == relative || path.EndsWith("/" + relative, StringComparison.Ordinal);
    }
}
