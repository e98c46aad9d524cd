using System;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using ResilienceAnalyzers.Infrastructure;

namespace ResilienceAnalyzers.RetryStorms;

/// <summary>
/// The calls to Azure SDK clients, which retry by themselves: every client sends its requests through a pipeline that
/// retries a failed one <c>Retry.MaxRetries</c> times (3 by default; 5 for the Storage clients). A client call is a
/// method of a client type of an <c>Azure.*</c> namespace that returns a <c>Response</c> or <c>Response&lt;T&gt;</c>.
/// Where the code sets <c>MaxRetries</c>, or sets the clients' defaults (<c>ConfigureDefaults</c>), which client it
/// applies to is not followed, and no call counts as retrying.
/// </summary>
internal sealed class AzureClientRetries
{
    private readonly INamedTypeSymbol response;
    private readonly INamedTypeSymbol responseOfT;
    private readonly INamedTypeSymbol retryOptions;
    private readonly INamedTypeSymbol? requestFailed;
    private volatile bool retriesSetInCode;

    private AzureClientRetries(INamedTypeSymbol response, INamedTypeSymbol responseOfT, INamedTypeSymbol retryOptions, INamedTypeSymbol? requestFailed, bool defaultsSetInCode)
    {
        this.response = response;
        this.responseOfT = responseOfT;
        this.retryOptions = retryOptions;
        this.requestFailed = requestFailed;
        retriesSetInCode = defaultsSetInCode;
    }

    /// <summary>
    /// Null when Azure.Core is not referenced, or no file's code names an <c>Azure.</c> namespace (in a <c>using</c>,
    /// say): a <c>Microsoft.Azure.*</c> namespace, a comment or a string does not make every call worth reading.
    /// </summary>
    internal static AzureClientRetries? Create(CompilationFacts facts) =>
        facts.NamesNamespace("Azure")
        && facts.Types.Get(WellKnownTypeNames.AzureResponse) is { } response
        && facts.Types.Get(WellKnownTypeNames.AzureResponse1) is { } responseOfT
        && facts.Types.Get(WellKnownTypeNames.AzureCoreRetryOptions) is { } retryOptions
            ? new AzureClientRetries(response, responseOfT, retryOptions, facts.Types.Get(WellKnownTypeNames.AzureRequestFailedException), facts.MentionsAny("ConfigureDefaults"))
            : null;

    /// <summary>False once the code sets a client's retry count anywhere: the defaults may not hold for any call.</summary>
    internal bool DefaultsHold => !retriesSetInCode;

    /// <summary>True when a retry around a client call repeats the client's attempts: when its last retry fails, the client throws a <c>RequestFailedException</c>.</summary>
    internal bool RepeatedBy(RetriedExceptions outer) => requestFailed is not null && outer.RetriesOn(requestFailed, innerBase: null);

    /// <summary>Records an assignment to <c>RetryOptions.MaxRetries</c>.</summary>
    internal void RecordSetting(ISimpleAssignmentOperation assignment)
    {
        if (assignment.Target is IPropertyReferenceOperation { Property: { Name: "MaxRetries" } property } && SymbolEqualityComparer.Default.Equals(property.ContainingType, retryOptions))
        {
            retriesSetInCode = true;
        }
    }

    /// <summary>"the retry the Azure SDK gives BlobClient (5 retries by default)" and its attempts, for a client call; null for any other call.</summary>
    internal (string Description, int Attempts)? RetryOf(IInvocationOperation call)
    {
        // Asked of every call of a compilation that names Azure: the receiver's type, which few calls share, rules most
        // out before their methods are read. A static method, an extension's included, has no receiver.
        if (call.Instance?.Type is not INamedTypeSymbol client
            || !client.Name.EndsWith("Client", StringComparison.Ordinal)
            || !ReturnsResponse(call.TargetMethod.ReturnType)
            || client.ContainingNamespace?.ToDisplayString() is not { } space
            || !space.StartsWith("Azure.", StringComparison.Ordinal))
        {
            return null;
        }

        var retries = space.StartsWith("Azure.Storage", StringComparison.Ordinal) ? 5 : 3;
        return ($"the retry the Azure SDK gives {client.Name} ({retries} retries by default)", retries + 1);
    }

    /// <summary>True for <c>Response</c> or <c>Response&lt;T&gt;</c>, also in a <c>Task</c> or <c>ValueTask</c>.</summary>
    private bool ReturnsResponse(ITypeSymbol type)
    {
        var result = type is INamedTypeSymbol { Name: "Task" or "ValueTask", TypeArguments.Length: 1 } awaited ? awaited.TypeArguments[0] : type;
        return SymbolEqualityComparer.Default.Equals(result, response) || SymbolEqualityComparer.Default.Equals(result.OriginalDefinition, responseOfT);
    }
}
