using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace LabKit;

/// <summary>
/// Open-loop load, as users send it: each second's requests leave on schedule, spread evenly over the second, whatever
/// the earlier ones are still doing — a slow system gets more concurrent work, not less. Bounded: a fixed number of
/// seconds, a planned list of requests per second.
/// </summary>
public static class OpenLoad
{
    /// <param name="seconds">How many seconds of load.</param>
    /// <param name="plan">The requests to send in a second.</param>
    /// <param name="send">Sends one request of a second.</param>
    /// <param name="secondStarting">Runs before a second's requests leave (a fault switched on or off).</param>
    /// <param name="secondEnded">Runs when a second is over, before the next one's requests leave (a counter sampled).</param>
    public static async Task RunAsync<T>(
        int seconds,
        Func<int, IReadOnlyList<T>> plan,
        Func<int, T, CancellationToken, Task> send,
        Func<int, Task>? secondStarting = null,
        Action<int>? secondEnded = null)
    {
        var clock = Stopwatch.StartNew();
        var inFlight = new List<Task>();
        for (var second = 0; second < seconds; second++)
        {
            if (secondStarting is not null)
            {
                await secondStarting(second);
            }

            var at = second;
            var requests = plan(second);
            inFlight.Add(Parallel.ForEachAsync(
                requests.Select((request, index) => (Request: request, Index: index)),
                new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, requests.Count) },
                async (item, cancellationToken) =>
                {
                    var due = TimeSpan.FromSeconds(at + ((double)item.Index / requests.Count)) - clock.Elapsed;
                    if (due > TimeSpan.Zero)
                    {
                        await Task.Delay(due, cancellationToken);
                    }

                    await send(at, item.Request, cancellationToken);
                }));

            var nextSecond = TimeSpan.FromSeconds(second + 1) - clock.Elapsed;
            if (nextSecond > TimeSpan.Zero)
            {
                await Task.Delay(nextSecond);
            }

            secondEnded?.Invoke(second);
        }

        await Task.WhenAll(inFlight);
    }

    /// <summary>Sends a GET and returns its status code, or 0 when it failed or timed out.</summary>
    public static async Task<int> StatusOfAsync(HttpClient client, Uri address, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await client.GetAsync(address, cancellationToken);
            return (int)response.StatusCode;
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException)
        {
            return 0;
        }
    }
}
