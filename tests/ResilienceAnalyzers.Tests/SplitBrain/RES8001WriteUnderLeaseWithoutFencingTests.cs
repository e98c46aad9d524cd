using System.Threading.Tasks;
using ResilienceAnalyzers.Tests.Infrastructure;
using Xunit;
using Verify = ResilienceAnalyzers.Tests.Infrastructure.CSharpAnalyzerVerifier<
    ResilienceAnalyzers.SplitBrain.RES8001WriteUnderLeaseWithoutFencingAnalyzer>;

namespace ResilienceAnalyzers.Tests.SplitBrain;

public sealed class RES8001WriteUnderLeaseWithoutFencingTests
{
    [Fact]
    public Task AWriteInsideTheBranchThatTookARedisLockIsReported() => Verify.VerifyAnalyzerAsync(
        """
        using System;
        using System.Threading;
        using System.Threading.Tasks;
        using StackExchange.Redis;

        public sealed class ConfigPublisher(IDatabase redis, string nodeId)
        {
            public async Task RunAsync(string config, CancellationToken cancellationToken)
            {
                while (!cancellationToken.IsCancellationRequested)
                {
                    if (await redis.LockTakeAsync("leader", nodeId, TimeSpan.FromSeconds(10)))
                    {
                        await redis.{|#0:StringSetAsync|}("config:current", config);
                        redis.{|#1:HashSet|}("config:history", DateTime.UtcNow.Ticks, config);
                    }

                    await Task.Delay(TimeSpan.FromSeconds(5), cancellationToken);
                }
            }
        }
        """,
        ReferenceSets.Caching,
        Verify.Diagnostic("RES8001").WithLocation(0).WithArguments("StringSetAsync", "LockTakeAsync"),
        Verify.Diagnostic("RES8001").WithLocation(1).WithArguments("HashSet", "LockTakeAsync"));

    [Fact]
    public Task AWriteInATypeNestedInAnotherIsReportedOnce() => Verify.VerifyAnalyzerAsync(
        """
        using System;
        using System.Threading.Tasks;
        using StackExchange.Redis;

        public static class Jobs
        {
            public sealed class Publisher(IDatabase redis, string nodeId)
            {
                public async Task PublishAsync(string config)
                {
                    if (await redis.LockTakeAsync("leader", nodeId, TimeSpan.FromSeconds(10)))
                    {
                        await redis.[|StringSetAsync|]("config:current", config);
                    }
                }
            }
        }
        """,
        ReferenceSets.Caching);

    [Fact]
    public Task AWriteAfterAGuardThatLeavesWithoutTheLeaseIsReported() => Verify.VerifyAnalyzerAsync(
        """
        using System;
        using System.Threading.Tasks;
        using StackExchange.Redis;

        public sealed class NightlyJob(IDatabase redis, string nodeId)
        {
            public async Task RunAsync(long total)
            {
                var acquired = await redis.StringSetAsync("lock:nightly", nodeId, TimeSpan.FromMinutes(5), When.NotExists);
                if (!acquired)
                {
                    return;
                }

                await redis.[|SortedSetAddAsync|]("reports", "nightly", total);
            }

            public void Run(long total)
            {
                if (!redis.LockTake("lock:nightly", nodeId, TimeSpan.FromMinutes(5)) || total == 0) throw new InvalidOperationException("not the leader");
                redis.{|#0:StringIncrement|}("reports:count");
            }
        }
        """,
        ReferenceSets.Caching,
        Verify.Diagnostic("RES8001").WithLocation(0).WithArguments("StringIncrement", "LockTake"));

    [Fact]
    public Task ASqlCommandRunUnderAHeartbeatLeadershipFlagIsReported() => Verify.VerifyAnalyzerAsync(
        """
        using System;
        using System.Data.Common;
        using System.Threading;
        using System.Threading.Tasks;

        public sealed class Scheduler(Func<DbCommand> createCommand)
        {
            private static readonly TimeSpan Lease = TimeSpan.FromSeconds(15);
            private DateTime lastHeartbeat;

            private bool IsLeader => DateTime.UtcNow - lastHeartbeat < Lease;

            public void Heartbeat() => lastHeartbeat = DateTime.UtcNow;

            public async Task TickAsync(CancellationToken cancellationToken)
            {
                if (IsLeader == false)
                {
                    return;
                }

                using var command = createCommand();
                command.CommandText = "UPDATE jobs SET owner = 'me' WHERE due < now()";
                await command.{|#0:ExecuteNonQueryAsync|}(cancellationToken);
            }
        }
        """,
        ReferenceSets.Net,
        Verify.Diagnostic("RES8001").WithLocation(0).WithArguments("ExecuteNonQueryAsync", "IsLeader"));

