using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using ResilienceAnalyzers.Infrastructure;

namespace ResilienceAnalyzers.QueueOverload;

/// <summary>
/// RES3002: a task started per item with nothing bounding how many run at once — <c>Task.WhenAll(items.Select(…))</c>,
/// and, inside a <c>foreach</c>, <c>Task.Run(…)</c> whose task is dropped, a call for the item whose task is discarded
/// (<c>_ = SendAsync(item)</c>), or a task added to a list awaited after the loop. Not flagged: a source bounded in the code (an array or collection written out, <c>Take(n)</c>, the batches of
/// <c>Chunk(n)</c>), a source of handlers (delegates, services behind an interface), and a loop or selector that waits
/// on a <c>SemaphoreSlim</c>.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
internal sealed class RES3002UnboundedFanOutAnalyzer : ResilienceAnalyzer<RES3002UnboundedFanOutAnalyzer.Symbols>
{
    /// <summary>Diagnostic property: the degree of parallelism a fix bounds the fan-out to, from <c>resilience.max_degree_of_parallelism</c>.</summary>
    internal const string MaxDegreeOfParallelismProperty = "MaxDegreeOfParallelism";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(Descriptors.RES3002UnboundedFanOut);

    internal override Symbols? ResolveSymbols(WellKnownTypes types) =>
        types.Get(WellKnownTypeNames.SystemThreadingTasksTask) is { } task
            ? new Symbols(task, types.Get(WellKnownTypeNames.SystemThreadingSemaphoreSlim))
            : null;

    internal override void OnCompilationStart(RuleContext context, Symbols symbols) =>
        context.RegisterOperationAction(c => Analyze(c, symbols), OperationKind.Invocation);

    private static void Analyze(OperationAnalysisContext context, Symbols symbols)
    {
        var call = (IInvocationOperation)context.Operation;
        if (!SymbolEqualityComparer.Default.Equals(call.TargetMethod.ContainingType, symbols.Task))
        {
            if (call.TargetMethod.Name == "Add" && TaskAddedInALoop(call, symbols) is { } loopSource)
            {
                Report(context, call, "This loop", loopSource);
            }
            else if (DiscardedPerItem(call, symbols) is { } discardSource)
            {
                Report(context, call, $"This {call.TargetMethod.Name} per item, not awaited,", discardSource);
            }

            return;
        }

        switch (call.TargetMethod.Name)
        {
            case "WhenAll" when TaskSelection(call) is { } select && IsUnbounded(select.Arguments[0].Value) && StartsWorkPerItem(select) && !Throttles(call, symbols) && !Throttles(select, symbols):
                Report(context, call, "This Task.WhenAll", select.Arguments[0].Value);
                break;
            case "Run" when call.ParentSkippingConversions() is IExpressionStatementOperation or ISimpleAssignmentOperation { Target: IDiscardOperation }
                && EnclosingForEach(call) is { } loop && IsUnbounded(loop.Collection) && !Throttles(loop, symbols):
                Report(context, call, "This Task.Run per item", loop.Collection);
                break;
        }
    }

    private static void Report(OperationAnalysisContext context, IInvocationOperation call, string subject, IOperation source)
    {
        var properties = context.Options.ReadAsProperty(call.Syntax.SyntaxTree, ResilienceOptions.MaxDegreeOfParallelism, MaxDegreeOfParallelismProperty);
        context.ReportDiagnostic(Diagnostic.Create(Descriptors.RES3002UnboundedFanOut, call.NameLocation(), properties, subject, source.WalkDownConversions().Syntax.ToString()));
    }

    /// <summary>
    /// The <c>source.Select(…)</c> of <c>Task.WhenAll(source.Select(…))</c>, also when the tasks are materialized first
    /// (<c>.ToArray()</c>, <c>.ToList()</c>), kept in a local declared with them (<c>var tasks = source.Select(…);</c>), or
    /// flattened (<c>SelectMany</c>).
    /// </summary>
    private static IInvocationOperation? TaskSelection(IInvocationOperation whenAll)
    {
        if (whenAll.Arguments.Length != 1)
        {
            return null;
        }

        var tasks = whenAll.Arguments[0].Value.WalkDownConversions();
        if (tasks is ILocalReferenceOperation local && local.DeclaredValue() is { } declared)
        {
            tasks = declared.WalkDownConversions();
        }

        if (tasks is IInvocationOperation { TargetMethod.Name: "ToArray" or "ToList", Arguments.Length: 1 } materialized)
        {
            tasks = materialized.Arguments[0].Value.WalkDownConversions();
        }

        return tasks is IInvocationOperation { TargetMethod.Name: "Select" or "SelectMany", Arguments.Length: 2 } select ? select : null;
    }

