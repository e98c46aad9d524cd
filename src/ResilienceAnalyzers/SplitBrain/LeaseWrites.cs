using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using ResilienceAnalyzers.Infrastructure;

namespace ResilienceAnalyzers.SplitBrain;

/// <summary>
/// What RES8001 reads: how code takes a lease (Redis <c>LockTake</c>, <c>StringSet</c> with <c>When.NotExists</c>, a
/// boolean named for leadership), which calls write shared state (Redis writes, <c>DbCommand.ExecuteNonQuery</c>,
/// <c>DbContext.SaveChanges</c>), and what counts as a fencing token.
/// </summary>
internal sealed class LeaseWrites
{
    private static readonly HashSet<string> RedisWrites = MethodNames.SyncAndAsync(
        "StringSet", "StringSetRange", "StringAppend", "StringIncrement", "StringDecrement", "StringGetSet", "StringGetDelete",
        "HashSet", "HashDelete", "HashIncrement", "HashDecrement",
        "ListLeftPush", "ListRightPush", "ListLeftPop", "ListRightPop", "ListSetByIndex", "ListInsertAfter", "ListInsertBefore", "ListRemove", "ListTrim",
        "SetAdd", "SetRemove", "SetMove", "SetPop",
        "SortedSetAdd", "SortedSetRemove", "SortedSetIncrement", "SortedSetDecrement",
        "KeyDelete", "KeyRename", "StreamAdd");

    private static readonly HashSet<string> LockCalls = MethodNames.SyncAndAsync("LockTake", "LockExtend", "LockRelease", "LockQuery");

    /// <summary>Calls whose write the store makes conditional on the lease itself (a transaction condition, a script).</summary>
    private static readonly HashSet<string> ConditionalWrites = MethodNames.SyncAndAsync("AddCondition", "ScriptEvaluate");

    /// <summary>
    /// The verbs of an application store's methods that change what it holds (<c>UpdateAsync</c>, <c>MarkCompletedAsync</c>,
    /// <c>TryAddAsync</c>, <c>AddOrUpdate</c>). Verbs that may or may not write (<c>Process</c>, <c>Handle</c>,
    /// <c>Execute</c>, <c>Send</c>, <c>Publish</c>, <c>GetOrAdd</c>) are not counted.
    /// </summary>
    private static readonly ImmutableArray<string> StoreWriteVerbs = ImmutableArray.Create(
        "Add", "Insert", "Update", "Upsert", "Save", "Persist", "Store", "Delete", "Remove", "Clear", "Purge", "Set", "Put", "Write",
        "Create", "Replace", "Overwrite", "Mark", "Complete", "Commit", "Assign", "Increment", "Decrement", "Append", "Enqueue", "Archive");

    /// <summary>Words that may come before a store's verb: <c>TryAddAsync</c>, <c>BulkInsert</c>.</summary>
    private static readonly ImmutableArray<string> VerbPrefixes = ImmutableArray.Create("Try", "Bulk", "Batch");

    /// <summary>How the types of an application's own data access are named: a call on one of them reaches shared state.</summary>
    private static readonly ImmutableArray<string> StoreTypeSuffixes = ImmutableArray.Create(
        "Repository", "Repo", "Store", "Dao", "Persistence", "Storage", "UnitOfWork", "Outbox", "Inbox");

    /// <summary>Words that make a call part of taking or keeping the lease itself, not a write under it.</summary>
    private static readonly ImmutableArray<string> LeaseWords = ImmutableArray.Create(
        "Lock", "Lease", "Leader", "Leadership", "Election", "Mutex", "Semaphore");

    private static readonly ImmutableArray<string> FencingWords = ImmutableArray.Create("fence", "fencing", "epoch", "term", "generation");

    /// <summary>Words that may surround "leader" in a name that asks whether this node leads (<c>IsLeader</c>, <c>AmILeader</c>).</summary>
    private static readonly ImmutableHashSet<string> LeadershipQuestionWords = ImmutableHashSet.Create(
        StringComparer.OrdinalIgnoreCase, "is", "am", "i", "are", "we", "the", "this", "current", "currently", "still", "node", "async");

