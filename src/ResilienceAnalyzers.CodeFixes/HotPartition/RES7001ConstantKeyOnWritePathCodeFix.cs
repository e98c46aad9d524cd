using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using ResilienceAnalyzers.CodeFixes.Infrastructure;
using ResilienceAnalyzers.HotPartition;
using ResilienceAnalyzers.Infrastructure;

namespace ResilienceAnalyzers.CodeFixes.HotPartition;

/// <summary>
/// Salts a hot counter into N keys: each increment adds to a random shard (<c>$"{Views}:{Random.Shared.Next(ViewsShards)}"</c>)
/// and each read sums the shards in one round trip. Sharding changes what every reader of the key must do, so the fix is
/// offered only where it can see them all: the key is a <c>private const</c> of a type declared in one file, and every
/// use of it there is an increment whose result is discarded or a <c>StringGet</c> converted to a number, which the fix
/// rewrites into the sum. Anything else — a literal key, a visible constant, a use the fix cannot rewrite — leaves the
/// diagnostic without a fix; the rule's page shows the change by hand.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(RES7001ConstantKeyOnWritePathCodeFix))]
[Shared]
internal sealed class RES7001ConstantKeyOnWritePathCodeFix : DocumentCodeFix
{
    private static readonly HashSet<string> CounterWrites = MethodNames.SyncAndAsync("StringIncrement", "StringDecrement");

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(Descriptors.RES7001ConstantKeyOnWritePath.Id);

    private protected override string Title => "Shard the counter key (readers in this type sum the shards)";

    private protected override bool CanFix(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken) =>
        Plan(root, model, diagnostic, cancellationToken) is not null;

    private protected override async Task<Document> FixAsync(Document document, IEnumerable<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is not CompilationUnitSyntax unit || model is null)
        {
            return document;
        }

        // Several diagnostics of one key (Fix All, or a key written in two places) share one plan.
        var plans = diagnostics
            .Select(diagnostic => Plan(unit, model, diagnostic, cancellationToken))
            .OfType<ShardPlan>()
            .GroupBy(plan => plan.Key, SymbolEqualityComparer.Default)
            .Select(samePlan => samePlan.First())
            .ToList();
        if (plans.Count == 0)
        {
            return document;
        }

        var replacements = new Dictionary<SyntaxNode, SyntaxNode>();
        foreach (var plan in plans)
        {
            foreach (var key in plan.Writes)
            {
                // Written for "using System;" (added below): the simplifier does not shorten names inside an interpolation.
                replacements[key] = SyntaxFactory.ParseExpression($"$\"{{{plan.Key.Name}}}:{{Random.Shared.Next({plan.ShardsName})}}\"").WithTriviaFrom(key);
            }

            foreach (var read in plan.Reads)
            {
                replacements[read.Replaced] = SummedRead(model, plan, read).WithTriviaFrom(read.Replaced);
            }
        }

        // The key's declaration is marked in the same pass, so the shard count can be declared right after it.
        var declared = plans.ToDictionary(plan => (SyntaxNode)plan.Declaration, _ => new SyntaxAnnotation());
        var rewritten = unit.ReplaceNodes(
            replacements.Keys.Concat(declared.Keys),
            (original, current) => declared.TryGetValue(original, out var marker) ? current.WithAdditionalAnnotations(marker) : replacements[original]);
        foreach (var plan in plans)
        {
            var declaration = rewritten.GetAnnotatedNodes(declared[plan.Declaration]).Single();
            var indentation = declaration.GetLeadingTrivia().Where(trivia => trivia.IsKind(SyntaxKind.WhitespaceTrivia)).LastOrDefault();
            var shards = SyntaxFactory.ParseMemberDeclaration(System.FormattableString.Invariant($"private const int {plan.ShardsName} = {plan.Shards};"))!
                .WithLeadingTrivia(indentation)
                .WithTrailingTrivia(declaration.GetTrailingTrivia());
            rewritten = rewritten.InsertNodesAfter(declaration, [shards]);
        }

        rewritten = UsingDirectives.Ensure(rewritten, "System", model.Compilation);
        if (plans.Any(plan => plan.Reads.Count > 0))
        {
            rewritten = UsingDirectives.Ensure(rewritten, "System.Linq", model.Compilation);
        }