    /// <summary>
    /// True unless the selector starts nothing new for its item: it only reads a task already running
    /// (<c>pending =&gt; pending.Value</c>), or it only starts, stops or disposes the item itself
    /// (<c>worker =&gt; worker.StopAsync(token)</c>), which runs components the host already has, not a call per input.
    /// </summary>
    private static bool StartsWorkPerItem(IInvocationOperation select)
    {
        if (select.Arguments[1].Value.WalkDownConversions() is not IDelegateCreationOperation { Target: IAnonymousFunctionOperation selector })
        {
            return true;
        }

        var item = selector.Symbol.Parameters.FirstOrDefault();
        // A call that does not bind yet (an unresolved type) may start anything: it counts as work.
        var calls = selector.Body.Descendants().Where(node => node is IInvocationOperation or IObjectCreationOperation or IInvalidOperation).ToList();
        return calls.Count > 0 && !calls.All(node => node is IInvocationOperation { TargetMethod.Name: "StartAsync" or "StopAsync" or "DisposeAsync" or "Dispose" or "CloseAsync" or "AsTask" } call
            && call.Instance?.WalkDownConversions() is { } receiver
            && (receiver is IInvocationOperation { TargetMethod.Name: "DisposeAsync" or "StopAsync" or "StartAsync" or "CloseAsync" } || ReadsTheItem(receiver, item)));
    }

    /// <summary>The operation is the selector's item or a member of it (<c>pair.Value</c>).</summary>
    private static bool ReadsTheItem(IOperation operation, IParameterSymbol? item)
    {
        while (operation is IMemberReferenceOperation { Instance: { } instance })
        {
            operation = instance.WalkDownConversions();
        }

        return operation is IParameterReferenceOperation reference && SymbolEqualityComparer.Default.Equals(reference.Parameter, item);
    }

    /// <summary>
    /// The collection of the <c>foreach</c> in which a library's or an interface's method that returns a task is called
    /// for the item and its task discarded (<c>_ = client.PostAsync(item.Url, body);</c>): nothing waits for one before the
    /// next starts.
    /// </summary>
    private static IOperation? DiscardedPerItem(IInvocationOperation call, Symbols symbols)
    {
        if (call.ParentSkippingConversions() is not ISimpleAssignmentOperation { Target: IDiscardOperation }
            || !call.Type.InheritsFromOrEquals(symbols.Task)
            || IsWorkOfThisCompilation(call.TargetMethod)
            || EnclosingForEach(call) is not { } loop
            || loop.Locals.Length != 1
            || !call.DescendantsAndSelf().Any(node => node is ILocalReferenceOperation reference && SymbolEqualityComparer.Default.Equals(reference.Local, loop.Locals[0]))
            || !IsUnbounded(loop.Collection)
            || Throttles(loop, symbols))
        {
            return null;
        }

        return loop.Collection;
    }

    /// <summary>
    /// A concrete method of this compilation: what it starts is the code's own business — on real services, mostly a
    /// listener loop started once per configured item, or an in-process callback — and is not judged. A library's method
    /// (a client, a bus) or an interface's is a call to a dependency.
    /// </summary>
    private static bool IsWorkOfThisCompilation(IMethodSymbol method) =>
        !method.IsAbstract && !method.DeclaringSyntaxReferences.IsEmpty;

    /// <summary>The collection of the <c>foreach</c> whose body adds a task to a list that is awaited with <c>Task.WhenAll</c> after the loop.</summary>
    private static IOperation? TaskAddedInALoop(IInvocationOperation add, Symbols symbols)
    {
        if (add.Arguments.Length != 1
            || !add.Arguments[0].Value.Type.InheritsFromOrEquals(symbols.Task)
            || add.Instance is not ILocalReferenceOperation list
            || EnclosingForEach(add) is not { } loop
            || !IsUnbounded(loop.Collection)
            || Throttles(loop, symbols))
        {
            return null;
        }

        var awaitedAfterwards = add.Root().Descendants().OfType<IInvocationOperation>().Any(call =>
            call.TargetMethod.Name is "WhenAll"
            && SymbolEqualityComparer.Default.Equals(call.TargetMethod.ContainingType, symbols.Task)
            && call.Syntax.SpanStart > loop.Syntax.Span.End
            && call.Arguments.Any(argument => argument.Value.WalkDownConversions() is ILocalReferenceOperation awaited && SymbolEqualityComparer.Default.Equals(awaited.Local, list.Local)));
        return awaitedAfterwards ? loop.Collection : null;
    }

