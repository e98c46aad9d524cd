using System.Collections.Immutable;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using ResilienceAnalyzers.CacheStampede;
using ResilienceAnalyzers.CascadingFailure;
using ResilienceAnalyzers.DnsAndDiscovery;
using ResilienceAnalyzers.HotPartition;
using ResilienceAnalyzers.QueueOverload;
using ResilienceAnalyzers.SplitBrain;
using Xunit;

namespace ResilienceAnalyzers.Tests.Infrastructure;

public sealed class CompilationFactsTests
{
    public static TheoryData<DiagnosticAnalyzer, string> RulesAndAUseOfTheirApi() => new()
    {
        { new RES2001CacheAsideWithoutSingleFlightAnalyzer(), "class Uses { Microsoft.Extensions.Caching.Memory.IMemoryCache cache = null!; }" },
        { new RES2002SynchronizedExpiryAnalyzer(), "class Uses { object Get(StackExchange.Redis.IConnectionMultiplexer redis) => redis.GetDatabase(); }" },
        { new RES3001UnboundedQueueAnalyzer(), "class Uses { object queue = System.Threading.Channels.Channel.CreateUnbounded<int>(); }" },
        { new RES5001UncachedLookupOnRequestPathAnalyzer(), "class Uses { object Resolve() => System.Net.Dns.GetHostAddresses(\"orders\"); }" },
        { new RES5002ClientPerOperationAnalyzer(), "class Uses { System.Net.Http.HttpClient client = null!; }" },
        { new RES6001InfiniteTimeoutAnalyzer(), "class Uses { System.TimeSpan forever = System.Threading.Timeout.InfiniteTimeSpan; }" },
        { new RES7001ConstantKeyOnWritePathAnalyzer(), "class Uses { void Count(StackExchange.Redis.IDatabase redis) => redis.StringIncrement(\"hits\"); }" },
        { new RES8001WriteUnderLeaseWithoutFencingAnalyzer(), "class Uses { bool IsLeader { get; set; } }" },
    };

    /// <summary>
    /// The compilation references every API, but its source never spells the one a rule inspects: the rule registers no
    /// operation action at all (nor looks up its types), so it costs nothing there. Where the source spells it, the rule runs.
    /// </summary>
    [Theory]
    [MemberData(nameof(RulesAndAUseOfTheirApi))]
    public async Task ARuleWhoseApiTheSourceNeverSpellsRegistersNothing(DiagnosticAnalyzer analyzer, string use)
    {
        Assert.Equal(0, await OperationActionsAsync(analyzer, "class Orders { int Count(int[] items) => items.Length; }"));
        Assert.NotEqual(0, await OperationActionsAsync(analyzer, use));
    }

    private static async Task<int> OperationActionsAsync(DiagnosticAnalyzer analyzer, string source)
    {
        var compilation = CSharpCompilation.Create(
            "Analyzed",
            [CSharpSyntaxTree.ParseText(source)],
            ReferenceSets.All,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        var analysis = compilation.WithAnalyzers(ImmutableArray.Create(analyzer));
        await analysis.GetAnalyzerDiagnosticsAsync(CancellationToken.None);
        return (await analysis.GetAnalyzerTelemetryInfoAsync(analyzer, CancellationToken.None)).OperationActionsCount;
    }
}
