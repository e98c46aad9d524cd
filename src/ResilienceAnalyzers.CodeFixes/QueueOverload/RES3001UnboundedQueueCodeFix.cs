using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Simplification;
using ResilienceAnalyzers.CodeFixes.Infrastructure;
using ResilienceAnalyzers.Infrastructure;
using ResilienceAnalyzers.QueueOverload;

namespace ResilienceAnalyzers.CodeFixes.QueueOverload;

/// <summary>
/// Bounds the queue RES3001 flagged: <c>Channel.CreateBounded</c> with <c>FullMode = Wait</c> (keeping the original
/// options), a <c>BlockingCollection</c> with a bounded capacity, a Dataflow block with <c>BoundedCapacity</c>.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(RES3001UnboundedQueueCodeFix))]
[Shared]
internal sealed class RES3001UnboundedQueueCodeFix : ExpressionCodeFix
{
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(Descriptors.RES3001UnboundedQueue.Id);

    private protected override string Title => "Bound the queue so producers wait when it is full";

    private protected override ExpressionSyntax? Replacement(ExpressionSyntax marked, Diagnostic diagnostic, SemanticModel model, CancellationToken cancellationToken)
    {
        if (!diagnostic.Properties.TryGetValue(RES3001UnboundedQueueAnalyzer.QueueKindProperty, out var kind)
            || diagnostic.Option(RES3001UnboundedQueueAnalyzer.CapacityProperty) is not { } capacity)
        {
            return null;
        }

        ExpressionSyntax? bounded = (kind, marked) switch
        {
            (RES3001UnboundedQueueAnalyzer.ChannelKind, InvocationExpressionSyntax invocation) when CanBoundChannel(invocation) =>
                BoundedChannel(invocation, capacity, model),
            (RES3001UnboundedQueueAnalyzer.BlockingCollectionKind, BaseObjectCreationExpressionSyntax creation) =>
                BoundedBlockingCollection(creation, capacity),
            (RES3001UnboundedQueueAnalyzer.DataflowKind, BaseObjectCreationExpressionSyntax creation) =>
                BoundedDataflowBlock(creation, capacity, model, cancellationToken),
            _ => null,
        };
        return bounded?.WithAdditionalAnnotations(Formatter.Annotation);
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
    private static InvocationExpressionSyntax? BoundedChannel(InvocationExpressionSyntax invocation, int capacity, SemanticModel model)
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

        // Parsed as an expression: a type name used as one must be a member access, not a qualified name.
        var fullModeTypeExpression = SyntaxFactory.ParseExpression(fullModeType.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat))
            .WithAdditionalAnnotations(Simplifier.Annotation);
        ExpressionSyntax fullModeWait = Assignment(
            "FullMode",
            SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, fullModeTypeExpression, SyntaxFactory.IdentifierName("Wait")));
        var boundedOptions = New(optionsType, SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(CapacityLiteral(capacity)))))
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
    private static BaseObjectCreationExpressionSyntax? BoundedDataflowBlock(BaseObjectCreationExpressionSyntax creation, int capacity, SemanticModel model, CancellationToken cancellationToken)
    {
        if (model.GetOperation(creation, cancellationToken) is not IObjectCreationOperation { Constructor: { } constructor } operation)
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

        var newOptions = New(optionsType, argumentList: null)
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

    /// <summary><c>new T(arguments)</c>, with <c>T</c> fully qualified and marked for the simplifier to shorten.</summary>
    private static ObjectCreationExpressionSyntax New(ITypeSymbol type, ArgumentListSyntax? argumentList) =>
        SyntaxFactory.ObjectCreationExpression(
            SyntaxFactory.ParseTypeName(type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat)).WithAdditionalAnnotations(Simplifier.Annotation),
            argumentList,
            initializer: null);

    private static InitializerExpressionSyntax ObjectInitializer(System.Collections.Generic.IEnumerable<ExpressionSyntax> settings) =>
        SyntaxFactory.InitializerExpression(SyntaxKind.ObjectInitializerExpression, SyntaxFactory.SeparatedList(settings));

    private static AssignmentExpressionSyntax Assignment(string property, ExpressionSyntax value) =>
        SyntaxFactory.AssignmentExpression(SyntaxKind.SimpleAssignmentExpression, SyntaxFactory.IdentifierName(property), value);

    private static LiteralExpressionSyntax CapacityLiteral(int capacity) =>
        SyntaxFactory.LiteralExpression(SyntaxKind.NumericLiteralExpression, SyntaxFactory.Literal(capacity));
}
