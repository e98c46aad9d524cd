using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
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
    private readonly Lazy<HashSet<string>> referencedVendors;

    private WellKnownTypes(Compilation compilation)
    {
        this.compilation = compilation;
        referencedVendors = new Lazy<HashSet<string>>(() => new HashSet<string>(compilation.ReferencedAssemblyNames.Select(assembly => Vendor(assembly.Name)), StringComparer.Ordinal));
    }

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
            type = IsReferenced(metadataName) ? compilation.GetTypeByMetadataName(metadataName) : null;
#pragma warning restore RS0030
            if (type is not null && SymbolEqualityComparer.Default.Equals(type.ContainingAssembly, compilation.Assembly))
            {
                type = null;
            }

            resolved.TryAdd(metadataName, type);
        }

        return type;
    }

    /// <summary>
    /// False when no referenced assembly comes from the type's vendor — <c>Consul.IHealthEndpoint</c> without an assembly
    /// named <c>Consul…</c>: a lookup by name searches every reference and is slow exactly when the type is absent.
    /// .NET's own namespaces span many assemblies and are always looked up.
    /// </summary>
    private bool IsReferenced(string metadataName) => Vendor(metadataName) switch
    {
        "System" or "Microsoft" => true,
        "Amazon" => referencedVendors.Value.Contains("AWSSDK"), // Amazon.Runtime ships in AWSSDK.Core
        var vendor => referencedVendors.Value.Contains(vendor),
    };

    /// <summary>The first part of a dotted name: "Polly" for Polly.Core and Polly.Retry.RetryStrategyOptions`1.</summary>
    private static string Vendor(string dottedName)
    {
        var dot = dottedName.IndexOf('.');
        return dot < 0 ? dottedName : dottedName.Substring(0, dot);
    }
}
