using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace ResilienceAnalyzers.Infrastructure;

/// <summary>
/// The calls between the methods of one compilation, shared by every rule that follows calls
/// (<see cref="CompilationFacts.Calls"/>), and worked out only when a walk asks, for the methods it visits: nothing is
/// recorded while the compilation is analyzed, so a compilation in which no rule finds anything to follow pays nothing.
/// The invocations that may call a method are found where the files' text spells its name, each with the member that
/// makes it, read from declarations; one is bound, to tell whether it calls the method, only when a walk needs to know.
/// The calls a method makes are read from its bound body. A call through an interface or a virtual method also reaches
/// the implementations and overrides the compilation declares, so a retry behind <c>IOrdersClient</c> is found in
/// <c>OrdersClient</c>. Calls made inside a lambda or a local function count as calls of the method that declares it.
/// Each answer is kept for the other rules that ask. Asked at compilation end, when the driver has let go of the models
/// it analyzed each file with: a member a walk reads is bound again, which is why a walk binds only what it must.
/// </summary>
internal sealed class CallGraph
{
    /// <summary>How many calls deep a walk goes: far enough for a controller → service → client chain, cheap enough to stay precise.</summary>
    internal const int MaxHops = 3;

    private readonly Compilation compilation;
    private readonly CompilationFacts facts;
    private readonly ConcurrentDictionary<string, ImmutableArray<NamedCall>> callsNaming = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<IMethodSymbol, ImmutableArray<NamedCall>> callsInto = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentDictionary<IMethodSymbol, ImmutableArray<IMethodSymbol>> callees = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentDictionary<INamedTypeSymbol, ImmutableArray<IOperation>> constructions = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentDictionary<IMethodSymbol, ImmutableArray<IMethodSymbol>> implementations = new(SymbolEqualityComparer.Default);

    internal CallGraph(Compilation compilation, CompilationFacts facts)
    {
        this.compilation = compilation;
        this.facts = facts;
    }

    /// <summary>True when the method is declared in this compilation, so calls to it can be followed.</summary>
    internal bool IsDeclaredHere(IMethodSymbol method) => SymbolEqualityComparer.Default.Equals(method.ContainingAssembly, compilation.Assembly);

    /// <summary>A walk down the calls toward <paramref name="targets"/>, the only methods its walks may end at.</summary>
    internal CalleeWalk WalkTowards(IEnumerable<IMethodSymbol> targets) => new(facts, targets.Select(NameCallsSpell));

    /// <summary>
    /// The shortest chain of calls from <paramref name="start"/> (excluded) to a method of the walk's targets for which
    /// <paramref name="isTarget"/> holds, at most <see cref="MaxHops"/> calls long, ending with that method; empty when
    /// there is none. Beyond the start, only the methods that may still lead to a target in the hops left are bound to
    /// read their calls (<see cref="CalleeWalk"/>): binding a body is most of a walk's cost. The start's calls are read
    /// whatever it spells: telling whether it may lead to a target in every hop would take the names of the methods
    /// two calls away from one, which means a search of the files for each name one call away — more than binding the
    /// one method a walk starts from (on bitwarden/server, about 3 ms for its one walk).
    /// </summary>
    internal ImmutableArray<IMethodSymbol> CalleePathFrom(IMethodSymbol start, CalleeWalk walk, Func<IMethodSymbol, bool> isTarget, CancellationToken cancellationToken) =>
        ShortestPath(
            start,
            isTarget,
            (method, hopsLeft) => (hopsLeft == MaxHops || walk.MayLeadToATarget(method, hopsLeft, cancellationToken) ? CalleesOf(method, cancellationToken) : ImmutableArray<IMethodSymbol>.Empty)
                .Concat(hopsLeft == MaxHops || walk.MayBeImplementedByATarget(method, hopsLeft, cancellationToken) ? ImplementationsOf(method, cancellationToken) : ImmutableArray<IMethodSymbol>.Empty),
            MaxHops);

    /// <summary>
    /// The source methods that implement or override an interface's or a class's member, found among the methods
    /// declared with its name in the files that spell it; empty for a member nothing can implement or override.
    /// </summary>
    internal ImmutableArray<IMethodSymbol> ImplementationsOf(IMethodSymbol member, CancellationToken cancellationToken) =>
        member.IsAbstract || member.IsVirtual || member.IsOverride
            ? implementations.GetOrAdd(member.OriginalDefinition, definition => FindImplementations(definition, cancellationToken))
            : ImmutableArray<IMethodSymbol>.Empty;

