using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using ResilienceAnalyzers.Infrastructure;

namespace ResilienceAnalyzers.QueueOverload;

/// <summary>
/// RES3001: an unbounded queue between producer and consumer — <c>Channel.CreateUnbounded</c>, a
/// <c>BlockingCollection&lt;T&gt;</c> without a bounded capacity, or a Dataflow block without <c>BoundedCapacity</c>.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
internal sealed class RES3001UnboundedQueueAnalyzer : ResilienceAnalyzer<RES3001UnboundedQueueAnalyzer.Symbols>
{
    /// <summary>Diagnostic property: which kind of queue was flagged, one of the <c>*Kind</c> constants.</summary>
    internal const string QueueKindProperty = "QueueKind";

    /// <summary>Diagnostic property: the capacity a fix gives the queue, from <c>resilience.default_queue_capacity</c>.</summary>
    internal const string CapacityProperty = "Capacity";

    internal const string ChannelKind = "Channel";
    internal const string BlockingCollectionKind = "BlockingCollection";
    internal const string DataflowKind = "Dataflow";

    /// <summary><c>DataflowBlockOptions.Unbounded</c>: the default <c>BoundedCapacity</c>.</summary>
    private const int DataflowUnbounded = -1;

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(Descriptors.RES3001UnboundedQueue);

    /// <summary>An unbounded queue is created by a name its code spells: the channel factory, the collection, a block.</summary>
    internal override bool CanFindAnything(CompilationFacts facts) => facts.MentionsAny(
        "CreateUnbounded", "BlockingCollection", "ActionBlock", "BatchBlock", "BufferBlock", "TransformBlock", "TransformManyBlock");

    internal override Symbols? ResolveSymbols(WellKnownTypes types)
    {
        var symbols = new Symbols(
            types.Get(WellKnownTypeNames.SystemThreadingChannelsChannel),
            types.Get(WellKnownTypeNames.SystemCollectionsConcurrentBlockingCollection1),
            types.Get(WellKnownTypeNames.SystemThreadingTasksDataflowDataflowBlockOptions),
            new[]
            {
                WellKnownTypeNames.SystemThreadingTasksDataflowActionBlock1,
                WellKnownTypeNames.SystemThreadingTasksDataflowBatchBlock1,
                WellKnownTypeNames.SystemThreadingTasksDataflowBufferBlock1,
                WellKnownTypeNames.SystemThreadingTasksDataflowTransformBlock2,
                WellKnownTypeNames.SystemThreadingTasksDataflowTransformManyBlock2,
            }.Select(types.Get).OfType<INamedTypeSymbol>().ToImmutableHashSet<INamedTypeSymbol>(SymbolEqualityComparer.Default));

        return symbols.Channel is null && symbols.BlockingCollection is null && symbols.DataflowBlocks.IsEmpty ? null : symbols;
    }

    internal override void OnCompilationStart(RuleContext context, Symbols symbols)
    {
        if (symbols.Channel is not null)
        {
            context.RegisterCallsNamed(UnboundedChannelCreations, c => AnalyzeInvocation(c, symbols.Channel));
        }

        if (symbols.BlockingCollection is not null || !symbols.DataflowBlocks.IsEmpty)
        {
            context.RegisterOperationAction(c => AnalyzeObjectCreation(c, symbols), OperationKind.ObjectCreation);
        }
    }

    private static readonly HashSet<string> UnboundedChannelCreations = MethodNames.Of("CreateUnbounded", "CreateUnboundedPrioritized");

    private static void AnalyzeInvocation(OperationAnalysisContext context, INamedTypeSymbol channel)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var method = invocation.TargetMethod;
        if (!UnboundedChannelCreations.Contains(method.Name)
            || !SymbolEqualityComparer.Default.Equals(method.ContainingType, channel)
            || StaysInsideItsMethod(invocation)
            || FilledThenCompletedBeforeAnyoneReads(invocation)
            || EveryConsumerHandsItsItemsOff(invocation, context.CancellationToken))
        {
            return;
        }

