using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using ResilienceAnalyzers.Infrastructure;

namespace ResilienceAnalyzers.CascadingFailure;

/// <summary>
/// RES6002: an <c>AddHttpClient</c> registration whose builder chain, seen whole in one statement, adds no handler —
/// no <c>AddStandardResilienceHandler</c>, <c>AddResilienceHandler</c>, Polly v7 policy or custom
/// <c>AddHttpMessageHandler</c> (which may be one, unless its source shows it only passes the request on). A builder kept in a variable or returned may get a handler
/// elsewhere and is not judged. <c>ConfigureHttpClientDefaults</c> can give every client a handler from another file:
/// in a compilation whose source mentions it the rule waits for compilation end and reports only if the defaults add
/// no handler; otherwise it reports live, with the fix.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
internal sealed class RES6002ClientWithoutResilienceHandlerAnalyzer : ResilienceAnalyzer<RES6002ClientWithoutResilienceHandlerAnalyzer.Symbols>
{
    /// <summary>Diagnostic property, present when the compilation references <c>AddStandardResilienceHandler</c>.</summary>
    internal const string StandardHandlerAvailableProperty = "StandardHandlerAvailable";

    private const string DefaultsMethod = "ConfigureHttpClientDefaults";

    /// <summary>What a file spells when it registers a client or adds handlers to every client: the calls the rule reads are made there.</summary>
    private static readonly string[] WordsOfItsCalls = { "AddHttpClient", DefaultsMethod };

    private static readonly string[] HandlerMethodNames =
    {
        "AddStandardResilienceHandler",
        "AddStandardHedgingHandler",
        "AddResilienceHandler",
        "AddPolicyHandler",
        "AddPolicyHandlerFromRegistry",
        "AddTransientHttpErrorPolicy",
        "AddHttpMessageHandler",
    };

    private static readonly HashSet<string> HandlerMethods = MethodNames.Of(HandlerMethodNames);

    /// <summary>The calls the rule reads: the registrations, and the handlers, which a defaults lambda may add to every client.</summary>
    private static readonly string[] NamesOfItsCalls = HandlerMethodNames.Append("AddHttpClient").ToArray();

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(Descriptors.RES6002ClientWithoutResilienceHandler, Descriptors.RES6002ClientWithoutResilienceHandlerAcrossFiles);

    internal override bool CanFindAnything(CompilationFacts facts) => facts.MentionsAny(WordsOfItsCalls);

    internal override Symbols? ResolveSymbols(WellKnownTypes types) =>
        types.Get(WellKnownTypeNames.MicrosoftExtensionsDependencyInjectionHttpClientFactoryServiceCollectionExtensions) is { } registrations
        && types.Get(WellKnownTypeNames.MicrosoftExtensionsDependencyInjectionIHttpClientBuilder) is { } clientBuilder
            ? new Symbols(registrations, clientBuilder, types.Get(WellKnownTypeNames.MicrosoftExtensionsDependencyInjectionResilienceHttpClientBuilderExtensions) is not null)
            : null;

    internal override void OnCompilationStart(RuleContext context, Symbols symbols)
    {
        var registrations = new Registrations(context.Facts);
        context.RegisterCallsNamed(NamesOfItsCalls, c => Analyze(c, symbols, registrations));
        context.RegisterCompilationEndAction(c =>
        {
            if (registrations.DefaultsAddAHandler)
            {
                return;
            }

            foreach (var (location, registration) in registrations.AwaitingDefaults)
            {
                c.ReportDiagnostic(Diagnostic.Create(Descriptors.RES6002ClientWithoutResilienceHandlerAcrossFiles, location, registration));
            }
        });
    }

