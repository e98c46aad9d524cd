using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;
using ResilienceAnalyzers.CodeFixes.Infrastructure;
using ResilienceAnalyzers.DnsAndDiscovery;
using ResilienceAnalyzers.Infrastructure;

namespace ResilienceAnalyzers.CodeFixes.DnsAndDiscovery;

/// <summary>
/// Shares one client: <c>using var client = new HttpClient();</c> becomes <c>var client = SharedHttpClient;</c> with
/// <c>private static readonly HttpClient SharedHttpClient = new(new SocketsHttpHandler { PooledConnectionLifetime =
/// TimeSpan.FromMinutes(2) });</c> — connections shared, and still renewed so DNS changes are seen. The <c>using</c>
/// goes: disposing a shared client would break every later request. Offered only when the code just sends requests
/// with the client (<see cref="ClientCreation.OnlySends"/>); a <c>using (…) { }</c> statement is not rewritten.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(RES5002SharedClientCodeFix))]
[Shared]
internal sealed class RES5002SharedClientCodeFix : EditingCodeFix
{
    private const string FieldName = "SharedHttpClient";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(Descriptors.RES5002ClientPerOperation.Id);

    private protected override string Title => "Share one HttpClient whose connections expire";

    private protected override bool CanFix(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken) =>
        Shareable(root, model, diagnostic, cancellationToken) is not null;

    private static ClientCreation? Shareable(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken) =>
        diagnostic.Option(RES5002ClientPerOperationAnalyzer.LifetimeMinutesProperty) is not null
        && ClientCreation.Find(root, diagnostic) is { } client
        && client.Local?.Parent?.Parent is not UsingStatementSyntax
        && client.OnlySends(model, cancellationToken)
            ? client
            : null;

    private protected override void Edit(DocumentEditor editor, SyntaxNode root, SemanticModel model, IEnumerable<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        var fieldNames = new Dictionary<TypeDeclarationSyntax, string>();
        foreach (var diagnostic in diagnostics)
        {
            if (Shareable(root, model, diagnostic, cancellationToken) is not { } client)
            {
                continue;
            }

            if (!fieldNames.TryGetValue(client.Owner, out var fieldName))
            {
                fieldName = FieldName;
                if (!HasSharedField(client.Owner))
                {
                    fieldName = Scope.FreeName(model, client.Owner.OpenBraceToken.Span.End, FieldName);
                    var afterFields = client.Owner.Members.LastIndexOf(member => member is FieldDeclarationSyntax) + 1;
                    editor.InsertMembers(client.Owner, afterFields, [SharedField(fieldName, diagnostic.Option(RES5002ClientPerOperationAnalyzer.LifetimeMinutesProperty)!.Value)]);
                }

                fieldNames[client.Owner] = fieldName;
            }

            editor.ReplaceNode(client.Creation, SyntaxFactory.IdentifierName(fieldName).WithTriviaFrom(client.Creation));
            if (client.Local?.Parent?.Parent is LocalDeclarationStatementSyntax { UsingKeyword.RawKind: not 0 } usingDeclaration)
            {
                editor.ReplaceNode(usingDeclaration, (current, _) =>
                {
                    var statement = (LocalDeclarationStatementSyntax)current;
                    return statement.WithUsingKeyword(default).WithLeadingTrivia(statement.UsingKeyword.LeadingTrivia);
                });
            }
        }
    }

    /// <summary>True when an earlier fix already gave the type its shared client.</summary>
    private static bool HasSharedField(TypeDeclarationSyntax owner) =>
        owner.Members.OfType<FieldDeclarationSyntax>().Any(field =>
            field.Modifiers.Any(SyntaxKind.StaticKeyword)
            && field.Declaration.Variables.Any(variable => variable.Identifier.ValueText == FieldName && variable.Initializer?.Value.ToString().Contains("PooledConnectionLifetime") == true));

    private static FieldDeclarationSyntax SharedField(string name, int lifetimeMinutes) =>
        SyntaxFactory.FieldDeclaration(
                SyntaxFactory.VariableDeclaration(
                    SyntaxFactory.ParseTypeName("global::System.Net.Http.HttpClient").WithAdditionalAnnotations(Microsoft.CodeAnalysis.Simplification.Simplifier.Annotation),
                    SyntaxFactory.SingletonSeparatedList(
                        SyntaxFactory.VariableDeclarator(name).WithInitializer(SyntaxFactory.EqualsValueClause(SyntaxTemplates.Expression(
                            $"new global::System.Net.Http.HttpClient(new global::System.Net.Http.SocketsHttpHandler {{ PooledConnectionLifetime = global::System.TimeSpan.FromMinutes({lifetimeMinutes}) }})"))))))
            .WithModifiers(SyntaxFactory.TokenList(
                SyntaxFactory.Token(SyntaxKind.PrivateKeyword),
                SyntaxFactory.Token(SyntaxKind.StaticKeyword),
                SyntaxFactory.Token(SyntaxKind.ReadOnlyKeyword)))
            .WithAdditionalAnnotations(Formatter.Annotation);
}
