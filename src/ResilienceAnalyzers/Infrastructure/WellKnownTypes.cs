using System.Collections.Concurrent;
using System.Globalization;
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

    private readonly ConcurrentDictionary<string, INamedTypeSymbol?> resolved = new();

    private WellKnownTypes(Compilation compilation) => Compilation = compilation;

    internal static WellKnownTypes For(Compilation compilation) => PerCompilation.GetValue(compilation, static c => new WellKnownTypes(c));

    /// <summary>The compilation whose types these are.</summary>
    internal Compilation Compilation { get; }

    /// <summary>
    /// The referenced type with this metadata name, or <see langword="null"/> when the compilation does not reference it
    /// or declares it.
    /// </summary>
    internal INamedTypeSymbol? Get(string metadataName)
    {
        if (!resolved.TryGetValue(metadataName, out var type))
        {
            type = Resolve(metadataName);
            if (type is not null && SymbolEqualityComparer.Default.Equals(type.ContainingAssembly, Compilation.Assembly))
            {
                type = null;
            }

            resolved.TryAdd(metadataName, type);
        }

        return type;
    }

    /// <summary>
    /// Walks the compilation's merged namespaces to a top-level type. A lookup by metadata name asks each of the hundreds
    /// of referenced assemblies in turn, a tenth of a millisecond a name; the walk reads the namespaces binding has
    /// already merged, and stops at the first part no assembly declares. Like the lookup, it sees the references in the
    /// global alias only; a name declared more than once is left to the lookup's rules for choosing between them.
    /// </summary>
    private INamedTypeSymbol? Resolve(string metadataName)
    {
        var containing = Compilation.GlobalNamespace;
        var start = 0;
        for (var dot = metadataName.IndexOf('.'); dot >= 0; dot = metadataName.IndexOf('.', start))
        {
            containing = Namespace(containing, metadataName.Substring(start, dot - start));
            if (containing is null)
            {
                return null;
            }

            start = dot + 1;
        }

        var tick = metadataName.IndexOf('`', start);
        var name = tick < 0 ? metadataName.Substring(start) : metadataName.Substring(start, tick - start);
        var arity = tick < 0 ? 0 : int.Parse(metadataName.Substring(tick + 1), CultureInfo.InvariantCulture);
        var types = containing.GetTypeMembers(name, arity);
        return types.Length switch
        {
            0 => null,
            1 => types[0],
#pragma warning disable RS0030 // The one place allowed to look types up by name.
            _ => Compilation.GetTypeByMetadataName(metadataName),
#pragma warning restore RS0030
        };
    }

    private static INamespaceSymbol? Namespace(INamespaceSymbol containing, string name)
    {
        foreach (var member in containing.GetMembers(name))
        {
            if (member is INamespaceSymbol namespaceSymbol)
            {
                return namespaceSymbol;
            }
        }

        return null;
    }
}
