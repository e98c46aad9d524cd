using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using LabKit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace CascadingFailure;

/// <summary>What one way of reading streamed responses got from a failing dependency.</summary>
internal sealed record StreamedResult(string Reader, int Calls, int Answered, int TimedOut, int Connections);

/// <summary>
/// Streamed responses never disposed. The pricing service is failing: it answers every call with 503 and a 16 KB error
/// page. A client allowed 8 connections (<c>MaxConnectionsPerServer</c>) reads each response with
/// <c>ResponseHeadersRead</c>, 8 calls at a time, each given 500 ms. Naive: the reader returns on the error status
/// without disposing the response (flagged by RES6005), so each error keeps its connection out of the pool. Defended:
/// <c>using var response</c> returns the connection on every path.
/// </summary>
internal static class StreamedResponses
{
    public const int Calls = 40;
    private const int Connections = 8;
    private static readonly TimeSpan CallBudget = TimeSpan.FromMilliseconds(500);
    private static readonly string ErrorPage = new('x', 16 * 1024);

    public static async Task<IReadOnlyList<StreamedResult>> RunAsync() =>
        [await RunAsync("naive", NaivePriceAsync), await RunAsync("defended", DefendedPriceAsync)];

    /// <summary>Naive: an error status returns before the body is read or the response disposed.</summary>
    private static async Task<string?> NaivePriceAsync(HttpClient pricing, int id, CancellationToken cancellationToken)
    {
        var response = await pricing.GetAsync(new Uri($"/prices/{id}", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            return null;
        }

        return await response.Content.ReadAsStringAsync(cancellationToken);
    }

    /// <summary>Defended: the response is disposed on every path, the error one included.</summary>
    private static async Task<string?> DefendedPriceAsync(HttpClient pricing, int id, CancellationToken cancellationToken)
    {
        using var response = await pricing.GetAsync(new Uri($"/prices/{id}", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            return null;
        }

        return await response.Content.ReadAsStringAsync(cancellationToken);
    }

    private static async Task<StreamedResult> RunAsync(string reader, Func<HttpClient, int, CancellationToken, Task<string?>> price)
    {
        var connections = new ConcurrentDictionary<string, bool>();
        await using var service = await Loopback.StartAsync("pricing", app =>
        {
            app.Use((context, next) =>
            {
                connections.TryAdd(context.Connection.Id, true);
                return next(context);
            });
            app.MapGet("/prices/{id:int}", (int id) => Results.Text(ErrorPage, statusCode: StatusCodes.Status503ServiceUnavailable));
        });

        using var pricing = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = Connections, PooledConnectionLifetime = TimeSpan.FromMinutes(1) }) { BaseAddress = service.Address };
        int answered = 0, timedOut = 0;
        using var slots = new SemaphoreSlim(Connections);
        await Task.WhenAll(Enumerable.Range(1, Calls).Select(async id =>
        {
            await slots.WaitAsync();
            try
            {
                using var budget = new CancellationTokenSource(CallBudget);
                await price(pricing, id, budget.Token);
                Interlocked.Increment(ref answered);
            }
            catch (OperationCanceledException)
            {
                Interlocked.Increment(ref timedOut);
            }
            finally
            {
                slots.Release();
            }
        }));

        return new StreamedResult(reader, Calls, answered, timedOut, connections.Count);
    }
}
