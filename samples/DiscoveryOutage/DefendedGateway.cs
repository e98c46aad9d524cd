using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace DiscoveryOutage;

/// <summary>
/// Defended: requests read the last-known-good address from memory; a background loop refreshes it from the registry
/// and keeps the old one when the registry is slow or down. The address is trusted for <see cref="KeepFor"/> after the
/// last successful lookup — generous, because a stale address of a live backend beats no address.
/// </summary>
internal sealed class EndpointCache(HttpClient registry) : IAsyncDisposable
{
    public static readonly TimeSpan KeepFor = TimeSpan.FromMinutes(10);
    public static readonly TimeSpan RefreshEvery = TimeSpan.FromMilliseconds(500);

    private readonly CancellationTokenSource stopping = new();
    private (Uri Address, DateTime FetchedAt)? known;
    private Task refreshing = Task.CompletedTask;

    /// <summary>Looks the address up once (startup fails without it), then refreshes it in the background.</summary>
    public async Task StartAsync()
    {
        await RefreshAsync(stopping.Token);
        refreshing = RefreshLoopAsync();
    }

    public Uri Orders => known is { } current && DateTime.UtcNow - current.FetchedAt < KeepFor
        ? current.Address
        : throw new InvalidOperationException("No orders address younger than the cache's limit: the registry has been unreachable too long.");

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        await refreshing;
        stopping.Dispose();
    }

    private async Task RefreshLoopAsync()
    {
        using var timer = new PeriodicTimer(RefreshEvery);
        try
        {
            while (await timer.WaitForNextTickAsync(stopping.Token))
            {
                try
                {
                    await RefreshAsync(stopping.Token);
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !stopping.IsCancellationRequested)
                {
                    // Keep the last-known-good address; the next tick tries again.
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
    }

    private async Task RefreshAsync(CancellationToken cancellationToken) =>
        known = (new Uri(await registry.GetStringAsync(new Uri("/services/orders", UriKind.Relative), cancellationToken)), DateTime.UtcNow);
}

internal static class DefendedGateway
{
    public static void Map(WebApplication app, EndpointCache endpoints, HttpClient backends) =>
        app.MapGet("/orders/{id:int}", async (int id, CancellationToken cancellationToken) =>
            Results.Text(await backends.GetStringAsync(new Uri(endpoints.Orders, $"/orders/{id}"), cancellationToken)));
}
