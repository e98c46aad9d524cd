using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using ResilienceAnalyzers.Infrastructure;

namespace ResilienceAnalyzers.CascadingFailure;

/// <summary>
/// RES6003: resilience options, written as constants, that fail validation when the pipeline is built — a circuit
/// breaker's <c>MinimumThroughput</c> below 2, <c>FailureRatio</c> outside [0, 1], <c>SamplingDuration</c> under half a
/// second; a retry's negative <c>MaxRetryAttempts</c>; and, in an <c>AddStandardResilienceHandler</c> lambda or a
/// <c>.Configure(…)</c> chained on it, an attempt timeout not shorter than the total request timeout, or a sampling
/// duration under twice the attempt timeout (the settings the lambdas leave alone keep their defaults). Values are
/// read through <see cref="Values"/>: constants kept in locals, fields and helpers count, and <c>int</c> ratios too.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
internal sealed class RES6003ContradictoryOptionsAnalyzer : ResilienceAnalyzer<RES6003ContradictoryOptionsAnalyzer.Symbols>
{
    private const string StandardHandlerMethod = "AddStandardResilienceHandler";

    private static readonly string[] StandardHandlerCall = { StandardHandlerMethod };

    /// <summary>The standard handler's defaults (<c>HttpStandardResilienceOptions</c>), checked by the tests against the real type.</summary>
    internal static readonly TimeSpan DefaultAttemptTimeout = TimeSpan.FromSeconds(10);

    internal static readonly TimeSpan DefaultTotalRequestTimeout = TimeSpan.FromSeconds(30);

    internal static readonly TimeSpan DefaultSamplingDuration = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan MinimumSamplingDuration = TimeSpan.FromMilliseconds(500);

    /// <summary>The properties whose values <see cref="AnalyzeSetting"/> judges.</summary>
    private static readonly string[] JudgedSettings = { "MinimumThroughput", "FailureRatio", "SamplingDuration", "MaxRetryAttempts" };

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(Descriptors.RES6003ContradictoryOptions);

    internal override Symbols? ResolveSymbols(WellKnownTypes types) =>
        types.Get(WellKnownTypeNames.PollyCircuitBreakerCircuitBreakerStrategyOptions1) is { } breaker && types.Get(WellKnownTypeNames.PollyRetryRetryStrategyOptions1) is { } retry
            ? new Symbols(breaker, retry)
            : null;

    // A setting is assigned by its property's name and the handler added by its method's: a compilation that spells
    // neither has no assignment or call to read, and every one of its assignments and calls is left alone.
    internal override void OnCompilationStart(RuleContext context, Symbols symbols)
    {
        if (context.Facts.MentionsAny(JudgedSettings))
        {
            context.RegisterOperationAction(c => AnalyzeSetting(c, symbols), OperationKind.SimpleAssignment);
        }

        context.RegisterCallsNamed(StandardHandlerCall, AnalyzeStandardHandler);
    }

