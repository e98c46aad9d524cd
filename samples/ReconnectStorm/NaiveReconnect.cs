using System;
using Microsoft.AspNetCore.SignalR.Client;

namespace ReconnectStorm;

/// <summary>
/// Reconnects as it is often written: a fixed pause between attempts, the same for every client. Every client loses its
/// connection at the same instant, so every client tries again at the same instants, in step, until the hub is back.
/// </summary>
internal sealed class NaiveReconnect : IReconnectVariant
{
    public string Name => "naive";

    // Every 2 s, ten times (flagged: a fixed pace). The client gives up when the schedule runs out: 20 s outlasts the
    // lab's longest outage.
    public IHubConnectionBuilder WithReconnect(IHubConnectionBuilder builder) =>
        builder.WithAutomaticReconnect(new[]
        {
            TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(2),
            TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(2),
        });
}