    private readonly INamedTypeSymbol? redisDatabase;
    private readonly object? notExists;
    private readonly INamedTypeSymbol? dbCommand;
    private readonly INamedTypeSymbol? dbCommandInterface;
    private readonly INamedTypeSymbol? dbContext;

    private LeaseWrites(WellKnownTypes types)
    {
        redisDatabase = types.Get(WellKnownTypeNames.StackExchangeRedisIDatabaseAsync);
        notExists = types.Get(WellKnownTypeNames.StackExchangeRedisWhen)?.GetMembers("NotExists").OfType<IFieldSymbol>().FirstOrDefault()?.ConstantValue;
        dbCommand = types.Get(WellKnownTypeNames.SystemDataCommonDbCommand);
        dbCommandInterface = types.Get(WellKnownTypeNames.SystemDataIDbCommand);
        dbContext = types.Get(WellKnownTypeNames.MicrosoftEntityFrameworkCoreDbContext);
    }

    /// <summary>
    /// What code that holds a lease spells: a Redis lock (<c>LockTake</c>), a <c>SET NX</c> (<c>When.NotExists</c>), or a
    /// name asking whether this node leads, in either case (<c>IsLeader</c>, <c>leading</c>).
    /// </summary>
    internal static string[] LeaseNamesInSource { get; } = { "LockTake", "NotExists", "Leader", "leader", "Leading", "leading" };

    /// <summary>The compilation's stores, or <see langword="null"/> when it references none that RES8001 knows.</summary>
    internal static LeaseWrites? Resolve(WellKnownTypes types)
    {
        var writes = new LeaseWrites(types);
        return writes.redisDatabase is null && writes.dbCommand is null && writes.dbCommandInterface is null && writes.dbContext is null ? null : writes;
    }

    /// <summary>True for a call that changes state other nodes read: a Redis write, a SQL command, an EF Core save, a write through the application's own store.</summary>
    internal bool IsSharedStateWrite(IInvocationOperation call)
    {
        var method = call.TargetMethod;
        return method.Name switch
        {
            "ExecuteNonQuery" or "ExecuteNonQueryAsync" => method.ContainingType.InheritsFromOrEquals(dbCommand) || method.ContainingType.InheritsFromOrEquals(dbCommandInterface),
            "SaveChanges" or "SaveChangesAsync" => method.ContainingType.InheritsFromOrEquals(dbContext),
            _ => RedisWrites.Contains(method.Name) && IsRedis(method) && !IsLeaseTaken(call) && !IsCacheEntry(call) || IsStoreWrite(call),
        };
    }

    /// <summary>
    /// A write through the application's own data access: a method whose verb changes state
    /// (<see cref="StoreWriteVerbs"/>, after a leading <c>Try</c>, <c>Bulk</c> or <c>Batch</c>) on a type named as a store —
    /// <c>IOrderRepository.UpdateAsync</c>, <c>IJobStore.MarkCompletedAsync</c> — that is not about the lease itself.
    /// </summary>
    private static bool IsStoreWrite(IInvocationOperation call)
    {
        var receiver = call.Instance?.Type ?? call.TargetMethod.ContainingType;
        if (receiver is null || !IsNamedAsAStore(receiver.Name))
        {
            return false;
        }

        var name = call.TargetMethod.Name;
        return StartsWithAWriteVerb(name) && !HasAWordOf(name, LeaseWords) && !HasAWordOf(receiver.Name, LeaseWords);
    }

    /// <summary>
    /// True when the method name's first word after any <c>Try</c>, <c>Bulk</c> or <c>Batch</c> is one of
    /// <see cref="StoreWriteVerbs"/>. Names are read in place, word by word (<see cref="NextWord"/>): this is asked of
    /// every call on a store, most of which read.
    /// </summary>
    private static bool StartsWithAWriteVerb(string name)
    {
        var position = 0;
        while (NextWord(name, ref position) is var (start, length) && length > 0)
        {
            if (!IsOneOf(name, start, length, VerbPrefixes, StringComparison.Ordinal))
            {
                return IsOneOf(name, start, length, StoreWriteVerbs, StringComparison.Ordinal);
            }
        }

        return false;
    }

