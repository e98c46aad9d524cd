using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using LabKit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace CascadingFailure;

/// <summary>What one orders handler cost the database when every caller gave up early.</summary>
internal sealed record AbandonedResult(string Handler, int Calls, int QueriesRun, int QueriesDropped, double DatabaseBusySeconds);

/// <summary>
/// Calls that outlive their callers. A database runs 4 queries at a time, 200 ms each, and drops a queued query whose
/// caller has gone, as a real database cancels a query its client cancels. An orders endpoint queries it once per call.
/// 40 callers arrive together and give up after 300 ms, which is what users and upstream timeouts do when a service
/// slows. Naive: the orders handler does not pass the request's token (flagged by RES6004), so every query runs for a
/// caller who left. Defended: it passes it, and the database drops what nobody waits for.
/// </summary>
internal static class AbandonedCalls
{
    public const int Calls = 40;
    private const int DatabaseConcurrency = 4;
    private static readonly TimeSpan QueryTime = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan CallerPatience = TimeSpan.FromMilliseconds(300);
    private static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(15);

    public static async Task<IReadOnlyList<AbandonedResult>> RunAsync() =>
        [await RunAsync("naive", MapNaive), await RunAsync("defended", MapDefended)];

    /// <summary>Naive: the handler has no token, so its query runs whether or not anyone still waits for it.</summary>
    private static void MapNaive(WebApplication app, HttpClient database) =>
        app.MapGet("/orders/{id:int}", async (int id) => await database.GetStringAsync(new Uri("/query", UriKind.Relative)));

    /// <summary>Defended: the request's token goes with the query, which is cancelled when the caller gives up.</summary>
    private static void MapDefended(WebApplication app, HttpClient database) =>
        app.MapGet("/orders/{id:int}", async (int id, CancellationToken cancellationToken) => await database.GetStringAsync(new Uri("/query", UriKind.Relative), cancellationToken));

    private static async Task<AbandonedResult> RunAsync(string handler, Action<WebApplication, HttpClient> mapOrders)
    {
        var capacity = new SemaphoreSlim(DatabaseConcurrency);
        int run = 0, dropped = 0;
        var lastQueryEnded = Stopwatch.StartNew();
        await using var database = await Loopback.StartAsync("database", app => app.MapGet("/query", async (HttpContext context) =>
        {
            try
            {
                await capacity.WaitAsync(context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                Interlocked.Increment(ref dropped);
                return Results.Empty;
            }

            try
            {
                Interlocked.Increment(ref run);
                await Task.Delay(QueryTime);
            }
            finally
            {
                capacity.Release();
                lastQueryEnded.Restart();
            }

            return Results.Text("42");
        }));

        using var toDatabase = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(1) }) { BaseAddress = database.Address };
        await using var orders = await Loopback.StartAsync("orders", app => mapOrders(app, toDatabase));
        using var callers = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(1) }) { BaseAddress = orders.Address };

        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(1, Calls).Select(id => CallAndGiveUpAsync(callers, id)));

        // Wait, bounded, until the database has run or dropped every query it was sent.
        while (Volatile.Read(ref run) + Volatile.Read(ref dropped) < Calls && clock.Elapsed < MaxWait)
        {
            await Task.Delay(20);
        }

        var busy = clock.Elapsed - lastQueryEnded.Elapsed;
        return new AbandonedResult(handler, Calls, run, dropped, Math.Round(busy.TotalSeconds, 2));
    }

    private static async Task CallAndGiveUpAsync(HttpClient callers, int id)
    {
        using var patience = new CancellationTokenSource(CallerPatience);
        try
        {
            await callers.GetStringAsync(new Uri($"/orders/{id}", UriKind.Relative), patience.Token);
        }
        catch (OperationCanceledException)
        {
            // The caller gave up; what it started is the handler's to stop.
        }
    }
}
