using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using ResilienceAnalyzers.Infrastructure;

namespace ResilienceAnalyzers.RequestPaths;

/// <summary>
/// The request-path model followed into the methods of the compilation: a method runs per request when an entry point
/// of <see cref="RequestPathModel"/> calls it, directly or through up to <see cref="CallGraph.MaxHops"/> calls in all.
/// Calls that are deferred or cached (<see cref="RequestPathModel.IsDeferredOrCached"/>) do not count. Asked at
/// compilation end, and only for the methods a rule found something in: it walks back from such a method along the
/// calls into it (<see cref="CallGraph.CallsInto"/>) and judges only the calls it meets, each once for every rule.
/// </summary>
internal sealed class RequestPathReach
{
    private readonly Compilation compilation;
    private readonly RequestPathModel model;
    private readonly CallGraph calls;
    private readonly ConcurrentDictionary<SyntaxNode, CallOnPath> judged = new();

    internal RequestPathReach(Compilation compilation, RequestPathModel model, CallGraph calls)
    {
        this.compilation = compilation;
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

        var callers = CallGraph.ShortestPath(
            method,
            caller => RequestPathCalling(caller, cancellationToken) is not null,
            (callee, _) => CallersOf(callee, cancellationToken),
            CallGraph.MaxHops - 1);
        if (callers.IsEmpty)
        {
            return null;
        }

        var first = callers[callers.Length - 1];
        return $"{Name(method)}, which {RequestPathCalling(first, cancellationToken)} calls through {string.Join(" → ", callers.Reverse().Select(Name))}";
    }

    /// <summary>
    /// True when the method has callers and every one passes, for <paramref name="parameter"/>, a value the request
    /// supplies (<see cref="RequestPathModel.IsSuppliedByRequest"/>); call at compilation end.
    /// </summary>
    internal bool EveryCallerPassesRequestData(IMethodSymbol method, IParameterSymbol parameter, CancellationToken cancellationToken)
    {
        var sites = calls.CallsInto(method, cancellationToken);
        return sites.Length > 0 && sites.All(site =>
            InvocationAt(site.Call, cancellationToken) is { } invocation
            && invocation.Arguments.FirstOrDefault(a => a.Parameter?.Ordinal == parameter.Ordinal) is { } argument
            && model.IsSuppliedByRequest(argument.Value, site.Caller));
    }

    /// <summary>The first request path, in source order, that calls the method; null when none does.</summary>
    private string? RequestPathCalling(IMethodSymbol method, CancellationToken cancellationToken) =>
        calls.CallsInto(method, cancellationToken).Select(site => Judge(site.Call, site.Caller, cancellationToken).RequestPath).FirstOrDefault(path => path is not null);

    /// <summary>The methods whose calls run this one: callers that neither defer nor cache the call, and the members it implements.</summary>
    private IEnumerable<IMethodSymbol> CallersOf(IMethodSymbol method, CancellationToken cancellationToken) =>
        calls.CallsInto(method, cancellationToken)
            .Where(site => Judge(site.Call, site.Caller, cancellationToken).LeadsHere)
            .Select(site => site.Caller)
            .Concat(CallGraph.MembersLeadingTo(method));

    private CallOnPath Judge(SyntaxNode call, IMethodSymbol caller, CancellationToken cancellationToken) =>
        judged.GetOrAdd(call, node =>
        {
            if (InvocationAt(node, cancellationToken) is not { } invocation || model.IsDeferredOrCached(invocation))
            {
                return CallOnPath.Deferred;
            }

            return new CallOnPath(leadsHere: !invocation.IsInsideFunction(), model.DescribeRequestPath(invocation, caller));
        });

    /// <summary>The invocation a call site is; read only for the calls a walk or a finding meets.</summary>
    private IInvocationOperation? InvocationAt(SyntaxNode call, CancellationToken cancellationToken) =>
#pragma warning disable RS1030 // Only the call sites a walk or a finding meets are read; the driver caches each file's model for the compilation.
        compilation.GetSemanticModel(call.SyntaxTree).GetOperation(call, cancellationToken) as IInvocationOperation;
#pragma warning restore RS1030

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
