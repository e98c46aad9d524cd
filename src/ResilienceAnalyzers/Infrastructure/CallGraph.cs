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
/// only notes who calls what, where, keyed by the call's syntax: a recording is the same whichever rule makes it, so the
/// rules share one graph, the first rule to record a call pays for it and the others find it recorded, and each rule's
/// own recordings make the graph complete by the time that rule's compilation-end action reads it. The graph is indexed
/// once, at the first walk, which only compilation-end actions make; everything else is worked out when a walk asks, for
/// the methods it visits. A call through an interface or a virtual method also
/// reaches the implementations and overrides the compilation declares, so a retry behind <c>IOrdersClient</c> is found
/// in <c>OrdersClient</c>. Calls made inside a lambda count as calls of the method that declares it.
/// </summary>
internal sealed class CallGraph
{
    /// <summary>How many calls deep a walk goes: far enough for a controller → service → client chain, cheap enough to stay precise.</summary>
    internal const int MaxHops = 3;

    private readonly IAssemblySymbol assembly;

    /// <summary>Every recorded call, by its syntax (compared by reference, so a second recording costs one lookup).</summary>
    private readonly ConcurrentDictionary<SyntaxNode, (IMethodSymbol Caller, IMethodSymbol Callee)> recorded = new();
    private readonly Lazy<Index> index;

    internal CallGraph(Compilation compilation)
    {
        assembly = compilation.Assembly;
        index = new Lazy<Index>(() => new Index(recorded, IsDeclaredHere), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>Records a call made by <paramref name="caller"/>.</summary>
    internal void Record(IInvocationOperation call, ISymbol caller)
    {
        if (caller is IMethodSymbol from && !recorded.ContainsKey(call.Syntax))
        {
            recorded.TryAdd(call.Syntax, (from.OriginalDefinition, call.TargetMethod.OriginalDefinition));
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
        var graph = index.Value;
        return ShortestPath(start, isTarget, graph.CalleesOf, MaxHops);
    }

    /// <summary>The calls into the method, in source order, each with the method that makes it. Call at compilation end.</summary>
    internal IEnumerable<(SyntaxNode Call, IMethodSymbol Caller)> CallsInto(IMethodSymbol method) => index.Value.CallsInto(method.OriginalDefinition);

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
    /// The recorded calls indexed for walks: what each method calls (once per call site: a walk skips what it has seen),
    /// where each method declared here is called from, and
    /// which methods that make calls implement or override which members.
    /// </summary>
    private sealed class Index
    {
        private readonly Dictionary<IMethodSymbol, List<IMethodSymbol>> callees = new(SymbolEqualityComparer.Default);
        private readonly Dictionary<IMethodSymbol, List<(SyntaxNode Call, IMethodSymbol Caller)>> callSites = new(SymbolEqualityComparer.Default);
        private readonly Dictionary<IMethodSymbol, List<IMethodSymbol>> implementations = new(SymbolEqualityComparer.Default);

        internal Index(IEnumerable<KeyValuePair<SyntaxNode, (IMethodSymbol Caller, IMethodSymbol Callee)>> calls, Func<IMethodSymbol, bool> isDeclaredHere)
        {
            var callers = new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default);
            foreach (var call in calls)
            {
                var (caller, callee) = call.Value;
                callers.Add(caller);
                if (isDeclaredHere(callee))
                {
                    Add(callees, caller, callee);
                    Add(callSites, callee, (call.Key, caller));
                }
            }

            foreach (var sites in callSites.Values)
            {
                sites.Sort((x, y) => string.CompareOrdinal(x.Call.SyntaxTree.FilePath, y.Call.SyntaxTree.FilePath) is var byFile and not 0 ? byFile : x.Call.SpanStart.CompareTo(y.Call.SpanStart));
            }

            foreach (var method in callers)
            {
                foreach (var member in MembersLeadingTo(method))
                {
                    Add(implementations, member, method);
                }
            }
        }

        /// <summary>What the method calls, and the implementations and overrides a call to it may run.</summary>
        internal IEnumerable<IMethodSymbol> CalleesOf(IMethodSymbol method) =>
            (callees.TryGetValue(method, out var called) ? called : Enumerable.Empty<IMethodSymbol>())
                .Concat(implementations.TryGetValue(method, out var overriding) ? overriding : Enumerable.Empty<IMethodSymbol>());

        internal IEnumerable<(SyntaxNode Call, IMethodSymbol Caller)> CallsInto(IMethodSymbol method) =>
            callSites.TryGetValue(method, out var sites) ? sites : Enumerable.Empty<(SyntaxNode, IMethodSymbol)>();

        private static void Add<TValue, TCollection>(Dictionary<IMethodSymbol, TCollection> index, IMethodSymbol key, TValue value)
            where TCollection : ICollection<TValue>, new()
        {
            if (!index.TryGetValue(key, out var values))
            {
                index[key] = values = new TCollection();
            }

            values.Add(value);
        }
    }
}
