using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Diagnostics.Telemetry;
using ResilienceAnalyzers.CacheStampede;
using ResilienceAnalyzers.CascadingFailure;
using ResilienceAnalyzers.DnsAndDiscovery;
using ResilienceAnalyzers.HotPartition;
using ResilienceAnalyzers.Infrastructure;
using ResilienceAnalyzers.QueueOverload;
using ResilienceAnalyzers.RequestPaths;
using ResilienceAnalyzers.RetryStorms;
using ResilienceAnalyzers.SplitBrain;
using Xunit;

namespace ResilienceAnalyzers.Tests.Infrastructure;

public sealed class CompilationFactsTests
{
    public static TheoryData<DiagnosticAnalyzer, string> RulesAndAUseOfTheirApi() => new()
    {
        { new RES2001CacheAsideWithoutSingleFlightAnalyzer(), "class Uses { bool Has(Microsoft.Extensions.Caching.Memory.IMemoryCache cache) => cache.TryGetValue(\"k\", out _); }" },
        { new RES2002SynchronizedExpiryAnalyzer(), "class Uses { bool Put(StackExchange.Redis.IDatabase redis) => redis.StringSet(\"k\", \"v\"); }" },
        { new RES3001UnboundedQueueAnalyzer(), "class Uses { object queue = System.Threading.Channels.Channel.CreateUnbounded<int>(); }" },
        { new RES5001UncachedLookupOnRequestPathAnalyzer(), "class Uses { object Resolve() => System.Net.Dns.GetHostAddresses(\"orders\"); }" },
        { new RES5002ClientPerOperationAnalyzer(), "class Uses { System.Net.Http.HttpClient client = null!; }" },
        { new RES6002ClientWithoutResilienceHandlerAnalyzer(), "class Uses { void Add(Microsoft.Extensions.DependencyInjection.IServiceCollection services) => services.AddHttpClient(\"orders\"); }" },
        { new RES6001InfiniteTimeoutAnalyzer(), "class Uses { System.TimeSpan forever = System.Threading.Timeout.InfiniteTimeSpan; }" },
        { new RES7001ConstantKeyOnWritePathAnalyzer(), "class Uses { void Count(StackExchange.Redis.IDatabase redis) => redis.StringIncrement(\"hits\"); }" },
        { new RES8001WriteUnderLeaseWithoutFencingAnalyzer(), "class Uses { bool IsLeader { get; set; } }" },
        { new RES6003ContradictoryOptionsAnalyzer(), "class Uses { void Set(Polly.CircuitBreaker.CircuitBreakerStrategyOptions<int> options) => options.MinimumThroughput = 5; }" },
        { new RES1005RetryWithoutBudgetAnalyzer(), "class Uses { object Add(Polly.ResiliencePipelineBuilder builder) => builder.AddRetry(new Polly.Retry.RetryStrategyOptions()); }" },
    };

    /// <summary>
    /// The compilation references every API, but its source never spells the one a rule inspects: the rule registers no
    /// action at all (nor looks up its types), so it costs nothing there. Where the source spells it, the rule runs.
    /// </summary>
    [Theory]
    [MemberData(nameof(RulesAndAUseOfTheirApi))]
    public async Task ARuleWhoseApiTheSourceNeverSpellsRegistersNothing(DiagnosticAnalyzer analyzer, string use)
    {
        Assert.Equal(0, await OperationActionsAsync(analyzer, "class Orders { int Count(int[] items) => items.Length; }"));
        Assert.NotEqual(0, await OperationActionsAsync(analyzer, use));
    }

