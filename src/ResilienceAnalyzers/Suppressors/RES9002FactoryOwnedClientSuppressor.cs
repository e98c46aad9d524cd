using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using ResilienceAnalyzers.Infrastructure;

namespace ResilienceAnalyzers.Suppressors;

/// <summary>
/// RES9002: suppresses the dispose rules — CA2000, and IDisposableAnalyzers' IDISP001, IDISP004 and IDISP006 — on an
/// <c>HttpClient</c> that <c>IHttpClientFactory.CreateClient</c> returned: the factory owns the handler and its
/// connections, so the client need not be disposed, and the fix those rules push toward (<c>using var client = new
/// HttpClient()</c>) is the connection-pool-per-operation anti-pattern of RES5002. The diagnostic is suppressed when it
/// is on the <c>CreateClient</c> call, on a local declaration whose every variable it initializes, or on a field whose
/// every assignment in its type is such a call. A <c>new HttpClient()</c> keeps its warnings.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
internal sealed class RES9002FactoryOwnedClientSuppressor : DiagnosticSuppressor
{
    public override ImmutableArray<SuppressionDescriptor> SupportedSuppressions { get; } = Descriptors.RES9002FactoryOwnedClients;

    public override void ReportSuppressions(SuppressionAnalysisContext context)
    {
        if (WellKnownTypes.For(context.Compilation).Get(WellKnownTypeNames.SystemNetHttpIHttpClientFactory) is not { } factory)
        {
            return;
        }

        foreach (var diagnostic in context.ReportedDiagnostics)
        {
            if (diagnostic.Location.SourceTree is not { } tree
                || SupportedSuppressions.FirstOrDefault(s => s.SuppressedDiagnosticId == diagnostic.Id) is not { } suppression)
            {
                continue;
            }

            var node = tree.GetRoot(context.CancellationToken).FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
            if (IsFactoryOwned(node, context.GetSemanticModel(tree), factory, context.CancellationToken))
            {
                context.ReportSuppression(Suppression.Create(suppression, diagnostic));
            }
        }
    }

    private static bool IsFactoryOwned(SyntaxNode node, SemanticModel model, INamedTypeSymbol factory, CancellationToken cancellationToken)
    {
        bool FromFactory(ExpressionSyntax? value) =>
            value is not null && model.GetOperation(value, cancellationToken)?.WalkDownConversions() is IInvocationOperation { TargetMethod.Name: "CreateClient" } call
            && (SymbolEqualityComparer.Default.Equals(call.TargetMethod.ContainingType, factory)
                || (call.TargetMethod.IsExtensionMethod && SymbolEqualityComparer.Default.Equals(call.TargetMethod.Parameters[0].Type, factory)));

        if (node is ExpressionSyntax expression)
        {
            return FromFactory(expression);
        }

        if (node.FirstAncestorOrSelf<FieldDeclarationSyntax>() is { Parent: TypeDeclarationSyntax type } field)
        {
            return field.Declaration.Variables.All(variable =>
            {
                var symbol = model.GetDeclaredSymbol(variable, cancellationToken);
                var assigned = type.DescendantNodes()
                    .OfType<AssignmentExpressionSyntax>()
                    .Where(assignment => SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(assignment.Left, cancellationToken).Symbol, symbol))
                    .Select(assignment => assignment.Right)
                    .Concat(variable.Initializer is { } initializer ? new[] { initializer.Value } : [])
                    .ToList();
                return assigned.Count > 0 && assigned.All(FromFactory);
            });
        }

        return node.FirstAncestorOrSelf<LocalDeclarationStatementSyntax>() is { } local
            && local.Declaration.Variables.All(declarator => FromFactory(declarator.Initializer?.Value));
    }
}
