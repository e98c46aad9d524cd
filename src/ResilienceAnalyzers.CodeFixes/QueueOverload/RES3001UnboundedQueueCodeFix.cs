using System.Collections.Immutable;
using System.Composition;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Simplification;
using ResilienceAnalyzers.Infrastructure;
using ResilienceAnalyzers.QueueOverload;

namespace ResilienceAnalyzers.CodeFixes.QueueOverload;

/// <summary>
/// Bounds the queue RES3001 flagged: <c>Channel.CreateBounded</c> with <c>FullMode = Wait</c> (keeping the original
/// options), a <c>BlockingCollection</c> with a bounded capacity, a Dataflow block with <c>BoundedCapacity</c>.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(RES3001UnboundedQueueCodeFix))]
[Shared]
internal sealed class RES3001UnboundedQueueCodeFix : CodeFixProvider
{
    private const string Title = "Bound the queue so producers wait when it is full";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(Descriptors.RES3001UnboundedQueue.Id);

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            if (!diagnostic.Properties.TryGetValue(RES3001UnboundedQueueAnalyzer.QueueKindProperty, out var kind)
                || !diagnostic.Properties.TryGetValue(RES3001UnboundedQueueAnalyzer.CapacityProperty, out var capacityText)
                || !int.TryParse(capacityText, NumberStyles.Integer, CultureInfo.InvariantCulture, out var capacity))
            {
                continue;
            }

            var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
            Rewrite? rewrite = (kind, node) switch
            {
                (RES3001UnboundedQueueAnalyzer.ChannelKind, InvocationExpressionSyntax invocation) when CanBoundChannel(invocation) =>
                    (model, generator) => BoundedChannel(invocation, capacity, model, generator),
                (RES3001UnboundedQueueAnalyzer.BlockingCollectionKind, BaseObjectCreationExpressionSyntax creation) =>
                    (_, _) => BoundedBlockingCollection(creation, capacity),
                (RES3001UnboundedQueueAnalyzer.DataflowKind, BaseObjectCreationExpressionSyntax creation) =>
                    (model, generator) => BoundedDataflowBlock(creation, capacity, model, generator),
                _ => null,
            };

