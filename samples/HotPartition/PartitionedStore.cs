using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using StackExchange.Redis;

namespace HotPartition;

/// <summary>
/// The partitioned store: N partition servers, and the client side of the partitioning — a key lives on partition
/// <c>FNV-1a(key) mod N</c>, reached through its own StackExchange.Redis connection (proxy mode: no cluster or admin
/// commands), the way a client-sharded Redis deployment or a Twemproxy pool spreads keys.
/// </summary>
internal sealed class PartitionedStore : IAsyncDisposable
{
    private readonly PartitionServer[] servers;

    private PartitionedStore(PartitionServer[] servers) => this.servers = servers;

    public int Partitions => servers.Length;

    public static PartitionedStore Start(int partitions, TimeSpan serviceTime) =>
        new([.. Enumerable.Range(0, partitions).Select(_ => new PartitionServer(serviceTime))]);

    /// <summary>Connects a client (one pod): a connection per partition.</summary>
    public async Task<PartitionedClient> ConnectAsync()
    {
        var connections = new List<ConnectionMultiplexer>();
        foreach (var server in servers)
        {
            connections.Add(await ConnectionMultiplexer.ConnectAsync(new ConfigurationOptions
            {
                EndPoints = { $"127.0.0.1:{server.Port}" },
                Proxy = Proxy.Twemproxy,
                AbortOnConnectFail = true,
                ConnectTimeout = 5000,
                SyncTimeout = 30_000,
                AsyncTimeout = 30_000,
            }));
        }

        return new PartitionedClient(connections);
    }

    /// <summary>Commands each partition executed since the last call.</summary>
    public int[] TakeCommandCounts() => [.. servers.Select(server => server.TakeCommandCount())];

    public static int PartitionOf(string key, int partitions)
    {
        var hash = 2166136261u;
        foreach (var b in Encoding.UTF8.GetBytes(key))
        {
            hash = unchecked((hash ^ b) * 16777619u);
        }

        return (int)(hash % (uint)partitions);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var server in servers)
        {
            await server.DisposeAsync();
        }
    }
}

/// <summary>A pod's connections to the store: <see cref="For"/> picks the partition that owns a key.</summary>
internal sealed class PartitionedClient(IReadOnlyList<ConnectionMultiplexer> connections) : IAsyncDisposable
{
    public IDatabase For(string key) => connections[PartitionedStore.PartitionOf(key, connections.Count)].GetDatabase();

    public async ValueTask DisposeAsync()
    {
        foreach (var connection in connections)
        {
            await connection.DisposeAsync();
        }
    }
}