        return document.WithSyntaxRoot(rewritten);
    }

    /// <summary><c>(await db.StringGetAsync(shard keys)).Sum(value => (long)value)</c>, or its synchronous form.</summary>
    private static ExpressionSyntax SummedRead(SemanticModel model, ShardPlan plan, SummableRead read)
    {
        var position = read.Replaced.SpanStart;
        var shard = Scope.FreeName(model, position, "shard");
        var value = Scope.FreeName(model, position, "value");
        var keys = $"global::System.Linq.Enumerable.Range(0, {plan.ShardsName}).Select({shard} => (global::StackExchange.Redis.RedisKey)$\"{{{plan.Key.Name}}}:{{{shard}}}\").ToArray()";
        var get = $"receiver.{read.Call.TargetMethod.Name}({keys})";
        var number = read.Number.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat);
        var receiver = new Dictionary<string, ExpressionSyntax> { ["receiver"] = (ExpressionSyntax)read.Call.Instance!.Syntax };
        return SyntaxTemplates.Expression(read.Awaited ? $"(await {get}).Sum({value} => ({number}){value})" : $"{get}.Sum({value} => ({number}){value})", receiver);
    }

    /// <summary>What the fix rewrites for the diagnostic's key, or <see langword="null"/> when it cannot see every use of it.</summary>
    private static ShardPlan? Plan(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        var types = WellKnownTypes.For(model.Compilation);
        var redis = types.Get(WellKnownTypeNames.StackExchangeRedisIDatabaseAsync);
        if (diagnostic.Option(RES7001ConstantKeyOnWritePathAnalyzer.ShardsProperty) is not { } shards
            || root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true).FirstAncestorOrSelf<InvocationExpressionSyntax>() is not { } call
            || model.GetOperation(call, cancellationToken) is not IInvocationOperation write
            || !IsDiscardedCounterWrite(write, redis)
            || write.Arguments.ValueFor("key")?.WalkDownConversions() is not IFieldReferenceOperation { Field: { IsConst: true, DeclaredAccessibility: Accessibility.Private, Type.SpecialType: SpecialType.System_String } key }
            || key.ContainingType.DeclaringSyntaxReferences.Length != 1
            || key.ContainingType.DeclaringSyntaxReferences[0].SyntaxTree != root.SyntaxTree
            || key.DeclaringSyntaxReferences.Length != 1
            || key.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken).FirstAncestorOrSelf<FieldDeclarationSyntax>() is not { } declaration
            || !key.ContainingType.GetMembers(key.Name + "Shards").IsEmpty
            || types.Get(WellKnownTypeNames.SystemRandom)?.GetMembers("Shared").IsEmpty != false)
        {
            return null;
        }

        var typeReference = key.ContainingType.DeclaringSyntaxReferences[0];

        var writes = new List<ExpressionSyntax>();
        var reads = new List<SummableRead>();
        foreach (var name in typeReference.GetSyntax(cancellationToken).DescendantNodes().OfType<IdentifierNameSyntax>().Where(name => name.Identifier.ValueText == key.Name))
        {
            if (!SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(name, cancellationToken).Symbol, key))
            {
                continue;
            }

            if (model.GetOperation(name, cancellationToken) is not IFieldReferenceOperation reference
                || reference.ParentSkippingConversions() is not IArgumentOperation { Parameter.Name: "key", Parent: IInvocationOperation use })
            {
                return null;
            }

            if (IsDiscardedCounterWrite(use, redis))
            {
                writes.Add(name);
            }
            else if (AsSummableRead(use, redis) is { } read)
            {
                reads.Add(read);
            }
            else
            {
                return null;
            }
        }

        return new ShardPlan(key, declaration, shards, writes, reads);
    }

    private static bool IsRedis(IInvocationOperation call, INamedTypeSymbol? redis) =>
        call.Instance is not null && call.TargetMethod.ContainingType.InheritsFromOrEquals(redis);

    /// <summary>An increment of a counter whose new value nobody reads: after sharding it is a shard's value, not the total.</summary>
    private static bool IsDiscardedCounterWrite(IInvocationOperation call, INamedTypeSymbol? redis) =>
        CounterWrites.Contains(call.TargetMethod.Name)
        && IsRedis(call, redis)
        && (call.Parent is IExpressionStatementOperation || call.Parent is IAwaitOperation { Parent: IExpressionStatementOperation });

    /// <summary>A read of the one key whose value is converted to a number, which a sum over the shards can replace.</summary>
    private static SummableRead? AsSummableRead(IInvocationOperation call, INamedTypeSymbol? redis)
    {
        if (call.TargetMethod.Name is not ("StringGet" or "StringGetAsync") || !IsRedis(call, redis) || call.Arguments.Any(argument => argument.Parameter?.Name != "key" && argument.ArgumentKind != ArgumentKind.DefaultValue))
        {
            return null;
        }

        var awaited = call.TargetMethod.Name == "StringGetAsync";
        var value = awaited ? call.Parent as IAwaitOperation : (IOperation)call;
        return value?.Parent is IConversionOperation { Type: { SpecialType: SpecialType.System_Int32 or SpecialType.System_Int64 or SpecialType.System_Double or SpecialType.System_Decimal } number }
            ? new SummableRead((ExpressionSyntax)value.Syntax, call, number, awaited)
            : null;
    }

    /// <summary>A read to replace (the <c>await</c>, or the call when synchronous) and what the sum converts each shard to.</summary>
    private sealed class SummableRead(ExpressionSyntax replaced, IInvocationOperation call, ITypeSymbol number, bool awaited)
    {
        public ExpressionSyntax Replaced { get; } = replaced;

        public IInvocationOperation Call { get; } = call;

        public ITypeSymbol Number { get; } = number;

        public bool Awaited { get; } = awaited;
    }

    /// <summary>The key, its declaration, the shard count and its constant's name, and every use of the key to rewrite.</summary>
    private sealed class ShardPlan(IFieldSymbol key, FieldDeclarationSyntax declaration, int shards, IReadOnlyList<ExpressionSyntax> writes, IReadOnlyList<SummableRead> reads)
    {
        public IFieldSymbol Key { get; } = key;

        public FieldDeclarationSyntax Declaration { get; } = declaration;

        public string ShardsName => Key.Name + "Shards";

        public int Shards { get; } = shards;

        public IReadOnlyList<ExpressionSyntax> Writes { get; } = writes;

        public IReadOnlyList<SummableRead> Reads { get; } = reads;
    }
}
