using System.Collections.Concurrent;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using ResilienceAnalyzers.Infrastructure;

namespace ResilienceAnalyzers.RequestPaths;

/// <summary>
/// The request-path model followed into the methods of the compilation: a method runs per request when an entry point
/// of <see cref="RequestPathModel"/> calls it, directly or through up to <see cref="CallGraph.MaxHops"/> calls in all.
/// Calls that are deferred or cached (<see cref="RequestPathModel.IsDeferredOrCached"/>) do not count. Gathered by an
/// invocation action, read at compilation end.
/// </summary>
internal sealed class RequestPathReach
{
    private readonly RequestPathModel model;
    private readonly CallGraph calls;
    private readonly ConcurrentDictionary<IMethodSymbol, string> calledFromRequestPaths = new(SymbolEqualityComparer.Default);

    internal RequestPathReach(Compilation compilation, RequestPathModel model)
    {
        this.model = model;
        calls = new CallGraph(compilation);
    }

    /// <summary>Records a call, and the request path it is made on, if any.</summary>
    internal void RecordCall(IInvocationOperation call, ISymbol caller)
    {
        // Calls out of the compilation lead nowhere; the graph still learns which interface members the caller implements.
        if (!calls.IsDeclaredHere(call.TargetMethod))
        {
            calls.Record(call, caller);
            return;
        }

        if (model.IsDeferredOrCached(call))
        {
            return;
        }

        if (!call.IsInsideFunction())
        {
            calls.Record(call, caller);
        }

        if (model.DescribeRequestPath(call, caller) is { } requestPath)
        {
            calledFromRequestPaths.TryAdd(call.TargetMethod.OriginalDefinition, requestPath);
        }
    }

    /// <summary>
    /// Describes how a request path reaches the method — "OrdersRepository.Build, which the controller action
    /// OrdersController.Get calls through OrdersService.Load" — or returns null when none does; call at compilation end.
    /// </summary>
    internal string? DescribeReach(IMethodSymbol method)
    {
        method = method.OriginalDefinition;
        if (calledFromRequestPaths.TryGetValue(method, out var direct))
        {
            return $"{Name(method)}, which {direct} calls";
        }

        var callers = calls.CallerPathFrom(method, calledFromRequestPaths.ContainsKey, CallGraph.MaxHops - 1);
        if (callers.IsEmpty)
        {
            return null;
        }

        var first = callers[callers.Length - 1];
        return $"{Name(method)}, which {calledFromRequestPaths[first]} calls through {string.Join(" → ", callers.Reverse().Select(Name))}";
    }

    private static string Name(IMethodSymbol method) => $"{method.ContainingType.Name}.{method.Name}";
}
