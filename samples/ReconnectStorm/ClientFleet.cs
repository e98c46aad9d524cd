using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace ReconnectStorm;

/// <summary>
/// Counts each negotiate request a client sends, on the client, before it leaves: attempts made while the hub is down
/// fail to connect and never reach it, so only the client can count them.
/// </summary>
internal sealed class AttemptCounter(HttpMessageHandler inner, Telemetry telemetry) : DelegatingHandler(inner)
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.RequestUri?.AbsolutePath.EndsWith("/negotiate", StringComparison.Ordinal) == true)
        {
            telemetry.Attempt();
        }

        return base.SendAsync(request, cancellationToken);
    }
}

/// <summary>
/// A fleet of real SignalR clients (<see cref="HubConnection"/> over WebSockets), each reconnecting as the variant says.
/// It counts the clients that lost their connection, came back (and when) or gave up.
/// </summary>
internal sealed class ClientFleet : IAsyncDisposable
{
    /// <summary>Clients that open their first connection at the same time, so that setting the fleet up is no storm of its own.</summary>
    private const int ConnectingAtOnce = 25;

    /// <summary>How long the whole fleet may take to open its first connections.</summary>
    private static readonly TimeSpan SetupTimeout = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan DisposeTimeout = TimeSpan.FromSeconds(10);

    /// <summary>A client that is not back: it has not reconnected since it last lost its connection.</summary>
    private const long NotBack = long.MinValue;

    private readonly HubConnection[] connections;
    private readonly Telemetry telemetry;
    private readonly int[] hasDropped;
    private readonly long[] returnedAtTicks;
    private int dropped;
    private int back;
    private int gaveUp;

    private ClientFleet(HubConnection[] connections, Telemetry telemetry)
    {
        this.connections = connections;
        this.telemetry = telemetry;
        hasDropped = new int[connections.Length];
        returnedAtTicks = Enumerable.Repeat(NotBack, connections.Length).ToArray();
    }

    public int Clients => connections.Length;

    /// <summary>Clients that lost their connection at least once.</summary>
    public int Dropped => Volatile.Read(ref dropped);

    /// <summary>Clients connected again since they last lost their connection.</summary>
    public int Back => Volatile.Read(ref back);

    /// <summary>Clients whose policy gave up: their connection is closed for good.</summary>
    public int GaveUp => Volatile.Read(ref gaveUp);

    /// <summary>When each client that is back came back, measured from the stop.</summary>
    public IEnumerable<TimeSpan> ReturnedAt => returnedAtTicks.Where(ticks => ticks != NotBack).Select(TimeSpan.FromTicks);

    /// <summary>Every client has lost its connection, and is back or has given up.</summary>
    public bool Settled => Dropped == Clients && Back + GaveUp == Clients;

    public static async Task<ClientFleet> ConnectAsync(Uri hub, int clients, IReconnectVariant variant, Telemetry telemetry)
    {
        var connections = Enumerable.Range(0, clients)
            .Select(_ => variant.WithReconnect(new HubConnectionBuilder()
                    .WithUrl(hub, HttpTransportType.WebSockets, options => options.HttpMessageHandlerFactory = inner => new AttemptCounter(inner, telemetry)))
                .Build())
            .ToArray();
        var fleet = new ClientFleet(connections, telemetry);
        for (var client = 0; client < connections.Length; client++)
        {
            fleet.Watch(client);
        }

        try
        {
            using var timeout = new CancellationTokenSource(SetupTimeout);
            await Parallel.ForEachAsync(
                connections,
                new ParallelOptions { MaxDegreeOfParallelism = ConnectingAtOnce, CancellationToken = timeout.Token },
                async (connection, cancellationToken) => await connection.StartAsync(cancellationToken));
        }
        catch
        {
            await fleet.DisposeAsync();
            throw;
        }

        return fleet;
    }

    /// <summary>Closes every connection; what is still closing after <see cref="DisposeTimeout"/> is left to the process's exit.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            await Task.WhenAll(connections.Select(connection => connection.DisposeAsync().AsTask())).WaitAsync(DisposeTimeout);
        }
        catch (TimeoutException)
        {
        }
    }

    /// <remarks>
    /// A client can lose its connection twice: one whose first wait is near zero may reconnect to the stopping hub in the
    /// moment before it stops listening, and be closed again. It counts once, and is back only when it is connected at the end.
    /// </remarks>
    private void Watch(int client)
    {
        var connection = connections[client];
        connection.Reconnecting += _ =>
        {
            if (Interlocked.Exchange(ref hasDropped[client], 1) == 0)
            {
                Interlocked.Increment(ref dropped);
            }

            if (Interlocked.Exchange(ref returnedAtTicks[client], NotBack) != NotBack)
            {
                Interlocked.Decrement(ref back);
            }

            telemetry.Drop();
            return Task.CompletedTask;
        };
        connection.Reconnected += _ =>
        {
            Interlocked.Exchange(ref returnedAtTicks[client], telemetry.Elapsed.Ticks);
            Interlocked.Increment(ref back);
            telemetry.Return();
            return Task.CompletedTask;
        };
        connection.Closed += _ =>
        {
            // Closed also fires when the lab disposes the fleet, once it has stopped recording; while it records, the
            // client's policy has given up.
            if (telemetry.IsRecording)
            {
                Interlocked.Increment(ref gaveUp);
            }

            return Task.CompletedTask;
        };
    }
}