    /// <summary>
    /// The readers of SDK retry settings register their action only in a compilation that references a reader's SDK and
    /// names its settings, and only for the rules that judge SDK settings (RES1001, RES1002 and RES1003; not RES1004, say).
    /// </summary>
    [Fact]
    public async Task SdkRetryReadersRegisterNothingWithoutTheirSdk()
    {
        const string source = "class Orders { int Count(int[] items) => items.Length; } // NetworkRecoveryInterval, ThrottleRetries";
        Assert.Equal(
            await OperationActionsAsync(new RES1002RetryWithoutBackoffAnalyzer(), "class Orders { }", ReferenceSets.Net),
            await OperationActionsAsync(new RES1002RetryWithoutBackoffAnalyzer(), "class Orders { }", ReferenceSets.Messaging));
        var withoutSdks = await OperationActionsAsync(new RES1002RetryWithoutBackoffAnalyzer(), source, ReferenceSets.Net);
        Assert.Equal(withoutSdks + 1, await OperationActionsAsync(new RES1002RetryWithoutBackoffAnalyzer(), source, ReferenceSets.Messaging));
        Assert.Equal(
            await OperationActionsAsync(new RES1001RetryWithoutAttemptCapAnalyzer(), source, ReferenceSets.Net) + 1,
            await OperationActionsAsync(new RES1001RetryWithoutAttemptCapAnalyzer(), source, ReferenceSets.Messaging));
        Assert.Equal(
            await OperationActionsAsync(new RES1004RetryInsideRetryAnalyzer(), source, ReferenceSets.AspNetCore),
            await OperationActionsAsync(new RES1004RetryInsideRetryAnalyzer(), source, ReferenceSets.Messaging));
        Assert.Equal(0, await OperationActionsAsync(new RES1005RetryWithoutBudgetAnalyzer(), source, ReferenceSets.Net));
        Assert.Equal(1, await OperationActionsAsync(new RES1005RetryWithoutBudgetAnalyzer(), source, ReferenceSets.DataAndCloudSdks));
    }

    /// <summary>
    /// The calls that set SDKs' retries (EF Core's <c>EnableRetryOnFailure</c>, say) are read where their names are
    /// spelled, through a semantic-model action, and not by an operation action on every call of the compilation.
    /// </summary>
    [Fact]
    public async Task SdkRetryCallsAreReadWhereTheirNamesAreSpelled()
    {
        var without = await TelemetryAsync(new RES1001RetryWithoutAttemptCapAnalyzer(), "class Orders { }", ReferenceSets.DataAndCloudSdks);
        var with = await TelemetryAsync(new RES1001RetryWithoutAttemptCapAnalyzer(), "class Orders { } // EnableRetryOnFailure", ReferenceSets.DataAndCloudSdks);
        Assert.Equal(without.OperationActionsCount, with.OperationActionsCount);
        Assert.Equal(without.SemanticModelActionsCount + 1, with.SemanticModelActionsCount);
    }

    /// <summary>
    /// The rules judging retry sites read Polly v8's retry options only in a compilation whose source creates some: it
    /// spells the options type, or the call or handler options a target-typed <c>new()</c> is handed to.
    /// </summary>
    [Theory]
    [InlineData("class Uses { object Options() => new Polly.Retry.RetryStrategyOptions { MaxRetryAttempts = 2 }; }")]
    [InlineData("class Uses { void Add(Polly.ResiliencePipelineBuilder builder) => builder.AddRetry(new() { MaxRetryAttempts = 2 }); }")]
    public async Task PollyRetryOptionsAreReadOnlyWhereTheSourceCreatesThem(string creation)
    {
        var withoutOptions = await OperationActionsAsync(new RES1002RetryWithoutBackoffAnalyzer(), "class Orders { int Count(int[] items) => items.Length; }");
        Assert.Equal(withoutOptions + 1, await OperationActionsAsync(new RES1002RetryWithoutBackoffAnalyzer(), creation));
    }

    /// <summary>The rules judging retry sites read Polly v7's retry policies only in a compilation whose source calls its retry syntax.</summary>
    [Fact]
    public async Task PollyV7RetriesAreReadOnlyWhereTheSourceCallsThem()
    {
        var withoutPolicies = await OperationActionsAsync(new RES1002RetryWithoutBackoffAnalyzer(), "class Orders { int Count(int[] items) => items.Length; }");
        Assert.Equal(withoutPolicies + 1, await OperationActionsAsync(new RES1002RetryWithoutBackoffAnalyzer(), PollyV7Retry));
    }

