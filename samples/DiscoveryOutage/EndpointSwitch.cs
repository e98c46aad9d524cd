using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using LabKit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace DiscoveryOutage;

/// <summary>
/// The lab's name service: <c>orders.lab</c> resolves to whichever backend is current, as a DNS record does after a
/// blue/green switch. Clients resolve through it only when they open a connection.
/// </summary>
internal static class LabNames
{
    private static int currentPort;

    public static void Point(Uri backend) => Volatile.Write(ref currentPort, backend.Port);

    public static async ValueTask<System.IO.Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, Volatile.Read(ref currentPort)), cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}

/// <summary>Naive: one client for the process's life whose connections never expire, so it keeps talking to the old backend.</summary>
internal static class PinnedClient
{
    public static readonly HttpClient Instance = new(new SocketsHttpHandler { ConnectCallback = LabNames.ConnectAsync });
}

/// <summary>Defended: the same long-lived client, but its connections are replaced after a lifetime, each resolving the name again.</summary>
internal static class RefreshingClient
{
    // Seconds here so the lab shows it quickly; a few minutes in production.
    public static readonly HttpClient Instance = new(new SocketsHttpHandler { ConnectCallback = LabNames.ConnectAsync, PooledConnectionLifetime = TimeSpan.FromSeconds(2) });
}

/// <summary>What one client saw: its requests after the switch, and how many of them reached the new backend.</summary>
internal sealed record SwitchResult(string Client, int AfterSwitch, int ReachedNew, double SecondsToFirstNew)
{
    public double ReachedNewShare => AfterSwitch == 0 ? 0 : (double)ReachedNew / AfterSwitch;
}

/// <summary>
/// Blue and green backends; <c>orders.lab</c> points at blue, then switches to green while both stay up. Four long-lived
/// clients watch it: a static client without and with a connection lifetime, and a factory's client kept by a singleton
/// or taken per use.
/// </summary>
internal static class EndpointSwitch
{
    public static async Task<IReadOnlyList<SwitchResult>> RunAsync(TimeSpan before, TimeSpan after)
    {
        await using var blue = await Loopback.StartAsync("blue", app => app.MapGet("/color", () => Results.Text("blue")));
        await using var green = await Loopback.StartAsync("green", app => app.MapGet("/color", () => Results.Text("green")));
        LabNames.Point(blue.Address);

        await using var factory = LabClientFactory.Build();
        var kept = factory.GetRequiredService<KeptFactoryClient>();
        var perUse = factory.GetRequiredService<PerUseFactoryClient>();
        var results = new List<SwitchResult>();
        (string Name, Func<HttpClient> Client)[] clients =
        [
            ("pinned", () => PinnedClient.Instance),
            ("refreshing", () => RefreshingClient.Instance),
            ("kept", () => kept.Client),
            ("per-use", () => perUse.Client),
        ];
        foreach (var (name, client) in clients)
        {
            LabNames.Point(blue.Address);
            results.Add(await WatchAsync(name, client, before, after, () => LabNames.Point(green.Address)));
        }

        return results;
    }

    private static async Task<SwitchResult> WatchAsync(string name, Func<HttpClient> client, TimeSpan before, TimeSpan after, Action switchOver)
    {
        var request = new Uri("http://orders.lab/color");
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < before)
        {
            await client().GetStringAsync(request);
            await Task.Delay(20);
        }

        switchOver();
        var switchedAt = clock.Elapsed;
        int count = 0, reachedNew = 0;
        var firstNew = double.NaN;
        while (clock.Elapsed - switchedAt < after)
        {
            count++;
            if (await client().GetStringAsync(request) == "green")
            {
                reachedNew++;
                firstNew = double.IsNaN(firstNew) ? (clock.Elapsed - switchedAt).TotalSeconds : firstNew;
            }

            await Task.Delay(20);
        }

        return new SwitchResult(name, count, reachedNew, firstNew);
    }
}