    /// <summary>The name a call of the method spells: an explicit implementation's (<c>IOrders.Get</c>) is its interface member's.</summary>
    internal static string NameCallsSpell(IMethodSymbol method) =>
        method.Name.LastIndexOf('.') is var dot and >= 0 ? method.Name.Substring(dot + 1) : method.Name;

    private ImmutableArray<IMethodSymbol> FindImplementations(IMethodSymbol member, CancellationToken cancellationToken) =>
        facts.FilesSpelling(member.Name)
            .SelectMany(tree => MethodDeclarations(tree, cancellationToken)
                .Where(declaration => declaration.Identifier.ValueText == member.Name)
                .Select(declaration => ModelOf(tree).GetDeclaredSymbol(declaration, cancellationToken)))
            .OfType<IMethodSymbol>()
            .Where(method => MembersLeadingTo(method).Contains(member, SymbolEqualityComparer.Default))
            .ToImmutableArray();

    /// <summary>The methods declared in the file's types, read from its declarations without descending into any body.</summary>
    internal static IEnumerable<MethodDeclarationSyntax> MethodDeclarations(SyntaxTree tree, CancellationToken cancellationToken) =>
        Declarations(tree, cancellationToken).OfType<MethodDeclarationSyntax>();

    /// <summary>The file's namespaces, types and the members of its types, in source order, without descending into any member.</summary>
    internal static IEnumerable<SyntaxNode> Declarations(SyntaxTree tree, CancellationToken cancellationToken) =>
        tree.GetRoot(cancellationToken).DescendantNodes(node => node is CompilationUnitSyntax or BaseNamespaceDeclarationSyntax or TypeDeclarationSyntax);

    /// <summary>The calls into the method, in source order, each with the method that makes it.</summary>
    internal ImmutableArray<NamedCall> CallsInto(IMethodSymbol method, CancellationToken cancellationToken) =>
        callsInto.GetOrAdd(method.OriginalDefinition, target => CallsNaming(target, cancellationToken).Where(site => Calls(site, target, cancellationToken)).ToImmutableArray());

    /// <summary>
    /// The invocations that spell the method's name, in source order, each with the member it is made in: the calls
    /// into the method are among them. Found in the text and read from declarations, without binding any body; a walk
    /// binds one (<see cref="Calls"/>) only where its caller matters.
    /// </summary>
    internal ImmutableArray<NamedCall> CallsNaming(IMethodSymbol method, CancellationToken cancellationToken) =>
        IsDeclaredHere(method)
            ? callsNaming.GetOrAdd(method.Name, name => FindCallsNaming(name, cancellationToken))
            : ImmutableArray<NamedCall>.Empty;

    /// <summary>True when the invocation calls the method; binds the member that makes it, unless its arguments rule the method out.</summary>
    internal bool Calls(NamedCall site, IMethodSymbol method, CancellationToken cancellationToken) =>
        site.MayPassArgumentsTo(method)
        && InvocationAt(site, cancellationToken) is { } invocation
        && SymbolEqualityComparer.Default.Equals(invocation.TargetMethod.OriginalDefinition, method.OriginalDefinition);

