using System;
using System.Collections.Generic;
using System.Globalization;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using LabKit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace CascadingFailure;

/// <summary>
/// Five real Kestrel services on 127.0.0.1: gateway → orders → pricing → database, and orders → recommendations →
/// database. The database runs 8 queries at a time, keeps at most 100 waiting (503 beyond), and runs every query it
/// accepted even when its caller has left. While <see cref="Slow"/> is set its queries take 250 ms instead of 10.
/// </summary>
internal sealed class Chain : IAsyncDisposable
{
    private const int DatabaseConcurrency = 8;
    private const int DatabaseWaitLimit = 100;

    private readonly List<Loopback> services = [];
    private readonly List<HttpClient> clients = [];
    private int queries;
    private int waiting;

    public Uri Gateway { get; private set; } = null!;

    public bool Slow { get; set; }

    /// <summary>Database queries accepted since the last call.</summary>
    public int TakeQueryCount() => Interlocked.Exchange(ref queries, 0);

    public static async Task<Chain> StartAsync(IHops hops)
    {
        var chain = new Chain();
        var capacity = new SemaphoreSlim(DatabaseConcurrency);
        var database = await chain.AddAsync("database", app => app.MapGet("/query", async () =>
        {
            if (Interlocked.Increment(ref chain.waiting) > DatabaseWaitLimit)
            {
                Interlocked.Decrement(ref chain.waiting);
                return Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
            }

            Interlocked.Increment(ref chain.queries);
            await capacity.WaitAsync();
            Interlocked.Decrement(ref chain.waiting);
            try
            {
                await Task.Delay(chain.Slow ? 250 : 10);
            }
            finally
            {
                capacity.Release();
            }

            return Results.Text("42");
        }));

        var pricingDatabase = chain.Keep(hops.Client(database, TimeSpan.FromSeconds(1)));
        var pricing = await chain.AddAsync("pricing", app => app.MapGet("/prices/{id:int}", (int id, CancellationToken cancellationToken) =>
            Answer(async () => await pricingDatabase.GetStringAsync(new Uri("/query", UriKind.Relative), cancellationToken))));

        var recommendationsDatabase = chain.Keep(hops.Client(database, TimeSpan.FromSeconds(1)));
        var recommendations = await chain.AddAsync("recommendations", app => app.MapGet("/recommendations/{id:int}", (int id, CancellationToken cancellationToken) =>
            Answer(async () => $"[{await recommendationsDatabase.GetStringAsync(new Uri("/query", UriKind.Relative), cancellationToken)}]")));

        var pricingClient = chain.Keep(hops.Client(pricing, TimeSpan.FromSeconds(2.5)));
        var recommendationsClient = chain.Keep(hops.Client(recommendations, TimeSpan.FromSeconds(1)));
        var orders = await chain.AddAsync("orders", app => app.MapGet("/orders/{id:int}", (int id, CancellationToken cancellationToken) =>
            Answer(async () =>
            {
                var price = await hops.PriceAsync(pricingClient, id, cancellationToken);
                var suggestions = await hops.RecommendationsAsync(recommendationsClient, id, cancellationToken);
                return string.Create(CultureInfo.InvariantCulture, $"order {id}: {price}, {suggestions}");
            })));

        var ordersClient = chain.Keep(hops.Client(orders, TimeSpan.FromSeconds(3)));
        chain.Gateway = await chain.AddAsync(
            "gateway",
            app =>
            {
                hops.UseGateway(app);
                app.MapGet("/checkout/{id:int}", (int id, CancellationToken cancellationToken) =>
                    Answer(() => hops.OrderAsync(ordersClient, id, cancellationToken)));
            },
            hops.ConfigureGateway);
        return chain;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var client in clients)
        {
            client.Dispose();
        }

        foreach (var service in services)
        {
            await service.DisposeAsync();
        }
    }

    /// <summary>The service's answer, or 503 when what it called failed, timed out or was refused.</summary>
    private static async Task<IResult> Answer(Func<Task<string>> work)
    {
        try
        {
            return Results.Text(await work());
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException or TimeoutRejectedException or BrokenCircuitException)
        {
            return Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
        }
    }

    private HttpClient Keep(HttpClient client)
    {
        clients.Add(client);
        return client;
    }

    private async Task<Uri> AddAsync(string name, Action<WebApplication> map, Action<Microsoft.Extensions.DependencyInjection.IServiceCollection>? configure = null)
    {
        var service = await Loopback.StartAsync(name, map, configure);
        services.Add(service);
        return service.Address;
    }
}
