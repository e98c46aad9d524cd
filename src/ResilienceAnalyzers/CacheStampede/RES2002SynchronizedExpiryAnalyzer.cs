using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using ResilienceAnalyzers.Infrastructure;

namespace ResilienceAnalyzers.CacheStampede;

/// <summary>
/// RES2002: a constant TTL on a cache write whose key varies (one TTL for many keys), reported on the TTL — the
/// <c>TimeSpan</c> of <c>IMemoryCache.Set(key, value, ttl)</c>, Redis <c>StringSet(Async)</c>'s <c>expiry</c>,
/// <c>AbsoluteExpirationRelativeToNow</c> or <c>Expiration</c> set in the entry options passed to the write, or on the
/// entry of a <c>GetOrCreate(Async)</c> factory. A TTL is constant when it is built from constants
/// (<c>TimeSpan.FromMinutes(5)</c>) or read from a <c>static readonly</c> field; one that calls <c>Random</c> is jittered.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
internal sealed class RES2002SynchronizedExpiryAnalyzer : ResilienceAnalyzer<CacheSymbols>
{
    /// <summary>Diagnostic property: how far, in percent either way, a fix randomizes the TTL (<c>resilience.ttl_jitter_percent</c>).</summary>
    internal const string JitterPercentProperty = "JitterPercent";

    private static readonly ImmutableHashSet<string> TtlParameters = ImmutableHashSet.Create("absoluteExpirationRelativeToNow", "expiry");
    private static readonly ImmutableHashSet<string> TtlProperties = ImmutableHashSet.Create("AbsoluteExpirationRelativeToNow", "Expiration");

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(Descriptors.RES2002SynchronizedExpiry);

    internal override CacheSymbols? ResolveSymbols(WellKnownTypes types) => CacheSymbols.Resolve(types);

    internal override bool CanFindAnything(CompilationFacts facts) => facts.MentionsAny(CacheSymbols.NamesInSource);

    internal override void OnCompilationStart(RuleContext context, CacheSymbols symbols) =>
        context.RegisterCallsNamedOn(CacheSymbols.NamesInSource, CacheAccess.WriteNames.Concat(CacheSymbols.FactoryCallNames), c => Analyze(c, symbols));

    private static void Analyze(OperationAnalysisContext context, CacheSymbols symbols)
    {
        var call = (IInvocationOperation)context.Operation;
        if (!WritesACache(call, symbols) || call.Arguments.ValueFor("key") is not { } key || !Varies(key) || WritesAMarker(call) || ComputesInMemory(call) || RestoresTheWholeLoad(call, symbols))
        {
            return;
        }

        var constantTtls = Ttls(call).Where(ttl => IsConstant(ttl.Value)).ToList();
        if (constantTtls.Count == 0
            || ConsumerLoops.RunsOnlyInside(call, context.CancellationToken)
            || (CacheAccess.TryRead(call, symbols) is { Kind: CacheAccessKind.Write } write
                && CacheAsideReads.WritesBackWhatNoOriginLoads(write, symbols, CompilationFacts.For(context.Compilation).Calls, context.CancellationToken)))
        {
            return;
        }

        foreach (var ttl in constantTtls)
        {
            // A TTL set outside the call (entry options built earlier) is reported on the options the call passes, so the
            // IDE finds it when it analyzes the call; the fix still edits the TTL, passed along as an additional location.
            // Options kept in a field get no fix: jittering the field's initializer would draw one TTL per process.
            var properties = ttl.Fixable
                ? context.Options.ReadAsProperty(call.Syntax.SyntaxTree, ResilienceOptions.TtlJitterPercent, JitterPercentProperty)
                : ImmutableDictionary<string, string?>.Empty;
            var diagnostic = ttl.ReportAt is { } options
                ? Diagnostic.Create(Descriptors.RES2002SynchronizedExpiry, options.Syntax.GetLocation(), ttl.Fixable ? new[] { ttl.Value.Syntax.GetLocation() } : null, properties, ttl.Value.Syntax.ToString())
                : Diagnostic.Create(Descriptors.RES2002SynchronizedExpiry, ttl.Value.Syntax.GetLocation(), properties, ttl.Value.Syntax.ToString());
            context.ReportDiagnostic(diagnostic);
        }
    }

