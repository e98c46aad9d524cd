using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using ResilienceAnalyzers.Infrastructure;

namespace ResilienceAnalyzers.CacheStampede;

/// <summary>The caches whose cache-aside the stampede rules read; each is absent when the compilation lacks it.</summary>
internal sealed class CacheSymbols
{
    private CacheSymbols(INamedTypeSymbol? memoryCache, INamedTypeSymbol? distributedCache, INamedTypeSymbol? redisDatabase, INamedTypeSymbol? hybridCache, INamedTypeSymbol? semaphore)
    {
        MemoryCache = memoryCache;
        HybridCache = hybridCache;
        DistributedCache = distributedCache;
        RedisDatabase = redisDatabase;
        Semaphore = semaphore;
    }

    /// <summary>
    /// What code that uses one of these caches spells: a cache type it holds, or Redis's <c>GetDatabase</c> (whose
    /// <c>IDatabase</c> a <c>var</c> may hide).
    /// </summary>
    internal static string[] NamesInSource { get; } = { "MemoryCache", "DistributedCache", "HybridCache", "IDatabase", "GetDatabase" };

    /// <summary>The methods that read an entry and, on a miss, write what a factory makes: <c>IMemoryCache</c>'s and <c>HybridCache</c>'s.</summary>
    internal static string[] FactoryCallNames { get; } = { "GetOrCreate", "GetOrCreateAsync" };

    internal INamedTypeSymbol? MemoryCache { get; }

    internal INamedTypeSymbol? DistributedCache { get; }

    /// <summary>StackExchange.Redis <c>IDatabaseAsync</c>, which <c>IDatabase</c> extends.</summary>
    internal INamedTypeSymbol? RedisDatabase { get; }

    internal INamedTypeSymbol? HybridCache { get; }

    internal INamedTypeSymbol? Semaphore { get; }

    /// <summary>The caches the compilation references, or null when it references none.</summary>
    internal static CacheSymbols? Resolve(WellKnownTypes types)
    {
        var symbols = new CacheSymbols(
            types.Get(WellKnownTypeNames.MicrosoftExtensionsCachingMemoryIMemoryCache),
            types.Get(WellKnownTypeNames.MicrosoftExtensionsCachingDistributedIDistributedCache),
            types.Get(WellKnownTypeNames.StackExchangeRedisIDatabaseAsync),
            types.Get(WellKnownTypeNames.MicrosoftExtensionsCachingHybridHybridCache),
            types.Get(WellKnownTypeNames.SystemThreadingSemaphoreSlim));
        return symbols.MemoryCache is null && symbols.DistributedCache is null && symbols.RedisDatabase is null && symbols.HybridCache is null ? null : symbols;
    }
}

/// <summary>Whether a cache access reads or writes its key.</summary>
internal enum CacheAccessKind
{
    Read,
    Write,
}

/// <summary>A read or write of one key on a cache: <c>TryGetValue</c>/<c>Get</c>/<c>GetStringAsync</c>/<c>StringGetAsync</c>, or <c>Set</c>/<c>SetStringAsync</c>/<c>StringSetAsync</c>/<c>CreateEntry</c>.</summary>
internal sealed class CacheAccess
{
    private CacheAccess(IInvocationOperation call, IOperation cache, IOperation key, CacheAccessKind kind, string cacheName)
    {
        Call = call;
        Cache = cache;
        Key = key;
        Kind = kind;
        CacheName = cacheName;
    }

    internal IInvocationOperation Call { get; }

    /// <summary>The cache instance the call is made on.</summary>
    internal IOperation Cache { get; }

    internal IOperation Key { get; }

    internal CacheAccessKind Kind { get; }

    /// <summary>The names of the methods <see cref="TryRead"/> reads as a read of the cache.</summary>
    internal static string[] ReadNames { get; } = { "TryGetValue", "Get", "GetAsync", "GetString", "GetStringAsync", "StringGet", "StringGetAsync" };

    /// <summary>The names of the methods <see cref="TryRead"/> reads as a write of the cache.</summary>
    internal static string[] WriteNames { get; } = { "Set", "CreateEntry", "SetAsync", "SetString", "SetStringAsync", "StringSet", "StringSetAsync" };

