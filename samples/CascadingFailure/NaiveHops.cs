using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace CascadingFailure;

/// <summary>
/// Naive: no timeouts anywhere (a call waits as long as the callee takes) and calls that outlive their caller (the
/// token is not passed on, so work continues for users who left); orders retries pricing three times and the gateway
/// retries orders twice, immediately; the gateway accepts all the work it is sent; recommendations are awaited like the
/// price.
/// </summary>
internal sealed class NaiveHops : IHops
{
    public HttpClient Client(Uri address, TimeSpan budget) =>
        new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) }) { BaseAddress = address, Timeout = Timeout.InfiniteTimeSpan };

    public async Task<string> OrderAsync(HttpClient orders, int id, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await orders.GetStringAsync(new Uri($"/orders/{id}", UriKind.Relative), CancellationToken.None);
            }
            catch (HttpRequestException) when (attempt < 3)
            {
            }
        }
    }

    public async Task<string> PriceAsync(HttpClient pricing, int id, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await pricing.GetStringAsync(new Uri($"/prices/{id}", UriKind.Relative), CancellationToken.None);
            }
            catch (HttpRequestException) when (attempt < 4)
            {
            }
        }
    }

    public Task<string> RecommendationsAsync(HttpClient recommendations, int id, CancellationToken cancellationToken) =>
        recommendations.GetStringAsync(new Uri($"/recommendations/{id}", UriKind.Relative), CancellationToken.None);

    public void ConfigureGateway(IServiceCollection services)
    {
    }

    public void UseGateway(WebApplication app)
    {
    }
}
