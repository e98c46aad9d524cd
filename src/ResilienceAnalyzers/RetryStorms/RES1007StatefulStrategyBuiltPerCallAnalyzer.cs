using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using ResilienceAnalyzers.Infrastructure;
using ResilienceAnalyzers.RequestPaths;

namespace ResilienceAnalyzers.RetryStorms;

/// <summary>
/// RES1007: a circuit breaker, rate limiter, concurrency limiter or bulkhead built on a request path — a Polly v8
/// pipeline whose builder adds one, or a Polly v7 <c>CircuitBreaker</c>, <c>AdvancedCircuitBreaker</c>,
/// <c>Bulkhead</c> or <c>RateLimit</c> policy — so its state never outlives the request. Live when the request path is
/// the method itself; at compilation end when a request path calls the method (<see cref="RequestPathReach"/>). A
/// strategy built once and kept (<c>field ??= …</c>, a static member) or inside a lambda is not flagged.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
internal sealed class RES1007StatefulStrategyBuiltPerCallAnalyzer : ResilienceAnalyzer<RES1007StatefulStrategyBuiltPerCallAnalyzer.Symbols>
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(Descriptors.RES1007StatefulStrategyBuiltPerCall, Descriptors.RES1007StatefulStrategyBuiltPerCallAcrossMethods);

    /// <summary>The calls the rule reads: a v8 pipeline's <c>Build</c>, and the v7 policies that keep state.</summary>
    private static readonly HashSet<string> CallNames = MethodNames.Of(
        "Build", "CircuitBreaker", "CircuitBreakerAsync", "AdvancedCircuitBreaker", "AdvancedCircuitBreakerAsync", "Bulkhead", "BulkheadAsync", "RateLimit", "RateLimitAsync");

    internal override Symbols? ResolveSymbols(WellKnownTypes types)
    {
        var pipelineBuilder = types.Get(WellKnownTypeNames.PollyResiliencePipelineBuilderBase);
        var policy = types.Get(WellKnownTypeNames.PollyPolicy);
        return pipelineBuilder is null && policy is null ? null : new Symbols(pipelineBuilder, policy?.ContainingAssembly);
    }

    internal override void OnCompilationStart(RuleContext context, Symbols symbols)
    {
        var findings = new RequestPathFindings(context, Descriptors.RES1007StatefulStrategyBuiltPerCall, Descriptors.RES1007StatefulStrategyBuiltPerCallAcrossMethods);
        context.RegisterCallsNamed(
            CallNames,
            c =>
            {
                var call = (IInvocationOperation)c.Operation;
                if (StatefulStrategy(call, symbols) is (var subject, { } strategy, { } location))
                {
                    findings.Report(c, call, location, subject, strategy);
                }
            });
    }

    private static (string Subject, string? Strategy, Location? Location) StatefulStrategy(IInvocationOperation call, Symbols symbols)
    {
        var method = call.TargetMethod;
        if (method.Name == "Build" && method.ContainingType.InheritsFromOrEquals(symbols.PipelineBuilder))
        {
            var strategy = PollyPipelines.EarlierCallsOnTheSameBuilder(call)
                .Select(added => added.TargetMethod.Name switch
                {
                    "AddCircuitBreaker" => "circuit breaker",
                    "AddRateLimiter" => "rate limiter",
                    "AddConcurrencyLimiter" => "concurrency limiter",
                    _ => null,
                })
                .FirstOrDefault(name => name is not null);
            return ("This resilience pipeline", strategy, call.Syntax.GetLocation());
        }

        var policy = method.Name switch
        {
            "CircuitBreaker" or "CircuitBreakerAsync" or "AdvancedCircuitBreaker" or "AdvancedCircuitBreakerAsync" => "circuit breaker",
            "Bulkhead" or "BulkheadAsync" => "bulkhead",
            "RateLimit" or "RateLimitAsync" => "rate limiter",
            _ => null,
        };
        return policy is not null && symbols.PollyV7 is not null && SymbolEqualityComparer.Default.Equals(method.ContainingAssembly, symbols.PollyV7)
            ? ("This Polly policy", policy, call.NameLocation())
            : (string.Empty, null, null);
    }

    /// <summary>Polly v8's pipeline builder and Polly v7's assembly (either may be absent).</summary>
    internal sealed class Symbols
    {
        internal Symbols(INamedTypeSymbol? pipelineBuilder, IAssemblySymbol? pollyV7)
        {
            PipelineBuilder = pipelineBuilder;
            PollyV7 = pollyV7;
        }

        internal INamedTypeSymbol? PipelineBuilder { get; }

        internal IAssemblySymbol? PollyV7 { get; }
    }
}