    /// <summary>The bound invocation at a call site; binds the member that makes it, once for every rule that asks.</summary>
    internal IInvocationOperation? InvocationAt(NamedCall site, CancellationToken cancellationToken) =>
        ModelOf(site.Call.SyntaxTree).GetOperation(site.Call, cancellationToken) as IInvocationOperation;

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
        foreach (var tree in facts.FilesSpelling(method.Name))
        {
            var model = ModelOf(tree);
            if (facts.SimpleNamesWithin(tree.GetRoot(cancellationToken), method.Name).Any(name => model.Names(name, method, cancellationToken)))
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

    /// <summary>
    /// The shortest chain from <paramref name="start"/> (excluded) to a target, at most <paramref name="maxHops"/> long;
    /// <paramref name="neighboursOf"/> is told how many hops the walk has left from the method it is asked about.
    /// </summary>
    internal static ImmutableArray<IMethodSymbol> ShortestPath(
        IMethodSymbol start,
        Func<IMethodSymbol, bool> isTarget,
        Func<IMethodSymbol, int, IEnumerable<IMethodSymbol>> neighboursOf,
        int maxHops)
    {
        var cameFrom = new Dictionary<IMethodSymbol, IMethodSymbol?>(SymbolEqualityComparer.Default) { [start.OriginalDefinition] = null };
        var frontier = new List<IMethodSymbol> { start.OriginalDefinition };
        for (var hop = 0; hop < maxHops && frontier.Count > 0; hop++)
        {
            var next = new List<IMethodSymbol>();
            foreach (var method in frontier)
            {
                foreach (var neighbour in neighboursOf(method, maxHops - hop).Where(neighbour => !cameFrom.ContainsKey(neighbour)))
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

    private ImmutableArray<NamedCall> FindCallsNaming(string name, CancellationToken cancellationToken)
    {
        var sites = ImmutableArray.CreateBuilder<NamedCall>();
        foreach (var tree in InPathOrder(facts.FilesSpelling(name)))
        {
            foreach (var call in facts.CallsSpelled(tree, name))
            {
                // A call in a field's or property's initializer is made by no method.
                if (ModelOf(tree).ContainingMember(call, cancellationToken) is IMethodSymbol caller)
                {
                    sites.Add(new NamedCall(call, caller.OriginalDefinition));
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
        foreach (var tree in InPathOrder(facts.FilesSpelling(type.Name)))
        {
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

    private static IEnumerable<SyntaxTree> InPathOrder(IEnumerable<SyntaxTree> trees) => trees.OrderBy(tree => tree.FilePath, StringComparer.Ordinal);

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

    /// <summary>The method an invocation's syntax names: <c>M()</c>, <c>x.M()</c>, <c>x?.M()</c>, <c>M&lt;T&gt;()</c>.</summary>
    internal static string? CalledName(InvocationExpressionSyntax call) => call.Expression switch
    {
        SimpleNameSyntax name => name.Identifier.ValueText,
        MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText,
        MemberBindingExpressionSyntax binding => binding.Name.Identifier.ValueText,
        _ => null,
    };

    private SemanticModel ModelOf(SyntaxTree tree) => facts.ModelOf(tree);
}

/// <summary>An invocation that spells a method's name, with the member it is made in (<see cref="CallGraph.CallsNaming"/>).</summary>
internal sealed class NamedCall
{
    internal NamedCall(InvocationExpressionSyntax call, IMethodSymbol caller)
    {
        Call = call;
        Caller = caller;
    }

    internal InvocationExpressionSyntax Call { get; }

    internal IMethodSymbol Caller { get; }

    /// <summary>
    /// False when the number of arguments rules the method out, read from the syntax: fewer than its required
    /// parameters, or more than it takes. An extension method may be called with its receiver outside the arguments.
    /// A name many methods share (<c>ExecuteAsync</c>) is called from many places; a call that cannot be to this
    /// method is not bound to find that out.
    /// </summary>
    internal bool MayPassArgumentsTo(IMethodSymbol method)
    {
        if (method.IsVararg)
        {
            return true;
        }

        var parameters = method.Parameters;
        var required = parameters.Count(parameter => !parameter.IsOptional && !parameter.IsParams);
        var most = parameters.Length > 0 && parameters[parameters.Length - 1].IsParams ? int.MaxValue : parameters.Length;
        var passed = Call.ArgumentList.Arguments.Count;
        return passed <= most && passed >= (method.IsExtensionMethod ? required - 1 : required);
    }
}

/// <summary>
/// A walk down the calls toward a known set of methods (<see cref="CallGraph.WalkTowards"/>). A method reaches a target
/// only through calls, and a call spells the name of the method it calls — an interface's or a base's member is named
/// like the implementations it leads to. So a method with one hop left leads to a target only if its code spells a
/// target's name, one with two hops left only if it spells that or the name of a method whose text does, and so on.
/// Other methods are not bound: their calls could not lead to a target in the hops left. The methods that spell a name
/// are found where the files spell it, and a method's own names are read from its tokens, far more cheaply than
/// binding it.
/// </summary>
internal sealed class CalleeWalk
{
    private readonly CompilationFacts facts;

    // Index k: the names of the methods from which a target is at most k calls away (index 0: the targets' own), found
    // when a walk first needs them. The start of a walk, the one method with all the hops left, is not asked about.
    private readonly HashSet<string>?[] namesWithin = new HashSet<string>[CallGraph.MaxHops - 1];
    private readonly Dictionary<SyntaxNode, HashSet<string>> namesSpelledBy = new();
    private readonly Dictionary<SyntaxTree, MethodDeclarationSyntax[]> methodsOf = new();

    internal CalleeWalk(CompilationFacts facts, IEnumerable<string> targetNames)
    {
        this.facts = facts;
        namesWithin[0] = new HashSet<string>(targetNames, StringComparer.Ordinal);
    }

    /// <summary>True when the method's code spells the name of a method from which a target is fewer calls away than the hops left.</summary>
    internal bool MayLeadToATarget(IMethodSymbol method, int hopsLeft, CancellationToken cancellationToken)
    {
        var names = NamesWithin(hopsLeft - 1, cancellationToken);
        return method.DeclaringSyntaxReferences.Any(reference => names.Overlaps(NamesSpelledBy(reference.GetSyntax(cancellationToken))));
    }

    /// <summary>The identifiers a declaration's tokens spell, read once for every walk that visits it.</summary>
    private HashSet<string> NamesSpelledBy(SyntaxNode declaration)
    {
        if (!namesSpelledBy.TryGetValue(declaration, out var names))
        {
            names = new HashSet<string>(
                declaration.DescendantTokens().Where(token => token.IsKind(SyntaxKind.IdentifierToken)).Select(token => token.ValueText),
                StringComparer.Ordinal);
            namesSpelledBy[declaration] = names;
        }

        return names;
    }

    /// <summary>
    /// True when a method implementing or overriding the member may be a target or lead to one in the hops left after
    /// it: such a method is named like the member.
    /// </summary>
    internal bool MayBeImplementedByATarget(IMethodSymbol member, int hopsLeft, CancellationToken cancellationToken) =>
        NamesWithin(hopsLeft - 1, cancellationToken).Contains(CallGraph.NameCallsSpell(member));

    // A walk is asked at compilation end, from one action: the names need no lock. Each name is looked for once: the
    // methods that spell a name already among the closer ones are among these names already.
    private HashSet<string> NamesWithin(int calls, CancellationToken cancellationToken)
    {
        if (namesWithin[calls] is not { } names)
        {
            var closer = NamesWithin(calls - 1, cancellationToken);
            var added = calls == 1 ? closer : closer.Except(NamesWithin(calls - 2, cancellationToken));
            names = new HashSet<string>(closer, StringComparer.Ordinal);
            foreach (var name in added.ToList())
            {
                names.UnionWith(NamesOfMethodsSpelling(name, cancellationToken));
            }

            namesWithin[calls] = names;
        }

        return names;
    }

    /// <summary>The names of the methods whose text spells the name as a whole identifier, found where the files spell it.</summary>
    private IEnumerable<string> NamesOfMethodsSpelling(string name, CancellationToken cancellationToken)
    {
        foreach (var tree in facts.FilesSpelling(name))
        {
            // A common name (Read) is spelled within longer ones (ReadAsync, Reader) by most files that contain it:
            // their declarations are read only once the name is found whole.
            MethodDeclarationSyntax[]? methods = null;
            foreach (var position in facts.PositionsOfName(tree.GetRoot(cancellationToken), name))
            {
                if (MethodAt(methods ??= MethodsOf(tree, cancellationToken), position) is { } method)
                {
                    yield return method.Identifier.ValueText;
                }
            }
        }
    }

    /// <summary>
    /// The file's methods in source order, as the walk of its declarations yields them: their spans never overlap, so
    /// one holding a position is found by a binary search.
    /// </summary>
    private MethodDeclarationSyntax[] MethodsOf(SyntaxTree tree, CancellationToken cancellationToken)
    {
        if (!methodsOf.TryGetValue(tree, out var methods))
        {
            methods = CallGraph.MethodDeclarations(tree, cancellationToken).ToArray();
            methodsOf[tree] = methods;
        }

        return methods;
    }

    private static MethodDeclarationSyntax? MethodAt(MethodDeclarationSyntax[] methods, int position)
    {
        int low = 0, high = methods.Length - 1;
        while (low <= high)
        {
            var middle = low + ((high - low) / 2);
            if (methods[middle].SpanStart <= position)
            {
                low = middle + 1;
            }
            else
            {
                high = middle - 1;
            }
        }

        return high >= 0 && methods[high].Span.Contains(position) ? methods[high] : null;
    }
}