    /// <summary>
    /// RES1006 reads the calls of a compilation for executions and sends under a retry only where its source builds one:
    /// a pipeline's <c>AddRetry</c>, a v7 retry policy, or a client handler that retries. Its loops are read everywhere.
    /// </summary>
    [Theory]
    [InlineData("class Uses { void Add(Polly.ResiliencePipelineBuilder builder) => builder.AddRetry(new()); }")]
    [InlineData(PollyV7Retry)]
    [InlineData("class Uses { void Add(Microsoft.Extensions.DependencyInjection.IServiceCollection services) => services.AddHttpClient(\"orders\").AddStandardResilienceHandler(); }")]
    public async Task CallsAreReadForRetriesOnlyWhereTheSourceBuildsOne(string retry)
    {
        Assert.Equal(1, await OperationActionsAsync(new RES1006NonIdempotentRetryAnalyzer(), "class Orders { int Count(int[] items) => items.Length; }"));
        Assert.Equal(1, await OperationActionsAsync(new RES1006NonIdempotentRetryAnalyzer(), "class Orders { System.Threading.Tasks.Task DoWithRetryAsync(int attempts) => System.Threading.Tasks.Task.CompletedTask; }"));
        Assert.Equal(2, await OperationActionsAsync(new RES1006NonIdempotentRetryAnalyzer(), retry));
    }

    /// <summary>
    /// RES1004 reads every call for Azure client calls only where the code names the Azure namespace: a namespace of
    /// that name nested in another, a comment or a string spells it without using the SDK.
    /// </summary>
    [Theory]
    [InlineData("using Azure.Core; class Uses { RetryOptions? Options; }")]
    [InlineData("class Uses { global::Azure.Response? Last; }")]
    [InlineData("class Uses { object Fail() => new Azure.RequestFailedException(\"down\"); }")]
    public async Task CallsAreReadForAzureClientsOnlyWhereTheCodeNamesTheirNamespace(string azure)
    {
        const string Spelled = "using Microsoft.Azure.Cosmos; // the Azure.Storage clients retry\nclass Cosmos { const string Package = \"Azure.Core\"; }";
        Assert.Equal(1, await OperationActionsAsync(new RES1004RetryInsideRetryAnalyzer(), Spelled));
        Assert.Equal(2, await OperationActionsAsync(new RES1004RetryInsideRetryAnalyzer(), azure));
    }

    [Fact]
    public void FilesThatMayHoldATypeAreFoundThroughTheMembersAndTypesOtherFilesDeclareWithIt()
    {
        string[] files =
        [
            "public abstract class Cached { protected IMemoryCache Entries { get; } = null!; } public interface ICatalogue : IMemoryCache { }",
            "class Listing : Cached { object? Read(string id) => Entries.Get(id); }",
            "static class Shared { public static ICatalogue? Products; }",
            "class Orders { object? Read(string id) => Shared.Products?.Get(id); }",
            "class Clocks { System.DateTime Now() => System.DateTime.UtcNow; }",
        ];
        var compilation = CSharpCompilation.Create("Analyzed", files.Select(file => CSharpSyntaxTree.ParseText(file)));

        var holding = CompilationFacts.For(compilation).FilesThatMayHold(["MemoryCache"]);

        Assert.Equal([true, true, true, true, false], compilation.SyntaxTrees.Select(holding.Contains));
    }

    [Fact]
    public void APrivateMemberIsFollowedIntoOtherFilesOnlyWhenItsTypeIsPartial()
    {
        string[] files =
        [
            "partial class Store { private IMemoryCache entries = null!; } class Keeper { private IMemoryCache kept = null!; IMemoryCache alsoKept = null!; }",
            "partial class Store { object? Read(string id) => entries.Get(id); }",
            "class Other { int kept; int alsoKept; }",
        ];
        var compilation = CSharpCompilation.Create("Analyzed", files.Select(file => CSharpSyntaxTree.ParseText(file)));

        var holding = CompilationFacts.For(compilation).FilesThatMayHold(["MemoryCache"]);

        Assert.Equal([true, true, false], compilation.SyntaxTrees.Select(holding.Contains));
    }

    [Fact]
    public void AFileSpellsACallEndingInASuffixOnlyWhereAValueIsCalled()
    {
        var calling = CSharpSyntaxTree.ParseText("class Sender { async System.Threading.Tasks.Task SendAsync(System.IO.Stream stream) => await stream.FlushAsync(); }");
        var declaring = CSharpSyntaxTree.ParseText("class Loader { System.Threading.Tasks.Task LoadAsync() => LoadAsync(); // x.LoadAsync\n }");
        var facts = CompilationFacts.For(CSharpCompilation.Create("Analyzed", [calling, declaring]));

        Assert.True(facts.SpellsMemberCallEndingIn(calling, "Async"));
        Assert.False(facts.SpellsMemberCallEndingIn(declaring, "Async"));
    }