    /// <summary>True when a word of the name, in any case, is one of the words; read in place, as every call on a store asks it.</summary>
    private static bool HasAWordOf(string name, ImmutableArray<string> words)
    {
        var position = 0;
        while (NextWord(name, ref position) is var (start, length) && length > 0)
        {
            if (IsOneOf(name, start, length, words, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The next word of the name from the position on, split at underscores and capitals; length 0 at the end.</summary>
    private static (int Start, int Length) NextWord(string name, ref int position)
    {
        var i = position;
        while (i < name.Length && name[i] == '_')
        {
            i++;
        }

        var start = i;
        if (i < name.Length)
        {
            i++;
            while (i < name.Length && name[i] != '_' && !char.IsUpper(name[i]))
            {
                i++;
            }
        }

        position = i;
        return (start, i - start);
    }

    private static bool IsOneOf(string name, int start, int length, ImmutableArray<string> words, StringComparison comparison)
    {
        foreach (var word in words)
        {
            if (word.Length == length && string.Compare(name, start, word, 0, length, comparison) == 0)
            {
                return true;
            }
        }

        return false;
    }

    // Asked of every call's receiver: a loop, where a lambda would allocate a closure per call.
    private static bool IsNamedAsAStore(string typeName)
    {
        foreach (var suffix in StoreTypeSuffixes)
        {
            if (typeName.EndsWith(suffix, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// A value written with an expiry is a cache entry (a single-flight refresh under a lock): a stale holder rewriting
    /// it costs one more recompute, not diverging state.
    /// </summary>
    private static bool IsCacheEntry(IInvocationOperation call) =>
        call.Arguments.Any(argument => argument.Parameter?.Name == "expiry"
            && argument.ArgumentKind == ArgumentKind.Explicit
            && !(argument.Value.WalkDownConversions().ConstantValue is { HasValue: true, Value: null }));

    /// <summary>The lease a call takes, described for the message (<c>LockTakeAsync</c>), or <see langword="null"/>.</summary>
    internal string? LeaseTakenBy(IOperation operation) => operation.WalkDownConversions() switch
    {
        IAwaitOperation awaited => LeaseTakenBy(awaited.Operation),
        IInvocationOperation call when IsLeaseTaken(call) => call.TargetMethod.Name.StartsWith("Lock", StringComparison.Ordinal)
            ? call.TargetMethod.Name
            : call.TargetMethod.Name + " with When.NotExists",
        IInvocationOperation call when IsLeadershipQuestion(call.TargetMethod.Name) => call.TargetMethod.Name,
        IPropertyReferenceOperation property when IsLeadershipQuestion(property.Property.Name) => property.Property.Name,
        IFieldReferenceOperation field when IsLeadershipQuestion(field.Field.Name) => field.Field.Name,
        IParameterReferenceOperation parameter when IsLeadershipQuestion(parameter.Parameter.Name) => parameter.Parameter.Name,
        ILocalReferenceOperation local when IsLeadershipQuestion(local.Local.Name) => local.Local.Name,
        ILocalReferenceOperation local when redisDatabase is not null && local.Type?.SpecialType == SpecialType.System_Boolean && local.DeclaredValue() is { } value => LeaseTakenBy(value),
        _ => null,
    };

    /// <summary>
    /// True when the method carries a fencing token or lets the store check the lease: a symbol named for a fence, epoch,
    /// term or generation, text that mentions one (a SQL condition), a value returned by a Redis increment (a token
    /// taken at acquisition), a Redis transaction condition or a script; or when the write's key is the lock's own key.
    /// </summary>
    internal bool IsFencedOrOnTheLock(IInvocationOperation write, IOperation root)
    {
        var lockKeys = new List<IOperation>();
        foreach (var operation in root.DescendantsAndSelf())
        {
            switch (operation)
            {
                case ILocalReferenceOperation local when IsFencingName(local.Local.Name):
                case IParameterReferenceOperation parameter when IsFencingName(parameter.Parameter.Name):
                case IFieldReferenceOperation field when IsFencingName(field.Field.Name):
                case IPropertyReferenceOperation property when IsFencingName(property.Property.Name):
                case IVariableDeclaratorOperation declarator when IsFencingName(declarator.Symbol.Name):
                case ILiteralOperation { ConstantValue: { HasValue: true, Value: string text } } when MentionsFencing(text):
                case IInvocationOperation call when IsRedis(call.TargetMethod) && ConditionalWrites.Contains(call.TargetMethod.Name):
                case IInvocationOperation increment when IsRedis(increment.TargetMethod) && increment.TargetMethod.Name is "StringIncrement" or "StringIncrementAsync" && IsValueUsed(increment):
                    return true;
                case IInvocationOperation call when IsRedis(call.TargetMethod) && (LockCalls.Contains(call.TargetMethod.Name) || IsLeaseTaken(call)):
                    if (Key(call) is { } key)
                    {
                        lockKeys.Add(key);
                    }

                    break;
            }
        }

        return Key(write) is { } written && lockKeys.Exists(key => SameKey(key, written));
    }

    private bool IsRedis(IMethodSymbol method) => method.ContainingType.InheritsFromOrEquals(redisDatabase);

    private bool IsLeaseTaken(IInvocationOperation call)
    {
        if (!IsRedis(call.TargetMethod))
        {
            return false;
        }

        return call.TargetMethod.Name switch
        {
            "LockTake" or "LockTakeAsync" => true,
            "StringSet" or "StringSetAsync" => notExists is not null && Equals(call.Arguments.ValueFor("when")?.WalkDownConversions().ConstantValue.Value, notExists),
            _ => false,
        };
    }

    private static IOperation? Key(IInvocationOperation call) =>
        call.Arguments.ValueFor("key")?.WalkDownConversions();

    /// <summary>Two keys are the same when they are the same constant or read the same variable, field or property.</summary>
    private static bool SameKey(IOperation first, IOperation second)
    {
        if (first.ConstantValue.HasValue || second.ConstantValue.HasValue)
        {
            return Equals(first.ConstantValue.Value, second.ConstantValue.Value) && first.ConstantValue.HasValue == second.ConstantValue.HasValue;
        }

        return first.ReferencedSymbol() is { } symbol && SymbolEqualityComparer.Default.Equals(symbol, second.ReferencedSymbol());
    }

    private static bool IsValueUsed(IInvocationOperation call)
    {
        var user = call.ParentSkippingConversions();
        if (user is IAwaitOperation awaited)
        {
            user = awaited.ParentSkippingConversions();
        }

        return user is not IExpressionStatementOperation;
    }

    private static bool IsFencingName(string name) => HasAWordOf(name, FencingWords);

    private static bool MentionsFencing(string text) =>
        text.IndexOf("fenc", StringComparison.OrdinalIgnoreCase) >= 0 || text.IndexOf("epoch", StringComparison.OrdinalIgnoreCase) >= 0;

    /// <summary>True for <c>IsLeader</c>, <c>isLeader</c>, <c>_amILeader</c>, <c>IsLeaderAsync</c>: "leader" and question words only.</summary>
    private static bool IsLeadershipQuestion(string name)
    {
        var words = Words(name);
        var leader = words.Count(word => word.Equals("leader", StringComparison.OrdinalIgnoreCase) || word.Equals("leading", StringComparison.OrdinalIgnoreCase));
        return leader == 1 && words.Count(LeadershipQuestionWords.Contains) == words.Count - 1;
    }

    /// <summary>The words of an identifier, split at underscores and capitals (<c>_isLeaderAsync</c> → is, Leader, Async).</summary>
    private static List<string> Words(string name)
    {
        var words = new List<string>();
        var position = 0;
        while (NextWord(name, ref position) is var (start, length) && length > 0)
        {
            words.Add(name.Substring(start, length));
        }

        return words;
    }
}
