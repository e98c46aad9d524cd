using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using ResilienceAnalyzers.Infrastructure;

namespace ResilienceAnalyzers.RequestPaths;

/// <summary>
/// Reports what a rule finds only when it runs per request: live when the operation's own method is a request path,
/// at compilation end when a request path calls that method (<see cref="RequestPathReach"/>). The request path is the
/// last argument of both messages. Operations that are deferred or cached are not reported.
/// </summary>
internal sealed class RequestPathFindings
{
    private readonly RequestPathModel model;
    private readonly RequestPathReach reach;
    private readonly DiagnosticDescriptor live;
    private readonly DiagnosticDescriptor acrossMethods;
    private readonly ConcurrentBag<Candidate> candidates = new();

    /// <summary>Registers the compilation-end report on <paramref name="context"/>.</summary>
    internal RequestPathFindings(RuleContext context, DiagnosticDescriptor live, DiagnosticDescriptor acrossMethods)
    {
        var facts = context.Facts;
        model = facts.RequestPaths;
        reach = facts.RequestPathReach;
        this.live = live;
        this.acrossMethods = acrossMethods;
        context.RegisterCompilationEndAction(ReportReachedCandidates);
    }

    /// <summary>Reports the finding if <paramref name="operation"/> runs on a request path, now or at compilation end.</summary>
    internal void Report(OperationAnalysisContext context, IOperation operation, Location location, params string[] arguments) =>
        Report(context, operation, location, properties: null, arguments);

    /// <summary>Reports the finding, with diagnostic properties for a code fix, if <paramref name="operation"/> runs on a request path.</summary>
    internal void Report(OperationAnalysisContext context, IOperation operation, Location location, ImmutableDictionary<string, string?>? properties, params string[] arguments) =>
        Report(context, operation, location, properties, subject: null, arguments);

    /// <summary>
    /// Reports the finding unless <paramref name="subject"/>, the value the finding is about, is one the request
    /// supplies — read from the request here, or a parameter every caller fills with request data.
    /// </summary>
    internal void ReportUnlessRequestSupplies(OperationAnalysisContext context, IOperation operation, IOperation subject, Location location, params string[] arguments)
    {
        if (!model.IsSuppliedByRequest(subject, context.ContainingSymbol))
        {
            Report(context, operation, location, properties: null, subject.WalkDownConversions() is IParameterReferenceOperation { Parameter: var parameter } ? parameter : null, arguments);
        }
    }

    private void Report(OperationAnalysisContext context, IOperation operation, Location location, ImmutableDictionary<string, string?>? properties, IParameterSymbol? subject, string[] arguments)
    {
        if (model.IsDeferredOrCached(operation))
        {
            return;
        }

        if (model.DescribeRequestPath(operation, context.ContainingSymbol) is { } requestPath)
        {
            context.ReportDiagnostic(Diagnostic.Create(live, location, properties, arguments.Concat(new[] { requestPath }).ToArray<object>()));
        }
        else if (context.ContainingSymbol is IMethodSymbol method)
        {
            candidates.Add(new Candidate(location, arguments, method, subject));
        }
    }

    private void ReportReachedCandidates(CompilationAnalysisContext context)
    {
        foreach (var candidate in candidates)
        {
            // Whether a request path reaches the method is judged first: it binds only the calls on a chain that does.
            if (reach.DescribeReach(candidate.Method, context.CancellationToken) is { } requestPath
                && !(candidate.Subject is { } subject && reach.EveryCallerPassesRequestData(candidate.Method, subject, context.CancellationToken)))
            {
                context.ReportDiagnostic(Diagnostic.Create(acrossMethods, candidate.Location, candidate.Arguments.Concat(new[] { requestPath }).ToArray<object>()));
            }
        }
    }

    /// <summary>A finding in a method that is not itself a request path: reported if a request path calls it.</summary>
    private sealed class Candidate
    {
        internal Candidate(Location location, string[] arguments, IMethodSymbol method, IParameterSymbol? subject)
        {
            Location = location;
            Arguments = arguments;
            Method = method;
            Subject = subject;
        }

        internal Location Location { get; }

        internal string[] Arguments { get; }

        internal IMethodSymbol Method { get; }

        /// <summary>The parameter the finding is about, when it is one: the finding is dropped if every caller fills it with request data.</summary>
        internal IParameterSymbol? Subject { get; }
    }
}