    [Fact]
    public void CallsOnAValueEndingInASuffixAreFoundWhereTheTextSpellsThem()
    {
        const string Source = """
            class Orders
            {
                // client.GetAsync("/commented") is no call
                async System.Threading.Tasks.Task<string> LoadAsync(System.Net.Http.HttpClient client, System.IO.Stream? stream)
                {
                    var text = await client.GetStringAsync("/orders");
                    var prices = await client
                        .GetAsync ("/prices");
                    await (stream?.FlushAsync() ?? System.Threading.Tasks.Task.CompletedTask);
                    await LoadAsync(client, null);
                    return text + "x.GetAsync()" + prices.Content.ReadAsStringAsync;
                }
            }
            """;
        var tree = CSharpSyntaxTree.ParseText(Source);
        var compilation = CSharpCompilation.Create("Analyzed", [tree]);

        var calls = CompilationFacts.For(compilation).MemberCallsEndingIn(tree, "Async");

        Assert.Equal(["GetStringAsync", "GetAsync", "FlushAsync"], calls.Select(CallGraph.CalledName));
    }

    [Fact]
    public void CodeThatMayRunInAnEntryPointIsToldFromItsSyntax()
    {
        const string Source = """
            class Orders
            {
                public void Get() => Send();
                void OnGet() => Send();
                public System.Threading.Tasks.Task InvokeAsync(object context) => Send();
                public void Consume(object context) => Send();
                static void Add(Microsoft.AspNetCore.Builder.WebApplication app) => app.MapGet("/", () => Send());
                private void Helper() => Send();
                public static void Shared() => Send();
                public Orders() => Send();
                public int Count => Send();
                static void Later(System.Collections.Generic.List<int> items) => items.ForEach(item => Send());
                static System.Threading.Tasks.Task Send() => null!;
            }
            """;
        var tree = CSharpSyntaxTree.ParseText(Source);
        var compilation = CSharpCompilation.Create("Analyzed", [tree], ReferenceSets.AspNetCore);
        var requestPaths = CompilationFacts.For(compilation).RequestPaths;

        var calls = tree.GetRoot().DescendantNodes().OfType<InvocationExpressionSyntax>().Where(call => call.Expression.ToString() == "Send");

        Assert.Equal([true, true, true, true, true, false, false, false, false, false], calls.Select(requestPaths.MayRunInAnEntryPoint));
    }

    [Fact]
    public void AFileIsReadWithTheModelItWasAnalyzedWithWhileThatLives()
    {
        var compilation = CSharpCompilation.Create("Analyzed", [CSharpSyntaxTree.ParseText("class Orders { }"), CSharpSyntaxTree.ParseText("class Clocks { }")]);
        var facts = CompilationFacts.For(compilation);
        var analyzed = compilation.GetSemanticModel(compilation.SyntaxTrees[0]);

        facts.Analyzing(analyzed);

        Assert.Same(analyzed, facts.ModelOf(compilation.SyntaxTrees[0]));
        Assert.Same(compilation.SyntaxTrees[1], facts.ModelOf(compilation.SyntaxTrees[1]).SyntaxTree);
    }

    private const string PollyV7Retry = "class Uses { object Policy() => Polly.Policy.Handle<System.Exception>().WaitAndRetryAsync(3, n => System.TimeSpan.FromSeconds(n)); }";

    private static Task<int> OperationActionsAsync(DiagnosticAnalyzer analyzer, string source) =>
        OperationActionsAsync(analyzer, source, ReferenceSets.All);

    private static async Task<int> OperationActionsAsync(DiagnosticAnalyzer analyzer, string source, ImmutableArray<MetadataReference> references)
    {
        var telemetry = await TelemetryAsync(analyzer, source, references);
        return telemetry.OperationActionsCount + telemetry.SemanticModelActionsCount;
    }

    private static async Task<AnalyzerTelemetryInfo> TelemetryAsync(DiagnosticAnalyzer analyzer, string source, ImmutableArray<MetadataReference> references)
    {
        var compilation = CSharpCompilation.Create(
            "Analyzed",
            [CSharpSyntaxTree.ParseText(source)],
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        var analysis = compilation.WithAnalyzers(ImmutableArray.Create(analyzer));
        await analysis.GetAnalyzerDiagnosticsAsync(CancellationToken.None);
        return await analysis.GetAnalyzerTelemetryInfoAsync(analyzer, CancellationToken.None);
    }
}
