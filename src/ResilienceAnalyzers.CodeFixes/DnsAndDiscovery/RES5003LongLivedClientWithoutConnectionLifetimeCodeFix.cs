using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using ResilienceAnalyzers.CodeFixes.Infrastructure;
using ResilienceAnalyzers.DnsAndDiscovery;
using ResilienceAnalyzers.Infrastructure;

namespace ResilienceAnalyzers.CodeFixes.DnsAndDiscovery;

/// <summary>
/// Gives a static <c>HttpClient</c> connections that expire: <c>new HttpClient()</c> becomes <c>new HttpClient(new
/// SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) })</c>, and a <c>SocketsHttpHandler</c> it
/// already creates gets the property; N minutes from <c>resilience.pooled_connection_lifetime</c>. Another handler
/// (<c>HttpClientHandler</c>) gets no fix: it has no such setting.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(RES5003LongLivedClientWithoutConnectionLifetimeCodeFix))]
[Shared]
internal sealed class RES5003LongLivedClientWithoutConnectionLifetimeCodeFix : ExpressionCodeFix
{
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(Descriptors.RES5003LongLivedClientWithoutConnectionLifetime.Id);

    private protected override string Title => "Set PooledConnectionLifetime";

    private protected override ExpressionSyntax? Replacement(ExpressionSyntax marked, Diagnostic diagnostic, SemanticModel model, CancellationToken cancellationToken)
    {
        if (marked is not BaseObjectCreationExpressionSyntax client
            || diagnostic.Option(RES5003LongLivedClientWithoutConnectionLifetimeAnalyzer.LifetimeMinutesProperty) is not { } minutes)
        {
            return null;
        }

        var lifetime = ObjectInitializers.Assignment("PooledConnectionLifetime", SyntaxTemplates.Expression($"global::System.TimeSpan.FromMinutes({minutes})"));
        switch (client.ArgumentList?.Arguments.Count ?? 0)
        {
            case 0:
                var handler = SyntaxTemplates.Expression("new global::System.Net.Http.SocketsHttpHandler()");
                var configured = ObjectInitializers.WithAssignments((BaseObjectCreationExpressionSyntax)handler, [lifetime]);
                return client.WithArgumentList(SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(configured))));
            case 1 when client.ArgumentList!.Arguments[0].Expression is BaseObjectCreationExpressionSyntax existing
                && model.GetTypeInfo(existing, cancellationToken).Type is { Name: "SocketsHttpHandler" }:
                return client.ReplaceNode(existing, ObjectInitializers.WithAssignments(existing, [lifetime]));
            default:
                return null;
        }
    }
}
