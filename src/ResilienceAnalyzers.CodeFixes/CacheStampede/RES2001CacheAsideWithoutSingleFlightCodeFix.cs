using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;
using ResilienceAnalyzers.CodeFixes.Infrastructure;
using ResilienceAnalyzers.Infrastructure;

namespace ResilienceAnalyzers.CodeFixes.CacheStampede;

/// <summary>
/// Moves <c>await memoryCache.GetOrCreateAsync(key, async entry =&gt; …)</c> to HybridCache, which runs one factory per
/// key however many callers miss: <c>await hybridCache.GetOrCreateAsync(key, async cancellationToken =&gt; …, new
/// HybridCacheEntryOptions { Expiration = ttl })</c>, with the method's <c>CancellationToken</c> when it has one.
/// Offered when Microsoft.Extensions.Caching.Hybrid is referenced, the key is a string, the result is awaited (HybridCache
/// returns a <c>ValueTask</c>), the factory uses its entry only to set <c>AbsoluteExpirationRelativeToNow</c>, and the
/// class already gets a <c>HybridCache</c> (a field, property or primary-constructor parameter) or has a primary
/// constructor to receive one. Cache-aside written by hand gets no fix: the page shows HybridCache and the per-key lock.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(RES2001CacheAsideWithoutSingleFlightCodeFix))]
[Shared]
internal sealed class RES2001CacheAsideWithoutSingleFlightCodeFix : DocumentCodeFix
{
    private const string ExpirationProperty = "AbsoluteExpirationRelativeToNow";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(Descriptors.RES2001CacheAsideWithoutSingleFlight.Id);

    private protected override string Title => "Use HybridCache.GetOrCreateAsync (one load per key)";

    private protected override bool CanFix(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken) =>
        Rewrite.TryCreate(root, model, diagnostic, cancellationToken) is not null;

    private protected override async Task<Document> FixAsync(Document document, IEnumerable<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
        {
            return document;
        }

        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        var receivingTypes = new HashSet<TypeDeclarationSyntax>();
        foreach (var diagnostic in diagnostics)
        {
            if (Rewrite.TryCreate(root, model, diagnostic, cancellationToken) is not { } rewrite)
            {
                continue;
            }

            editor.ReplaceNode(rewrite.Call, rewrite.HybridCall().WithTriviaFrom(rewrite.Call));
            if (rewrite.NeedsParameter && receivingTypes.Add(rewrite.Owner))
            {
                var parameters = rewrite.Owner.ParameterList!;
                editor.ReplaceNode(parameters, parameters.AddParameters(
                    SyntaxFactory.Parameter(SyntaxFactory.Identifier(rewrite.HybridCacheName))
                        .WithType(SyntaxFactory.ParseTypeName("global::Microsoft.Extensions.Caching.Hybrid.HybridCache").WithAdditionalAnnotations(Simplifier.Annotation))));
            }
        }

        return editor.GetChangedDocument();
    }

    /// <summary>One <c>GetOrCreateAsync</c> call and what its HybridCache form needs.</summary>
    private sealed class Rewrite
    {
        private Rewrite(
            InvocationExpressionSyntax call,
            ExpressionSyntax key,
            LambdaExpressionSyntax factory,
            ExpressionSyntax? expiration,
            TypeDeclarationSyntax owner,
            string hybridCacheName,
            bool needsParameter,
            string? cancellationToken,
            string factoryToken)
        {
            FactoryToken = factoryToken;
            Call = call;
            Key = key;
            Factory = factory;
            Expiration = expiration;
            Owner = owner;
            HybridCacheName = hybridCacheName;
            NeedsParameter = needsParameter;
            CancellationToken = cancellationToken;
        }

        internal InvocationExpressionSyntax Call { get; }

        internal TypeDeclarationSyntax Owner { get; }

        internal string HybridCacheName { get; }

        /// <summary>True when the class has no HybridCache yet and its primary constructor receives one.</summary>
        internal bool NeedsParameter { get; }

        private ExpressionSyntax Key { get; }

        private LambdaExpressionSyntax Factory { get; }

        private ExpressionSyntax? Expiration { get; }

        private string? CancellationToken { get; }

        /// <summary>The factory's own token parameter: a name nothing in scope uses.</summary>
        private string FactoryToken { get; }

