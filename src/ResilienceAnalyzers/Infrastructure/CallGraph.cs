using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace ResilienceAnalyzers.Infrastructure;

/// <summary>
/// The calls between the methods of one compilation, shared by every rule that follows calls
/// (<see cref="CompilationFacts.Calls"/>). Each such rule records every invocation through <see cref="Record"/>, which
/// only notes who calls what, where: a recording is the same whichever rule makes it, so the rules share one graph and
/// each rule's own recordings make it complete by the time that rule's compilation-end action reads it. Everything else
/// is worked out when a walk asks, for the methods it visits. A call through an interface or a virtual method also
/// reaches the implementations and overrides the compilation declares, so a retry behind <c>IOrdersClient</c> is found
/// in <c>OrdersClient</c>. Calls made inside a lambda count as calls of the method that declares it.
/// </summary>
internal sealed class CallGraph
{
    /// <summary>How many calls deep a walk goes: far enough for a controller → service → client chain, cheap enough to stay precise.</summary>
    internal const int MaxHops = 3;

    private readonly IAssemblySymbol assembly;
    private readonly ConcurrentDictionary<IMethodSymbol, ConcurrentDictionary<IMethodSymbol, byte>> callees = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentDictionary<IMethodSymbol, ConcurrentDictionary<SyntaxNode, IMethodSymbol>> callSites = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentDictionary<IMethodSymbol, byte> callers = new(SymbolEqualityComparer.Default);
    private readonly Lazy<Dictionary<IMethodSymbol, List<IMethodSymbol>>> implementations;

    internal CallGraph(Compilation compilation)
    {
        assembly = compilation.Assembly;
        implementations = new Lazy<Dictionary<IMethodSymbol, List<IMethodSymbol>>>(IndexImplementations, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>Records a call made by <paramref name="caller"/>: who calls, and what and where when the callee is declared here.</summary>
    internal void Record(IInvocationOperation call, ISymbol caller)
    {
        if (caller is not IMethodSymbol from)
        {
            return;
        }

        from = from.OriginalDefinition;
        callers.TryAdd(from, 0);
        var to = call.TargetMethod.OriginalDefinition;
        if (IsDeclaredHere(to))
        {
            Edges(callees, from).TryAdd(to, 0);
            callSites.GetOrAdd(to, _ => new ConcurrentDictionary<SyntaxNode, IMethodSymbol>()).TryAdd(call.Syntax, from);
        }
    }

    /// <summary>True when the method is declared in this compilation, so calls to it can be followed.</summary>
    internal bool IsDeclaredHere(IMethodSymbol method) => SymbolEqualityComparer.Default.Equals(method.ContainingAssembly, assembly);

    /// <summary>
    /// The shortest chain of calls from <paramref name="start"/> (excluded) to a method for which
    /// <paramref name="isTarget"/> holds, at most <see cref="MaxHops"/> calls long, ending with that method; empty when
    /// there is none. Call at compilation end.
    /// </summary>
    internal ImmutableArray<IMethodSymbol> CalleePathFrom(IMethodSymbol start, Func<IMethodSymbol, bool> isTarget)
    {
        var implemented = implementations.Value;
        return ShortestPath(
            start,
            isTarget,
            method => (callees.TryGetValue(method, out var called) ? called.Keys : Enumerable.Empty<IMethodSymbol>())
                .Concat(implemented.TryGetValue(method, out var overriding) ? overriding : Enumerable.Empty<IMethodSymbol>()),
            MaxHops);
    }

    /// <summary>The calls into the method, in source order, each with the method that makes it.</summary>
    internal IEnumerable<(SyntaxNode Call, IMethodSymbol Caller)> CallsInto(IMethodSymbol method) =>
        callSites.TryGetValue(method.OriginalDefinition, out var sites)
            ? sites.Select(site => (site.Key, site.Value)).OrderBy(site => site.Key.SyntaxTree.FilePath, StringComparer.Ordinal).ThenBy(site => site.Key.SpanStart)
            : Enumerable.Empty<(SyntaxNode, IMethodSymbol)>();

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

    /// <summary>Once, at the first walk down the calls: which methods that make calls implement or override which members.</summary>
    private Dictionary<IMethodSymbol, List<IMethodSymbol>> IndexImplementations()
    {
        var index = new Dictionary<IMethodSymbol, List<IMethodSymbol>>(SymbolEqualityComparer.Default);
        foreach (var method in callers.Keys)
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

    private static ConcurrentDictionary<IMethodSymbol, byte> Edges(ConcurrentDictionary<IMethodSymbol, ConcurrentDictionary<IMethodSymbol, byte>> edges, IMethodSymbol method) =>
        edges.GetOrAdd(method, _ => new ConcurrentDictionary<IMethodSymbol, byte>(SymbolEqualityComparer.Default));
}
