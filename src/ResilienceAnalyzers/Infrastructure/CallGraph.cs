using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace ResilienceAnalyzers.Infrastructure;

/// <summary>
/// The calls between the methods of one compilation, recorded by a rule's invocation action and walked at compilation
/// end. A call through an interface or a virtual method also reaches the implementations and overrides the compilation
/// declares, so a retry behind <c>IOrdersClient</c> is found in <c>OrdersClient</c>. Calls made inside a lambda count
/// as calls of the method that declares it.
/// </summary>
internal sealed class CallGraph
{
    /// <summary>How many calls deep a walk goes: far enough for a controller → service → client chain, cheap enough to stay precise.</summary>
    internal const int MaxHops = 3;

    private readonly IAssemblySymbol assembly;
    private readonly ConcurrentDictionary<IMethodSymbol, ConcurrentDictionary<IMethodSymbol, byte>> callees = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentDictionary<IMethodSymbol, ConcurrentDictionary<IMethodSymbol, byte>> callers = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentDictionary<IMethodSymbol, byte> declaredMembers = new(SymbolEqualityComparer.Default);

    internal CallGraph(Compilation compilation) => assembly = compilation.Assembly;

    /// <summary>Records a call made by <paramref name="caller"/>, when it calls a method of this compilation.</summary>
    internal void Record(IInvocationOperation call, ISymbol caller)
    {
        if (caller is not IMethodSymbol from)
        {
            return;
        }

        from = from.OriginalDefinition;
        RecordImplementedMembers(from);
        var to = call.TargetMethod.OriginalDefinition;
        if (IsDeclaredHere(to))
        {
            Add(from, to);
        }
    }

    /// <summary>True when the method is declared in this compilation, so calls to it can be followed.</summary>
    internal bool IsDeclaredHere(IMethodSymbol method) => SymbolEqualityComparer.Default.Equals(method.ContainingAssembly, assembly);

    /// <summary>
    /// The shortest chain of calls from <paramref name="start"/> (excluded) to a method for which
    /// <paramref name="isTarget"/> holds, at most <see cref="MaxHops"/> calls long, ending with that method; empty when
    /// there is none.
    /// </summary>
    internal ImmutableArray<IMethodSymbol> CalleePathFrom(IMethodSymbol start, Func<IMethodSymbol, bool> isTarget) =>
        ShortestPath(start, isTarget, callees, MaxHops);

    /// <summary>
    /// The shortest chain of callers of <paramref name="start"/> (excluded), nearest first, up to a method for which
    /// <paramref name="isTarget"/> holds, at most <paramref name="maxHops"/> calls long; empty when there is none.
    /// </summary>
    internal ImmutableArray<IMethodSymbol> CallerPathFrom(IMethodSymbol start, Func<IMethodSymbol, bool> isTarget, int maxHops) =>
        ShortestPath(start, isTarget, callers, maxHops);

    private static ImmutableArray<IMethodSymbol> ShortestPath(
        IMethodSymbol start,
        Func<IMethodSymbol, bool> isTarget,
        ConcurrentDictionary<IMethodSymbol, ConcurrentDictionary<IMethodSymbol, byte>> edges,
        int maxHops)
    {
        var cameFrom = new Dictionary<IMethodSymbol, IMethodSymbol?>(SymbolEqualityComparer.Default) { [start.OriginalDefinition] = null };
        var frontier = new List<IMethodSymbol> { start.OriginalDefinition };
        for (var hop = 0; hop < maxHops && frontier.Count > 0; hop++)
        {
            var next = new List<IMethodSymbol>();
            foreach (var method in frontier)
            {
                if (!edges.TryGetValue(method, out var neighbours))
                {
                    continue;
                }

                foreach (var neighbour in neighbours.Keys.Where(neighbour => !cameFrom.ContainsKey(neighbour)))
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

    /// <summary>Once per method: the interface members it implements and the method it overrides lead to it.</summary>
    private void RecordImplementedMembers(IMethodSymbol method)
    {
        if (!declaredMembers.TryAdd(method, 0))
        {
            return;
        }

        if (method.OverriddenMethod is { } overridden)
        {
            Add(overridden.OriginalDefinition, method);
        }

        foreach (var implemented in method.ExplicitInterfaceImplementations)
        {
            Add(implemented.OriginalDefinition, method);
        }

        var type = method.ContainingType;
        foreach (var member in type.AllInterfaces.SelectMany(contract => contract.GetMembers(method.Name)).OfType<IMethodSymbol>())
        {
            if (SymbolEqualityComparer.Default.Equals(type.FindImplementationForInterfaceMember(member)?.OriginalDefinition, method))
            {
                Add(member.OriginalDefinition, method);
            }
        }
    }

    private void Add(IMethodSymbol from, IMethodSymbol to)
    {
        Edges(callees, from).TryAdd(to, 0);
        Edges(callers, to).TryAdd(from, 0);
    }

    private static ConcurrentDictionary<IMethodSymbol, byte> Edges(ConcurrentDictionary<IMethodSymbol, ConcurrentDictionary<IMethodSymbol, byte>> edges, IMethodSymbol method) =>
        edges.GetOrAdd(method, _ => new ConcurrentDictionary<IMethodSymbol, byte>(SymbolEqualityComparer.Default));
}
