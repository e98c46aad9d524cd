using System.Linq;
using Microsoft.CodeAnalysis;

namespace ResilienceAnalyzers.Infrastructure;

internal static class SymbolExtensions
{
    /// <summary>True when <paramref name="type"/> is <paramref name="baseType"/>, derives from it, or implements it (an interface).</summary>
    internal static bool InheritsFromOrEquals(this ITypeSymbol? type, INamedTypeSymbol? baseType)
    {
        if (baseType is null)
        {
            return false;
        }

        for (var current = type; current is not null; current = current.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(current, baseType))
            {
                return true;
            }
        }

        return baseType.TypeKind == TypeKind.Interface && type is not null && type.AllInterfaces.Contains(baseType, SymbolEqualityComparer.Default);
    }
}
