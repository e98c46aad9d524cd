using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace ResilienceAnalyzers.Infrastructure;

internal static class SymbolExtensions
{
    /// <summary>
    /// True when the name binds to the method, or — in code that does not bind cleanly, an ambiguous call — lists it
    /// among its candidates.
    /// </summary>
    internal static bool Names(this SemanticModel model, SimpleNameSyntax name, IMethodSymbol method, CancellationToken cancellationToken)
    {
        var bound = model.GetSymbolInfo(name, cancellationToken);
        return SymbolEqualityComparer.Default.Equals(bound.Symbol?.OriginalDefinition, method)
            || bound.CandidateSymbols.Any(candidate => SymbolEqualityComparer.Default.Equals(candidate.OriginalDefinition, method));
    }

    /// <summary>
    /// True when the symbol, the property or event an accessor belongs to, or a type around it carries
    /// <paramref name="generatedCodeAttribute"/> (<c>System.CodeDom.Compiler.GeneratedCodeAttribute</c>): code the driver
    /// counts as generated.
    /// </summary>
    internal static bool IsMarkedGenerated(this ISymbol symbol, INamedTypeSymbol? generatedCodeAttribute)
    {
        if (generatedCodeAttribute is null)
        {
            return false;
        }

        for (ISymbol? current = symbol; current is not null and not INamespaceSymbol; current = current.ContainingSymbol)
        {
            if (current.HasAttribute(generatedCodeAttribute) || (current is IMethodSymbol { AssociatedSymbol: { } associated } && associated.HasAttribute(generatedCodeAttribute)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when the symbol carries the attribute or one derived from it.</summary>
    internal static bool HasAttribute(this ISymbol symbol, INamedTypeSymbol? attribute) =>
        attribute is not null && symbol.GetAttributes().Any(candidate => candidate.AttributeClass.InheritsFromOrEquals(attribute));

    /// <summary>
    /// The member whose declaration holds the node, as the driver names it for an operation action — lambdas and local
    /// functions belong to it; a field's, property's or enum member's initializer to that member; top-level statements
    /// to the program's entry point — read from the declaration, which binds nothing. A primary constructor's base
    /// arguments, rare enough, are left to the binder.
    /// </summary>
    internal static ISymbol? ContainingMember(this SemanticModel model, SyntaxNode node, CancellationToken cancellationToken)
    {
        foreach (var ancestor in node.Ancestors())
        {
            switch (ancestor)
            {
                case BaseMethodDeclarationSyntax or AccessorDeclarationSyntax or EnumMemberDeclarationSyntax:
                case VariableDeclaratorSyntax { Parent.Parent: BaseFieldDeclarationSyntax }:
                case BasePropertyDeclarationSyntax:
                    return model.GetDeclaredSymbol(ancestor, cancellationToken);
                case ArrowExpressionClauseSyntax { Parent: BasePropertyDeclarationSyntax property }:
                    return (model.GetDeclaredSymbol(property, cancellationToken) as IPropertySymbol)?.GetMethod;
                case GlobalStatementSyntax:
                    return model.GetDeclaredSymbol(ancestor.Parent!, cancellationToken);
                case BaseTypeDeclarationSyntax:
                    var enclosing = model.GetEnclosingSymbol(node.SpanStart, cancellationToken);
                    while (enclosing is IMethodSymbol { MethodKind: MethodKind.AnonymousFunction or MethodKind.LocalFunction })
                    {
                        enclosing = enclosing.ContainingSymbol;
                    }

                    return enclosing;
            }
        }

        return null;
    }

    /// <summary>
    /// The references to the field in the declarations of its type written in <paramref name="model"/>'s file: the uses
    /// a reader of that file sees. Uses in another file of a partial type are not returned. They are found where the
    /// declaration's text spells the field's name, without a walk of its syntax.
    /// </summary>
    internal static IEnumerable<IFieldReferenceOperation> ReferencesInItsType(this IFieldSymbol field, SemanticModel model, CancellationToken cancellationToken)
    {
        var facts = CompilationFacts.For(model.Compilation);
        return field.ContainingType.DeclaringSyntaxReferences
            .Where(declaration => declaration.SyntaxTree == model.SyntaxTree)
            .SelectMany(declaration => facts.SimpleNamesWithin(declaration.GetSyntax(cancellationToken), field.Name))
            .OfType<IdentifierNameSyntax>()
            .Select(name => model.GetOperation(name, cancellationToken))
            .OfType<IFieldReferenceOperation>()
            .Where(reference => SymbolEqualityComparer.Default.Equals(reference.Field, field));
    }

    /// <summary>True when <paramref name="type"/> is, or derives from, a construction of the generic class <paramref name="definition"/> (<c>RelationalDbContextOptionsBuilder&lt;,&gt;</c>).</summary>
    internal static bool DerivesFromDefinition(this INamedTypeSymbol? type, INamedTypeSymbol? definition)
    {
        for (var current = type; current is not null && definition is not null; current = current.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(current.OriginalDefinition, definition))
            {
                return true;
            }
        }

        return false;
    }

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

        // A constructed type implements a non-generic interface exactly when its definition does, and a definition's
        // interfaces are computed once, where each construction (every Dictionary<TKey, TValue> the code uses) computes its own.
        return baseType.TypeKind == TypeKind.Interface && type is not null
            && (baseType.IsGenericType ? type : type.OriginalDefinition).AllInterfaces.Contains(baseType, SymbolEqualityComparer.Default);
    }
}
