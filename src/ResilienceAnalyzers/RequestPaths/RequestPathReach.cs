using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using ResilienceAnalyzers.Infrastructure;

namespace ResilienceAnalyzers.RequestPaths;

/// <summary>
/// The request-path model followed into the methods of the compilation: a method runs per request when an entry point
/// of <see cref="RequestPathModel"/> calls it, directly or through up to <see cref="CallGraph.MaxHops"/> calls in all.
/// Calls that are deferred or cached (<see cref="RequestPathModel.IsDeferredOrCached"/>) do not count. Asked at
/// compilation end, and only for the methods a rule found something in: it walks back from such a method along the
/// invocations that name it (<see cref="CallGraph.CallsNaming"/>), judged first from their syntax and their caller's
/// declaration, and binds a call only on a chain that ends in a request path — binding the member that makes a call
/// is most of a walk's cost, and most chains end nowhere. Each call is judged once for every rule.
/// </summary>
internal sealed class RequestPathReach
{
    private readonly RequestPathModel model;
    private readonly CallGraph calls;
    private readonly ConcurrentDictionary<SyntaxNode, CallOnPath> judged = new();

    internal RequestPathReach(RequestPathModel model, CallGraph calls)
    {
        this.model = model;
        this.calls = calls;
    }

    /// <summary>
    /// Describes how a request path reaches the method — "OrdersRepository.Build, which the controller action
    /// OrdersController.Get calls through OrdersService.Load" — or returns null when none does; call at compilation end.
    /// </summary>
    internal string? DescribeReach(IMethodSymbol method, CancellationToken cancellationToken)
    {
        method = method.OriginalDefinition;
        if (RequestPathCalling(method, cancellationToken) is { } direct)
        {
            return $"{Name(method)}, which {direct} calls";
        }

        for (var length = 1; length < CallGraph.MaxHops; length++)
        {
            var chain = new List<IMethodSymbol>(length + 1) { method };
            if (FindCallers(chain, length, cancellationToken))
            {
                return $"{Name(method)}, which {RequestPathCalling(chain[chain.Count - 1], cancellationToken)} calls through {string.Join(" → ", chain.Skip(1).Reverse().Select(Name))}";
            }
        }

        return null;
    }

    /// <summary>
    /// True when the method has callers and every one passes, for <paramref name="parameter"/>, a value the request
    /// supplies (<see cref="RequestPathModel.IsSuppliedByRequest"/>); call at compilation end.
    /// </summary>
    internal bool EveryCallerPassesRequestData(IMethodSymbol method, IParameterSymbol parameter, CancellationToken cancellationToken)
    {
        var sites = calls.CallsInto(method, cancellationToken);
        return sites.Length > 0 && sites.All(site =>
            calls.InvocationAt(site, cancellationToken) is { } invocation
            && invocation.Arguments.FirstOrDefault(a => a.Parameter?.Ordinal == parameter.Ordinal) is { } argument
            && model.IsSuppliedByRequest(argument.Value, site.Caller));
    }

    /// <summary>
    /// Extends the chain — a method and the callers that lead to it, nearest first — by <paramref name="length"/>
    /// callers ending in one a request path calls; true when it found one. The chains are tried in the order of the
    /// calls, so the first found is the first a breadth-first walk would find; only a chain whose last caller a request
    /// path calls is bound, to confirm each of its calls.
    /// </summary>
    private bool FindCallers(List<IMethodSymbol> chain, int length, CancellationToken cancellationToken)
    {
        foreach (var caller in MayBeCalledFrom(chain[chain.Count - 1], cancellationToken))
        {
            if (chain.Contains(caller, SymbolEqualityComparer.Default))
            {
                continue;
            }

            chain.Add(caller);
            if (length == 1
                    ? RequestPathCalling(caller, cancellationToken) is not null && LeadsAlong(chain, cancellationToken)
                    : FindCallers(chain, length - 1, cancellationToken))
            {
                return true;
            }

            chain.RemoveAt(chain.Count - 1);
        }

        return false;
    }

