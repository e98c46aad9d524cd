using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace ResilienceAnalyzers.Infrastructure;

/// <summary>
/// The calls between the methods of one compilation, shared by every rule that follows calls
/// (<see cref="CompilationFacts.Calls"/>), and worked out only when a walk asks, for the methods it visits: nothing is
/// recorded while the compilation is analyzed, so a compilation in which no rule finds anything to follow pays nothing.
/// The calls into a method are found in the files whose text names it and bound there; the calls a method makes, in its
/// body. A call through an interface or a virtual method also reaches the implementations and overrides the compilation
/// declares, so a retry behind <c>IOrdersClient</c> is found in <c>OrdersClient</c>. Calls made inside a lambda or a
/// local function count as calls of the method that declares it. Each answer is kept for the other rules that ask.
/// Asked at compilation end, when the driver has bound every file and caches its semantic model.
/// </summary>
internal sealed class CallGraph
{
    /// <summary>How many calls deep a walk goes: far enough for a controller → service → client chain, cheap enough to stay precise.</summary>
    internal const int MaxHops = 3;

    private readonly Compilation compilation;
    private readonly Func<SyntaxTree, string, bool> spells;
    private readonly ConcurrentDictionary<IMethodSymbol, ImmutableArray<(SyntaxNode Call, IMethodSymbol Caller)>> callsInto = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentDictionary<IMethodSymbol, ImmutableArray<IMethodSymbol>> callees = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentDictionary<INamedTypeSymbol, ImmutableArray<IOperation>> constructions = new(SymbolEqualityComparer.Default);
    private readonly Lazy<Dictionary<IMethodSymbol, List<IMethodSymbol>>> implementations;

