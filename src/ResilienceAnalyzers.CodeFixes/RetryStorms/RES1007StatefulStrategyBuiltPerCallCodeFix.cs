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
using Microsoft.CodeAnalysis.Operations;
using ResilienceAnalyzers.CodeFixes.Infrastructure;
using ResilienceAnalyzers.Infrastructure;

namespace ResilienceAnalyzers.CodeFixes.RetryStorms;

/// <summary>
/// Builds the strategy once: the expression that builds it moves into a <c>private static readonly</c> field of the
/// enclosing type, and the request path reads the field — <c>var pipeline = new ResiliencePipelineBuilder()…Build();</c>
/// becomes <c>var pipeline = Pipeline;</c> with <c>private static readonly ResiliencePipeline Pipeline = new …;</c>.
/// Offered only when the expression reads nothing of the request (no local, parameter or instance member), so the
/// field compiles and every request shares one breaker or limiter; the rule's page shows the DI-registered form.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(RES1007StatefulStrategyBuiltPerCallCodeFix))]
[Shared]
internal sealed class RES1007StatefulStrategyBuiltPerCallCodeFix : EditingCodeFix
{
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(Descriptors.RES1007StatefulStrategyBuiltPerCall.Id);

    private protected override string Title => "Build it once, in a static readonly field";

    private protected override bool CanFix(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken) =>
        HoistableStrategy(root, model, diagnostic, cancellationToken) is not null;

    /// <summary>
    /// The expression that builds the strategy the diagnostic is on — the <c>Build()</c> call, or the Polly v7 policy
    /// call whose name it marks — when it sits in a class, struct or record and reads nothing of the request.
    /// </summary>
    private static InvocationExpressionSyntax? HoistableStrategy(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        var expression = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) switch
        {
            InvocationExpressionSyntax build => build,
            SimpleNameSyntax { Parent: MemberAccessExpressionSyntax { Parent: InvocationExpressionSyntax policy } } => policy,
            _ => null,
        };

        return expression?.FirstAncestorOrSelf<TypeDeclarationSyntax>() is ClassDeclarationSyntax or StructDeclarationSyntax or RecordDeclarationSyntax
            && model.GetOperation(expression, cancellationToken) is { } operation
            && ReadsNothingOfTheRequest(operation, expression)
                ? expression
                : null;
    }

    /// <summary>True when the expression could initialize a static field: no <c>this</c>, and no local or parameter declared outside it.</summary>
    private static bool ReadsNothingOfTheRequest(IOperation operation, SyntaxNode expression)
    {
        bool DeclaredInside(ISymbol symbol) => symbol.DeclaringSyntaxReferences.Any(reference => expression.Span.Contains(reference.Span));

        return !operation.DescendantsAndSelf().Any(node => node switch
        {
            IInstanceReferenceOperation => true,
            ILocalReferenceOperation local => !DeclaredInside(local.Local),
            IParameterReferenceOperation parameter => !DeclaredInside(parameter.Parameter),
            _ => false,
        });
    }

    private protected override void Edit(DocumentEditor editor, SyntaxNode root, SemanticModel model, IEnumerable<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        var namesTaken = new Dictionary<TypeDeclarationSyntax, HashSet<string>>();
        var fieldsAdded = new Dictionary<TypeDeclarationSyntax, int>();
        foreach (var diagnostic in diagnostics.OrderBy(d => d.Location.SourceSpan.Start))
        {
            if (HoistableStrategy(root, model, diagnostic, cancellationToken) is not { } expression
                || model.GetTypeInfo(expression, cancellationToken).Type is not { } type
                || expression.FirstAncestorOrSelf<TypeDeclarationSyntax>() is not { } owner
                || model.GetDeclaredSymbol(owner, cancellationToken) is not { } ownerSymbol)
            {
                continue;
            }

            if (!namesTaken.TryGetValue(owner, out var taken))
            {
                taken = new HashSet<string>(ownerSymbol.MemberNames);
                namesTaken[owner] = taken;
            }

            var name = FieldName(expression, type, taken);
            var field = SyntaxFactory.FieldDeclaration(
                    SyntaxFactory.VariableDeclaration(
                        (TypeSyntax)editor.Generator.TypeExpression(type),
                        SyntaxFactory.SingletonSeparatedList(
                            SyntaxFactory.VariableDeclarator(name).WithInitializer(SyntaxFactory.EqualsValueClause(expression.WithoutTrivia())))))
                .WithModifiers(SyntaxFactory.TokenList(
                    SyntaxFactory.Token(SyntaxKind.PrivateKeyword),
                    SyntaxFactory.Token(SyntaxKind.StaticKeyword),
                    SyntaxFactory.Token(SyntaxKind.ReadOnlyKeyword)))
                .WithAdditionalAnnotations(Formatter.Annotation);
            // The fields go after the type's own fields, in the order the strategies were built.
            fieldsAdded.TryGetValue(owner, out var added);
            var afterFields = owner.Members.LastIndexOf(member => member is FieldDeclarationSyntax) + 1;
            editor.InsertMembers(owner, afterFields + added, [field]);
            fieldsAdded[owner] = added + 1;
            editor.ReplaceNode(expression, SyntaxFactory.IdentifierName(name).WithTriviaFrom(expression));
        }
    }

    /// <summary>The local's name in PascalCase (<c>pipeline</c> → <c>Pipeline</c>), else one after the type; numbered until it is free.</summary>
    private static string FieldName(InvocationExpressionSyntax expression, ITypeSymbol type, HashSet<string> taken)
    {
        var local = expression.Parent is EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax declarator } ? declarator.Identifier.ValueText.TrimStart('_') : string.Empty;
        var stem = local.Length > 0 ? char.ToUpperInvariant(local[0]) + local.Substring(1) : "Shared" + type.Name;
        var name = stem;
        for (var number = 2; !taken.Add(name); number++)
        {
            name = stem + number.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return name;
    }
}