    /// <summary>Every method name <see cref="TryRead"/> reads: most calls are none of these, and leave before any type test.</summary>
    private static readonly HashSet<string> AccessMethodNames = MethodNames.Of(ReadNames.Concat(WriteNames).ToArray());

    /// <summary>"IMemoryCache", "IDistributedCache" or "Redis".</summary>
    internal string CacheName { get; }

    internal static CacheAccess? TryRead(IInvocationOperation call, CacheSymbols symbols)
    {
        var method = call.TargetMethod;
        if (!AccessMethodNames.Contains(method.Name))
        {
            return null;
        }

        var receiver = method.IsExtensionMethod ? call.Arguments.FirstOrDefault()?.Value : call.Instance;
        var key = call.Arguments.ValueFor("key");
        if (receiver is null || key is null)
        {
            return null;
        }

        var type = receiver.Type;
        if (type.InheritsFromOrEquals(symbols.MemoryCache))
        {
            return method.Name switch
            {
                "TryGetValue" or "Get" => new CacheAccess(call, receiver, key, CacheAccessKind.Read, "IMemoryCache"),
                "Set" or "CreateEntry" => new CacheAccess(call, receiver, key, CacheAccessKind.Write, "IMemoryCache"),
                _ => null,
            };
        }

        if (type.InheritsFromOrEquals(symbols.DistributedCache))
        {
            return method.Name switch
            {
                "Get" or "GetAsync" or "GetString" or "GetStringAsync" => new CacheAccess(call, receiver, key, CacheAccessKind.Read, "IDistributedCache"),
                "Set" or "SetAsync" or "SetString" or "SetStringAsync" => new CacheAccess(call, receiver, key, CacheAccessKind.Write, "IDistributedCache"),
                _ => null,
            };
        }

        if (type.InheritsFromOrEquals(symbols.RedisDatabase))
        {
            return method.Name switch
            {
                "StringGet" or "StringGetAsync" => new CacheAccess(call, receiver, key, CacheAccessKind.Read, "Redis"),
                "StringSet" or "StringSetAsync" when !SetsOnlyIfAbsent(call) => new CacheAccess(call, receiver, key, CacheAccessKind.Write, "Redis"),
                _ => null,
            };
        }

        return null;
    }

    /// <summary>True when both accesses go to the same cache instance and name the same key.</summary>
    internal bool SameEntryAs(CacheAccess other) => SameValue(Cache, other.Cache) && SameValue(Key, other.Key);

    /// <summary><c>StringSet(key, value, when: When.NotExists)</c> takes a lock rather than filling the cache.</summary>
    internal static bool SetsOnlyIfAbsent(IInvocationOperation call) =>
        call.Arguments.Any(argument => argument.Value.WalkDownConversions() is IFieldReferenceOperation { Field.Name: "NotExists" });

    private static bool SameValue(IOperation first, IOperation second)
    {
        first = first.WalkDownConversions();
        second = second.WalkDownConversions();
        return (first, second) switch
        {
            (ILocalReferenceOperation a, ILocalReferenceOperation b) => SymbolEqualityComparer.Default.Equals(a.Local, b.Local),
            (IParameterReferenceOperation a, IParameterReferenceOperation b) => SymbolEqualityComparer.Default.Equals(a.Parameter, b.Parameter),
            (IMemberReferenceOperation a, IMemberReferenceOperation b) => SymbolEqualityComparer.Default.Equals(a.Member, b.Member) && SameInstance(a.Instance, b.Instance),
            _ => first.ConstantValue.HasValue
                ? second.ConstantValue.HasValue && Equals(first.ConstantValue.Value, second.ConstantValue.Value)
                : first.Syntax.ToString() == second.Syntax.ToString(),
        };
    }

    private static bool SameInstance(IOperation? first, IOperation? second) =>
        first is null && second is null
        || first is IInstanceReferenceOperation && second is IInstanceReferenceOperation
        || first is not null && second is not null && SameValue(first, second);
}