            if (rewrite is not null)
            {
                var document = context.Document;
                context.RegisterCodeFix(
                    CodeAction.Create(Title, ct => ApplyAsync(document, node, rewrite, ct), equivalenceKey: Title),
                    diagnostic);
            }
        }
    }

    /// <summary>Builds the bounded replacement of a flagged node, or <see langword="null"/> when it cannot.</summary>
    private delegate SyntaxNode? Rewrite(SemanticModel model, SyntaxGenerator generator);

    private static async Task<Document> ApplyAsync(Document document, SyntaxNode node, Rewrite rewrite, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || model is null || rewrite(model, SyntaxGenerator.GetGenerator(document)) is not { } replacement)
        {
            return document;
        }

        return document.WithSyntaxRoot(root.ReplaceNode(node, replacement.WithTriviaFrom(node).WithAdditionalAnnotations(Formatter.Annotation)));
    }

    /// <summary>
    /// Options passed as anything but an inline object creation (a field, a method call) cannot be carried over
    /// safely, so those channels get no fix.
    /// </summary>
    private static bool CanBoundChannel(InvocationExpressionSyntax invocation) =>
        invocation.Expression is MemberAccessExpressionSyntax { Name: GenericNameSyntax { Identifier.ValueText: "CreateUnbounded" } }
        && invocation.ArgumentList.Arguments.Count switch
        {
            0 => true,
            1 => invocation.ArgumentList.Arguments[0].Expression is BaseObjectCreationExpressionSyntax options
                && (options.ArgumentList is null || options.ArgumentList.Arguments.Count == 0),
            _ => false,
        };

    /// <summary>
    /// <c>Channel.CreateUnbounded&lt;T&gt;(new UnboundedChannelOptions { ... })</c> →
    /// <c>Channel.CreateBounded&lt;T&gt;(new BoundedChannelOptions(n) { FullMode = BoundedChannelFullMode.Wait, ... })</c>.
    /// </summary>
    private static InvocationExpressionSyntax? BoundedChannel(InvocationExpressionSyntax invocation, int capacity, SemanticModel model, SyntaxGenerator generator)
    {
        var types = WellKnownTypes.For(model.Compilation);
        if (types.Get(WellKnownTypeNames.SystemThreadingChannelsBoundedChannelOptions) is not { } optionsType
            || types.Get(WellKnownTypeNames.SystemThreadingChannelsBoundedChannelFullMode) is not { } fullModeType
            || invocation.Expression is not MemberAccessExpressionSyntax { Name: GenericNameSyntax name } access)
        {
            return null;
        }

        var originalSettings = invocation.ArgumentList.Arguments.Count == 1
            && invocation.ArgumentList.Arguments[0].Expression is BaseObjectCreationExpressionSyntax { Initializer: { } initializer }
                ? initializer.Expressions.Select(setting => setting.WithoutTrivia())
                : Enumerable.Empty<ExpressionSyntax>();

        // Parsed rather than generated: a type name used as an expression must be a member access, not a qualified name.
        var fullModeTypeExpression = SyntaxFactory.ParseExpression(fullModeType.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat))
            .WithAdditionalAnnotations(Simplifier.Annotation);
        ExpressionSyntax fullModeWait = Assignment(
            "FullMode",
            SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, fullModeTypeExpression, SyntaxFactory.IdentifierName("Wait")));
        var boundedOptions = ((ObjectCreationExpressionSyntax)generator.ObjectCreationExpression(optionsType, CapacityLiteral(capacity)))
            .WithInitializer(ObjectInitializer(originalSettings.Prepend(fullModeWait)));

        return invocation
            .WithExpression(access.WithName(name.WithIdentifier(SyntaxFactory.Identifier("CreateBounded"))))
            .WithArgumentList(SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(boundedOptions))));
    }

    /// <summary><c>new BlockingCollection&lt;T&gt;(collection?)</c> → <c>new BlockingCollection&lt;T&gt;(collection?, boundedCapacity: n)</c>.</summary>
    private static BaseObjectCreationExpressionSyntax BoundedBlockingCollection(BaseObjectCreationExpressionSyntax creation, int capacity)
    {
        var boundedCapacity = SyntaxFactory.Argument(CapacityLiteral(capacity)).WithNameColon(SyntaxFactory.NameColon("boundedCapacity"));
        return creation.WithArgumentList((creation.ArgumentList ?? SyntaxFactory.ArgumentList()).AddArguments(boundedCapacity));
    }

    /// <summary>
    /// Gives a Dataflow block <c>BoundedCapacity = n</c>: set in options created inline, or passed in new options of
    /// the type the block's constructor takes. A batch block's capacity is at least its batch size, which it requires.
    /// </summary>
    private static BaseObjectCreationExpressionSyntax? BoundedDataflowBlock(BaseObjectCreationExpressionSyntax creation, int capacity, SemanticModel model, SyntaxGenerator generator)
    {
        if (model.GetOperation(creation) is not IObjectCreationOperation { Constructor: { } constructor } operation)
        {
            return null;
        }

        if (operation.Arguments.ValueFor("batchSize")?.ConstantValue is { HasValue: true, Value: int batchSize })
        {
            capacity = System.Math.Max(capacity, batchSize);
        }

        var optionsBase = WellKnownTypes.For(model.Compilation).Get(WellKnownTypeNames.SystemThreadingTasksDataflowDataflowBlockOptions);
        var optionsArgument = operation.Arguments.FirstOrDefault(a => a.Parameter is { } p && p.Type.InheritsFromOrEquals(optionsBase));
        if (optionsArgument?.Syntax is ArgumentSyntax { Expression: BaseObjectCreationExpressionSyntax options })
        {
            return creation.ReplaceNode(options, WithBoundedCapacity(options, capacity));
        }

        // The overload that takes the same arguments plus options names the options type this block expects.
        var optionsType = constructor.ContainingType.InstanceConstructors
            .Where(c => c.Parameters.Length == constructor.Parameters.Length + 1
                && c.Parameters.Take(constructor.Parameters.Length).Select(p => p.Type).SequenceEqual(constructor.Parameters.Select(p => p.Type), SymbolEqualityComparer.Default))
            .Select(c => c.Parameters[c.Parameters.Length - 1].Type)
            .FirstOrDefault(type => type.InheritsFromOrEquals(optionsBase));
        if (optionsType is null)
        {
            return null;
        }

        var newOptions = ((ObjectCreationExpressionSyntax)generator.ObjectCreationExpression(optionsType))
            .WithArgumentList(null)
            .WithInitializer(ObjectInitializer(new ExpressionSyntax[] { Assignment("BoundedCapacity", CapacityLiteral(capacity)) }));
        return creation.WithArgumentList((creation.ArgumentList ?? SyntaxFactory.ArgumentList()).AddArguments(SyntaxFactory.Argument(newOptions)));
    }

    private static BaseObjectCreationExpressionSyntax WithBoundedCapacity(BaseObjectCreationExpressionSyntax options, int capacity)
    {
        var boundedCapacity = Assignment("BoundedCapacity", CapacityLiteral(capacity));
        var initializer = options.Initializer ?? ObjectInitializer(Enumerable.Empty<ExpressionSyntax>());
        var existing = initializer.Expressions
            .OfType<AssignmentExpressionSyntax>()
            .FirstOrDefault(a => a.Left is IdentifierNameSyntax { Identifier.ValueText: "BoundedCapacity" });
        initializer = existing is null
            ? initializer.AddExpressions(boundedCapacity)
            : initializer.ReplaceNode(existing, boundedCapacity.WithTriviaFrom(existing));
        return options.WithInitializer(initializer);
    }

    private static InitializerExpressionSyntax ObjectInitializer(System.Collections.Generic.IEnumerable<ExpressionSyntax> settings) =>
        SyntaxFactory.InitializerExpression(SyntaxKind.ObjectInitializerExpression, SyntaxFactory.SeparatedList(settings));

    private static AssignmentExpressionSyntax Assignment(string property, ExpressionSyntax value) =>
        SyntaxFactory.AssignmentExpression(SyntaxKind.SimpleAssignmentExpression, SyntaxFactory.IdentifierName(property), value);

    private static LiteralExpressionSyntax CapacityLiteral(int capacity) =>
        SyntaxFactory.LiteralExpression(SyntaxKind.NumericLiteralExpression, SyntaxFactory.Literal(capacity));
}
