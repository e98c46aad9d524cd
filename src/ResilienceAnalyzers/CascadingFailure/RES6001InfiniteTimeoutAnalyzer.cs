using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using ResilienceAnalyzers.Infrastructure;

namespace ResilienceAnalyzers.CascadingFailure;

/// <summary>
/// RES6001: <c>Timeout.InfiniteTimeSpan</c> given as the timeout of an outbound call — <c>HttpClient.Timeout</c>,
/// <c>SocketsHttpHandler.ConnectTimeout</c>, the <c>Timeout</c> of Polly v8 timeout options (the standard handler's
/// attempt and total timeouts included), <c>AddTimeout(…)</c>, and Polly v7 <c>Policy.Timeout(Async)(…)</c>. Reported
/// on the infinite value, which the fix replaces. Not where the registration bounds the calls another way: the client
/// timeout of a factory client whose chain adds a resilience handler with a total timeout, or of a gRPC client (each
/// call carries its deadline, and the gRPC client factory does not use that timeout), and the primary handler of a
/// gRPC client whose channel options bring their own handler.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
internal sealed class RES6001InfiniteTimeoutAnalyzer : ResilienceAnalyzer<RES6001InfiniteTimeoutAnalyzer.Symbols>
{
    /// <summary>Diagnostic property: the timeout, in seconds, a fix sets (<c>resilience.default_timeout</c>).</summary>
    internal const string TimeoutSecondsProperty = "TimeoutSeconds";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(Descriptors.RES6001InfiniteTimeout);

    /// <summary>The rule reads <c>Timeout.InfiniteTimeSpan</c> written where the timeout is given.</summary>
    internal override bool CanFindAnything(CompilationFacts facts) => facts.MentionsAny("InfiniteTimeSpan");

    internal override Symbols? ResolveSymbols(WellKnownTypes types) =>
        types.Get(WellKnownTypeNames.SystemThreadingTimeout) is { } timeout
            ? new Symbols(
                timeout,
                types.Get(WellKnownTypeNames.SystemNetHttpHttpClient),
                types.Get(WellKnownTypeNames.SystemNetHttpSocketsHttpHandler),
                types.Get(WellKnownTypeNames.PollyTimeoutTimeoutStrategyOptions),
                types.Get(WellKnownTypeNames.PollyResiliencePipelineBuilderBase),
                types.Get(WellKnownTypeNames.PollyPolicy),
                types.Get(WellKnownTypeNames.MicrosoftExtensionsDependencyInjectionGrpcClientServiceExtensions))
            : null;

    internal override void OnCompilationStart(RuleContext context, Symbols symbols)
    {
        context.RegisterOperationAction(c => AnalyzeAssignment(c, symbols), OperationKind.SimpleAssignment);
        context.RegisterCallsNamed(TimeoutCallNames, c => AnalyzeCall(c, symbols));
    }

    private static void AnalyzeAssignment(OperationAnalysisContext context, Symbols symbols)
    {
        var assignment = (ISimpleAssignmentOperation)context.Operation;
        if (assignment.Target is not IPropertyReferenceOperation { Property: var property } target || !IsInfinite(assignment.Value, symbols))
        {
            return;
        }

        var subject = property switch
        {
            { Name: "Timeout" } when property.ContainingType.InheritsFromOrEquals(symbols.HttpClient) => "HttpClient.Timeout",
            { Name: "ConnectTimeout" } when property.ContainingType.InheritsFromOrEquals(symbols.SocketsHttpHandler) => "SocketsHttpHandler.ConnectTimeout",
            { Name: "Timeout" } when property.ContainingType.InheritsFromOrEquals(symbols.TimeoutStrategyOptions) => $"The Timeout of {(target.Instance?.Type ?? property.ContainingType).Name}",
            _ => null,
        };
        if (subject is not null && !BoundedByTheRegistration(assignment, property.Name, symbols))
        {
            Report(context, assignment.Value, subject);
        }
    }

    /// <summary>
    /// The infinite timeout is set in a lambda of a client registration that bounds the calls another way: the client's
    /// <c>ConfigureHttpClient</c> on a chain that adds a total timeout (the standard resilience or hedging handler, a
    /// resilience handler whose pipeline adds a timeout) or registers a gRPC client; the primary handler of a gRPC
    /// client whose channel options set their own <c>HttpHandler</c> or <c>HttpClient</c>, so it is never used.
    /// </summary>
    private static bool BoundedByTheRegistration(ISimpleAssignmentOperation assignment, string timeout, Symbols symbols)
    {
        if (assignment.Ancestors().OfType<IAnonymousFunctionOperation>().FirstOrDefault()?.UseOfLambda() is not IArgumentOperation { Parent: IInvocationOperation configure })
        {
            return false;
        }

        var chain = configure.FluentChain().ToList();
        var grpcRegistrations = chain.Where(call => call.TargetMethod.Name == "AddGrpcClient" && SymbolEqualityComparer.Default.Equals(call.TargetMethod.ContainingType, symbols.GrpcClientRegistrations)).ToList();
        return (configure.TargetMethod.Name, timeout) switch
        {
            ("ConfigureHttpClient" or "AddHttpClient", "Timeout") => grpcRegistrations.Count > 0 || chain.Any(AddsATotalTimeout),
            ("ConfigurePrimaryHttpMessageHandler", "ConnectTimeout") => grpcRegistrations.Any(SetsItsOwnChannelHandler),
            _ => false,
        };
    }

