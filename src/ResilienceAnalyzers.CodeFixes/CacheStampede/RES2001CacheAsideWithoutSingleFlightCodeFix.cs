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

namespace ResilienceAnalyzers.CodeFixes.CacheStampede;

/// <summary>
/// Moves cache-aside on <c>IMemoryCache</c> to HybridCache, which runs one factory per key however many callers miss:
/// <c>await hybridCache.GetOrCreateAsync(key, async token =&gt; …, new HybridCacheEntryOptions { Expiration = ttl })</c>,
/// with the method's <c>CancellationToken</c> when it has one. Two shapes are rewritten: an awaited
/// <c>GetOrCreateAsync</c> whose factory uses its entry only to set <c>AbsoluteExpirationRelativeToNow</c>, and the block
/// <c>if (!cache.TryGetValue(key, out T value)) { value = await load; cache.Set(key, value[, ttl]); }</c>, which becomes
/// <c>T value = await hybridCache.GetOrCreateAsync(…)</c>. Offered when Microsoft.Extensions.Caching.Hybrid is
/// referenced, the key is a string, and the class already gets a <c>HybridCache</c> (a field, property or
/// primary-constructor parameter) or has a primary constructor to receive one; other shapes get no fix — the page shows
/// HybridCache and the per-key lock.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(RES2001CacheAsideWithoutSingleFlightCodeFix))]
[Shared]
internal sealed class RES2001CacheAsideWithoutSingleFlightCodeFix : EditingCodeFix
{
    private const string ExpirationProperty = "AbsoluteExpirationRelativeToNow";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(Descriptors.RES2001CacheAsideWithoutSingleFlight.Id);

    private protected override string Title => "Use HybridCache.GetOrCreateAsync (one load per key)";

    private protected override bool CanFix(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken) =>
        Rewrite.TryCreate(root, model, diagnostic, cancellationToken) is not null;

    private protected override void Edit(DocumentEditor editor, SyntaxNode root, SemanticModel model, IEnumerable<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        var receivingTypes = new HashSet<TypeDeclarationSyntax>();
        foreach (var diagnostic in diagnostics)
        {
            if (Rewrite.TryCreate(root, model, diagnostic, cancellationToken) is not { } rewrite)
            {
                continue;
            }

            editor.ReplaceNode(rewrite.Replaced, rewrite.Replacement());
            if (rewrite.NeedsParameter && receivingTypes.Add(rewrite.Owner))
            {
                var parameters = rewrite.Owner.ParameterList!;
                editor.ReplaceNode(parameters, parameters.AddParameters(
                    SyntaxFactory.Parameter(SyntaxFactory.Identifier(rewrite.HybridCacheName))
                        .WithType(SyntaxFactory.ParseTypeName("global::Microsoft.Extensions.Caching.Hybrid.HybridCache").WithAdditionalAnnotations(Simplifier.Annotation))));
            }
        }
    }

    /// <summary>What the miss path loads, found in one of the two shapes the fix rewrites.</summary>
    private sealed class Load
    {
        internal Load(SyntaxNode replaced, ExpressionSyntax key, CSharpSyntaxNode factoryBody, ExpressionSyntax? expiration, VariableDeclarationSyntax? result)
        {
            Replaced = replaced;
            Key = key;
            FactoryBody = factoryBody;
            Expiration = expiration;
            Result = result;
        }

        /// <summary>The <c>GetOrCreateAsync</c> call, or the <c>if (!cache.TryGetValue(…))</c> statement.</summary>
        internal SyntaxNode Replaced { get; }

        internal ExpressionSyntax Key { get; }

        /// <summary>What the HybridCache factory runs: the old factory's body, or the awaited load.</summary>
        internal CSharpSyntaxNode FactoryBody { get; }

        internal ExpressionSyntax? Expiration { get; }

        /// <summary>For the <c>TryGetValue</c> shape, the variable the result goes into, declared as the <c>out</c> declared it.</summary>
        internal VariableDeclarationSyntax? Result { get; }
    }

