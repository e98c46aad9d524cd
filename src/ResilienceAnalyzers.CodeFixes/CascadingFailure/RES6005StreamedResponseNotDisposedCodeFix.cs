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

namespace ResilienceAnalyzers.CodeFixes.CascadingFailure;

/// <summary>
/// Declares the streamed response with <c>using</c> (<c>using var response = await …</c>), so it is disposed, and its
/// connection released, on every path out of the block. Offered for a declaration of one local that nothing assigns
/// again (a <c>using</c> local is read-only) outside a switch section (where C# allows no <c>using</c> declaration).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(RES6005StreamedResponseNotDisposedCodeFix))]
[Shared]
internal sealed class RES6005StreamedResponseNotDisposedCodeFix : EditingCodeFix
{
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(Descriptors.RES6005StreamedResponseNotDisposed.Id);

    private protected override string Title => "Declare it with using";

    private protected override bool CanFix(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken) =>
        Declaration(root, model, diagnostic, cancellationToken) is not null;

    private protected override void Edit(DocumentEditor editor, SyntaxNode root, SemanticModel model, IEnumerable<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        foreach (var diagnostic in diagnostics)
        {
            if (Declaration(root, model, diagnostic, cancellationToken) is { } declaration)
            {
                editor.ReplaceNode(declaration, declaration
                    .WithoutLeadingTrivia()
                    .WithUsingKeyword(SyntaxFactory.Token(SyntaxKind.UsingKeyword).WithTrailingTrivia(SyntaxFactory.Space))
                    .WithLeadingTrivia(declaration.GetLeadingTrivia()));
            }
        }
    }

    private static LocalDeclarationStatementSyntax? Declaration(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        if (root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not VariableDeclaratorSyntax declarator
            || declarator.Parent is not VariableDeclarationSyntax { Variables.Count: 1, Parent: LocalDeclarationStatementSyntax { UsingKeyword.RawKind: 0, Parent: BlockSyntax body } declaration }
            || model.GetDeclaredSymbol(declarator, cancellationToken) is not ILocalSymbol local)
        {
            return null;
        }

        var assignedAgain = body.DescendantNodes().OfType<AssignmentExpressionSyntax>().Any(assignment =>
            assignment.Left is IdentifierNameSyntax { Identifier.ValueText: var name } && name == local.Name
            && SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(assignment.Left, cancellationToken).Symbol, local));
        return assignedAgain ? null : declaration;
    }
}
