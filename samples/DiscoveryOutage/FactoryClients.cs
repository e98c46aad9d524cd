using System;
using System.Net.Http;
using Microsoft.Extensions.DependencyInjection;

namespace DiscoveryOutage;

/// <summary>
/// The lab's <c>IHttpClientFactory</c>: the client "orders" over a primary handler that resolves <c>orders.lab</c> through
/// the lab's name service and keeps its connections (no <c>PooledConnectionLifetime</c>), a common configuration of a
/// custom primary handler. The factory replaces the handler every 2 s (minutes in production) for the clients it creates
/// after that.
/// </summary>
internal static class LabClientFactory
{
    public const string OrdersClient = "orders";

    public static ServiceProvider Build()
    {
        var services = new ServiceCollection();
#pragma warning disable RES6002 // A client on loopback that measures handler rotation: a timeout or retry would not change what it shows.
        services.AddHttpClient(OrdersClient)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { ConnectCallback = LabNames.ConnectAsync })
            .SetHandlerLifetime(TimeSpan.FromSeconds(2));
#pragma warning restore RES6002
        services.AddSingleton<KeptFactoryClient>();
        services.AddSingleton<PerUseFactoryClient>();
        return services.BuildServiceProvider();
    }
}

/// <summary>Naive: a singleton keeps the client the factory gave it, so the factory never replaces its handler.</summary>
internal sealed class KeptFactoryClient(IHttpClientFactory factory)
{
    public HttpClient Client { get; } = factory.CreateClient(LabClientFactory.OrdersClient);
}

/// <summary>Defended: the singleton keeps the factory and takes a client per use, with the factory's current handler.</summary>
internal sealed class PerUseFactoryClient(IHttpClientFactory factory)
{
    public HttpClient Client => factory.CreateClient(LabClientFactory.OrdersClient);
}