    /// <summary>One cache-aside and what its HybridCache form needs.</summary>
    private sealed class Rewrite
    {
        private Rewrite(Load load, TypeDeclarationSyntax owner, string hybridCacheName, bool needsParameter, string? cancellationToken, string factoryToken)
        {
            Loaded = load;
            Owner = owner;
            HybridCacheName = hybridCacheName;
            NeedsParameter = needsParameter;
            CancellationToken = cancellationToken;
            FactoryToken = factoryToken;
        }

        internal SyntaxNode Replaced => Loaded.Replaced;

        internal TypeDeclarationSyntax Owner { get; }

        internal string HybridCacheName { get; }

        /// <summary>True when the class has no HybridCache yet and its primary constructor receives one.</summary>
        internal bool NeedsParameter { get; }

        private Load Loaded { get; }

        private string? CancellationToken { get; }

        /// <summary>The factory's own token parameter: a name nothing in scope uses.</summary>
        private string FactoryToken { get; }

        internal static Rewrite? TryCreate(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken)
        {
            var load = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) switch
            {
                SimpleNameSyntax { Identifier.ValueText: "GetOrCreateAsync", Parent: MemberAccessExpressionSyntax { Parent: InvocationExpressionSyntax call } } => FromGetOrCreate(call),
                SimpleNameSyntax { Identifier.ValueText: "TryGetValue", Parent: MemberAccessExpressionSyntax { Parent: InvocationExpressionSyntax call } access } => FromTryGetValue(call, access, model, cancellationToken),
                _ => null,
            };
            if (load is null
                || model.GetTypeInfo(load.Key, cancellationToken).Type?.SpecialType != SpecialType.System_String
                || WellKnownTypes.For(model.Compilation).Get(WellKnownTypeNames.MicrosoftExtensionsDependencyInjectionHybridCacheServiceExtensions) is null
                || WellKnownTypes.For(model.Compilation).Get(WellKnownTypeNames.MicrosoftExtensionsCachingHybridHybridCache) is not { } hybridCache
                || load.Replaced.FirstAncestorOrSelf<TypeDeclarationSyntax>() is not { } owner
                || model.GetDeclaredSymbol(owner, cancellationToken) is not { } ownerSymbol)
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

            var position = load.Replaced.SpanStart;
            var token = Scope.CancellationToken(model, position, cancellationToken);
            return new Rewrite(load, owner, existing ?? "hybridCache", existing is null, token, Scope.FreeName(model, position, "token"));
        }

        /// <summary>The HybridCache call, or — for the <c>TryGetValue</c> shape — a declaration of the result variable that awaits it.</summary>
        internal SyntaxNode Replacement()
        {
            var call = HybridCall();
            if (Loaded.Result is not { } result)
            {
                return call.WithTriviaFrom(Loaded.Replaced);
            }

            var declarator = result.Variables[0].WithInitializer(SyntaxFactory.EqualsValueClause(SyntaxFactory.AwaitExpression(call)));
            return SyntaxFactory.LocalDeclarationStatement(result.WithVariables(SyntaxFactory.SingletonSeparatedList(declarator)))
                .WithTriviaFrom(Loaded.Replaced)
                .WithAdditionalAnnotations(Formatter.Annotation);
        }

        /// <summary><c>await cache.GetOrCreateAsync(key, async entry =&gt; …)</c> whose factory uses its entry only to set the expiration.</summary>
        private static Load? FromGetOrCreate(InvocationExpressionSyntax call)
        {
            if (call.Parent is not AwaitExpressionSyntax
                || call.ArgumentList.Arguments.Count != 2
                || call.ArgumentList.Arguments[1].Expression is not LambdaExpressionSyntax { AsyncKeyword.RawKind: (int)SyntaxKind.AsyncKeyword } factory
                || EntryUses(factory) is not (true, var expiration))
            {
                return null;
            }

            var body = factory.Body.WithoutTrivia();
            if (body is BlockSyntax block)
            {
                body = block.WithStatements(SyntaxFactory.List(block.Statements.Where(statement => !SetsExpiration(statement)))).WithAdditionalAnnotations(Formatter.Annotation);
            }

            return new Load(call, call.ArgumentList.Arguments[0].Expression, body, expiration, result: null);
        }