    internal CallGraph(Compilation compilation, Func<SyntaxTree, string, bool> spells)
    {
        this.compilation = compilation;
        this.spells = spells;
        implementations = new Lazy<Dictionary<IMethodSymbol, List<IMethodSymbol>>>(IndexImplementations, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>True when the method is declared in this compilation, so calls to it can be followed.</summary>
    internal bool IsDeclaredHere(IMethodSymbol method) => SymbolEqualityComparer.Default.Equals(method.ContainingAssembly, compilation.Assembly);

    /// <summary>
    /// The shortest chain of calls from <paramref name="start"/> (excluded) to a method for which
    /// <paramref name="isTarget"/> holds, at most <see cref="MaxHops"/> calls long, ending with that method; empty when
    /// there is none.
    /// </summary>
    internal ImmutableArray<IMethodSymbol> CalleePathFrom(IMethodSymbol start, Func<IMethodSymbol, bool> isTarget, CancellationToken cancellationToken) =>
        ShortestPath(
            start,
            isTarget,
            method => CalleesOf(method, cancellationToken)
                .Concat(implementations.Value.TryGetValue(method, out var overriding) ? overriding : Enumerable.Empty<IMethodSymbol>()),
            MaxHops);

    /// <summary>The calls into the method, in source order, each with the method that makes it.</summary>
    internal ImmutableArray<(SyntaxNode Call, IMethodSymbol Caller)> CallsInto(IMethodSymbol method, CancellationToken cancellationToken) =>
        callsInto.GetOrAdd(method.OriginalDefinition, target => FindCallsInto(target, cancellationToken));

    /// <summary>
    /// Every <c>new</c> of the type, declared here, in the files whose text names it: <c>new Pool&lt;K, V&gt;(…)</c> and a
    /// target-typed <c>new(…)</c> whose target is spelled in the same file (a field or local of the type). One whose
    /// arguments do not bind is an invalid operation: the caller cannot tell what it passes.
    /// </summary>
    internal ImmutableArray<IOperation> ConstructionsOf(INamedTypeSymbol type, CancellationToken cancellationToken) =>
        constructions.GetOrAdd(type.OriginalDefinition, definition => FindConstructions(definition, cancellationToken));

    /// <summary>
    /// True when code of this compilation names the method outside its declaration — calls it, hands it on as a method
    /// group, takes its <c>nameof</c> — in the files whose text spells its name.
    /// </summary>
    internal bool IsNamed(IMethodSymbol method, CancellationToken cancellationToken)
    {
        foreach (var tree in compilation.SyntaxTrees)
        {
            if (!spells(tree, method.Name))
            {
                continue;
            }

            var model = ModelOf(tree);
            if (tree.GetRoot(cancellationToken).DescendantNodes().OfType<SimpleNameSyntax>()
                .Any(name => name.Identifier.ValueText == method.Name && model.Names(name, method, cancellationToken)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The bound body of a method declared once in this compilation, or null.</summary>
    internal IOperation? BodyOf(IMethodSymbol method, CancellationToken cancellationToken) =>
        method.DeclaringSyntaxReferences.Length == 1 && method.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) is var declaration
            ? ModelOf(declaration.SyntaxTree).GetOperation(declaration, cancellationToken)
            : null;

    /// <summary>The interface members the method implements and the method it overrides: calls to them may run it.</summary>
    internal static IEnumerable<IMethodSymbol> MembersLeadingTo(IMethodSymbol method)
    {
        if (method.OverriddenMethod is { } overridden)
        {
            yield return overridden.OriginalDefinition;
        }

        foreach (var implemented in method.ExplicitInterfaceImplementations)
        {
            yield return implemented.OriginalDefinition;
        }

        var type = method.ContainingType;
        if (type is null || method.ExplicitInterfaceImplementations.Length > 0)
        {
            yield break;
        }

        foreach (var member in type.AllInterfaces.SelectMany(contract => contract.GetMembers(method.Name)).OfType<IMethodSymbol>())
        {
            if (SymbolEqualityComparer.Default.Equals(type.FindImplementationForInterfaceMember(member)?.OriginalDefinition, method))
            {
                yield return member.OriginalDefinition;
            }
        }
    }

    /// <summary>The shortest chain from <paramref name="start"/> (excluded) to a target, at most <paramref name="maxHops"/> long.</summary>
    internal static ImmutableArray<IMethodSymbol> ShortestPath(
        IMethodSymbol start,
        Func<IMethodSymbol, bool> isTarget,
        Func<IMethodSymbol, IEnumerable<IMethodSymbol>> neighboursOf,
        int maxHops)
    {
        var cameFrom = new Dictionary<IMethodSymbol, IMethodSymbol?>(SymbolEqualityComparer.Default) { [start.OriginalDefinition] = null };
        var frontier = new List<IMethodSymbol> { start.OriginalDefinition };
        for (var hop = 0; hop < maxHops && frontier.Count > 0; hop++)
        {
            var next = new List<IMethodSymbol>();
            foreach (var method in frontier)
            {
                foreach (var neighbour in neighboursOf(method).Where(neighbour => !cameFrom.ContainsKey(neighbour)))
                {
                    cameFrom[neighbour] = method;
                    if (isTarget(neighbour))
                    {
                        return Unwind(neighbour, cameFrom);
                    }

                    next.Add(neighbour);
                }
            }

            frontier = next;
        }

        return ImmutableArray<IMethodSymbol>.Empty;
    }

    private static ImmutableArray<IMethodSymbol> Unwind(IMethodSymbol target, Dictionary<IMethodSymbol, IMethodSymbol?> cameFrom)
    {
        var path = ImmutableArray.CreateBuilder<IMethodSymbol>();
        for (var method = target; cameFrom[method] is { } previous; method = previous)
        {
            path.Add(method);
        }

        path.Reverse();
        return path.ToImmutable();
    }

    /// <summary>
    /// Binds the invocations named like the method in the files whose text names it, and keeps those that call it,
    /// with the member each is made in.
    /// </summary>
    private ImmutableArray<(SyntaxNode Call, IMethodSymbol Caller)> FindCallsInto(IMethodSymbol method, CancellationToken cancellationToken)
    {
        if (!IsDeclaredHere(method))
        {
            return ImmutableArray<(SyntaxNode, IMethodSymbol)>.Empty;
        }

        var sites = ImmutableArray.CreateBuilder<(SyntaxNode, IMethodSymbol)>();
        foreach (var tree in compilation.SyntaxTrees.OrderBy(tree => tree.FilePath, StringComparer.Ordinal))
        {
            if (!spells(tree, method.Name))
            {
                continue;
            }

            var model = ModelOf(tree);
            foreach (var call in tree.GetRoot(cancellationToken).DescendantNodes().OfType<InvocationExpressionSyntax>().Where(call => CalledName(call) == method.Name))
            {
                if (model.GetOperation(call, cancellationToken) is IInvocationOperation invocation
                    && SymbolEqualityComparer.Default.Equals(invocation.TargetMethod.OriginalDefinition, method)
                    && MemberMaking(model.GetEnclosingSymbol(call.SpanStart, cancellationToken)) is { } caller)
                {
                    sites.Add((call, caller.OriginalDefinition));
                }
            }
        }

        return sites.ToImmutable();
    }

    private ImmutableArray<IOperation> FindConstructions(INamedTypeSymbol type, CancellationToken cancellationToken)
    {
        if (!SymbolEqualityComparer.Default.Equals(type.ContainingAssembly, compilation.Assembly))
        {
            return ImmutableArray<IOperation>.Empty;
        }

        var found = ImmutableArray.CreateBuilder<IOperation>();
        foreach (var tree in compilation.SyntaxTrees.OrderBy(tree => tree.FilePath, StringComparer.Ordinal))
        {
            if (!spells(tree, type.Name))
            {
                continue;
            }

            var model = ModelOf(tree);
            foreach (var node in tree.GetRoot(cancellationToken).DescendantNodes().OfType<BaseObjectCreationExpressionSyntax>())
            {
                if ((node is not ObjectCreationExpressionSyntax { Type: var named } || NameOf(named) == type.Name)
                    && model.GetOperation(node, cancellationToken) is { } creation
                    && SymbolEqualityComparer.Default.Equals(model.GetTypeInfo(node, cancellationToken).Type?.OriginalDefinition, type))
                {
                    found.Add(creation);
                }
            }
        }

        return found.ToImmutable();
    }

    /// <summary>The name a type's syntax ends with: <c>Pool</c> in <c>Pool&lt;K, V&gt;</c> and in <c>Caching.Pool</c>.</summary>
    private static string? NameOf(TypeSyntax type) => type switch
    {
        SimpleNameSyntax name => name.Identifier.ValueText,
        QualifiedNameSyntax qualified => qualified.Right.Identifier.ValueText,
        AliasQualifiedNameSyntax aliased => aliased.Name.Identifier.ValueText,
        _ => null,
    };

    /// <summary>The methods declared here that the method's body calls, lambdas and local functions included.</summary>
    private ImmutableArray<IMethodSymbol> CalleesOf(IMethodSymbol method, CancellationToken cancellationToken) =>
        callees.GetOrAdd(method, caller => caller.DeclaringSyntaxReferences
            .Select(reference => reference.GetSyntax(cancellationToken))
            .SelectMany(body => ModelOf(body.SyntaxTree).GetOperation(body, cancellationToken)?.Descendants() ?? Enumerable.Empty<IOperation>())
            .OfType<IInvocationOperation>()
            .Select(invocation => invocation.TargetMethod.OriginalDefinition)
            .Where(IsDeclaredHere)
            .Distinct<IMethodSymbol>(SymbolEqualityComparer.Default)
            .ToImmutableArray());

    /// <summary>Once, at the first walk down the calls: which source methods implement or override which members.</summary>
    private Dictionary<IMethodSymbol, List<IMethodSymbol>> IndexImplementations()
    {
        var index = new Dictionary<IMethodSymbol, List<IMethodSymbol>>(SymbolEqualityComparer.Default);
        foreach (var method in TypesOf(compilation.Assembly.GlobalNamespace).SelectMany(type => type.GetMembers()).OfType<IMethodSymbol>())
        {
            foreach (var member in MembersLeadingTo(method))
            {
                if (!index.TryGetValue(member, out var list))
                {
                    index[member] = list = new List<IMethodSymbol>();
                }

                list.Add(method);
            }
        }

        return index;
    }

    private static IEnumerable<INamedTypeSymbol> TypesOf(INamespaceOrTypeSymbol container) =>
        container.GetMembers().OfType<INamespaceOrTypeSymbol>().SelectMany(member => member is INamedTypeSymbol type ? TypesOf(type).Prepend(type) : TypesOf(member));

    /// <summary>The method an invocation's syntax names: <c>M()</c>, <c>x.M()</c>, <c>x?.M()</c>, <c>M&lt;T&gt;()</c>.</summary>
    internal static string? CalledName(InvocationExpressionSyntax call) => call.Expression switch
    {
        SimpleNameSyntax name => name.Identifier.ValueText,
        MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText,
        MemberBindingExpressionSyntax binding => binding.Name.Identifier.ValueText,
        _ => null,
    };

    /// <summary>The member a call is made in: the method around its lambdas and local functions.</summary>
    private static IMethodSymbol? MemberMaking(ISymbol? enclosing)
    {
        while (enclosing is IMethodSymbol { MethodKind: MethodKind.AnonymousFunction or MethodKind.LocalFunction })
        {
            enclosing = enclosing.ContainingSymbol;
        }

        return enclosing as IMethodSymbol;
    }

#pragma warning disable RS1030 // Only the files a walk visits are read, at compilation end; the driver caches each file's model for the compilation.
    private SemanticModel ModelOf(SyntaxTree tree) => compilation.GetSemanticModel(tree);
#pragma warning restore RS1030
}
