using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using ResilienceAnalyzers.Infrastructure;

namespace ResilienceAnalyzers.CascadingFailure;

/// <summary>
/// Where a compilation asks <c>IHttpClientFactory</c> for its named clients with <c>CreateClient(name)</c>, read once,
/// when a registration first needs it, by binding the calls of the files that spell the method. A name given as a
/// constant, a <c>nameof</c>, or a choice between constants is known; a request whose name is computed at run time (a
/// parameter, a setting) is left out.
/// </summary>
internal sealed class NamedClientRequests
{
    private static readonly HashSet<string> SendMethods = new(StringComparer.Ordinal)
    {
        "SendAsync", "GetAsync", "PostAsync", "PutAsync", "PatchAsync", "DeleteAsync", "GetStringAsync", "GetStreamAsync",
        "GetByteArrayAsync", "GetFromJsonAsync", "PostAsJsonAsync", "PutAsJsonAsync", "PatchAsJsonAsync", "DeleteFromJsonAsync",
    };

    private readonly Lazy<List<Request>> requests;

    internal NamedClientRequests(CompilationFacts facts) =>
        requests = new Lazy<List<Request>>(() => Read(facts));

    /// <summary>
    /// True when the named client is asked for, and every <c>CreateClient</c> of its name keeps the client in a local or
    /// a field whose every use is a send whose token comes from a <c>CancellationTokenSource</c> of the same method that
    /// has <c>CancelAfter</c> or was created with a delay: the consumer bounds each call, as a finite timeout would.
    /// </summary>
    internal bool EveryRequestBounded(string name, CancellationToken cancellationToken)
    {
        var clients = requests.Value.Where(client => client.Names.Contains(name)).ToList();
        return clients.Count > 0 && clients.All(client => BoundedWhereKept(client.Call, client.Model, cancellationToken));
    }

    private static List<Request> Read(CompilationFacts facts)
    {
        var read = new List<Request>();
        foreach (var tree in facts.FilesSpelling("CreateClient"))
        {
            SemanticModel? model = null;
            foreach (var syntax in facts.CallsSpelled(tree, "CreateClient"))
            {
                model ??= facts.ModelOf(tree);
                if (model.GetOperation(syntax) is IInvocationOperation { TargetMethod.ContainingType.Name: "IHttpClientFactory" or "HttpClientFactoryExtensions" } call
                    && NamesAskedFor(call) is { } names)
                {
                    read.Add(new Request(call, model, names));
                }
            }
        }

        return read;
    }

    /// <summary>The names a call can ask for: the default name without one, a constant, or each constant of a choice; null when computed.</summary>
    private static List<string>? NamesAskedFor(IInvocationOperation call)
    {
        if (call.Arguments.ValueFor("name") is not { } asked)
        {
            return new List<string> { string.Empty };
        }

        var names = new List<string>();
        var pending = new Stack<IOperation>();
        pending.Push(asked);
        while (pending.Count > 0)
        {
            switch (pending.Pop().WalkDownConversions())
            {
                case { ConstantValue: { HasValue: true, Value: string name } }:
                    names.Add(name);
                    break;
                case IConditionalOperation { WhenFalse: { } whenFalse } choice:
                    pending.Push(choice.WhenTrue);
                    pending.Push(whenFalse);
                    break;
                default:
                    return null;
            }
        }

        return names;
    }

    /// <summary>The client <paramref name="request"/> creates is kept in a local or a field, and every use of it is a bounded send.</summary>
    private static bool BoundedWhereKept(IInvocationOperation request, SemanticModel model, CancellationToken cancellationToken)
    {
        IEnumerable<IOperation> uses;
        switch (request.ParentSkippingConversions())
        {
            case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation { Symbol: var local } }:
                uses = request.Root().Descendants().OfType<ILocalReferenceOperation>().Where(reference => SymbolEqualityComparer.Default.Equals(reference.Local, local));
                break;
            case ISimpleAssignmentOperation { Target: IFieldReferenceOperation { Field: var field } } assignment:
                uses = field.ReferencesInItsType(model, cancellationToken).Where(reference => reference.Parent != assignment);
                break;
            case IFieldInitializerOperation { InitializedFields.Length: 1 } initializer:
                uses = initializer.InitializedFields[0].ReferencesInItsType(model, cancellationToken);
                break;
            default:
                return false;
        }

        var any = false;
        foreach (var use in uses)
        {
            if (use.ParentSkippingConversions() is not IInvocationOperation send || send.Instance != use && send.Arguments.FirstOrDefault()?.Value.WalkDownConversions() != use || !HasADeadline(send))
            {
                return false;
            }

            any = true;
        }

        return any;
    }

    /// <summary>A send whose token is <c>cts.Token</c> of a source that the same method gives a delay.</summary>
    private static bool HasADeadline(IInvocationOperation send)
    {
        if (!SendMethods.Contains(send.TargetMethod.Name)
            || send.Arguments.FirstOrDefault(argument => argument.Parameter?.Type.Name == "CancellationToken")?.Value.WalkDownConversions()
                is not IPropertyReferenceOperation { Property.Name: "Token", Instance: ILocalReferenceOperation { Local: var source } })
        {
            return false;
        }

        return send.Root().Descendants().Any(operation => operation switch
        {
            IInvocationOperation { TargetMethod.Name: "CancelAfter", Instance: ILocalReferenceOperation cancelled } => SymbolEqualityComparer.Default.Equals(cancelled.Local, source),
            IVariableDeclaratorOperation { Initializer.Value: var created } declarator when SymbolEqualityComparer.Default.Equals(declarator.Symbol, source) =>
                created.WalkDownConversions() is IObjectCreationOperation { Arguments.Length: > 0 } creation && creation.Type?.Name == "CancellationTokenSource",
            _ => false,
        });
    }

    private sealed class Request
    {
        internal Request(IInvocationOperation call, SemanticModel model, List<string> names)
        {
            Call = call;
            Model = model;
            Names = names;
        }

        internal IInvocationOperation Call { get; }

        internal SemanticModel Model { get; }

        internal List<string> Names { get; }
    }
}