/// <summary>
/// Cache-aside without single flight: a read of a key, then — on the miss path — a load that waits on I/O (an
/// <c>await</c>, or <c>.Result</c>, <c>.Wait()</c>, <c>.GetResult()</c>) and whose result is written back to the same
/// key, in one method
/// with nothing that makes concurrent misses wait for one load: no <c>lock</c> around it, no <c>SemaphoreSlim</c>
/// wait, no Redis lock (<c>LockTake</c>, <c>StringSet(…, When.NotExists)</c>).
/// </summary>
internal static class CacheAsideReads
{
    /// <summary>The load the read's miss path runs before writing the key back, or null when the read is not such a cache-aside.</summary>
    internal static IOperation? UnguardedLoad(CacheAccess read, CacheSymbols symbols)
    {
        var root = read.Call.Root();
        var operations = root.Descendants().ToList();
        var write = operations
            .OfType<IInvocationOperation>()
            .Where(call => call.Syntax.SpanStart > read.Call.Syntax.Span.End)
            .Select(call => CacheAccess.TryRead(call, symbols))
            .FirstOrDefault(access => access is { Kind: CacheAccessKind.Write } && access.SameEntryAs(read));
        if (write is null || IsGuarded(read, operations, symbols))
        {
            return null;
        }

        // The load's result is what gets written: the written value contains the load, or reads a local assigned from it.
        var written = write.Call.Arguments.ValueFor("value");
        List<IOperation>? writtenFrom = null;
        return operations.FirstOrDefault(operation =>
            operation.Syntax.SpanStart > read.Call.Syntax.Span.End
            && operation.Syntax.Span.End <= write.Call.Syntax.SpanStart
            && WaitsOnIo(operation)
            && (written is null || (writtenFrom ??= ValuesWrittenFrom(written, operations)).Any(value => value.Syntax.Span.Contains(operation.Syntax.Span))));
    }

    /// <summary>
    /// The written value and every value it is computed from through locals — directly or through other locals
    /// (<c>var json = Serialize(loaded);</c> before writing <c>json</c>). A wait inside one of them feeds the write; an
    /// unrelated wait on the miss path (logging, a delay) does not.
    /// </summary>
    private static List<IOperation> ValuesWrittenFrom(IOperation written, List<IOperation> operations)
    {
        var assignments = operations
            .Select(operation => operation switch
            {
                ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } assignment => (Local: target.Local, Value: assignment.Value),
                IVariableDeclaratorOperation { Initializer: { } initializer } declarator => (Local: declarator.Symbol, Value: initializer.Value),
                _ => (Local: (ILocalSymbol?)null, Value: (IOperation?)null),
            })
            .Where(assignment => assignment.Local is not null)
            .ToList();
        var values = new List<IOperation> { written };
        var visited = new HashSet<ILocalSymbol>(SymbolEqualityComparer.Default);
        for (var next = 0; next < values.Count; next++)
        {
            foreach (var local in values[next].DescendantsAndSelf().OfType<ILocalReferenceOperation>().Select(reference => reference.Local).Where(visited.Add))
            {
                values.AddRange(assignments.Where(assignment => SymbolEqualityComparer.Default.Equals(assignment.Local, local)).Select(assignment => assignment.Value!));
            }
        }