    /// <summary>
    /// The members whose runs may run the method, from the text: those that name it in a call outside a lambda or a
    /// local function (which defer the call) with a number of arguments it takes, and the members it implements or
    /// overrides.
    /// </summary>
    private IEnumerable<IMethodSymbol> MayBeCalledFrom(IMethodSymbol method, CancellationToken cancellationToken) =>
        calls.CallsNaming(method, cancellationToken)
            .Where(site => EnclosingFunction(site.Call) is null && site.MayPassArgumentsTo(method))
            .Select(site => site.Caller)
            .Concat(CallGraph.MembersLeadingTo(method))
            .Distinct<IMethodSymbol>(SymbolEqualityComparer.Default);

    /// <summary>True when each caller of the chain runs the method before it: it implements that member, or a call it makes into that method leads there.</summary>
    private bool LeadsAlong(List<IMethodSymbol> chain, CancellationToken cancellationToken) =>
        Enumerable.Range(1, chain.Count - 1).All(index => Runs(chain[index], chain[index - 1], cancellationToken));

    private bool Runs(IMethodSymbol caller, IMethodSymbol callee, CancellationToken cancellationToken) =>
        CallGraph.MembersLeadingTo(callee).Contains(caller, SymbolEqualityComparer.Default)
        || calls.CallsNaming(callee, cancellationToken).Any(site =>
            SymbolEqualityComparer.Default.Equals(site.Caller, caller)
            && calls.Calls(site, callee, cancellationToken)
            && Judge(site, cancellationToken).LeadsHere);

    /// <summary>The first request path, in source order, that calls the method; null when none does.</summary>
    private string? RequestPathCalling(IMethodSymbol method, CancellationToken cancellationToken) =>
        calls.CallsNaming(method, cancellationToken)
            .Where(site => MayBeOnRequestPath(site) && calls.Calls(site, method, cancellationToken))
            .Select(site => Judge(site, cancellationToken).RequestPath)
            .FirstOrDefault(path => path is not null);

    /// <summary>
    /// True when the call may be made on a request path, from its syntax and its caller's declaration: in a lambda
    /// that may be a minimal-API handler, or, outside any lambda or local function, in an entry point of the model.
    /// </summary>
    private bool MayBeOnRequestPath(NamedCall site) => EnclosingFunction(site.Call) switch
    {
        null => model.MayBeRequestPath(site.Caller),
        AnonymousFunctionExpressionSyntax lambda => model.MayBeMinimalApiHandler(lambda),
        _ => false,
    };

    /// <summary>The lambda or local function the call is made in, nearest first; null when it is made in its member's own body.</summary>
    private static SyntaxNode? EnclosingFunction(SyntaxNode call) =>
        call.Ancestors().TakeWhile(node => node is not MemberDeclarationSyntax).FirstOrDefault(node => node is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax);

    private CallOnPath Judge(NamedCall site, CancellationToken cancellationToken) =>
        judged.GetOrAdd(site.Call, _ =>
        {
            if (calls.InvocationAt(site, cancellationToken) is not { } invocation || model.IsDeferredOrCached(invocation))
            {
                return CallOnPath.Deferred;
            }

            return new CallOnPath(leadsHere: !invocation.IsInsideFunction(), model.DescribeRequestPath(invocation, site.Caller));
        });

    private static string Name(IMethodSymbol method) => $"{method.ContainingType.Name}.{method.Name}";

    /// <summary>What one call means for the walk: whether its caller's runs lead into the callee, and the request path it is made on.</summary>
    private sealed class CallOnPath
    {
        internal static readonly CallOnPath Deferred = new(leadsHere: false, requestPath: null);

        internal CallOnPath(bool leadsHere, string? requestPath)
        {
            LeadsHere = leadsHere;
            RequestPath = requestPath;
        }

        internal bool LeadsHere { get; }

        internal string? RequestPath { get; }
    }
}
