using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace CascadingFailure;

/// <summary>The calls down the chain gateway → orders → pricing → database (and orders → recommendations), as a variant makes them.</summary>
internal interface IHops
{
    /// <summary>The client a service uses to call the next one.</summary>
    HttpClient Client(Uri address, TimeSpan budget);

    /// <summary>Gateway → orders.</summary>
    Task<string> OrderAsync(HttpClient orders, int id, CancellationToken cancellationToken);

    /// <summary>Orders → pricing: the order cannot be served without a price.</summary>
    Task<string> PriceAsync(HttpClient pricing, int id, CancellationToken cancellationToken);

    /// <summary>Orders → recommendations: nice to have.</summary>
    Task<string> RecommendationsAsync(HttpClient recommendations, int id, CancellationToken cancellationToken);

    /// <summary>Adds what the gateway needs before it is built (a rate limiter).</summary>
    void ConfigureGateway(IServiceCollection services);

    /// <summary>Adds the gateway's middleware before its routes.</summary>
    void UseGateway(WebApplication app);
}
