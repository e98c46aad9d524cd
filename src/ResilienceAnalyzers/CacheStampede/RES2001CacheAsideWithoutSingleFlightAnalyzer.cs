using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using ResilienceAnalyzers.Infrastructure;

namespace ResilienceAnalyzers.CacheStampede;

/// <summary>
/// RES2001: cache-aside without single flight, reported on the read — on <c>IMemoryCache</c>, <c>IDistributedCache</c>
/// and StackExchange.Redis — whose miss path waits on a load and writes the same key back with nothing making
/// concurrent misses wait (see <see cref="CacheAsideReads"/>); and <c>IMemoryCache.GetOrCreate(Async)</c> whose factory
/// awaits, since the factory runs once per concurrent miss.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
internal sealed class RES2001CacheAsideWithoutSingleFlightAnalyzer : ResilienceAnalyzer<CacheSymbols>
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(Descriptors.RES2001CacheAsideWithoutSingleFlight);

    internal override CacheSymbols? ResolveSymbols(WellKnownTypes types) => CacheSymbols.Resolve(types);

    internal override bool CanFindAnything(CompilationFacts facts) => facts.MentionsAny(CacheSymbols.NamesInSource);

    internal override void OnCompilationStart(RuleContext context, CacheSymbols symbols) =>
        context.RegisterCallsNamedOn(CacheSymbols.NamesInSource, CacheAccess.ReadNames.Concat(CacheSymbols.FactoryCallNames), c => Analyze(c, symbols));

    private static void Analyze(OperationAnalysisContext context, CacheSymbols symbols)
    {
        var call = (IInvocationOperation)context.Operation;
        if (AwaitingFactory(call, symbols) is { } key && !ConsumerLoops.RunsOnlyInside(call, context.CancellationToken))
        {
            var subject = $"IMemoryCache.{call.TargetMethod.Name} runs its factory once per concurrent request";
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.RES2001CacheAsideWithoutSingleFlight, call.NameLocation(), subject, key.Syntax.ToString()));
            return;
        }

        if (CacheAccess.TryRead(call, symbols) is { Kind: CacheAccessKind.Read } read && CacheAsideReads.UnguardedLoad(read, symbols) is { } load
            && !CacheAsideReads.LoadReachesNoOriginOfItsOwn(load, read, symbols, CompilationFacts.For(context.Compilation).Calls, context.CancellationToken)
            && !ConsumerLoops.RunsOnlyInside(call, context.CancellationToken))
        {
            var subject = $"This cache-aside on {read.CacheName} loads and writes back";
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.RES2001CacheAsideWithoutSingleFlight, call.NameLocation(), subject, read.Key.Syntax.ToString()));
        }
    }

    /// <summary>The key of <c>cache.GetOrCreate(Async)(key, factory)</c> on an <c>IMemoryCache</c> whose factory awaits.</summary>
    private static IOperation? AwaitingFactory(IInvocationOperation call, CacheSymbols symbols)
    {
        if (call.TargetMethod is not { Name: "GetOrCreate" or "GetOrCreateAsync", IsExtensionMethod: true }
            || call.Arguments.Length == 0
            || !call.Arguments[0].Value.Type.InheritsFromOrEquals(symbols.MemoryCache)
            || call.Arguments.ValueFor("key") is not { } key)
        {
            return null;
        }

        var factory = call.Arguments.ValueFor("factory")?.WalkDownConversions();
        return factory is IDelegateCreationOperation { Target: IAnonymousFunctionOperation lambda } && lambda.Body.Descendants().Any(operation => operation is IAwaitOperation)
            ? key
            : null;
    }
}
