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
using Microsoft.CodeAnalysis.Simplification;
using ResilienceAnalyzers.CodeFixes.Infrastructure;
using ResilienceAnalyzers.Infrastructure;

namespace ResilienceAnalyzers.CodeFixes.DnsAndDiscovery;

/// <summary>
/// Takes clients from <c>IHttpClientFactory</c>: <c>new HttpClient()</c> becomes <c>httpClientFactory.CreateClient()</c>,
/// with the factory the class already holds, or one received through its constructor — a parameter added to the
/// primary constructor, or to its one constructor with a field it is stored in. Offered only in instance methods of a
/// class that already takes constructor parameters (so it is built by DI) in a compilation that references the
/// factory. A <c>using</c> stays: disposing a factory's client is harmless, its handler is pooled.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(RES5002InjectFactoryCodeFix))]
[Shared]
internal sealed class RES5002InjectFactoryCodeFix : EditingCodeFix
{
    private const string FactoryName = "httpClientFactory";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(Descriptors.RES5002ClientPerOperation.Id);

    private protected override string Title => "Create the client with IHttpClientFactory";

    private protected override bool CanFix(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken) =>
        Injectable(root, model, diagnostic, cancellationToken) is not null;

    private static (ClientCreation Client, Injection Injection)? Injectable(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        if (ClientCreation.Find(root, diagnostic) is not { } client
            || client.Creation.FirstAncestorOrSelf<BaseMethodDeclarationSyntax>()!.Modifiers.Any(SyntaxKind.StaticKeyword)
            || WellKnownTypes.For(model.Compilation).Get(WellKnownTypeNames.SystemNetHttpIHttpClientFactory) is not { } factory
            || model.GetDeclaredSymbol(client.Owner, cancellationToken) is not { } owner)
        {
            return null;
        }

        var held = owner.GetMembers().FirstOrDefault(member => !member.IsStatic && member switch
        {
            IFieldSymbol field => SymbolEqualityComparer.Default.Equals(field.Type, factory) && !field.IsImplicitlyDeclared,
            IPropertySymbol property => SymbolEqualityComparer.Default.Equals(property.Type, factory),
            _ => false,
        });
        if (held is not null)
        {
            return (client, new Injection(held.Name, InjectionKind.AlreadyHeld));
        }

        if (client.Owner.ParameterList is { Parameters.Count: > 0 } primary)
        {
            var existing = primary.Parameters.FirstOrDefault(parameter => SymbolEqualityComparer.Default.Equals(model.GetDeclaredSymbol(parameter, cancellationToken)?.Type, factory));
            return existing is not null
                ? (client, new Injection(existing.Identifier.ValueText, InjectionKind.AlreadyHeld))
                : (client, new Injection(FreeName(owner), InjectionKind.PrimaryConstructorParameter));
        }

        var constructors = client.Owner.Members.OfType<ConstructorDeclarationSyntax>().Where(constructor => !constructor.Modifiers.Any(SyntaxKind.StaticKeyword)).ToList();
        return constructors.Count == 1 && constructors[0] is { ParameterList.Parameters.Count: > 0, Body: not null }
            ? (client, new Injection(FreeName(owner), InjectionKind.ConstructorParameterAndField))
            : null;
    }

    private static string FreeName(INamedTypeSymbol owner)
    {
        var name = FactoryName;
        for (var number = 2; owner.MemberNames.Contains(name); number++)
        {
            name = FactoryName + number.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return name;
    }

    private protected override void Edit(DocumentEditor editor, SyntaxNode root, SemanticModel model, IEnumerable<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        var injected = new Dictionary<TypeDeclarationSyntax, string>();
        foreach (var diagnostic in diagnostics)
        {
            if (Injectable(root, model, diagnostic, cancellationToken) is not var (client, injection))
            {
                continue;
            }

            if (!injected.TryGetValue(client.Owner, out var name))
            {
                name = injection.Name;
                injected[client.Owner] = name;
                Inject(editor, client.Owner, injection);
            }

            editor.ReplaceNode(client.Creation, SyntaxFactory.ParseExpression($"{name}.CreateClient()").WithTriviaFrom(client.Creation));
        }
    }

    private static void Inject(DocumentEditor editor, TypeDeclarationSyntax owner, Injection injection)
    {
        var type = SyntaxFactory.ParseTypeName("global::" + WellKnownTypeNames.SystemNetHttpIHttpClientFactory).WithAdditionalAnnotations(Simplifier.Annotation);
        var parameter = SyntaxFactory.Parameter(SyntaxFactory.Identifier(injection.Name)).WithType(type.WithTrailingTrivia(SyntaxFactory.Space));
        switch (injection.Kind)
        {
            case InjectionKind.PrimaryConstructorParameter:
                editor.ReplaceNode(owner.ParameterList!, (current, _) => WithParameter((ParameterListSyntax)current, parameter));
                break;
            case InjectionKind.ConstructorParameterAndField:
                var constructor = owner.Members.OfType<ConstructorDeclarationSyntax>().Single(c => !c.Modifiers.Any(SyntaxKind.StaticKeyword));
                editor.ReplaceNode(constructor.ParameterList, (current, _) => WithParameter((ParameterListSyntax)current, parameter));
                var assignment = SyntaxFactory.ParseStatement($"this.{injection.Name} = {injection.Name};");
                editor.ReplaceNode(constructor.Body!, (current, _) => WithLastStatement((BlockSyntax)current, assignment));
                var field = SyntaxFactory.FieldDeclaration(SyntaxFactory.VariableDeclaration(type, SyntaxFactory.SingletonSeparatedList(SyntaxFactory.VariableDeclarator(injection.Name))))
                    .WithModifiers(SyntaxFactory.TokenList(SyntaxFactory.Token(SyntaxKind.PrivateKeyword), SyntaxFactory.Token(SyntaxKind.ReadOnlyKeyword)))
                    .WithAdditionalAnnotations(Formatter.Annotation);
                editor.InsertMembers(owner, owner.Members.LastIndexOf(member => member is FieldDeclarationSyntax) + 1, [field]);
                break;
        }
    }

    /// <summary>The block with the statement appended, laid out like the statement before it.</summary>
    private static BlockSyntax WithLastStatement(BlockSyntax block, StatementSyntax statement) =>
        block.AddStatements(block.Statements.LastOrDefault() is { } last
            ? statement.WithLeadingTrivia(last.GetLeadingTrivia()).WithTrailingTrivia(last.GetTrailingTrivia())
            : statement.WithAdditionalAnnotations(Formatter.Annotation));

    /// <summary>The list with the parameter appended after a comma and a space, the existing layout untouched.</summary>
    private static ParameterListSyntax WithParameter(ParameterListSyntax list, ParameterSyntax parameter) =>
        list.WithParameters(SyntaxFactory.SeparatedList(
            list.Parameters.Add(parameter),
            list.Parameters.GetSeparators().Append(SyntaxFactory.Token(SyntaxKind.CommaToken).WithTrailingTrivia(SyntaxFactory.Space))));

    private enum InjectionKind
    {
        AlreadyHeld,
        PrimaryConstructorParameter,
        ConstructorParameterAndField,
    }

    /// <summary>The name the factory goes by in the class, and what the fix adds to receive it.</summary>
    private readonly struct Injection
    {
        internal Injection(string name, InjectionKind kind)
        {
            Name = name;
            Kind = kind;
        }

        internal string Name { get; }

        internal InjectionKind Kind { get; }
    }
}