        return values;
    }

    /// <summary>The namespaces of data, network and file APIs: a synchronous call into one is a load.</summary>
    private static readonly ImmutableArray<string> DataNamespaces = ImmutableArray.Create(
        "System.Data", "Microsoft.Data", "Microsoft.EntityFrameworkCore", "Dapper", "System.Net", "System.IO", "StackExchange.Redis", "MongoDB");

    /// <summary>
    /// The miss path's load reaches no origin of its own: it waits only on another cache-aside of the same cache in the
    /// class (<see cref="LoadsThroughAnotherCacheAside"/>), or on a factory that builds its value in memory
    /// (<see cref="AwaitsAFactoryBuiltInMemory"/>).
    /// </summary>
    internal static bool LoadReachesNoOriginOfItsOwn(IOperation load, CacheAccess read, CacheSymbols symbols, CallGraph calls, CancellationToken cancellationToken) =>
        LoadsThroughAnotherCacheAside(load, read, symbols, cancellationToken) || AwaitsAFactoryBuiltInMemory(load, calls, cancellationToken);

    /// <summary>
    /// A factory — a lambda passed as a value — that neither waits, nor starts anything asynchronous, nor calls a data
    /// or I/O API synchronously: what it returns is computed in memory (a parsed model, a client object built from its
    /// settings), so misses of it cost CPU, not a burst on an origin.
    /// </summary>
    internal static bool ComputesInMemory(IOperation factory) =>
        factory.WalkDownConversions() is IDelegateCreationOperation { Target: IAnonymousFunctionOperation lambda }
        && !lambda.Body.Descendants().Any(operation => WaitsOnIo(operation) || operation is IInvocationOperation invocation && Loads(invocation));

    /// <summary>A call that starts a task, queries an <c>IQueryable</c>, or belongs to a data, network or file API.</summary>
    private static bool Loads(IInvocationOperation invocation)
    {
        if (invocation.Type?.Name is "Task" or "ValueTask" && !IsCompletedTask(invocation)
            || invocation.Arguments.Any(argument => argument.Value.Type?.AllInterfaces.Any(type => type.Name == "IQueryable") == true))
        {
            return true;
        }

        var space = invocation.TargetMethod.ContainingNamespace?.ToDisplayString() ?? string.Empty;
        return DataNamespaces.Any(data => space == data || space.StartsWith(data + ".", StringComparison.Ordinal));
    }

    /// <summary>
    /// The load awaits a delegate its class is given when constructed — a primary-constructor parameter, or a field its
    /// constructors set from a parameter (<c>this.factory = factory</c>, or a lambda that only wraps it:
    /// <c>x => Task.FromResult(factory(x))</c>) — and every <c>new</c> of the class, which is not public and so is
    /// constructed only here, passes a factory that <see cref="ComputesInMemory"/>: a pool of clients built from their
    /// keys. What a miss runs is decided where the class is constructed, and there it reaches no origin. A class
    /// constructed nowhere in the project is judged as written; a construction that does not bind is half-typed code,
    /// and not held against the class.
    /// </summary>
    private static bool AwaitsAFactoryBuiltInMemory(IOperation load, CallGraph calls, CancellationToken cancellationToken)
    {
        if (load is not IAwaitOperation { Operation: var awaited }
            || awaited.WalkDownConversions() is not IInvocationOperation { TargetMethod.MethodKind: MethodKind.DelegateInvoke, Instance: { } factory })
        {
            return false;
        }

        var (owner, factoryParameters) = factory.WalkDownConversions() switch
        {
            IParameterReferenceOperation { Parameter: { ContainingSymbol: IMethodSymbol { MethodKind: MethodKind.Constructor } constructor } parameter } =>
                (constructor.ContainingType, new List<IParameterSymbol> { parameter }),
            IFieldReferenceOperation { Field: { IsStatic: false } field } => (field.ContainingType, ParametersSetting(field, calls, cancellationToken)),
            _ => (null, null),
        };
        if (owner is null || factoryParameters is not { Count: > 0 } || IsVisibleOutsideItsAssembly(owner))
        {
            return false;
        }

        var constructions = calls.ConstructionsOf(owner, cancellationToken);
        return constructions.Length > 0 && constructions.All(construction =>
            construction is not IObjectCreationOperation { Constructor: not null } creation
            || factoryParameters.FirstOrDefault(parameter => SymbolEqualityComparer.Default.Equals(parameter.ContainingSymbol, creation.Constructor.OriginalDefinition)) is { } given
            && creation.Arguments.FirstOrDefault(argument => argument.Parameter?.Ordinal == given.Ordinal) is { } argument
            && ComputesInMemory(argument.Value));
    }

    /// <summary>The constructor parameters a delegate field is set from, one per constructor that sets it; null when one sets it from anything else.</summary>
    private static List<IParameterSymbol>? ParametersSetting(IFieldSymbol field, CallGraph calls, CancellationToken cancellationToken)
    {
        var parameters = new List<IParameterSymbol>();
        foreach (var constructor in field.ContainingType.InstanceConstructors)
        {
            // A constructor that chains to another of the class (`: this(…)`) hands it values this walk does not follow.
            if (calls.BodyOf(constructor, cancellationToken) is not IConstructorBodyOperation body
                || body.Initializer is IExpressionStatementOperation { Operation: IInvocationOperation chained } && SymbolEqualityComparer.Default.Equals(chained.TargetMethod.ContainingType, field.ContainingType))
            {
                return null;
            }

            foreach (var assignment in body.Descendants().OfType<ISimpleAssignmentOperation>())
            {
                if (assignment.Target is IFieldReferenceOperation { Field: var assigned } && SymbolEqualityComparer.Default.Equals(assigned, field))
                {
                    if (FactoryParameter(assignment.Value, constructor) is not { } parameter)
                    {
                        return null;
                    }

                    parameters.Add(parameter);
                }
            }
        }

        return parameters;
    }

    /// <summary>
    /// The constructor parameter a delegate field is set from: the parameter itself, or a lambda whose only calls invoke
    /// that parameter and wrap its result in a completed task.
    /// </summary>
    private static IParameterSymbol? FactoryParameter(IOperation value, IMethodSymbol constructor)
    {
        switch (value.WalkDownConversions())
        {
            case IParameterReferenceOperation { Parameter: var parameter }:
                return parameter;
            case IDelegateCreationOperation { Target: IAnonymousFunctionOperation lambda }:
                var calls = lambda.Body.Descendants().OfType<IInvocationOperation>().ToList();
                var invoked = calls
                    .Where(call => call.TargetMethod.MethodKind == MethodKind.DelegateInvoke)
                    .Select(call => (call.Instance?.WalkDownConversions() as IParameterReferenceOperation)?.Parameter)
                    .Distinct<IParameterSymbol?>(SymbolEqualityComparer.Default)
                    .ToList();
                return invoked.Count == 1
                    && invoked[0] is { } wrapped
                    && SymbolEqualityComparer.Default.Equals(wrapped.ContainingSymbol, constructor)
                    && !lambda.Body.Descendants().Any(WaitsOnIo)
                    && calls.All(call => call.TargetMethod.MethodKind == MethodKind.DelegateInvoke || IsCompletedTask(call))
                        ? wrapped
                        : null;
            default:
                return null;
        }
    }

    /// <summary><c>Task.FromResult(value)</c>: a task already completed, which starts nothing.</summary>
    private static bool IsCompletedTask(IInvocationOperation call) =>
        call.TargetMethod is { Name: "FromResult", ContainingType.Name: "Task" or "ValueTask", ContainingNamespace.Name: "Tasks" };

    private static bool IsVisibleOutsideItsAssembly(INamedTypeSymbol type)
    {
        for (ISymbol? symbol = type; symbol is INamedTypeSymbol; symbol = symbol.ContainingType)
        {
            if (symbol.DeclaredAccessibility is not (Accessibility.Public or Accessibility.Protected or Accessibility.ProtectedOrInternal))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// The load is a call to a method of the same class whose every wait is on another cache-aside of the same cache in
    /// that class (<c>await CheckForUpdate(id)</c>, which only awaits <c>GetManifest()</c>, which reads the cache before it
    /// fetches): the origin sits behind that cache-aside, which is judged where it is, and a miss here recomputes from
    /// what it holds.
    /// </summary>
    private static bool LoadsThroughAnotherCacheAside(IOperation load, CacheAccess read, CacheSymbols symbols, CancellationToken cancellationToken)
    {
        if (load is not IAwaitOperation { Operation: var awaited }
            || read.Call.SemanticModel is not { } model
            || CacheMember(read.Cache) is not { } cache
            || model.GetEnclosingSymbol(read.Call.Syntax.SpanStart, cancellationToken)?.ContainingType is not { } owner
            || BodyInItsClass(awaited, owner, model, cancellationToken) is not { } body)
        {
            return false;
        }

        var waits = body.Descendants().Where(WaitsOnIo).ToList();
        return waits.Count > 0 && waits.All(wait =>
            wait is IAwaitOperation { Operation: var inner }
            && BodyInItsClass(inner, owner, model, cancellationToken) is { } innerBody
            && innerBody.Descendants().OfType<IInvocationOperation>().Any(call =>
                CacheAccess.TryRead(call, symbols) is { Kind: CacheAccessKind.Read } innerRead
                && SymbolEqualityComparer.Default.Equals(CacheMember(innerRead.Cache), cache)));
    }

    /// <summary>
    /// The write is the write-back of a cache-aside whose load reaches no origin of its own
    /// (<see cref="LoadReachesNoOriginOfItsOwn"/>): entries that expire together are recomputed from another cache-aside,
    /// whose own entry is what reaches the origin, or rebuilt in memory.
    /// </summary>
    internal static bool WritesBackWhatNoOriginLoads(CacheAccess write, CacheSymbols symbols, CallGraph calls, CancellationToken cancellationToken)
    {
        var read = write.Call.Root().Descendants()
            .OfType<IInvocationOperation>()
            .Where(call => call.Syntax.Span.End <= write.Call.Syntax.SpanStart)
            .Select(call => CacheAccess.TryRead(call, symbols))
            .FirstOrDefault(access => access is { Kind: CacheAccessKind.Read } && access.SameEntryAs(write));
        return read is not null && UnguardedLoad(read, symbols) is { } load && LoadReachesNoOriginOfItsOwn(load, read, symbols, calls, cancellationToken);
    }

    /// <summary>
    /// The field, property or primary-constructor parameter of the class a cache access goes through (<c>memoryCache</c>,
    /// <c>this.cache</c>, <c>class Products(IMemoryCache cache)</c>).
    /// </summary>
    private static ISymbol? CacheMember(IOperation cache) => cache.WalkDownConversions() switch
    {
        IMemberReferenceOperation { Instance: null or IInstanceReferenceOperation, Member: var member } => member,
        IParameterReferenceOperation { Parameter: { ContainingSymbol: IMethodSymbol { MethodKind: MethodKind.Constructor } } parameter } => parameter,
        _ => null,
    };

    /// <summary>The body of the method <paramref name="awaited"/> calls, when it is a method of <paramref name="type"/> written in the same file.</summary>
    private static IOperation? BodyInItsClass(IOperation awaited, INamedTypeSymbol type, SemanticModel model, CancellationToken cancellationToken) =>
        awaited.WalkDownConversions() is IInvocationOperation { TargetMethod: var method }
        && SymbolEqualityComparer.Default.Equals(method.ContainingType, type)
        && method.DeclaringSyntaxReferences.Length == 1
        && method.DeclaringSyntaxReferences[0].SyntaxTree == model.SyntaxTree
            ? model.GetOperation(method.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken), cancellationToken)
            : null;

    /// <summary>An await, or a blocking wait on a task: where a miss path waits on I/O.</summary>
    internal static bool WaitsOnIo(IOperation operation) => operation switch
    {
        IAwaitOperation => true,
        IPropertyReferenceOperation { Property.Name: "Result", Instance.Type.Name: "Task" or "ValueTask" } => true,
        IInvocationOperation { TargetMethod.Name: "Wait" or "GetResult", TargetMethod.ContainingType.Name: "Task" or "TaskAwaiter" or "ValueTaskAwaiter" } => true,
        _ => false,
    };

    private static bool IsGuarded(CacheAccess read, List<IOperation> operations, CacheSymbols symbols) =>
        read.Call.Ancestors().Any(ancestor => ancestor is ILockOperation)
        || operations.Any(operation => operation is ILockOperation lockOperation && lockOperation.Syntax.Span.Contains(read.Call.Syntax.Span))
        || operations.OfType<IInvocationOperation>().Any(call =>
            call.TargetMethod.Name is "WaitAsync" or "Wait" && SymbolEqualityComparer.Default.Equals(call.TargetMethod.ContainingType, symbols.Semaphore)
            || call.TargetMethod.Name is "LockTake" or "LockTakeAsync"
            || call.TargetMethod.Name is "StringSet" or "StringSetAsync" && CacheAccess.SetsOnlyIfAbsent(call));
}