        /// <summary>
        /// <c>if (!cache.TryGetValue(key, out T value)) { value = await load; cache.Set(key, value[, ttl]); }</c>, with no
        /// <c>else</c>, the same cache and key, a load that does not read <c>value</c>, and a TTL that is a <c>TimeSpan</c>.
        /// </summary>
        private static Load? FromTryGetValue(InvocationExpressionSyntax tryGet, MemberAccessExpressionSyntax access, SemanticModel model, CancellationToken cancellationToken)
        {
            if (tryGet.Parent is not PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.LogicalNotExpression } negation
                || negation.Parent is not IfStatementSyntax { Else: null, Statement: BlockSyntax { Statements.Count: 2 } block } ifStatement
                || ifStatement.Condition != negation
                || tryGet.ArgumentList.Arguments.Count != 2
                || tryGet.ArgumentList.Arguments[1] is not { RefKindKeyword.RawKind: (int)SyntaxKind.OutKeyword, Expression: DeclarationExpressionSyntax { Designation: SingleVariableDesignationSyntax variable } declaration }
                || block.Statements[0] is not ExpressionStatementSyntax { Expression: AssignmentExpressionSyntax { Left: IdentifierNameSyntax assigned, Right: AwaitExpressionSyntax loaded } }
                || assigned.Identifier.ValueText != variable.Identifier.ValueText
                || loaded.DescendantNodes().OfType<IdentifierNameSyntax>().Any(name => name.Identifier.ValueText == variable.Identifier.ValueText)
                || block.Statements[1] is not ExpressionStatementSyntax { Expression: InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Set" } setAccess } set }
                || setAccess.Expression.ToString() != access.Expression.ToString()
                || set.ArgumentList.Arguments.Count is not (2 or 3)
                || set.ArgumentList.Arguments[0].Expression.ToString() != tryGet.ArgumentList.Arguments[0].Expression.ToString()
                || set.ArgumentList.Arguments[1].Expression is not IdentifierNameSyntax stored
                || stored.Identifier.ValueText != variable.Identifier.ValueText)
            {
                return null;
            }

            var ttl = set.ArgumentList.Arguments.Count == 3 ? set.ArgumentList.Arguments[2].Expression : null;
            if (ttl is not null && model.GetTypeInfo(ttl, cancellationToken).Type is not { Name: "TimeSpan", ContainingNamespace.Name: "System" })
            {
                return null;
            }

            var result = SyntaxFactory.VariableDeclaration(declaration.Type.WithoutTrivia(), SyntaxFactory.SingletonSeparatedList(SyntaxFactory.VariableDeclarator(variable.Identifier.WithoutTrivia())));
            return new Load(ifStatement, tryGet.ArgumentList.Arguments[0].Expression, loaded.WithoutTrivia(), ttl, result);
        }

        /// <summary><c>hybridCache.GetOrCreateAsync(key, async token =&gt; …, options, cancellationToken: ct)</c>.</summary>
        private InvocationExpressionSyntax HybridCall()
        {
            var lambda = SyntaxFactory.SimpleLambdaExpression(SyntaxFactory.Parameter(SyntaxFactory.Identifier(FactoryToken)))
                .WithAsyncKeyword(SyntaxFactory.Token(SyntaxKind.AsyncKeyword))
                .WithBody(Loaded.FactoryBody);
            var arguments = new List<ArgumentSyntax> { SyntaxFactory.Argument(Loaded.Key.WithoutTrivia()), SyntaxFactory.Argument(lambda) };
            if (Loaded.Expiration is not null)
            {
                arguments.Add(SyntaxFactory.Argument(SyntaxTemplates.Expression(
                    "new global::Microsoft.Extensions.Caching.Hybrid.HybridCacheEntryOptions { Expiration = expiration }",
                    new Dictionary<string, ExpressionSyntax> { ["expiration"] = Loaded.Expiration })));
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
