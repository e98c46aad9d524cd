using System.Threading.Tasks;
using ResilienceAnalyzers.HotPartition;
using ResilienceAnalyzers.Tests.Infrastructure;
using Xunit;
using Verify = ResilienceAnalyzers.Tests.Infrastructure.CSharpAnalyzerVerifier<
    ResilienceAnalyzers.HotPartition.RES7001ConstantKeyOnWritePathAnalyzer>;

namespace ResilienceAnalyzers.Tests.HotPartition;

public sealed class RES7001ConstantKeyOnWritePathTests
{
    [Fact]
    public Task AConstantCounterIncrementedInAControllerActionIsReported() => Verify.VerifyAnalyzerAsync(
        """
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Mvc;
        using StackExchange.Redis;

        public class CheckoutController(IDatabase redis) : ControllerBase
        {
            public async Task<IActionResult> Post()
            {
                await redis.StringIncrementAsync("checkouts:total");
                return Ok();
            }
        }
        """,
        ReferenceSets.Caching,
        Verify.Diagnostic("RES7001").WithSpan(9, 21, 9, 41).WithArguments("StringIncrementAsync", "checkouts:total", "the controller action CheckoutController.Post"));

    [Fact]
    public Task ConstantKeysWrittenInHandlersAndTheMethodsTheyCallAreReported() => Verify.VerifyAnalyzerAsync(
        [
            """
            using Microsoft.AspNetCore.Builder;
            using StackExchange.Redis;

            static class Endpoints
            {
                private const string Feed = "feed:global";

                public static void Map(WebApplication app, IDatabase redis) =>
                    app.MapPost("/events", (string text) => redis.[|ListRightPush|](Feed, text));
            }
            """,
            """
            using System.Threading.Tasks;
            using Microsoft.AspNetCore.Mvc;
            using StackExchange.Redis;

            public class ScoresController(Leaderboard board) : ControllerBase
            {
                public async Task<IActionResult> Post(string player) => Ok(await board.AddPointAsync(player));
            }

            public sealed class Leaderboard(IDatabase redis)
            {
                public Task<double> AddPointAsync(string player) => redis.{|#0:SortedSetIncrementAsync|}("leaderboard", player, 1);
            }
            """,
        ],
        ReferenceSets.Caching,
        Verify.CompilationEndDiagnostic("RES7001").WithLocation(0).WithArguments("SortedSetIncrementAsync", "leaderboard", "Leaderboard.AddPointAsync, which the controller action ScoresController.Post calls"));

    [Fact]
    public Task KeysFromTheRequestReadsAndWritesAwayFromRequestPathsAreNotReported() => Verify.VerifyAnalyzerAsync(
        """
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Mvc;
        using StackExchange.Redis;

        public class CartController(IDatabase redis) : ControllerBase
        {
            public async Task<IActionResult> Add(string id, string item)
            {
                await redis.ListRightPushAsync($"cart:{id}", item);
                await redis.HashIncrementAsync("cart:" + id, item);
                return Ok(await redis.StringGetAsync("checkouts:total"));
            }
        }

        public static class Startup
        {
            public static void Seed(IDatabase redis) => redis.StringIncrement("deployments");
        }
        """,
        ReferenceSets.Caching);

    [Theory]
    [InlineData("redis.StringIncrement(\"hits\"", 1)]
    [InlineData("redis.StringIncrement(", 0)]
    [InlineData("redis.StringIncremnt(\"hits\")", 0)]
    public async Task HalfTypedCodeIsAnalyzedWithoutCrashing(string write, int expected)
    {
        var source = $$"""
            using Microsoft.AspNetCore.Mvc;
            using StackExchange.Redis;

            public class HitsController(IDatabase redis) : ControllerBase
            {
                public IActionResult Get() => Ok({{write}});
            }
            """;

        Assert.Equal(expected, await AnalyzerRunner.CountAsync(new RES7001ConstantKeyOnWritePathAnalyzer(), source, ReferenceSets.Caching));
    }
}
