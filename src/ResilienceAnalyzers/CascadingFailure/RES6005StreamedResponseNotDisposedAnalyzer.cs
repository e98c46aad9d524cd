using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using ResilienceAnalyzers.Infrastructure;

namespace ResilienceAnalyzers.CascadingFailure;

/// <summary>
/// RES6005: a response read with <c>HttpCompletionOption.ResponseHeadersRead</c>, or a stream from
/// <c>HttpClient.GetStreamAsync</c>, that is not disposed on every path: held in a local that no <c>using</c> and no
/// <c>Dispose</c> call releases, and that is neither returned nor handed to other code (an argument, a member, a
/// lambda), or used inline and dropped. A local whose first use reads the body to its end
/// (<c>Content.ReadAsStringAsync()</c> and the like, or a <c>ReadAsStreamAsync()</c> stream kept in a <c>using</c>)
/// releases the connection by that read and is not reported.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
internal sealed class RES6005StreamedResponseNotDisposedAnalyzer : ResilienceAnalyzer<RES6005StreamedResponseNotDisposedAnalyzer.Symbols>
{
    /// <summary>The value of <c>HttpCompletionOption.ResponseHeadersRead</c>.</summary>
    private const int ResponseHeadersRead = 1;

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.RES6005StreamedResponseNotDisposed);

    internal override bool CanFindAnything(CompilationFacts facts) => facts.MentionsAny("ResponseHeadersRead", "GetStreamAsync");

    internal override Symbols? ResolveSymbols(WellKnownTypes types) =>
        types.Get(WellKnownTypeNames.SystemNetHttpHttpClient) is { } client && types.Get(WellKnownTypeNames.SystemNetHttpHttpCompletionOption) is { } option
            ? new Symbols(client, option)
            : null;

    /// <summary>Reads the calls of HttpClient's methods that stream: <c>GetStreamAsync</c>, and those taking a completion option.</summary>
    internal override void OnCompilationStart(RuleContext context, Symbols symbols) =>
        context.RegisterCallsNamed(
            symbols.HttpClient.GetMembers().OfType<IMethodSymbol>().Where(method => TakesACompletionOption(method, symbols)).Select(method => method.Name).Append("GetStreamAsync").Distinct(),
            c => Analyze(c, symbols));

    private static void Analyze(OperationAnalysisContext context, Symbols symbols)
    {
        var call = (IInvocationOperation)context.Operation;
        if (Streamed(call, symbols) is not var (noun, how) || call.ParentSkippingConversions() is not IAwaitOperation awaited)
        {
            return;
        }

        switch (awaited.ParentSkippingConversions())
        {
            case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator } when !IsUsingDeclaration(declarator):
                if (!IsReleased(awaited, declarator.Symbol))
                {
                    context.ReportDiagnostic(Diagnostic.Create(Descriptors.RES6005StreamedResponseNotDisposed, declarator.Syntax.GetLocation(), $"The {noun} '{declarator.Symbol.Name}', {how},"));
                }

                break;
            case IMemberReferenceOperation or IInvocationOperation when !ReadsToTheEnd(awaited):
                context.ReportDiagnostic(Diagnostic.Create(Descriptors.RES6005StreamedResponseNotDisposed, call.NameLocation(), $"The {noun} {how} here"));
                break;
        }
    }

    /// <summary>What the call streams and how — ("response", "read with ResponseHeadersRead"), ("stream", "from GetStreamAsync") — or null.</summary>
    private static (string Noun, string How)? Streamed(IInvocationOperation call, Symbols symbols)
    {
        var method = call.TargetMethod;
        // Most calls take no completion option: they are ruled out before the walk up the containing type's bases.
        if ((method.Name != "GetStreamAsync" && !TakesACompletionOption(method, symbols)) || !method.ContainingType.InheritsFromOrEquals(symbols.HttpClient))
        {
            return null;
        }

        if (method.Name == "GetStreamAsync")
        {
            return ("stream", "from GetStreamAsync");
        }

        return call.Arguments.Any(argument => SymbolEqualityComparer.Default.Equals(argument.Parameter?.Type, symbols.CompletionOption)
            && argument.Value.ConstantValue is { HasValue: true, Value: ResponseHeadersRead })
            ? ("response", "read with ResponseHeadersRead")
            : null;
    }

    // Read on the method's definition: a generic or extension method's own parameters are built anew for each call.
    private static bool TakesACompletionOption(IMethodSymbol method, Symbols symbols)
    {
        foreach (var parameter in (method.ReducedFrom ?? method).OriginalDefinition.Parameters)
        {
            if (SymbolEqualityComparer.Default.Equals(parameter.Type, symbols.CompletionOption))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary><c>using var x = …</c> or <c>using (var x = …)</c>: declarator, declaration, group, then the using.</summary>
    private static bool IsUsingDeclaration(IVariableDeclaratorOperation declarator) =>
        declarator.Parent?.Parent?.Parent is IUsingDeclarationOperation or IUsingOperation;

    /// <summary>
    /// True when something releases the local's connection or takes it over: a <c>using</c> or <c>Dispose</c> call, a
    /// return, a hand-off (an argument, an assignment, a lambda that captures it), or a first use that reads the body to
    /// its end.
    /// </summary>
    private static bool IsReleased(IOperation value, ILocalSymbol local)
    {
        var references = value.ReferencesTo(local).OrderBy(reference => reference.Syntax.SpanStart).ToList();
        if (references.Any(IsReleasedOrHandedOff))
        {
            return true;
        }

        return references.FirstOrDefault() is { } first && ReadsToTheEnd(first);
    }

    private static bool IsReleasedOrHandedOff(ILocalReferenceOperation reference)
    {
        if (reference.Ancestors().Any(node => node is IAnonymousFunctionOperation or ILocalFunctionOperation))
        {
            return true;
        }

        return reference.ParentSkippingConversions() switch
        {
            IInvocationOperation { TargetMethod.Name: "Dispose" or "DisposeAsync" } => true,
            IUsingOperation or IReturnOperation or IArgumentOperation or IObjectOrCollectionInitializerOperation => true,
            IAssignmentOperation assignment => assignment.Value.WalkDownConversions() == reference,
            IVariableInitializerOperation or ITupleOperation or IArrayInitializerOperation or ICoalesceOperation or IConditionalOperation or ISwitchExpressionOperation => true,
            _ => false,
        };
    }

    /// <summary>
    /// True when the first thing done with the response (or stream) reads its body to the end, which returns the
    /// connection: <c>Content.ReadAsStringAsync()</c>, <c>ReadAsByteArrayAsync</c>, <c>ReadFromJsonAsync</c>,
    /// <c>CopyToAsync</c>, <c>LoadIntoBufferAsync</c> (a stream's <c>CopyToAsync</c>), or <c>Content.ReadAsStreamAsync()</c>
    /// into a <c>using</c>, which releases the connection when disposed.
    /// </summary>
    private static bool ReadsToTheEnd(IOperation value)
    {
        var receiver = value.ParentSkippingConversions() is IPropertyReferenceOperation { Property.Name: "Content" } content ? content : value;
        var read = receiver.ParentSkippingConversions() switch
        {
            IInvocationOperation call when call.Instance?.WalkDownConversions() == receiver => call,
            IArgumentOperation { Parent: IInvocationOperation call } argument when call.TargetMethod.IsExtensionMethod && call.Arguments[0] == argument => call,
            _ => null,
        };

        return read?.TargetMethod.Name switch
        {
            "ReadAsStringAsync" or "ReadAsByteArrayAsync" or "ReadFromJsonAsync" or "CopyToAsync" or "LoadIntoBufferAsync" => true,
            "ReadAsStreamAsync" => read.ParentSkippingConversions() is IAwaitOperation streamAwaited
                && streamAwaited.ParentSkippingConversions() is IVariableInitializerOperation { Parent: IVariableDeclaratorOperation stream }
                && IsUsingDeclaration(stream),
            _ => false,
        };
    }

    /// <summary><c>HttpClient</c> and <c>HttpCompletionOption</c>.</summary>
    internal sealed class Symbols
    {
        internal Symbols(INamedTypeSymbol httpClient, INamedTypeSymbol completionOption)
        {
            HttpClient = httpClient;
            CompletionOption = completionOption;
        }

        internal INamedTypeSymbol HttpClient { get; }

        internal INamedTypeSymbol CompletionOption { get; }
    }
}