    [Fact]
    public Task WritesThroughTheApplicationsOwnStoreAreWritesButReadsAndAmbiguousVerbsAreNot() => Verify.VerifyAnalyzerAsync(
        """
        using System;
        using System.Threading.Tasks;
        using StackExchange.Redis;

        public sealed record Order(string Id);

        public interface IOrderRepository
        {
            Task<Order?> GetAsync(string id);
            Task UpdateAsync(Order order);
            Task TryAddAsync(Order order);
            Task ProcessPendingAsync();
        }

        public interface ILockStore { Task ReleaseLockAsync(string name); }

        public sealed class Tumbler { public void RecordRun(string id) { } }

        public sealed class Settlement(IDatabase redis, IOrderRepository orders, ILockStore locks, Tumbler tumbler, string nodeId)
        {
            public async Task SettleAsync(string id)
            {
                if (!await redis.LockTakeAsync("settlement", nodeId, TimeSpan.FromSeconds(30)))
                {
                    return;
                }

                var order = await orders.GetAsync(id) ?? new Order(id);
                await orders.{|#0:UpdateAsync|}(order);
                await orders.{|#1:TryAddAsync|}(order);
                await orders.ProcessPendingAsync();
                tumbler.RecordRun(id);
                await locks.ReleaseLockAsync("settlement");
            }

            public async Task SettleFencedAsync(string id, long fencingToken)
            {
                if (await redis.LockTakeAsync("settlement", nodeId, TimeSpan.FromSeconds(30)))
                {
                    await orders.UpdateAsync(new Order(id + ":" + fencingToken));
                }
            }
        }
        """,
        ReferenceSets.Caching,
        Verify.Diagnostic("RES8001").WithLocation(0).WithArguments("UpdateAsync", "LockTakeAsync"),
        Verify.Diagnostic("RES8001").WithLocation(1).WithArguments("TryAddAsync", "LockTakeAsync"));

    [Fact]
    public Task WritesThatCarryAFencingTokenOrLetTheStoreCheckTheLeaseAreNotReported() => Verify.VerifyAnalyzerAsync(
        """
        using System;
        using System.Data.Common;
        using System.Threading.Tasks;
        using StackExchange.Redis;

        public sealed class FencedWriters(IDatabase redis, DbCommand command, string nodeId)
        {
            public async Task WithATokenFromTheLeaseAsync(string config)
            {
                if (await redis.LockTakeAsync("leader", nodeId, TimeSpan.FromSeconds(10)))
                {
                    var token = await redis.StringIncrementAsync("leader:grants");
                    await redis.HashSetAsync("config", [new("value", config), new("token", token)]);
                }
            }

            public async Task WithAFencingTokenParameterAsync(string config, long fencingToken)
            {
                if (await redis.LockTakeAsync("leader", nodeId, TimeSpan.FromSeconds(10)))
                {
                    await redis.StringSetAsync("config:" + fencingToken, config);
                }
            }

            public async Task UnderATransactionConditionOnTheLockAsync(string config)
            {
                if (await redis.LockTakeAsync("leader", nodeId, TimeSpan.FromSeconds(10)))
                {
                    var transaction = redis.CreateTransaction();
                    transaction.AddCondition(Condition.StringEqual("leader", nodeId));
                    _ = transaction.StringSetAsync("config:current", config);
                    await transaction.ExecuteAsync();
                }
            }

            public async Task WithASqlConditionOnTheTokenAsync(bool isLeader)
            {
                if (isLeader)
                {
                    command.CommandText = "UPDATE config SET value = @value WHERE fence_token < @token";
                    await command.ExecuteNonQueryAsync();
                }
            }
        }
        """,
        ReferenceSets.Caching);

    [Fact]
    public Task LookAlikesThatAreNotWritesUnderALeaseAreNotReported() => Verify.VerifyAnalyzerAsync(
        """
        using System;
        using System.Threading.Tasks;
        using StackExchange.Redis;

        public sealed class LookAlikes(IDatabase redis, string nodeId)
        {
            private bool isLeaderElectionEnabled;
            private bool HasLeader => true;

            // A single-flight cache refresh: the value has an expiry, so a stale holder costs a recompute.
            public async Task RefreshAsync(string key, string price)
            {
                if (await redis.LockTakeAsync("lock:" + key, nodeId, TimeSpan.FromSeconds(5)))
                {
                    try
                    {
                        await redis.StringSetAsync(key, price, TimeSpan.FromSeconds(30));
                    }
                    finally
                    {
                        await redis.LockReleaseAsync("lock:" + key, nodeId);
                    }
                }
            }

            public async Task ReleaseAndOtherBranchesAsync(string config)
            {
                const string LockKey = "leader";
                await redis.StringSetAsync("config:last-attempt", config);
                if (await redis.LockTakeAsync(LockKey, nodeId, TimeSpan.FromSeconds(10)))
                {
                    await redis.KeyDeleteAsync(LockKey);
                }
                else
                {
                    await redis.StringSetAsync("config:follower", config);
                }

                if (isLeaderElectionEnabled || HasLeader)
                {
                    await redis.StringSetAsync("config:election", config);
                }

                if (!await redis.LockTakeAsync(LockKey, nodeId, TimeSpan.FromSeconds(10)))
                {
                    Console.WriteLine("not the leader");
                }

                await redis.StringSetAsync("config:after", config);
            }
        }
        """,
        ReferenceSets.Caching);

    [Fact]
    public Task HalfTypedCodeDoesNotCrashTheRule() => Verify.VerifyAnalyzerAsync(
        """
        using System;
        using System.Threading.Tasks;
        using StackExchange.Redis;

        public sealed class Broken(IDatabase redis)
        {
            public async Task RunAsync()
            {
                if (await redis.{|CS7036:LockTakeAsync|}(){|CS1026:|}
                {
                    await redis.{|CS1501:StringSetAsync|}();
                }

                if (!{|CS0103:IsLeader|}{|CS1026:|}
                    return;
                await redis.StringSetAsync("config", 1);
            }
        }
        """,
        ReferenceSets.Caching);
}