    private static bool AddsATotalTimeout(IInvocationOperation call) => call.TargetMethod.Name switch
    {
        "AddStandardResilienceHandler" or "AddStandardHedgingHandler" => true,
        "AddResilienceHandler" => call.Arguments.Skip(1).Any(argument => argument.Value.Descendants().OfType<IInvocationOperation>().Any(added => added.TargetMethod.Name == "AddTimeout")),
        _ => false,
    };

    private static bool SetsItsOwnChannelHandler(IInvocationOperation addGrpcClient) =>
        addGrpcClient.Arguments.Any(argument => argument.Value.Descendants().Any(operation =>
            operation is ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property: { Name: "HttpHandler" or "HttpClient", ContainingType.Name: "GrpcChannelOptions" } } }));

    /// <summary>The calls that take a timeout: Polly v8's <c>AddTimeout</c>, Polly v7's <c>Policy.Timeout</c>.</summary>
    private static readonly HashSet<string> TimeoutCallNames = MethodNames.Of("AddTimeout", "Timeout", "TimeoutAsync");

    private static void AnalyzeCall(OperationAnalysisContext context, Symbols symbols)
    {
        var call = (IInvocationOperation)context.Operation;
        var method = call.TargetMethod;
        var subject = method.Name switch
        {
            "AddTimeout" when method.IsExtensionMethod && call.Arguments.Length > 0 && call.Arguments[0].Value.Type.InheritsFromOrEquals(symbols.PipelineBuilder) => "The timeout of AddTimeout",
            "Timeout" or "TimeoutAsync" when symbols.PollyV7 is not null && SymbolEqualityComparer.Default.Equals(method.ContainingAssembly, symbols.PollyV7.ContainingAssembly) => $"The timeout of Policy.{method.Name}",
            _ => null,
        };
        if (subject is not null && call.Arguments.FirstOrDefault(a => a.Value.Type?.Name == "TimeSpan" && IsInfinite(a.Value, symbols)) is { } infinite)
        {
            Report(context, infinite.Value, subject);
        }
    }

    private static void Report(OperationAnalysisContext context, IOperation value, string subject)
    {
        var properties = context.Options.ReadAsProperty(value.Syntax.SyntaxTree, ResilienceOptions.DefaultTimeoutSeconds, TimeoutSecondsProperty);
        context.ReportDiagnostic(Diagnostic.Create(Descriptors.RES6001InfiniteTimeout, value.WalkDownConversions().Syntax.GetLocation(), properties, subject));
    }

    private static bool IsInfinite(IOperation value, Symbols symbols) =>
        value.WalkDownConversions() is IFieldReferenceOperation { Field.Name: "InfiniteTimeSpan" } field
        && SymbolEqualityComparer.Default.Equals(field.Field.ContainingType, symbols.Timeout);

    /// <summary><c>System.Threading.Timeout</c> and the types whose timeouts the rule reads (each may be absent).</summary>
    internal sealed class Symbols
    {
        internal Symbols(INamedTypeSymbol timeout, INamedTypeSymbol? httpClient, INamedTypeSymbol? socketsHttpHandler, INamedTypeSymbol? timeoutStrategyOptions, INamedTypeSymbol? pipelineBuilder, INamedTypeSymbol? pollyV7, INamedTypeSymbol? grpcClientRegistrations)
        {
            GrpcClientRegistrations = grpcClientRegistrations;
            Timeout = timeout;
            HttpClient = httpClient;
            SocketsHttpHandler = socketsHttpHandler;
            TimeoutStrategyOptions = timeoutStrategyOptions;
            PipelineBuilder = pipelineBuilder;
            PollyV7 = pollyV7;
        }

        internal INamedTypeSymbol Timeout { get; }

        internal INamedTypeSymbol? HttpClient { get; }

        internal INamedTypeSymbol? SocketsHttpHandler { get; }

        internal INamedTypeSymbol? TimeoutStrategyOptions { get; }

        internal INamedTypeSymbol? PipelineBuilder { get; }

        /// <summary>Polly v7's <c>Policy</c>, whose assembly holds <c>Timeout</c> and <c>TimeoutAsync</c>.</summary>
        internal INamedTypeSymbol? PollyV7 { get; }

        /// <summary>The gRPC client factory's <c>AddGrpcClient</c> extensions, when referenced.</summary>
        internal INamedTypeSymbol? GrpcClientRegistrations { get; }
    }
}
