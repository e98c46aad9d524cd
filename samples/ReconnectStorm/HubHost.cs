using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ReconnectStorm;

/// <summary>The hub the fleet connects to. It counts the connections it accepts; its clients only listen.</summary>
internal sealed class FleetHub(Telemetry telemetry) : Hub
{
    public override Task OnConnectedAsync()
    {
        telemetry.Accept();
        return base.OnConnectedAsync();
    }
}

/// <summary>
/// A real SignalR hub on Kestrel, bound to 127.0.0.1 only, that can be stopped and started again on the same port — a
/// deploy or a crash and restart. Stopping closes every connection, so each client learns at once that it has to
/// reconnect. (LabKit's <c>Loopback</c> always takes a new ephemeral port: clients would never find a restarted hub.)
/// </summary>
internal sealed class HubHost : IAsyncDisposable
{
    public const string HubPath = "/fleet";

    /// <summary>How long a stop may wait for the hub's connections to close.</summary>
    private static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(2);

    private readonly Telemetry telemetry;
    private WebApplication? app;

    private HubHost(Telemetry telemetry, WebApplication app, int port)
    {
        this.telemetry = telemetry;
        this.app = app;
        Port = port;
    }

    public int Port { get; }

    public Uri HubAddress => new($"http://127.0.0.1:{Port}{HubPath}");

    /// <summary>Starts the hub on an ephemeral port.</summary>
    public static async Task<HubHost> StartAsync(Telemetry telemetry)
    {
        var app = await StartAppAsync(telemetry, port: 0);
        return new HubHost(telemetry, app, new Uri(app.Urls.First()).Port);
    }

    /// <summary>Stops the hub: Kestrel stops listening and SignalR closes every connection.</summary>
    public async Task StopAsync()
    {
        if (Interlocked.Exchange(ref app, null) is { } running)
        {
            using var timeout = new CancellationTokenSource(ShutdownTimeout);
            await running.StopAsync(timeout.Token);
            await running.DisposeAsync();
        }
    }

    /// <summary>Starts a new hub on the port the stopped one had.</summary>
    public async Task RestartAsync() => app = await StartAppAsync(telemetry, Port);

    public async ValueTask DisposeAsync() => await StopAsync();

    private static async Task<WebApplication> StartAppAsync(Telemetry telemetry, int port)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        builder.Environment.ApplicationName = "hub";
        builder.Services.Configure<HostOptions>(options => options.ShutdownTimeout = ShutdownTimeout);
        builder.Services.AddSingleton(telemetry);
        builder.Services.AddSignalR();
        var app = builder.Build();

        // Every connection attempt starts with a negotiate request; this counts the ones that reach the hub.
        app.Use((context, next) =>
        {
            if (context.Request.Path.StartsWithSegments($"{HubPath}/negotiate", StringComparison.Ordinal))
            {
                telemetry.Negotiation();
            }

            return next(context);
        });
        app.MapHub<FleetHub>(HubPath);
        await app.StartAsync();
        return app;
    }
}
