using System.Collections.Immutable;
using System.Linq;

namespace ResilienceAnalyzers.Infrastructure;

internal static class MethodNames
{
    /// <summary>
    /// The names and their <c>…Async</c> forms, for sets that every invocation is checked against: looking both forms up
    /// costs nothing, trimming "Async" off each name first costs an allocation per call.
    /// </summary>
    internal static ImmutableHashSet<string> SyncAndAsync(params string[] names) =>
        names.SelectMany(name => new[] { name, name + "Async" }).ToImmutableHashSet();
}
