using System.Threading.Tasks;
using ResilienceAnalyzers.Tests.Infrastructure;
using Xunit;
using Verify = ResilienceAnalyzers.Tests.Infrastructure.CSharpCodeFixVerifier<
    ResilienceAnalyzers.HotPartition.RES7001ConstantKeyOnWritePathAnalyzer,
    ResilienceAnalyzers.CodeFixes.HotPartition.RES7001ConstantKeyOnWritePathCodeFix>;

namespace ResilienceAnalyzers.Tests.HotPartition;

public sealed class RES7001ConstantKeyOnWritePathCodeFixTests
{
    [Fact]
    public Task APrivateCounterKeyIsShardedAndItsReadBecomesASumOfTheShards() => Verify.VerifyCodeFixAsync(
        """
        using System;
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Mvc;
        using StackExchange.Redis;

        public class CheckoutController(IDatabase redis) : ControllerBase
        {
            private const string Checkouts = "checkouts:total";

            public async Task<IActionResult> Post()
            {
                await redis.[|StringIncrementAsync|](Checkouts);
                return Ok();
            }

            [HttpGet]
            public async Task<long> Count() => (long)await redis.StringGetAsync(Checkouts);
        }
        """,
        """
        using System;
        using System.Linq;
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Mvc;
        using StackExchange.Redis;

        public class CheckoutController(IDatabase redis) : ControllerBase
        {
            private const string Checkouts = "checkouts:total";
            private const int CheckoutsShards = 10;

            public async Task<IActionResult> Post()
            {
                await redis.StringIncrementAsync($"{Checkouts}:{Random.Shared.Next(CheckoutsShards)}");
                return Ok();
            }

            [HttpGet]
            public async Task<long> Count() => (long)(await redis.StringGetAsync(Enumerable.Range(0, CheckoutsShards).Select(shard => (RedisKey)$"{Checkouts}:{shard}").ToArray())).Sum(value => (long)value);
        }
        """,
        ReferenceSets.Caching);

    [Fact]
    public Task FixAllShardsEveryKeyOnceWithItsSynchronousWritesAndReads() => Verify.VerifyCodeFixAsync(
        """
        using System;
        using Microsoft.AspNetCore.Mvc;
        using StackExchange.Redis;

        public class StockController(IDatabase redis) : ControllerBase
        {
            private const string Reserved = "stock:reserved";
            private const string Views = "stock:views";

            public IActionResult Reserve()
            {
                redis.[|StringIncrement|](Reserved, 2);
                redis.[|StringIncrement|](Views);
                return Ok();
            }

            public IActionResult Release()
            {
                redis.[|StringDecrement|](Reserved, 2);
                return Ok((int)redis.StringGet(Reserved));
            }
        }
        """,
        """
        using System;
        using System.Linq;
        using Microsoft.AspNetCore.Mvc;
        using StackExchange.Redis;

        public class StockController(IDatabase redis) : ControllerBase
        {
            private const string Reserved = "stock:reserved";
            private const int ReservedShards = 10;
            private const string Views = "stock:views";
            private const int ViewsShards = 10;

            public IActionResult Reserve()
            {
                redis.StringIncrement($"{Reserved}:{Random.Shared.Next(ReservedShards)}", 2);
                redis.StringIncrement($"{Views}:{Random.Shared.Next(ViewsShards)}");
                return Ok();
            }

            public IActionResult Release()
            {
                redis.StringDecrement($"{Reserved}:{Random.Shared.Next(ReservedShards)}", 2);
                return Ok((int)redis.StringGet(Enumerable.Range(0, ReservedShards).Select(shard => (RedisKey)$"{Reserved}:{shard}").ToArray()).Sum(value => (int)value));
            }
        }
        """,
        ReferenceSets.Caching);

    [Fact]
    public async Task TheShardCountComesFromTheEditorConfigAndUsingSystemIsAdded()
    {
        var test = new Verify.Test(ReferenceSets.Caching)
        {
            TestCode = """
                using Microsoft.AspNetCore.Mvc;
                using StackExchange.Redis;

                public class LikesController(IDatabase redis) : ControllerBase
                {
                    private const string Likes = "likes";

                    public void Like() => redis.[|StringIncrement|](Likes);
                }
                """,
            FixedCode = """
                using System;
                using Microsoft.AspNetCore.Mvc;
                using StackExchange.Redis;

                public class LikesController(IDatabase redis) : ControllerBase
                {
                    private const string Likes = "likes";
                    private const int LikesShards = 4;

                    public void Like() => redis.StringIncrement($"{Likes}:{Random.Shared.Next(LikesShards)}");
                }
                """,
        };
        test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n\n[*.cs]\nresilience.hot_key_shards = 4\n"));
        await test.RunAsync();
    }

    [Fact]
    public Task KeysWhoseReadersTheFixCannotSeeOrRewriteGetNoFix() => Verify.VerifyCodeFixAsync(
        NoFixSource,
        NoFixSource,
        ReferenceSets.Caching);

    private const string NoFixSource = """
        using System;
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Mvc;
        using StackExchange.Redis;

        public class CountersController(IDatabase redis) : ControllerBase
        {
            public const string Visible = "visible";
            private const string Expiring = "expiring";
            private const string Returned = "returned";
            private const string Printed = "printed";

            public async Task<IActionResult> Post()
            {
                // A literal key: other services may read it.
                await redis.[|StringIncrementAsync|]("literal");

                // A public key: readers elsewhere.
                await redis.[|StringIncrementAsync|](Visible);

                // Another use of the key the fix cannot rewrite.
                await redis.[|StringIncrementAsync|](Expiring);
                await redis.KeyExpireAsync(Expiring, TimeSpan.FromDays(1));

                // The increment's result is the total: after sharding it would be one shard's.
                var total = await redis.[|StringIncrementAsync|](Returned);

                // A read that is not converted to a number.
                await redis.[|StringIncrementAsync|](Printed);
                return Ok($"{total} {await redis.StringGetAsync(Printed)}");
            }
        }
        """;
}
