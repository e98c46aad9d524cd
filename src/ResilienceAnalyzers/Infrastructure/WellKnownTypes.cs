using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;

namespace ResilienceAnalyzers.Infrastructure;

/// <summary>
/// Resolves metadata names to symbols once per compilation, shared by every rule that asks for the same name. A type
/// the compilation declares itself is not resolved: a library's own implementation of an API (Polly's retry syntax
/// calling its other overloads) is not a use of it, and the rules reading that API stay silent there.
/// </summary>
internal sealed class WellKnownTypes
{
    private static readonly ConditionalWeakTable<Compilation, WellKnownTypes> PerCompilation = new();

    private readonly Compilation compilation;
    private readonly ConcurrentDictionary<string, INamedTypeSymbol?> resolved = new();

    private WellKnownTypes(Compilation compilation) => this.compilation = compilation;

    internal static WellKnownTypes For(Compilation compilation) => PerCompilation.GetValue(compilation, static c => new WellKnownTypes(c));

    /// <summary>
    /// The referenced type with this metadata name, or <see langword="null"/> when the compilation does not reference it
    /// or declares it.
    /// </summary>
    internal INamedTypeSymbol? Get(string metadataName)
    {
        if (!resolved.TryGetValue(metadataName, out var type))
        {
#pragma warning disable RS0030 // The one place allowed to look types up by name.
            type = compilation.GetTypeByMetadataName(metadataName);
#pragma warning restore RS0030
            if (type is not null && SymbolEqualityComparer.Default.Equals(type.ContainingAssembly, compilation.Assembly))
            {
                type = null;
            }

            resolved.TryAdd(metadataName, type);
        }

        return type;
    }
}
