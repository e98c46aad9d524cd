using System;
using System.Collections.Generic;
using System.Linq;

namespace ResilienceAnalyzers.Infrastructure;

internal static class MethodNames
{
    /// <summary>
    /// A set of method names that every invocation is checked against. A hash set, never changed after it is built, so
    /// safe to read from concurrent actions; an immutable set walks a tree, several times the cost of a lookup here.
    /// </summary>
    internal static HashSet<string> Of(params string[] names) => new(names, StringComparer.Ordinal);

    /// <summary>
    /// The names and their <c>…Async</c> forms (<see cref="Of"/>): looking both forms up costs nothing, trimming "Async"
    /// off each name first costs an allocation per call.
    /// </summary>
    internal static HashSet<string> SyncAndAsync(params string[] names) =>
        Of(names.SelectMany(name => new[] { name, name + "Async" }).ToArray());
}
