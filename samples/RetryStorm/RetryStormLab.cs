using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace RetryStorm;

/// <summary>Runs one variant: starts the chain, sends the open-loop load, switches the fault on and off, drains.</summary>
internal static class RetryStormLab
{
    /// <summary>How long a user waits for the gateway before giving up.</summary>
    private static readonly TimeSpan UserTimeout = TimeSpan.FromSeconds(10);

    public static async Task<VariantResult> RunAsync(LabSettings settings, IRetryPolicy policy)
    {
        var telemetry = new Telemetry(settings.Seconds);
        await using var chain = await ServiceChain.StartAsync(settings, policy, telemetry);
        using var users = ServiceChain.Client(chain.Gateway, UserTimeout);

        var total = settings.RatePerSecond * settings.Seconds;
        var requests = new List<Task>(total);
        var start = Stopwatch.GetTimestamp();
        for (var i = 0; i < total; i++)
        {
            // Open loop: request i leaves at i / rate seconds, however the earlier ones are doing.
            var due = TimeSpan.FromSeconds((double)i / settings.RatePerSecond);
            var wait = due - Stopwatch.GetElapsedTime(start);
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait);
            }

            var second = (int)due.TotalSeconds;
            chain.FaultOn = second >= settings.FaultStartSecond && second < settings.FaultEndSecond;
            requests.Add(SendAsync(users, i, second, telemetry));
        }

        chain.FaultOn = false;
        await Task.WhenAll(requests);
        return VariantResult.From(policy.Name, settings, telemetry);
    }

    private static async Task SendAsync(HttpClient users, int id, int second, Telemetry telemetry)
    {
        var started = Stopwatch.GetTimestamp();
        bool succeeded;
        try
        {
            using var response = await users.GetAsync($"/checkout/{id}");
            succeeded = response.IsSuccessStatusCode;
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException)
        {
            succeeded = false;
        }

        telemetry.UserRequest(second, succeeded, Stopwatch.GetElapsedTime(started));
    }
}