    /// <summary>
    /// True when the key can take many values, so one TTL applies to many entries. Not: a constant; a key fixed for the
    /// object that writes it (a readonly field, a primary-constructor parameter); a key made from a fresh token — a
    /// <c>Guid.NewGuid()</c>, random bytes or a random string — written once and never reloaded: a miss on it means
    /// "gone" (an expired one-time code, a finished session), so nothing stampedes.
    /// </summary>
    private static bool Varies(IOperation key)
    {
        var written = key.WalkDownConversions();
        if (written.ConstantValue.HasValue
            || written is IFieldReferenceOperation { Field.IsReadOnly: true }
            || written is IParameterReferenceOperation { Parameter.ContainingSymbol: IMethodSymbol { MethodKind: MethodKind.Constructor } })
        {
            return false;
        }

        var parts = written.DescendantsAndSelf()
            .SelectMany(part => part is ILocalReferenceOperation or IInvocationOperation && Values.Follow(part) is { } origin ? origin.DescendantsAndSelf().Prepend(part) : new[] { part });
        return !parts.Any(IsFreshToken);
    }

    /// <summary>
    /// <c>Guid.NewGuid()</c>, or a random generator's bytes or string (<c>RandomNumberGenerator.GetBytes(32)</c>,
    /// <c>GetHexString</c>); a random number is not one, since keys are sharded with it (<c>$"hits:{random.Next(8)}"</c>).
    /// </summary>
    private static bool IsFreshToken(IOperation part) =>
        part is IInvocationOperation { TargetMethod: var method }
        && (method is { Name: "NewGuid", ContainingType.Name: "Guid" }
            || (method.ContainingType.Name.Contains("Random") && method.ReturnType is IArrayTypeSymbol { ElementType.SpecialType: SpecialType.System_Byte } or { SpecialType: SpecialType.System_String }));

    /// <summary>
    /// A synchronous <c>GetOrCreate</c> whose factory neither waits, nor starts anything asynchronous, nor calls a data or
    /// I/O API synchronously: the value is computed in memory (a parsed model, a compiled template), so entries expiring
    /// together cost CPU, not a burst on an origin. RES2001 draws the same line for a miss path. A factory that starts a
    /// task (a cached <c>Task</c>, a <c>Lazy&lt;Task&gt;</c>) or queries a database loads.
    /// </summary>
    private static bool ComputesInMemory(IInvocationOperation call) =>
        call.TargetMethod.Name == "GetOrCreate" && call.Arguments.Any(argument => CacheAsideReads.ComputesInMemory(argument.Value));

    /// <summary>
    /// The value written is a constant (<c>Set(key, true, ttl)</c>, an empty or one-byte array, <c>[1]</c>): the entry marks that
    /// something happened — a dedup marker, a flag that expires — and a miss loads nothing, so there is no origin for
    /// expiring entries to stampede.
    /// </summary>
    private static bool WritesAMarker(IInvocationOperation call) =>
        call.Arguments.ValueFor("value")?.WalkDownConversions() is { } value
        && (value.ConstantValue.HasValue
            || value is IArrayCreationOperation { DimensionSizes: { Length: 1 } sizes } && sizes[0].ConstantValue is { HasValue: true, Value: 0 or 1 }
            || value.Syntax is CollectionExpressionSyntax { Elements.Count: <= 1 } collection && collection.Elements.All(element => element is ExpressionElementSyntax { Expression: LiteralExpressionSyntax }));