    private static void AnalyzeSetting(OperationAnalysisContext context, Symbols symbols)
    {
        var assignment = (ISimpleAssignmentOperation)context.Operation;
        if (assignment.Target is not IPropertyReferenceOperation { Property: var property })
        {
            return;
        }

        var value = assignment.Value.WalkDownConversions();
        var cancellationToken = context.CancellationToken;
        var problem = property.Name switch
        {
            "MinimumThroughput" when Declares(property, symbols.CircuitBreaker) && Values.Integer(value, cancellationToken) is { } throughput && throughput < 2 =>
                ($"MinimumThroughput = {throughput}", "a circuit breaker needs a minimum throughput of at least 2"),
            "FailureRatio" when Declares(property, symbols.CircuitBreaker) && Values.Number(value, cancellationToken) is { } ratio && (ratio < 0 || ratio > 1) =>
                ($"FailureRatio = {ratio.ToString(System.Globalization.CultureInfo.InvariantCulture)}", "a failure ratio is a share of calls, between 0 and 1"),
            "SamplingDuration" when Declares(property, symbols.CircuitBreaker) && Values.Duration(value, cancellationToken) is { } sampling && sampling < MinimumSamplingDuration =>
                ($"SamplingDuration = {value.Syntax}", "a circuit breaker samples over at least half a second"),
            "MaxRetryAttempts" when Declares(property, symbols.Retry) && Values.Integer(value, cancellationToken) is { } attempts && attempts < 0 =>
                ($"MaxRetryAttempts = {attempts}", "a retry cannot make a negative number of attempts"),
            _ => default((string, string)?),
        };

        if (problem is var (setting, rule))
        {
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.RES6003ContradictoryOptions, assignment.Syntax.GetLocation(), setting, rule));
        }
    }

    /// <summary>Checks the timeouts and sampling duration an <c>AddStandardResilienceHandler(options =&gt; …)</c> lambda sets against each other.</summary>
    private static void AnalyzeStandardHandler(OperationAnalysisContext context)
    {
        var call = (IInvocationOperation)context.Operation;
        if (call.TargetMethod.Name != StandardHandlerMethod)
        {
            return;
        }

        var settings = new Dictionary<string, (TimeSpan Value, IOperation Assignment)>();
        foreach (var assignment in ConfigureLambdas(call).SelectMany(configure => configure.Body.Descendants().OfType<ISimpleAssignmentOperation>()))
        {
            if (SettingPath(assignment.Target) is { } path && Values.Duration(assignment.Value, context.CancellationToken) is { } value)
            {
                settings[path] = (value, assignment);
            }
        }

        if (settings.Count == 0)
        {
            return;
        }

        var attempt = Effective(settings, "AttemptTimeout.Timeout", DefaultAttemptTimeout);
        var total = Effective(settings, "TotalRequestTimeout.Timeout", DefaultTotalRequestTimeout);
        var sampling = Effective(settings, "CircuitBreaker.SamplingDuration", DefaultSamplingDuration);
        if (attempt.Value >= total.Value && (attempt.Assignment ?? total.Assignment) is { } timeouts)
        {
            Report(context, timeouts, $"the attempt timeout ({attempt.Value.TotalSeconds} s) is not shorter than the total request timeout ({total.Value.TotalSeconds} s)");
        }

        if (sampling.Value < TimeSpan.FromTicks(attempt.Value.Ticks * 2) && (sampling.Assignment ?? attempt.Assignment) is { } breaker)
        {
            Report(context, breaker, $"the circuit breaker's sampling duration ({sampling.Value.TotalSeconds} s) is less than twice the attempt timeout ({attempt.Value.TotalSeconds} s)");
        }
    }

    /// <summary>
    /// The lambdas that configure the handler, in the order they run: the one passed to it, then those of
    /// <c>.Configure(…)</c> calls chained on the builder it returns.
    /// </summary>
    private static IEnumerable<IAnonymousFunctionOperation> ConfigureLambdas(IInvocationOperation addHandler)
    {
        for (IInvocationOperation? call = addHandler; call is not null; call = call.NextInChain())
        {
            if (call == addHandler || call.TargetMethod.Name == "Configure")
            {
                foreach (var argument in call.Arguments)
                {
                    if (argument.Value.WalkDownConversions() is IDelegateCreationOperation { Target: IAnonymousFunctionOperation lambda })
                    {
                        yield return lambda;
                    }
                }
            }
        }
    }

    private static void Report(OperationAnalysisContext context, IOperation assignment, string rule) =>
        context.ReportDiagnostic(Diagnostic.Create(Descriptors.RES6003ContradictoryOptions, assignment.Syntax.GetLocation(), assignment.Syntax.ToString(), rule));

    private static (TimeSpan Value, IOperation? Assignment) Effective(Dictionary<string, (TimeSpan Value, IOperation Assignment)> settings, string path, TimeSpan defaultValue) =>
        settings.TryGetValue(path, out var set) ? (set.Value, set.Assignment) : (defaultValue, null);

    /// <summary>"AttemptTimeout.Timeout" for <c>options.AttemptTimeout.Timeout</c>: the property path below the lambda's parameter.</summary>
    private static string? SettingPath(IOperation target) =>
        target is IPropertyReferenceOperation { Property.Name: var name, Instance: IPropertyReferenceOperation { Property.Name: var parent, Instance: IParameterReferenceOperation } }
            ? parent + "." + name
            : null;

    private static bool Declares(IPropertySymbol property, INamedTypeSymbol genericOptions) =>
        SymbolEqualityComparer.Default.Equals(property.ContainingType.OriginalDefinition, genericOptions);

    /// <summary>Polly v8's generic circuit breaker and retry options, which declare the settings the non-generic ones inherit.</summary>
    internal sealed class Symbols
    {
        internal Symbols(INamedTypeSymbol circuitBreaker, INamedTypeSymbol retry)
        {
            CircuitBreaker = circuitBreaker;
            Retry = retry;
        }

        internal INamedTypeSymbol CircuitBreaker { get; }

        internal INamedTypeSymbol Retry { get; }
    }
}