        var severity = FedOnlyByAnotherQueuesConsumer(invocation, CompilationFacts.For(context.Compilation).Calls, context.CancellationToken)
            ? DiagnosticSeverity.Info
            : (DiagnosticSeverity?)null;
        Report(context, ChannelKind, $"Channel.{method.Name}<{ElementTypeName(method.TypeArguments)}>()", severity);
    }

    private static void AnalyzeObjectCreation(OperationAnalysisContext context, Symbols symbols)
    {
        var creation = (IObjectCreationOperation)context.Operation;
        if (creation.Constructor is not { } constructor)
        {
            return;
        }

        var type = constructor.ContainingType;
        if (SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, symbols.BlockingCollection))
        {
            if (!constructor.Parameters.Any(p => p.Name == "boundedCapacity") && !StaysInsideItsMethod(creation))
            {
                Report(context, BlockingCollectionKind, $"new BlockingCollection<{ElementTypeName(type.TypeArguments)}>() without a bounded capacity");
            }
        }
        else if (symbols.DataflowBlocks.Contains(type.OriginalDefinition) && IsUnboundedDataflowBlock(creation, symbols.DataflowBlockOptions))
        {
            Report(context, DataflowKind, $"{type.Name}<{string.Join(", ", type.TypeArguments.Select(t => t.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat)))}> without BoundedCapacity");
        }
    }

    /// <summary>
    /// A Dataflow block is unbounded when it gets no options, or options created inline whose <c>BoundedCapacity</c>
    /// is unset or <c>DataflowBlockOptions.Unbounded</c>. Options built elsewhere are not judged.
    /// </summary>
    private static bool IsUnboundedDataflowBlock(IObjectCreationOperation creation, INamedTypeSymbol? optionsBase)
    {
        var optionsArgument = creation.Arguments.FirstOrDefault(a => a.Parameter is { } p && p.Type.InheritsFromOrEquals(optionsBase));
        if (optionsArgument is null)
        {
            return true;
        }

        if (optionsArgument.Value.WalkDownConversions() is not IObjectCreationOperation optionsCreation || optionsCreation.Arguments.Length > 0)
        {
            return false;
        }

        var boundedCapacity = optionsCreation.Initializer?.Initializers
            .OfType<ISimpleAssignmentOperation>()
            .FirstOrDefault(a => a.Target is IPropertyReferenceOperation { Property.Name: "BoundedCapacity" });

        return boundedCapacity is null
            || boundedCapacity.Value.ConstantValue is { HasValue: true, Value: DataflowUnbounded };
    }

    /// <summary>
    /// True when the queue is stored in a local that only the creating method uses, directly and outside lambdas and
    /// local functions: no other party produces or consumes, so nothing can outpace anything. Such a queue is a buffer,
    /// not a producer/consumer queue, and is not flagged.
    /// </summary>
    private static bool StaysInsideItsMethod(IOperation creation) =>
        ReferencesToItsLocal(creation) is { } references && references.All(reference => IsDirectUse(reference, creation));

    /// <summary>
    /// True when the channel is a work list, not a queue between a producer and its consumers: it is stored in a local,
    /// the creating method writes it — outside lambdas — and completes its writer, and every other use (the readers, the
    /// consumers started in lambdas) comes after that completion. The producer has finished before any consumer starts,
    /// so it cannot outpace them; the channel holds what the method already had in hand.
    /// </summary>
    private static bool FilledThenCompletedBeforeAnyoneReads(IOperation creation)
    {
        if (ReferencesToItsLocal(creation) is not { } references)
        {
            return false;
        }

        var uses = references
            .Where(reference => !(reference.Parent is ISimpleAssignmentOperation assignment && assignment.Target == reference))
            .Select(reference => (Reference: reference, WriterCall: reference.Parent is IPropertyReferenceOperation { Property.Name: "Writer" } writer && writer.Parent is IInvocationOperation call && call.Instance == writer ? call : null))
            .ToList();
        var completion = uses
            .Where(use => use.WriterCall is { TargetMethod.Name: "Complete" or "TryComplete" } complete && !complete.IsInsideFunction())
            .Select(use => (int?)use.Reference.Syntax.SpanStart)
            .Min();
        return completion is { } completedAt
            && uses.All(use => use.WriterCall is { } call
                ? !call.IsInsideFunction() && use.Reference.Syntax.SpanStart <= completedAt
                : use.Reference.Syntax.SpanStart > completedAt);
    }

    /// <summary>
    /// True when the channel is kept in a private field and every loop of its type that reads it hands each item off
    /// without waiting: the loop awaits nothing but the read, and uses the item only to start work it does not await
    /// (<c>var running = job.Run(token);</c>). Such a consumer empties the channel as fast as it is written, so the
    /// channel holds no backlog; what grows without bound is the work running at once, a fan-out, not a queue. Reads in
    /// another file of a partial type are not seen, and the channel stays flagged.
    /// </summary>
    private static bool EveryConsumerHandsItsItemsOff(IOperation creation, CancellationToken cancellationToken)
    {
        if (PrivateFieldHolding(creation) is not { } field || creation.SemanticModel is not { } model)
        {
            return false;
        }

        var reads = new List<IInvocationOperation>();
        foreach (var reference in field.ReferencesInItsType(model, cancellationToken))
        {
            switch (reference.Parent)
            {
                case ISimpleAssignmentOperation assignment when assignment.Target == reference:
                case IPropertyReferenceOperation { Property.Name: "Writer" }:
                    break;
                case IPropertyReferenceOperation { Property.Name: "Reader", Parent: IInvocationOperation read } reader when read.Instance == reader:
                    reads.Add(read);
                    break;
                default:
                    return false;
            }
        }

        return reads.Any(read => read.TargetMethod.Name != "WaitToReadAsync") && reads.All(read => HandsItsItemOff(read, reads));
    }

    /// <summary>
    /// True when the channel is kept in a private field of a type written in one file, and every write of it there is
    /// made by the consumer of another channel: inside a loop that drains that channel, or in a private method that runs
    /// only inside such loops (<see cref="ConsumerLoops"/>). A method of the type that nothing in the project names (a
    /// hook kept for tests) writes nothing in the running service. Such a channel holds what that consumer has handled and
    /// its own reader has not yet sent on, and grows only while its reader is slower than that consumer — which the code
    /// does not show: an acknowledgement channel drained into the stream the messages came from is paced by the peer
    /// that waits for each acknowledgement. The overload risk is judged where work enters, so this one is reported at Info.
    /// </summary>
    private static bool FedOnlyByAnotherQueuesConsumer(IOperation creation, CallGraph calls, CancellationToken cancellationToken)
    {
        if (PrivateFieldHolding(creation) is not { } field
            || creation.SemanticModel is not { } model
            || field.ContainingType.DeclaringSyntaxReferences.Any(declaration => declaration.SyntaxTree != model.SyntaxTree))
        {
            return false;
        }

        var writes = 0;
        foreach (var reference in field.ReferencesInItsType(model, cancellationToken))
        {
            if (reference.Parent is not IPropertyReferenceOperation { Property.Name: "Writer" } writer)
            {
                continue;
            }

            // A writer handed on may be written anywhere.
            if (writer.Parent is not IInvocationOperation write || write.Instance != writer)
            {
                return false;
            }

            if (write.TargetMethod.Name is "Complete" or "TryComplete")
            {
                continue;
            }

            var drainsAnother = ConsumerLoops.Around(write) is { } loop && !ReadsThe(field, ConsumerLoops.ChannelRead(loop));
            if (!drainsAnother && !ConsumerLoops.RunsOnlyInside(write, cancellationToken) && !InAMethodNothingNames(write, calls, cancellationToken))
            {
                return false;
            }

            writes++;
        }

        return writes > 0;
    }

    private static bool ReadsThe(IFieldSymbol field, IInvocationOperation? read) =>
        read?.Instance is IPropertyReferenceOperation { Property.Name: "Reader", Instance: IFieldReferenceOperation { Field: var channel } }
        && SymbolEqualityComparer.Default.Equals(channel, field);

    /// <summary>The write sits, outside lambdas, in an ordinary method that is not public, overrides nothing, and is named nowhere in the project.</summary>
    private static bool InAMethodNothingNames(IOperation write, CallGraph calls, CancellationToken cancellationToken) =>
        !write.IsInsideFunction()
        && write.SemanticModel?.GetEnclosingSymbol(write.Syntax.SpanStart, cancellationToken) is IMethodSymbol
        {
            MethodKind: MethodKind.Ordinary,
            DeclaredAccessibility: Accessibility.Private or Accessibility.Internal,
            IsOverride: false,
            ExplicitInterfaceImplementations.IsEmpty: true,
        } method
        && !calls.IsNamed(method, cancellationToken);

    /// <summary>The private field the queue is created into, by its initializer or an assignment.</summary>
    private static IFieldSymbol? PrivateFieldHolding(IOperation creation) =>
        creation.ParentSkippingConversions() switch
        {
            IFieldInitializerOperation { InitializedFields.Length: 1 } initializer => initializer.InitializedFields[0],
            ISimpleAssignmentOperation { Target: IFieldReferenceOperation target } => target.Field,
            _ => null,
        } is { DeclaredAccessibility: Accessibility.Private } field
            ? field
            : null;

    /// <summary>
    /// True when the read sits in a loop that awaits only reads of the same channel and uses the item read only as the
    /// receiver or an argument of a call whose task it does not await. <c>WaitToReadAsync</c> reads no item: it only
    /// gates the loop.
    /// </summary>
    private static bool HandsItsItemOff(IInvocationOperation read, List<IInvocationOperation> reads)
    {
        var loop = read.AncestorsWithinFunction().OfType<ILoopOperation>().FirstOrDefault();
        if (loop is null || (read.TargetMethod.Name != "WaitToReadAsync" && ItemRead(read, loop) is null))
        {
            return false;
        }

        var awaitsOnlyReads = loop.Descendants()
            .Where(node => node.AncestorsWithinFunction().Contains(loop))
            .All(node => node switch
            {
                IAwaitOperation awaited => reads.Contains(awaited.Operation.WalkDownConversions()) || (awaited.Operation.WalkDownConversions() is IInvocationOperation { TargetMethod.Name: "ConfigureAwait", Instance: var configured } && reads.Contains(configured?.WalkDownConversions())),
                IForEachLoopOperation { IsAsynchronous: true } nested => nested == loop,
                _ => true,
            });
        if (!awaitsOnlyReads)
        {
            return false;
        }

        if (read.TargetMethod.Name == "WaitToReadAsync")
        {
            return true;
        }

        var item = ItemRead(read, loop)!;
        return loop.Descendants().OfType<ILocalReferenceOperation>()
            .Where(reference => SymbolEqualityComparer.Default.Equals(reference.Local, item) && !(reference.Parent is IDeclarationExpressionOperation))
            .All(reference => StartsUnawaitedWork(reference));
    }

    /// <summary>The local the read puts its item in: <c>TryRead(out var item)</c>, <c>var item = await ReadAsync()</c>, <c>await foreach (var item in ReadAllAsync())</c>.</summary>
    private static ILocalSymbol? ItemRead(IInvocationOperation read, ILoopOperation loop)
    {
        switch (read.TargetMethod.Name)
        {
            case "TryRead":
                return read.Arguments.FirstOrDefault()?.Value switch
                {
                    IDeclarationExpressionOperation { Expression: ILocalReferenceOperation declared } => declared.Local,
                    ILocalReferenceOperation local => local.Local,
                    _ => null,
                };
            case "ReadAsync":
                return read.AncestorsWithinFunction().FirstOrDefault(node => node is not (IConversionOperation or IAwaitOperation or IInvocationOperation { TargetMethod.Name: "ConfigureAwait" })) switch
                {
                    IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator } => declarator.Symbol,
                    ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } => target.Local,
                    _ => null,
                };
            case "ReadAllAsync":
                return loop is IForEachLoopOperation { Locals.Length: 1 } forEach && forEach.Collection.WalkDownConversions() == read ? forEach.Locals[0] : null;
            default:
                return null;
        }
    }

    /// <summary>The item is the receiver or an argument of a call that returns a task, and the task is not awaited here.</summary>
    private static bool StartsUnawaitedWork(IOperation reference)
    {
        var call = reference.Parent switch
        {
            IInvocationOperation invocation when invocation.Instance == reference => invocation,
            IArgumentOperation { Parent: IInvocationOperation invocation } => invocation,
            _ => null,
        };
        return call is not null
            && call.TargetMethod.ReturnType.ContainingNamespace?.ToDisplayString() == "System.Threading.Tasks"
            && call.ParentSkippingConversions() is not IAwaitOperation;
    }

    /// <summary>Every reference, in its method, to the local the queue is stored in; null when it is not stored in a local.</summary>
    private static IEnumerable<ILocalReferenceOperation>? ReferencesToItsLocal(IOperation creation) =>
        AssignedLocal(creation) is { } local
            ? creation.ReferencesTo(local)
            : null;

    private static ILocalSymbol? AssignedLocal(IOperation creation)
    {
        return creation.ParentSkippingConversions() switch
        {
            IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator } => declarator.Symbol,
            ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } => target.Local,
            _ => null,
        };
    }

    /// <summary>
    /// A direct use calls a member of the queue (<c>queue.Add(x)</c>) or of its reader or writer
    /// (<c>queue.Writer.TryWrite(x)</c>), outside any lambda or local function, and hands out nothing that carries the
    /// queue except to a <c>foreach</c> over it.
    /// </summary>
    private static bool IsDirectUse(ILocalReferenceOperation reference, IOperation creation)
    {
        if (reference.Parent is ISimpleAssignmentOperation assignment && assignment.Target == reference)
        {
            return assignment.Value.WalkDownConversions() == creation || assignment.Value.ConstantValue is { HasValue: true, Value: null };
        }

        IOperation receiver = reference;
        if (receiver.Parent is IPropertyReferenceOperation property && property.Instance == receiver)
        {
            receiver = property;
        }

        if (receiver.Parent is not IInvocationOperation call || call.Instance != receiver || call.IsInsideFunction())
        {
            return false;
        }

        return ReturnsNothingThatCarriesTheQueue(call) || IsForEachCollection(call);
    }

    private static bool ReturnsNothingThatCarriesTheQueue(IInvocationOperation call)
    {
        var returnType = call.TargetMethod.ReturnType;
        return call.TargetMethod.ReturnsVoid
            || returnType.SpecialType != SpecialType.None
            || returnType is ITypeParameterSymbol
            || SymbolEqualityComparer.Default.Equals(returnType, call.TargetMethod.ContainingType is { TypeArguments.Length: 1 } owner ? owner.TypeArguments[0] : null)
            || returnType.ContainingNamespace?.ToDisplayString() == "System.Threading.Tasks";
    }

    private static bool IsForEachCollection(IOperation call)
    {
        var node = call;
        while (node.Parent is IConversionOperation or IAwaitOperation)
        {
            node = node.Parent;
        }

        return node.Parent is IForEachLoopOperation loop && loop.Collection == node;
    }

    private static string ElementTypeName(ImmutableArray<ITypeSymbol> typeArguments) =>
        typeArguments.Length == 1 ? typeArguments[0].ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat) : "T";

    /// <summary>Reports the queue at the rule's own severity, or at the one given.</summary>
    private static void Report(OperationAnalysisContext context, string queueKind, string queueDescription, DiagnosticSeverity? severity = null)
    {
        var properties = context.Options
            .ReadAsProperty(context.Operation.Syntax.SyntaxTree, ResilienceOptions.DefaultQueueCapacity, CapacityProperty)
            .Add(QueueKindProperty, queueKind);

        context.ReportDiagnostic(Diagnostic.Create(Descriptors.RES3001UnboundedQueue, context.Operation.Syntax.GetLocation(), severity ?? Descriptors.RES3001UnboundedQueue.DefaultSeverity, additionalLocations: null, properties, queueDescription));
    }

    /// <summary>The queue types this compilation has; any may be absent.</summary>
    internal sealed class Symbols
    {
        internal Symbols(INamedTypeSymbol? channel, INamedTypeSymbol? blockingCollection, INamedTypeSymbol? dataflowBlockOptions, ImmutableHashSet<INamedTypeSymbol> dataflowBlocks)
        {
            Channel = channel;
            BlockingCollection = blockingCollection;
            DataflowBlockOptions = dataflowBlockOptions;
            DataflowBlocks = dataflowBlocks;
        }

        internal INamedTypeSymbol? Channel { get; }

        internal INamedTypeSymbol? BlockingCollection { get; }

        internal INamedTypeSymbol? DataflowBlockOptions { get; }

        internal ImmutableHashSet<INamedTypeSymbol> DataflowBlocks { get; }
    }
}
