using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace CacheStampede;

/// <summary>
/// The origin: a real Kestrel service on 127.0.0.1 whose price recompute is slow, and which counts every recompute
/// by key, with the time it started and how many ran at once.
/// </summary>
internal sealed class Origin : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly HttpClient client;
    private readonly Stopwatch clock = Stopwatch.StartNew();
    private readonly ConcurrentDictionary<string, ConcurrentQueue<double>> recomputeTimes = new();
    private readonly ConcurrentDictionary<string, int> running = new();
    private readonly ConcurrentDictionary<string, int> peakRunning = new();

    private Origin(WebApplication app, TimeSpan recompute)
    {
        this.app = app;
        RecomputeTime = recompute;
        client = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2), MaxConnectionsPerServer = 2048 })
        {
            BaseAddress = new Uri(app.Urls.First()),
            Timeout = TimeSpan.FromSeconds(30),
        };
    }

    public TimeSpan RecomputeTime { get; }

    /// <summary>Seconds since the origin started; the lab's clock.</summary>
    public double Now => clock.Elapsed.TotalSeconds;

    public static async Task<Origin> StartAsync(TimeSpan recompute)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        Origin? origin = null;
        app.MapGet("/price/{key}", async (string key) =>
        {
            await origin!.RecomputeHereAsync(key);
            return Results.Text(FormattableString.Invariant($"{key}={Random.Shared.Next(100, 999)}"));
        });
        await app.StartAsync();
        origin = new Origin(app, recompute);
        return origin;
    }

    /// <summary>Asks the origin to recompute the key's price, over HTTP.</summary>
    public Task<string> RecomputeAsync(string key) => client.GetStringAsync($"/price/{Uri.EscapeDataString(key)}");

    /// <summary>Start times, in lab seconds, of the key's recomputes.</summary>
    public double[] RecomputesOf(string key) => recomputeTimes.TryGetValue(key, out var times) ? times.Order().ToArray() : [];

    /// <summary>The most recomputes of the key that ran at once.</summary>
    public int PeakConcurrencyOf(string key) => peakRunning.TryGetValue(key, out var peak) ? peak : 0;

    public async ValueTask DisposeAsync()
    {
        client.Dispose();
        await app.StopAsync();
        await app.DisposeAsync();
    }

    private async Task RecomputeHereAsync(string key)
    {
        recomputeTimes.GetOrAdd(key, _ => new ConcurrentQueue<double>()).Enqueue(Now);
        var now = running.AddOrUpdate(key, 1, (_, count) => count + 1);
        peakRunning.AddOrUpdate(key, now, (_, peak) => Math.Max(peak, now));
        try
        {
            await Task.Delay(RecomputeTime);
        }
        finally
        {
            running.AddOrUpdate(key, 0, (_, count) => count - 1);
        }
    }
}
