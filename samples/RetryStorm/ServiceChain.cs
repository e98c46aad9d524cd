using System;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace RetryStorm;

/// <summary>
/// Three real Kestrel services on 127.0.0.1, ephemeral ports: gateway → orders → inventory. Inventory has finite
/// capacity (a few requests at a time, a fixed service time, a bounded wait queue) and, while the fault is on, fails
/// half of its requests after doing the work. The retry policy decides how gateway and orders call down the chain.
/// </summary>
internal sealed class ServiceChain : IAsyncDisposable
{
    private readonly WebApplication[] apps;
    private readonly HttpClient[] clients;

    private ServiceChain(WebApplication[] apps, HttpClient[] clients, Uri gateway)
    {
        this.apps = apps;
        this.clients = clients;
        Gateway = gateway;
    }

    public Uri Gateway { get; }

    /// <summary>True while inventory fails <see cref="LabSettings.FaultRate"/> of its requests.</summary>
    public bool FaultOn { get; set; }

    public static async Task<ServiceChain> StartAsync(LabSettings settings, IRetryPolicy policy, Telemetry telemetry)
    {
        ServiceChain? chain = null;
        var capacity = new SemaphoreSlim(settings.Capacity);
        var waiting = 0;
        var inventory = await StartAsync("inventory", app => app.MapGet("/stock/{id:int}", async (int id) =>
        {
            telemetry.InventoryRequest();
            if (Interlocked.Increment(ref waiting) > LabSettings.QueueLimit)
            {
                Interlocked.Decrement(ref waiting);
                telemetry.InventoryError();
                return Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
            }

            // The work is done even for callers that gave up: inventory cannot see them leave.
            await capacity.WaitAsync();
            Interlocked.Decrement(ref waiting);
            try
            {
                await Task.Delay(settings.ServiceMilliseconds);
            }
            finally
            {
                capacity.Release();
            }

            if (chain!.FaultOn && Random.Shared.NextDouble() < LabSettings.FaultRate)
            {
                telemetry.InventoryError();
                return Results.StatusCode(StatusCodes.Status500InternalServerError);
            }

            return Results.Text(id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }));

        var inventoryClient = Client(inventory.Address, TimeSpan.FromMilliseconds(300));
        var orders = await StartAsync("orders", app => app.MapGet("/orders/{id:int}", async (int id, CancellationToken cancellationToken) =>
        {
            try
            {
                return Results.Text(await policy.CallInventoryAsync(inventoryClient, $"/stock/{id}", cancellationToken));
            }
            catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException or Polly.CircuitBreaker.BrokenCircuitException)
            {
                return Results.StatusCode(StatusCodes.Status502BadGateway);
            }
        }));

        var ordersClient = Client(orders.Address, TimeSpan.FromSeconds(2));
        var gateway = await StartAsync("gateway", app => app.MapGet("/checkout/{id:int}", async (int id, CancellationToken cancellationToken) =>
        {
            try
            {
                return Results.Text(await policy.CallOrdersAsync(ordersClient, $"/orders/{id}", cancellationToken));
            }
            catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException)
            {
                return Results.StatusCode(StatusCodes.Status502BadGateway);
            }
        }));

        chain = new ServiceChain([gateway.App, orders.App, inventory.App], [inventoryClient, ordersClient], gateway.Address);
        return chain;
    }

    /// <summary>A client with a pooled handler whose connections expire, and the given per-call timeout.</summary>
    public static HttpClient Client(Uri address, TimeSpan timeout) =>
        new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2), MaxConnectionsPerServer = 512 })
        {
            BaseAddress = address,
            Timeout = timeout,
        };

    public async ValueTask DisposeAsync()
    {
        foreach (var client in clients)
        {
            client.Dispose();
        }

        foreach (var app in apps)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    private static async Task<(WebApplication App, Uri Address)> StartAsync(string name, Action<WebApplication> map)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Environment.ApplicationName = name;
        var app = builder.Build();
        map(app);
        await app.StartAsync();
        return (app, new Uri(app.Urls.First()));
    }
}
