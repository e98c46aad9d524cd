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
using ResilienceAnalyzers.CodeFixes.Infrastructure;
using ResilienceAnalyzers.Infrastructure;

namespace ResilienceAnalyzers.CodeFixes.DnsAndDiscovery;

/// <summary>
/// Creates the client where it is used: a field or auto-property initialized with <c>factory.CreateClient(…)</c>
/// becomes a property that asks the factory on every read (<c>private HttpClient client => factory.CreateClient(…);</c>),
/// so every use gets the factory's current handler and the code that reads it is unchanged. Offered for instance
/// members initialized in their declaration — whose initializer reads only what a property can (a primary
/// constructor's parameters, statics, constants) — and never assigned elsewhere.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(RES5004FactoryClientKeptForTheProcessCodeFix))]
[Shared]
internal sealed class RES5004FactoryClientKeptForTheProcessCodeFix : EditingCodeFix
{
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(Descriptors.RES5004FactoryClientKeptForTheProcess.Id);

    private protected override string Title => "Create the client from the factory on each use";

    private protected override bool CanFix(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken) =>
        KeptMember(root, model, diagnostic, cancellationToken) is not null;

    private protected override void Edit(DocumentEditor editor, SyntaxNode root, SemanticModel model, IEnumerable<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        foreach (var diagnostic in diagnostics)
        {
            if (KeptMember(root, model, diagnostic, cancellationToken) is not var (member, type, name, creation))
            {
                continue;
            }

            var property = SyntaxFactory.PropertyDeclaration(type.WithoutTrivia().WithTrailingTrivia(SyntaxFactory.Space), name)
                .WithModifiers(SyntaxFactory.TokenList(member.Modifiers.Where(modifier => !modifier.IsKind(SyntaxKind.ReadOnlyKeyword))))
                .WithExpressionBody(SyntaxFactory.ArrowExpressionClause(creation.WithoutTrivia()))
                .WithSemicolonToken(SyntaxFactory.Token(SyntaxKind.SemicolonToken))
                .WithTriviaFrom(member);
            editor.ReplaceNode(member, property);
        }
    }

    /// <summary>The declaration the flagged client initializes, its type and name, and the creation; null when the fix does not apply.</summary>
    private static (MemberDeclarationSyntax Member, TypeSyntax Type, SyntaxToken Name, ExpressionSyntax Creation)? KeptMember(
        SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        if (root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not InvocationExpressionSyntax creation
            || creation.Parent is not EqualsValueClauseSyntax initializer
            || model.GetDeclaredSymbol(initializer.Parent!, cancellationToken) is not { IsStatic: false } symbol
            || IsAssignedElsewhere(root, model, symbol, cancellationToken))
        {
            return null;
        }

        return initializer.Parent switch
        {
            VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax { Variables.Count: 1 } declaration } declarator when declaration.Parent is FieldDeclarationSyntax field =>
                (field, declaration.Type, declarator.Identifier, creation),
            PropertyDeclarationSyntax { AccessorList.Accessors: { Count: 1 } accessors } property
                when accessors[0] is { Body: null, ExpressionBody: null } getter && getter.Keyword.IsKind(SyntaxKind.GetKeyword) =>
                (property, property.Type, property.Identifier, creation),
            _ => null,
        };
    }

    /// <summary>True when code other than the initializer writes the member: a property could not take that write.</summary>
    private static bool IsAssignedElsewhere(SyntaxNode root, SemanticModel model, ISymbol member, CancellationToken cancellationToken) =>
        root.DescendantNodes()
            .OfType<IdentifierNameSyntax>()
            .Where(name => name.Identifier.ValueText == member.Name)
            .Any(name => Written(name) && SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(name, cancellationToken).Symbol, member));

    /// <summary>True when the name, or <c>this.name</c>, is the target of an assignment.</summary>
    private static bool Written(IdentifierNameSyntax name)
    {
        ExpressionSyntax target = name.Parent is MemberAccessExpressionSyntax access && access.Name == name ? access : name;
        return target.Parent is AssignmentExpressionSyntax assignment && assignment.Left == target;
    }
}
