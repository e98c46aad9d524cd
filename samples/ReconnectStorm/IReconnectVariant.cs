using Microsoft.AspNetCore.SignalR.Client;

namespace ReconnectStorm;

/// <summary>How a client reconnects after its hub connection drops: the one thing the two variants change.</summary>
internal interface IReconnectVariant
{
    string Name { get; }

    IHubConnectionBuilder WithReconnect(IHubConnectionBuilder builder);
}
