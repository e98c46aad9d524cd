using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace DiscoveryOutage;

/// <summary>Naive: every request asks the registry where orders lives, with a client made for that one lookup.</summary>
internal static class NaiveGateway
{
    public static void Map(WebApplication app, Uri registry, HttpClient backends) =>
        app.MapGet("/orders/{id:int}", async (int id, CancellationToken cancellationToken) =>
        {
            using var lookup = new HttpClient { BaseAddress = registry, Timeout = TimeSpan.FromSeconds(1) };
            var orders = new Uri(await lookup.GetStringAsync(new Uri("/services/orders", UriKind.Relative), cancellationToken));
            return Results.Text(await backends.GetStringAsync(new Uri(orders, $"/orders/{id}"), cancellationToken));
        });
}