    /// <summary>
    /// The write stores each element of a collection loaded on a miss of the same cache, in the branch that handles the
    /// miss (<c>if (!cache.TryGetValue(key, out …)) { var set = Fetch(); foreach (var item in set) cache.Set(…, item, ttl); }</c>):
    /// the entries expire together, but the first miss after that loads the whole collection again and rewrites them
    /// all — one load, not a burst on the origin. A jittered TTL would only make each entry's miss load it all again. A
    /// loop that writes many entries at warm-up, each reloaded alone on its own miss, is not this, and is flagged.
    /// </summary>
    private static bool RestoresTheWholeLoad(IInvocationOperation call, CacheSymbols symbols)
    {
        if (call.AncestorsWithinFunction().OfType<IForEachLoopOperation>().FirstOrDefault() is not { LoopControlVariable: IVariableDeclaratorOperation { Symbol: var element } } loop
            || call.Arguments.ValueFor("value") is not { } value
            || !value.DescendantsAndSelf().OfType<ILocalReferenceOperation>().Any(read => SymbolEqualityComparer.Default.Equals(read.Local, element))
            || CacheOf(call) is not { } cache)
        {
            return false;
        }

        return loop.AncestorsWithinFunction()
            .OfType<IConditionalOperation>()
            .Any(branch => branch.Condition.DescendantsAndSelf().OfType<IInvocationOperation>().Any(read =>
                CacheAccess.TryRead(read, symbols) is { Kind: CacheAccessKind.Read }
                && SymbolEqualityComparer.Default.Equals(CacheOf(read), cache)));
    }

    /// <summary>The local, parameter, field or property a cache call is made on.</summary>
    private static ISymbol? CacheOf(IInvocationOperation call) => call.Receiver()?.WalkDownConversions().ReferencedSymbol();

    /// <summary>A write — or a get-or-create — on <c>IMemoryCache</c>, <c>IDistributedCache</c>, Redis or <c>HybridCache</c>.</summary>
    private static bool WritesACache(IInvocationOperation call, CacheSymbols symbols) =>
        call.TargetMethod.Name is "GetOrCreate" or "GetOrCreateAsync" or "SetAsync"
            && (call.TargetMethod.IsExtensionMethod ? call.Arguments[0].Value.Type : call.Instance?.Type).InheritsFromOrEquals(symbols.HybridCache)
        || call.TargetMethod.Name is "GetOrCreate" or "GetOrCreateAsync" && call.TargetMethod.IsExtensionMethod && call.Arguments[0].Value.Type.InheritsFromOrEquals(symbols.MemoryCache)
        || CacheAccess.TryRead(call, symbols) is { Kind: CacheAccessKind.Write };

    /// <summary>
    /// The TTLs the call sets: a TTL argument, TTLs set on the entry options it passes, and TTLs its factory sets on the
    /// entry. Each comes with where to report it when the TTL lies outside the call, and whether the fix may edit it.
    /// </summary>
    private static IEnumerable<(IOperation Value, IOperation? ReportAt, bool Fixable)> Ttls(IInvocationOperation call)
    {
        foreach (var argument in call.Arguments)
        {
            var value = argument.Value.WalkDownConversions();
            if (argument.Parameter is { } parameter && TtlParameters.Contains(parameter.Name))
            {
                yield return (value, null, true);
            }
            else if (value is IDelegateCreationOperation { Target: IAnonymousFunctionOperation factory })
            {
                foreach (var assignment in factory.Body.Descendants().OfType<ISimpleAssignmentOperation>())
                {
                    if (assignment.Target is IPropertyReferenceOperation { Instance: IParameterReferenceOperation } && TtlSetBy(assignment) is { } ttl)
                    {
                        yield return (ttl, null, true);
                    }
                }
            }
            else if (value is IFieldReferenceOperation { Field: { IsStatic: true, IsReadOnly: true } } shared && Values.Follow(shared) is { } sharedOptions)
            {
                foreach (var ttl in TtlsOfOptions(sharedOptions))
                {
                    yield return (ttl, value, false);
                }
            }
            else
            {
                foreach (var ttl in TtlsOfOptions(value))
                {
                    yield return (ttl, call.Contains(ttl.Syntax.GetLocation()) ? null : value, true);
                }
            }
        }
    }

