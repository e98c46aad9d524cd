using System;
using System.Threading;
using System.Threading.Tasks;
using LabKit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace DiscoveryOutage;

internal enum RegistryHealth
{
    Healthy,
    Slow,
    Down,
}

/// <summary>
/// The service registry (standing in for Consul, etcd or DNS): <c>GET /services/orders</c> answers the backend's
/// address. Slow, it takes 2 s to answer; down, it stops listening and connections are refused.
/// </summary>
internal sealed class Registry : IAsyncDisposable
{
    public static readonly TimeSpan SlowAnswer = TimeSpan.FromSeconds(2);

    private Loopback? service;
    private RegistryHealth health;

    private Registry(Loopback service) => this.service = service;

    public Uri Address { get; private init; } = null!;

    public static async Task<Registry> StartAsync(Uri orders)
    {
        Registry? registry = null;
        var service = await Loopback.StartAsync("registry", app => app.MapGet("/services/orders", async (CancellationToken cancellationToken) =>
        {
            if (registry!.health == RegistryHealth.Slow)
            {
                await Task.Delay(SlowAnswer, cancellationToken);
            }

            return Results.Text(orders.ToString());
        }));
        registry = new Registry(service) { Address = service.Address };
        return registry;
    }

    public async Task SetHealthAsync(RegistryHealth value)
    {
        health = value;
        if (value == RegistryHealth.Down)
        {
            await DisposeAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref service, null) is { } running)
        {
            await running.DisposeAsync();
        }
    }
}
