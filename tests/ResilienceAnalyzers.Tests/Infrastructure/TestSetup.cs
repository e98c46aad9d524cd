using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;

namespace ResilienceAnalyzers.Tests.Infrastructure;

internal static class TestSetup
{
    /// <summary>
    /// A framework with no reference package, so Microsoft.CodeAnalysis.Testing resolves nothing from NuGet; the
    /// references come from <see cref="ReferenceSets"/> instead.
    /// </summary>
    internal static readonly ReferenceAssemblies NoPackages = new("net10.0");

    internal static void Apply(SolutionState state, ImmutableArray<MetadataReference> references)
    {
        state.ReferenceAssemblies = NoPackages;
        state.AdditionalReferences.AddRange(references);
    }
}