    private static void Analyze(OperationAnalysisContext context, Symbols symbols, Registrations registrations)
    {
        var call = (IInvocationOperation)context.Operation;
        var method = call.TargetMethod;
        if (HandlerMethods.Contains(method.Name) && !AddsAPlainHandler(call, context.CancellationToken) && InDefaultsLambda(call))
        {
            registrations.DefaultsAddAHandler = true;
            return;
        }

        if (method.Name != "AddHttpClient"
            || !SymbolEqualityComparer.Default.Equals(method.ContainingType, symbols.Registrations)
            || !SymbolEqualityComparer.Default.Equals(method.ReturnType, symbols.ClientBuilder)
            || ChainedCalls(call, symbols.ClientBuilder) is not { } chain
            || chain.Any(chained => HandlerMethods.Contains(chained.TargetMethod.Name) && !AddsAPlainHandler(chained, context.CancellationToken))
            || SetsAFiniteTimeout(chain.Prepend(call))
            || (NameOf(call) is { } name && registrations.Requests.EveryRequestBounded(name, context.CancellationToken)))
        {
            return;
        }

        var location = call.NameLocation();
        var registration = Describe(call);
        if (registrations.Facts.MentionsAny(DefaultsMethod))
        {
            registrations.AwaitingDefaults.Add((location, registration));
            return;
        }

        var properties = symbols.StandardHandlerAvailable
            ? ImmutableDictionary<string, string?>.Empty.Add(StandardHandlerAvailableProperty, "true")
            : ImmutableDictionary<string, string?>.Empty;
        context.ReportDiagnostic(Diagnostic.Create(Descriptors.RES6002ClientWithoutResilienceHandler, location, properties, registration));
    }

    /// <summary>
    /// <c>AddHttpMessageHandler</c> of a handler declared in source that visibly does nothing for resilience: its
    /// <c>SendAsync</c> calls <c>base.SendAsync</c> once, with no loop, no <c>try</c> and no wait or timeout around it —
    /// a handler that stamps headers or logs. Any other handler may be a resilience one and gets the benefit of the doubt.
    /// </summary>
    private static bool AddsAPlainHandler(IInvocationOperation call, CancellationToken cancellationToken)
    {
        if (call.TargetMethod.Name != "AddHttpMessageHandler")
        {
            return false;
        }

        var handler = call.TargetMethod.TypeArguments.FirstOrDefault()
            ?? call.Arguments.Select(a => a.Value.WalkDownConversions()).OfType<IDelegateCreationOperation>()
                .Select(created => created.Target).OfType<IAnonymousFunctionOperation>()
                .SelectMany(factory => factory.Body.Descendants().OfType<IObjectCreationOperation>())
                .FirstOrDefault()?.Type;
        var sendAsync = handler?.GetMembers("SendAsync").OfType<IMethodSymbol>().FirstOrDefault(m => m.IsOverride);
        if (sendAsync is null || sendAsync.DeclaringSyntaxReferences.Length != 1
            || sendAsync.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) is not MethodDeclarationSyntax declaration)
        {
            return false;
        }

