using System;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LabKit;

/// <summary>A real Kestrel service for a lab, bound to 127.0.0.1 on an ephemeral port, never to other interfaces.</summary>
public sealed class Loopback : IAsyncDisposable
{
    private readonly WebApplication app;

    private Loopback(WebApplication app, Uri address)
    {
        this.app = app;
        Address = address;
    }

    public Uri Address { get; }

    /// <summary>Starts a service whose routes <paramref name="map"/> adds; <paramref name="configure"/> adds its services.</summary>
    public static async Task<Loopback> StartAsync(string name, Action<WebApplication> map, Action<IServiceCollection>? configure = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Environment.ApplicationName = name;
        configure?.Invoke(builder.Services);
        var app = builder.Build();
        map(app);
        await app.StartAsync();
        return new Loopback(app, new Uri(app.Urls.First()));
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
