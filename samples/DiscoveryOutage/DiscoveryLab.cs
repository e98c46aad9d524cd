using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Net.Http;
using System.Threading.Tasks;
using LabKit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace DiscoveryOutage;

/// <param name="RatePerSecond">Requests per second to the gateway.</param>
/// <param name="Seconds">Seconds of load: the registry is healthy for the first quarter, slow for the second, down for the rest.</param>
internal sealed record LabSettings(int RatePerSecond, int Seconds)
{
    public int SlowFrom => Seconds / 4;

    public int DownFrom => Seconds / 2;

    public RegistryHealth HealthAt(int second) =>
        second >= DownFrom ? RegistryHealth.Down : second >= SlowFrom ? RegistryHealth.Slow : RegistryHealth.Healthy;
}

/// <summary>One second of one variant.</summary>
internal sealed record Second(string Variant, int At, string Registry, int Requests, int Succeeded, double P99Ms);

internal sealed record LabResult(string Variant, IReadOnlyList<Second> Series)
{
    public double SuccessShare(RegistryHealth health, LabSettings settings)
    {
        var seconds = Series.Where(second => settings.HealthAt(second.At) == health).ToList();
        var requests = seconds.Sum(second => second.Requests);
        return requests == 0 ? 0 : (double)seconds.Sum(second => second.Succeeded) / requests;
    }

    public double WorstP99Ms => Series.Select(second => second.P99Ms).DefaultIfEmpty(0).Max();
}

/// <summary>Runs one variant: registry, orders backend and gateway on loopback; open-loop load while the registry degrades.</summary>
internal static class DiscoveryLab
{
    public static readonly string[] Variants = ["naive", "defended"];

    public static async Task<LabResult> RunAsync(string variant, LabSettings settings)
    {
        await using var orders = await Loopback.StartAsync("orders", app => app.MapGet("/orders/{id:int}", (int id) => Results.Text($"order {id}")));
        await using var registry = await Registry.StartAsync(orders.Address);
        using var backends = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) }) { Timeout = TimeSpan.FromSeconds(2) };
        using var registryClient = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) }) { BaseAddress = registry.Address, Timeout = TimeSpan.FromSeconds(1) };
        await using var endpoints = new EndpointCache(registryClient);
        if (variant == "defended")
        {
            await endpoints.StartAsync();
        }

        await using var gateway = await Loopback.StartAsync("gateway", app =>
        {
            if (variant == "naive")
            {
                NaiveGateway.Map(app, registry.Address, backends);
            }
            else
            {
                DefendedGateway.Map(app, endpoints, backends);
            }
        });
        using var users = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) }) { BaseAddress = gateway.Address, Timeout = TimeSpan.FromSeconds(5) };

        var outcomes = new ConcurrentBag<(int Second, bool Succeeded, double Milliseconds)>();
        await OpenLoad.RunAsync(
            settings.Seconds,
            _ => Enumerable.Range(0, settings.RatePerSecond).ToList(),
            async (second, id, cancellationToken) =>
            {
                var latency = Stopwatch.StartNew();
                var status = await OpenLoad.StatusOfAsync(users, new Uri($"/orders/{id}", UriKind.Relative), cancellationToken);
                outcomes.Add((second, status == 200, latency.Elapsed.TotalMilliseconds));
            },
            secondStarting: second => registry.SetHealthAsync(settings.HealthAt(second)));

        var series = Enumerable.Range(0, settings.Seconds).Select(second =>
        {
            var inSecond = outcomes.Where(outcome => outcome.Second == second).ToList();
            return new Second(variant, second, settings.HealthAt(second).ToString().ToLowerInvariant(), inSecond.Count, inSecond.Count(outcome => outcome.Succeeded), Math.Round(Percentiles.Of(inSecond.Select(outcome => outcome.Milliseconds), 0.99), 1));
        }).ToList();
        return new LabResult(variant, series);
    }
}