        var body = declaration.DescendantNodes().ToList();
        return body.Count(node => node is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Expression: BaseExpressionSyntax, Name.Identifier.ValueText: "SendAsync" } }) == 1
            && !body.Any(node => node is ForStatementSyntax or ForEachStatementSyntax or WhileStatementSyntax or DoStatementSyntax or TryStatementSyntax or GotoStatementSyntax
                || node is IdentifierNameSyntax { Identifier.ValueText: "Delay" or "CancelAfter" or "WaitAsync" or "ExecuteAsync" or "Timeout" or "TimeoutAfter" });
    }

    /// <summary>
    /// The calls chained on the builder the registration returns, when the chain ends the statement (its result
    /// discarded); null when the builder is kept or returned, and so may get a handler elsewhere.
    /// </summary>
    private static List<IInvocationOperation>? ChainedCalls(IInvocationOperation registration, INamedTypeSymbol clientBuilder)
    {
        var chain = new List<IInvocationOperation>();
        IOperation current = registration;
        while (current.ParentSkippingConversions() is IArgumentOperation { Parent: IInvocationOperation next } argument
            && next.Arguments.FirstOrDefault() == argument
            && next.TargetMethod.IsExtensionMethod
            && SymbolEqualityComparer.Default.Equals(next.TargetMethod.Parameters[0].Type, clientBuilder))
        {
            chain.Add(next);
            current = next;
        }

        return current.ParentSkippingConversions() is IExpressionStatementOperation ? chain : null;
    }

    /// <summary>
    /// The registration gives its client a timeout of its own — <c>client.Timeout = TimeSpan.FromSeconds(5)</c> in the
    /// <c>AddHttpClient</c> or a chained <c>ConfigureHttpClient</c> lambda — so a slow dependency no longer holds callers
    /// for the default 100 seconds; whether it also needs retries or a breaker depends on what it calls.
    /// </summary>
    private static bool SetsAFiniteTimeout(IEnumerable<IInvocationOperation> registration) =>
        registration.SelectMany(call => call.Arguments).Any(argument => argument.Value.Descendants().Any(operation =>
            operation is ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property: { Name: "Timeout", ContainingType.Name: "HttpClient" } } } assignment
            && assignment.Value.WalkDownConversions() is not IFieldReferenceOperation { Field.Name: "InfiniteTimeSpan" }));

    /// <summary>The constant name a registration gives its client (<c>AddHttpClient("catalog")</c>); null for a typed client or a computed name.</summary>
    private static string? NameOf(IInvocationOperation registration) =>
        registration.TargetMethod.TypeArguments.IsEmpty && registration.Arguments.ValueFor("name")?.ConstantValue is { HasValue: true, Value: string name }
            ? name
            : null;

    private static bool InDefaultsLambda(IOperation operation) =>
        operation.Ancestors().OfType<IAnonymousFunctionOperation>().Any(lambda =>
            lambda.UseOfLambda() is IArgumentOperation { Parent: IInvocationOperation { TargetMethod.Name: DefaultsMethod } });

    /// <summary><c>AddHttpClient&lt;CatalogClient&gt;</c>, <c>AddHttpClient("catalog")</c>.</summary>
    private static string Describe(IInvocationOperation registration)
    {
        var method = registration.TargetMethod;
        if (!method.TypeArguments.IsEmpty)
        {
            return $"AddHttpClient<{string.Join(", ", method.TypeArguments.Select(type => type.Name))}>";
        }

        var name = registration.Arguments.ValueFor("name")?.ConstantValue;
        return name is { HasValue: true, Value: string text } ? $"AddHttpClient(\"{text}\")" : "AddHttpClient";
    }

    /// <summary>What the rule learns of a compilation's registrations, with the facts of the compilation it asks.</summary>
    private sealed class Registrations
    {
        private int defaultsAddAHandler;

        internal Registrations(CompilationFacts facts)
        {
            Facts = facts;
            Requests = new NamedClientRequests(facts);
        }

        internal CompilationFacts Facts { get; }

        /// <summary>Where the compilation asks for its named clients, read when a registration first needs it.</summary>
        internal NamedClientRequests Requests { get; }

        internal ConcurrentBag<(Location Location, string Registration)> AwaitingDefaults { get; } = new();

        internal bool DefaultsAddAHandler
        {
            get => Volatile.Read(ref defaultsAddAHandler) == 1;
            set => Volatile.Write(ref defaultsAddAHandler, value ? 1 : 0);
        }
    }

    /// <summary><c>IHttpClientFactory</c>'s registrations and builder, and whether the standard handler is referenced.</summary>
    internal sealed class Symbols
    {
        internal Symbols(INamedTypeSymbol registrations, INamedTypeSymbol clientBuilder, bool standardHandlerAvailable)
        {
            Registrations = registrations;
            ClientBuilder = clientBuilder;
            StandardHandlerAvailable = standardHandlerAvailable;
        }

        internal INamedTypeSymbol Registrations { get; }

        internal INamedTypeSymbol ClientBuilder { get; }

        internal bool StandardHandlerAvailable { get; }
    }
}