    /// <summary>
    /// The TTLs set on entry options: in the initializer of their creation, by <c>SetAbsoluteExpiration(ttl)</c> calls
    /// chained on it, and — for options built in a local — by the method's later assignments and calls on that local.
    /// </summary>
    private static IEnumerable<IOperation> TtlsOfOptions(IOperation options)
    {
        var built = options is ILocalReferenceOperation local ? Values.Follow(local) : options;
        for (var node = built?.WalkDownConversions(); node is not null;)
        {
            switch (node)
            {
                case IObjectCreationOperation { Initializer: { } initializer }:
                    foreach (var assignment in initializer.Initializers.OfType<ISimpleAssignmentOperation>())
                    {
                        if (TtlSetBy(assignment) is { } initialized)
                        {
                            yield return initialized;
                        }
                    }

                    node = null;
                    break;
                case IInvocationOperation chained when chained.Receiver() is { } receiver:
                    if (SetsRelativeExpiration(chained) is { } ttl)
                    {
                        yield return ttl;
                    }

                    node = receiver;
                    break;
                default:
                    node = null;
                    break;
            }
        }

        if (options is ILocalReferenceOperation holder)
        {
            foreach (var reference in holder.ReferencesTo(holder.Local))
            {
                if (reference.Parent is IPropertyReferenceOperation { Parent: ISimpleAssignmentOperation assignment } property
                    && assignment.Target == property
                    && TtlSetBy(assignment) is { } assigned)
                {
                    yield return assigned;
                }
                else if (reference.Parent?.Parent is IInvocationOperation call && call.Receiver() == reference && SetsRelativeExpiration(call) is { } ttl)
                {
                    yield return ttl;
                }
            }
        }
    }

    /// <summary>
    /// The TTL an assignment to entry options sets: the value of <c>AbsoluteExpirationRelativeToNow</c> or
    /// <c>Expiration</c>, or the time added to the clock in <c>AbsoluteExpiration = DateTimeOffset.UtcNow + ttl</c>.
    /// </summary>
    private static IOperation? TtlSetBy(ISimpleAssignmentOperation assignment)
    {
        if (assignment.Target is not IPropertyReferenceOperation { Property.Name: var name })
        {
            return null;
        }

        var value = assignment.Value.WalkDownConversions();
        return TtlProperties.Contains(name) ? value
            : name == "AbsoluteExpiration" && value is IBinaryOperation { OperatorKind: BinaryOperatorKind.Add } sum && ReadsTheClock(sum.LeftOperand) ? sum.RightOperand.WalkDownConversions()
            : null;
    }

    /// <summary><c>DateTimeOffset.UtcNow</c>, <c>DateTime.UtcNow</c> or their <c>Now</c>.</summary>
    private static bool ReadsTheClock(IOperation operation) =>
        operation.WalkDownConversions() is IPropertyReferenceOperation { Property: { Name: "UtcNow" or "Now", IsStatic: true, ContainingType.Name: "DateTimeOffset" or "DateTime" } };

    /// <summary>The TTL of <c>options.SetAbsoluteExpiration(TimeSpan)</c>, the relative overload; null for any other call.</summary>
    private static IOperation? SetsRelativeExpiration(IInvocationOperation call) =>
        call.TargetMethod.Name == "SetAbsoluteExpiration" && call.Arguments.ValueFor("relative") is { } relative ? relative.WalkDownConversions() : null;

    /// <summary>Built from constants only (<c>TimeSpan.FromMinutes(5)</c>, <c>new TimeSpan(0, 5, 0)</c>), wherever kept (<see cref="Values"/>), or a <c>static readonly</c> field.</summary>
    private static bool IsConstant(IOperation ttl) =>
        ttl is IFieldReferenceOperation { Field: { IsStatic: true, IsReadOnly: true } or { IsConst: true } } || Values.Duration(ttl) is not null;
}