        internal static Rewrite? TryCreate(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken)
        {
            if (root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not SimpleNameSyntax { Identifier.ValueText: "GetOrCreateAsync", Parent: MemberAccessExpressionSyntax { Parent: InvocationExpressionSyntax call } }
                || call.Parent is not AwaitExpressionSyntax
                || call.ArgumentList.Arguments.Count != 2
                || call.ArgumentList.Arguments[1].Expression is not LambdaExpressionSyntax { AsyncKeyword.RawKind: (int)SyntaxKind.AsyncKeyword } factory
                || model.GetTypeInfo(call.ArgumentList.Arguments[0].Expression, cancellationToken).Type?.SpecialType != SpecialType.System_String
                || WellKnownTypes.For(model.Compilation).Get(WellKnownTypeNames.MicrosoftExtensionsDependencyInjectionHybridCacheServiceExtensions) is null
                || WellKnownTypes.For(model.Compilation).Get(WellKnownTypeNames.MicrosoftExtensionsCachingHybridHybridCache) is not { } hybridCache
                || call.FirstAncestorOrSelf<TypeDeclarationSyntax>() is not { } owner
                || model.GetDeclaredSymbol(owner, cancellationToken) is not { } ownerSymbol
                || EntryUses(factory) is not (true, var expiration))
            {
                return null;
            }

            var existing = ownerSymbol.GetMembers()
                .Where(member => member.CanBeReferencedByName)
                .Where(member => member is IFieldSymbol { Type: var type } && SymbolEqualityComparer.Default.Equals(type, hybridCache)
                    || member is IPropertySymbol { Type: var propertyType } && SymbolEqualityComparer.Default.Equals(propertyType, hybridCache))
                .Select(member => member.Name)
                .Concat(PrimaryConstructorParameters(owner, model, hybridCache, cancellationToken))
                .FirstOrDefault();
            if (existing is null && owner.ParameterList is null)
            {
                return null;
            }

            var token = Scope.CancellationToken(model, call.SpanStart, cancellationToken);
            var factoryToken = Scope.FreeName(model, call.SpanStart, "token");
            return new Rewrite(call, call.ArgumentList.Arguments[0].Expression, factory, expiration, owner, existing ?? "hybridCache", existing is null, token, factoryToken);
        }

        /// <summary><c>hybridCache.GetOrCreateAsync(key, async cancellationToken =&gt; …, options, cancellationToken: ct)</c>.</summary>
        internal InvocationExpressionSyntax HybridCall()
        {
            var body = Factory.Body.WithoutTrivia();
            if (body is BlockSyntax block)
            {
                body = block.WithStatements(SyntaxFactory.List(block.Statements.Where(statement => !SetsExpiration(statement)))).WithAdditionalAnnotations(Formatter.Annotation);
            }

            var lambda = SyntaxFactory.SimpleLambdaExpression(SyntaxFactory.Parameter(SyntaxFactory.Identifier(FactoryToken)))
                .WithAsyncKeyword(SyntaxFactory.Token(SyntaxKind.AsyncKeyword))
                .WithBody((CSharpSyntaxNode)body);
            var arguments = new List<ArgumentSyntax> { SyntaxFactory.Argument(Key.WithoutTrivia()), SyntaxFactory.Argument(lambda) };
            if (Expiration is not null)
            {
                arguments.Add(SyntaxFactory.Argument(SyntaxTemplates.Expression(
                    "new global::Microsoft.Extensions.Caching.Hybrid.HybridCacheEntryOptions { Expiration = expiration }",
                    new Dictionary<string, ExpressionSyntax> { ["expiration"] = Expiration })));
            }

            if (CancellationToken is not null)
            {
                arguments.Add(SyntaxFactory.Argument(SyntaxFactory.IdentifierName(CancellationToken))
                    .WithNameColon(SyntaxFactory.NameColon("cancellationToken")));
            }

            return SyntaxFactory.InvocationExpression(
                SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, SyntaxFactory.IdentifierName(HybridCacheName), SyntaxFactory.IdentifierName("GetOrCreateAsync")),
                SyntaxFactory.ArgumentList(SyntaxFactory.SeparatedList(arguments)));
        }

        /// <summary>
        /// Whether the factory uses its entry only to set <c>AbsoluteExpirationRelativeToNow</c> in a statement of its
        /// own (or not at all), and the expiration it sets.
        /// </summary>
        private static (bool OnlyExpiration, ExpressionSyntax? Expiration) EntryUses(LambdaExpressionSyntax factory)
        {
            var entry = factory switch
            {
                SimpleLambdaExpressionSyntax simple => simple.Parameter.Identifier.ValueText,
                ParenthesizedLambdaExpressionSyntax { ParameterList.Parameters.Count: 1 } parenthesized => parenthesized.ParameterList.Parameters[0].Identifier.ValueText,
                _ => null,
            };
            if (entry is null)
            {
                return (false, null);
            }

            var setters = factory.Body is BlockSyntax block ? block.Statements.Where(SetsExpiration).ToList() : new List<StatementSyntax>();
            var uses = factory.Body.DescendantNodes().OfType<IdentifierNameSyntax>().Count(name => name.Identifier.ValueText == entry);
            var expiration = setters.Select(setter => ((AssignmentExpressionSyntax)((ExpressionStatementSyntax)setter).Expression).Right).LastOrDefault();
            return (uses == setters.Count, expiration);
        }

        private static bool SetsExpiration(StatementSyntax statement) =>
            statement is ExpressionStatementSyntax
            {
                Expression: AssignmentExpressionSyntax
                {
                    RawKind: (int)SyntaxKind.SimpleAssignmentExpression,
                    Left: MemberAccessExpressionSyntax { Expression: IdentifierNameSyntax, Name.Identifier.ValueText: ExpirationProperty },
                },
            };

        private static IEnumerable<string> PrimaryConstructorParameters(TypeDeclarationSyntax owner, SemanticModel model, INamedTypeSymbol hybridCache, CancellationToken cancellationToken) =>
            owner.ParameterList?.Parameters
                .Where(parameter => parameter.Type is not null && SymbolEqualityComparer.Default.Equals(model.GetTypeInfo(parameter.Type, cancellationToken).Type, hybridCache))
                .Select(parameter => parameter.Identifier.ValueText)
            ?? Enumerable.Empty<string>();
    }
}
