using System;
using System.Threading.Tasks;

namespace ReconnectStorm;

/// <param name="Clients">SignalR clients connected to the hub when it stops.</param>
/// <param name="OutageSeconds">How long the hub stays down before it starts again on the same port.</param>
internal sealed record LabSettings(int Clients, int OutageSeconds)
{
    /// <summary>How long after the restart the lab waits for the fleet: the defended policy's longest wait, and time to connect.</summary>
    public static readonly TimeSpan RecoveryWindow = JitteredReconnectPolicy.MaxDelay + TimeSpan.FromSeconds(5);

    public TimeSpan Outage => TimeSpan.FromSeconds(OutageSeconds);
}

/// <summary>Runs one variant: connects the fleet, stops the hub, starts it again on the same port, waits for the fleet to return.</summary>
internal static class ReconnectLab
{
    public static readonly string[] Variants = ["naive", "defended"];

    public static async Task<VariantResult> RunAsync(string variant, LabSettings settings)
    {
        IReconnectVariant reconnect = variant == "naive" ? new NaiveReconnect() : new DefendedReconnect();

        // Buckets for the outage, the recovery window, and the time the hub takes to stop and start.
        var telemetry = new Telemetry(settings.Outage + LabSettings.RecoveryWindow + TimeSpan.FromSeconds(5));
        await using var hub = await HubHost.StartAsync(telemetry);
        await using var fleet = await ClientFleet.ConnectAsync(hub.HubAddress, settings.Clients, reconnect, telemetry);

        // A calm second first, then the outage: the hub stops, closing every connection, and starts again on the same port.
        telemetry.Start();
        await WaitUntilAsync(telemetry, TimeSpan.Zero);
        await hub.StopAsync();
        await WaitUntilAsync(telemetry, settings.Outage);
        await hub.RestartAsync();
        var restartedAt = telemetry.Elapsed;
        while (!fleet.Settled && telemetry.Elapsed < restartedAt + LabSettings.RecoveryWindow)
        {
            await Task.Delay(20);
        }

        var measuredFor = telemetry.Elapsed;
        telemetry.Stop();
        return VariantResult.From(reconnect.Name, telemetry, fleet, restartedAt, measuredFor);
    }

    private static async Task WaitUntilAsync(Telemetry telemetry, TimeSpan time)
    {
        var wait = time - telemetry.Elapsed;
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait);
        }
    }
}
