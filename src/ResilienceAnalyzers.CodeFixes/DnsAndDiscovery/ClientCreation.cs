using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace ResilienceAnalyzers.CodeFixes.DnsAndDiscovery;

/// <summary>
/// The <c>new HttpClient()</c> a RES5002 diagnostic is on, when a fix can replace it: no arguments and no initializer
/// (their settings would be lost), written in a method body of a class, struct or record, as a local's initializer
/// (plain or in a <c>using</c>) or as the receiver of a call.
/// </summary>
internal sealed class ClientCreation
{
    private ClientCreation(BaseObjectCreationExpressionSyntax creation, VariableDeclaratorSyntax? local, TypeDeclarationSyntax owner)
    {
        Creation = creation;
        Local = local;
        Owner = owner;
    }

    internal BaseObjectCreationExpressionSyntax Creation { get; }

    /// <summary>The local the client is assigned to, or <see langword="null"/> when it is the receiver of a call.</summary>
    internal VariableDeclaratorSyntax? Local { get; }

    internal TypeDeclarationSyntax Owner { get; }

    internal static ClientCreation? Find(SyntaxNode root, Diagnostic diagnostic)
    {
        if (root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not BaseObjectCreationExpressionSyntax creation
            || creation.ArgumentList?.Arguments.Count > 0
            || creation.Initializer is not null
            || creation.FirstAncestorOrSelf<BaseMethodDeclarationSyntax>() is null
            || creation.FirstAncestorOrSelf<TypeDeclarationSyntax>() is not { } owner
            || owner is InterfaceDeclarationSyntax)
        {
            return null;
        }

        return creation.Parent switch
        {
            EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax local } => new ClientCreation(creation, local, owner),
            MemberAccessExpressionSyntax { Parent: InvocationExpressionSyntax } => new ClientCreation(creation, null, owner),
            _ => null,
        };
    }

    /// <summary>
    /// True when the code only sends requests with the client — every use calls a method on it (<c>GetAsync</c>,
    /// <c>SendAsync</c>, <c>GetFromJsonAsync</c>…) other than <c>Dispose</c> — so sharing it changes nothing the code
    /// sees; setting <c>BaseAddress</c>, <c>Timeout</c> or default headers on a shared client would.
    /// </summary>
    internal bool OnlySends(SemanticModel model, CancellationToken cancellationToken)
    {
        IEnumerable<SyntaxNode> uses = Creation.Parent is MemberAccessExpressionSyntax
            ? new[] { Creation }
            : Creation.FirstAncestorOrSelf<BaseMethodDeclarationSyntax>()!.DescendantNodes().OfType<IdentifierNameSyntax>()
                .Where(name => name.Identifier.ValueText == Local!.Identifier.ValueText)
                .Where(name => SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(name, cancellationToken).Symbol, model.GetDeclaredSymbol(Local!, cancellationToken)));
        return uses.All(use => IsSent(use, model, cancellationToken));
    }

    private static bool IsSent(SyntaxNode use, SemanticModel model, CancellationToken cancellationToken)
    {
        var reference = model.GetOperation(use, cancellationToken);
        return reference?.Parent switch
        {
            IInvocationOperation call when call.Instance == reference => call.TargetMethod.Name is not ("Dispose" or "CancelPendingRequests"),
            IArgumentOperation { Parent: IInvocationOperation { TargetMethod.IsExtensionMethod: true } call } argument => call.Arguments[0] == argument,
            _ => false,
        };
    }
}
