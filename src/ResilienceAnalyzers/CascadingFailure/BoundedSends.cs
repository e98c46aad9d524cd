using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using ResilienceAnalyzers.Infrastructure;

namespace ResilienceAnalyzers.CascadingFailure;

/// <summary>
/// Whether every request through a named client has a deadline of its own: each <c>CreateClient("name")</c> of the
/// compilation keeps its client in a local or a field, and every use of that local or field is a send whose token comes
/// from a <c>CancellationTokenSource</c> of the same method that has <c>CancelAfter</c> or was created with a delay. The
/// consumer then bounds each call itself, as a finite <c>HttpClient.Timeout</c> would.
/// </summary>
internal static class BoundedSends
{
    private static readonly HashSet<string> SendMethods = new(System.StringComparer.Ordinal)
    {
        "SendAsync", "GetAsync", "PostAsync", "PutAsync", "PatchAsync", "DeleteAsync", "GetStringAsync", "GetStreamAsync",
        "GetByteArrayAsync", "GetFromJsonAsync", "PostAsJsonAsync", "PutAsJsonAsync", "PatchAsJsonAsync", "DeleteFromJsonAsync",
    };

    /// <summary>
    /// True when the named client <paramref name="name"/>, registered by <paramref name="registration"/>, is asked for
    /// somewhere and every request through it is bounded per call; the files searched are those that spell the name as
    /// written at the registration (<c>"webhooks"</c>, or the constant <c>NamedClient</c>).
    /// </summary>
    internal static bool EveryRequestBounded(IInvocationOperation registration, string name, CompilationFacts facts, CancellationToken cancellationToken)
    {
        var spelled = registration.Arguments.ValueFor("name") switch
        {
            ILiteralOperation => $"\"{name}\"",
            IFieldReferenceOperation { Field.IsConst: true } constant => constant.Field.Name,
            _ => null,
        };
        if (spelled is null || registration.SemanticModel is not { } registrationModel)
        {
            return false;
        }

        var requests = 0;
        foreach (var tree in registrationModel.Compilation.SyntaxTrees.Where(tree => facts.Spells(tree, "CreateClient") && facts.Spells(tree, spelled)))
        {
            var model = registrationModel.ForTree(tree);
            foreach (var syntax in tree.GetRoot(cancellationToken).DescendantNodes().OfType<InvocationExpressionSyntax>().Where(CallsCreateClient))
            {
                if (model.GetOperation(syntax, cancellationToken) is not IInvocationOperation { TargetMethod: { Name: "CreateClient", ContainingType.Name: "IHttpClientFactory" } } request
                    || request.Arguments.ValueFor("name")?.ConstantValue is not { HasValue: true, Value: string requested }
                    || requested != name)
                {
                    continue;
                }

                if (!BoundedWhereKept(request, model, cancellationToken))
                {
                    return false;
                }

                requests++;
            }
        }

        return requests > 0;
    }

    private static bool CallsCreateClient(InvocationExpressionSyntax call) => call.Expression switch
    {
        MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText == "CreateClient",
        IdentifierNameSyntax name => name.Identifier.ValueText == "CreateClient",
        _ => false,
    };

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
}
