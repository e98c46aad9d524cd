using System;
using System.Collections.Generic;
using System.Linq;

namespace LabKit;

public static class Percentiles
{
    /// <summary>The nearest-rank percentile (<paramref name="fraction"/> from 0 to 1) of the values; 0 when there are none.</summary>
    public static double Of(IEnumerable<double> values, double fraction)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(fraction * sorted.Length) - 1, 0, sorted.Length - 1)];
    }
}
