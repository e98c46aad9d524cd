using System;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using ResilienceAnalyzers.Infrastructure;

namespace ResilienceAnalyzers.RetryStorms;

/// <summary>
/// RES1006: a POST or PATCH sent from the retried <c>try</c> of a hand-rolled retry loop — <c>HttpClient.PostAsync</c>,
/// <c>PatchAsync</c>, <c>PostAsJsonAsync</c>, <c>PatchAsJsonAsync</c>, or <c>SendAsync</c> of a request created with
/// <c>HttpMethod.Post</c> or <c>HttpMethod.Patch</c> — in a method that mentions no idempotency key.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
internal sealed class RES1006NonIdempotentRetryAnalyzer : ResilienceAnalyzer<RES1006NonIdempotentRetryAnalyzer.Symbols>
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(Descriptors.RES1006NonIdempotentRetry);

    internal override Symbols? ResolveSymbols(WellKnownTypes types) =>
        types.Get(WellKnownTypeNames.SystemNetHttpHttpClient) is { } httpClient
            ? new Symbols(new RetryLoopSymbols(types), httpClient, types.Get(WellKnownTypeNames.SystemNetHttpHttpMethod))
            : null;

    internal override void OnCompilationStart(RuleContext context, Symbols symbols) =>
        context.RegisterOperationAction(c => Analyze(c, symbols), OperationKind.Loop);

    private static void Analyze(OperationAnalysisContext context, Symbols symbols)
    {
        if (HandRolledRetryLoop.TryRead((ILoopOperation)context.Operation, symbols.Loops) is not { } loop
            || MentionsAnIdempotencyKey(loop.Loop.Root()))
        {
            return;
        }

        var sends = loop.RetryingCatches
            .Select(c => c.Parent)
            .OfType<ITryOperation>()
            .Distinct()
            .SelectMany(attempt => attempt.Body.Descendants())
            .OfType<IInvocationOperation>();
        foreach (var send in sends)
        {
            if (UnsafeMethod(send, symbols) is { } method)
            {
                context.ReportDiagnostic(Diagnostic.Create(Descriptors.RES1006NonIdempotentRetry, send.NameLocation(), $"This {method}"));
            }
        }
    }

    /// <summary>"POST" or "PATCH" when the call sends one through an <c>HttpClient</c>.</summary>
    private static string? UnsafeMethod(IInvocationOperation call, Symbols symbols)
    {
        var method = call.TargetMethod;
        var client = method.IsExtensionMethod && call.Arguments.Length > 0 ? call.Arguments[0].Value.Type : call.Instance?.Type;
        if (!client.InheritsFromOrEquals(symbols.HttpClient))
        {
            return null;
        }

        return method.Name switch
        {
            "PostAsync" or "PostAsJsonAsync" => "POST",
            "PatchAsync" or "PatchAsJsonAsync" => "PATCH",
            "SendAsync" when call.Arguments.FirstOrDefault(a => a.Parameter?.Name == "request")?.Value.WalkDownConversions() is IObjectCreationOperation request
                && request.Arguments.FirstOrDefault()?.Value is IPropertyReferenceOperation { Property.Name: "Post" or "Patch" } verb
                && SymbolEqualityComparer.Default.Equals(verb.Property.ContainingType, symbols.HttpMethod) => verb.Property.Name.ToUpperInvariant(),
            _ => null,
        };
    }

    private static bool MentionsAnIdempotencyKey(IOperation body) =>
        body.Descendants().Any(operation => operation is ILiteralOperation { ConstantValue: { HasValue: true, Value: string text } }
            && text.IndexOf("idempotency", StringComparison.OrdinalIgnoreCase) >= 0);

    /// <summary>The retry-loop types, <c>HttpClient</c> and <c>HttpMethod</c>.</summary>
    internal sealed class Symbols
    {
        internal Symbols(RetryLoopSymbols loops, INamedTypeSymbol httpClient, INamedTypeSymbol? httpMethod)
        {
            Loops = loops;
            HttpClient = httpClient;
            HttpMethod = httpMethod;
        }

        internal RetryLoopSymbols Loops { get; }

        internal INamedTypeSymbol HttpClient { get; }

        internal INamedTypeSymbol? HttpMethod { get; }
    }
}