    private static IForEachLoopOperation? EnclosingForEach(IOperation operation) =>
        operation.AncestorsWithinFunction().OfType<IForEachLoopOperation>().FirstOrDefault();

    /// <summary>
    /// True for a source whose size the code does not bound. Bounded: written out, <c>Take(n)</c> or <c>Range(…, n)</c>
    /// with a bounded count (<see cref="IsBoundedCount"/>), or a batch of <c>Chunk(n)</c>; a source kept in a local is
    /// read where it was made; a source that does not bind yet is not judged.
    /// </summary>
    private static bool IsUnbounded(IOperation source)
    {
        source = source.WalkDownConversions();
        return source.Type is { TypeKind: not TypeKind.Error }
            && !IsBounded(source)
            && !(source is ILocalReferenceOperation && Values.Follow(source) is { } made && IsBounded(made.WalkDownConversions()))
            && !HoldsHandlers(source.Type);
    }

    /// <summary>
    /// The items are handlers, not work: delegates (<c>Func&lt;Task&gt;</c> subscribers, callbacks) or services behind an
    /// interface (an injected <c>IEnumerable&lt;IFeeProvider&gt;</c>). How many there are is fixed by the code that
    /// registers them, not by the input, and notifying each is in-process work, not a call per input item.
    /// </summary>
    private static bool HoldsHandlers(ITypeSymbol type)
    {
        var element = type is IArrayTypeSymbol array
            ? array.ElementType
            : (type.OriginalDefinition.SpecialType == SpecialType.System_Collections_Generic_IEnumerable_T ? (INamedTypeSymbol)type : type.AllInterfaces.FirstOrDefault(implemented => implemented.OriginalDefinition.SpecialType == SpecialType.System_Collections_Generic_IEnumerable_T))?.TypeArguments.FirstOrDefault();
        return element?.TypeKind is TypeKind.Delegate or TypeKind.Interface;
    }

    private static bool IsBounded(IOperation source) =>
        source switch
        {
            IArrayCreationOperation or IObjectCreationOperation { Initializer: not null } => true,
            IInvocationOperation { TargetMethod.Name: "Take" or "Range" } limited => limited.Arguments.LastOrDefault()?.Value is { } count && IsBoundedCount(count),
            ILocalReferenceOperation local => local.Ancestors().OfType<IForEachLoopOperation>().Any(loop =>
                loop.Locals.Contains(local.Local, SymbolEqualityComparer.Default)
                && loop.Collection.WalkDownConversions() is IInvocationOperation { TargetMethod.Name: "Chunk" }),
            _ => source.Syntax.IsKind(SyntaxKind.CollectionExpression),
        };

    /// <summary>
    /// A count the code bounds: a constant wherever it is kept (<see cref="Values"/>), the number of processors, or a
    /// <c>Math.Min</c>/<c>Math.Clamp</c> with a bounded side (<c>Math.Min(Environment.ProcessorCount, 8)</c>).
    /// </summary>
    private static bool IsBoundedCount(IOperation count) =>
        Values.Number(count) is not null
        || Values.Origin(count) switch
        {
            IPropertyReferenceOperation { Property: { Name: "ProcessorCount", ContainingType.Name: "Environment" } } => true,
            IInvocationOperation { TargetMethod: { Name: "Min", ContainingType.Name: "Math" } } min => min.Arguments.Any(argument => IsBoundedCount(argument.Value)),
            IInvocationOperation { TargetMethod: { Name: "Max" or "Clamp", ContainingType.Name: "Math" } } outer => IsBoundedCount(outer.Arguments.Last().Value) && (outer.TargetMethod.Name == "Clamp" || outer.Arguments.All(argument => IsBoundedCount(argument.Value))),
            _ => false,
        };

    /// <summary>True when the operation waits on a <c>SemaphoreSlim</c>, which bounds how many run at once.</summary>
    private static bool Throttles(IOperation operation, Symbols symbols) =>
        symbols.Semaphore is not null
        && operation.DescendantsAndSelf().Any(node => node is IInvocationOperation { TargetMethod.Name: "WaitAsync" or "Wait" } wait
            && SymbolEqualityComparer.Default.Equals(wait.TargetMethod.ContainingType, symbols.Semaphore));

    /// <summary><c>Task</c> and <c>SemaphoreSlim</c>.</summary>
    internal sealed class Symbols
    {
        internal Symbols(INamedTypeSymbol task, INamedTypeSymbol? semaphore)
        {
            Task = task;
            Semaphore = semaphore;
        }

        internal INamedTypeSymbol Task { get; }

        internal INamedTypeSymbol? Semaphore { get; }
    }
}
