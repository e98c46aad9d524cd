using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using LabKit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Polly;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace FailOpenAuthz;

/// <summary>
/// The remote policy service: user <c>u{k}</c> may read document <c>d</c> when <c>d % 4 == k % 4</c> (their team's
/// documents). While <see cref="Down"/> is set it answers 503, as a failed deployment or an overloaded instance would.
/// </summary>
internal sealed class PolicyService : IAsyncDisposable
{
    private readonly Loopback service;

    private PolicyService(Loopback service) => this.service = service;

    public Uri Address => service.Address;

    public bool Down { get; set; }

    public static bool Allows(int user, int document) => document % 4 == user % 4;

    public static async Task<PolicyService> StartAsync()
    {
        PolicyService? policy = null;
        var service = await Loopback.StartAsync("policy", app => app.MapGet("/decide", (int user, int document) =>
            policy!.Down
                ? Results.StatusCode(StatusCodes.Status503ServiceUnavailable)
                : Results.Text(Allows(user, document) ? "allow" : "deny")));
        policy = new PolicyService(service);
        return policy;
    }

    public ValueTask DisposeAsync() => service.DisposeAsync();
}

/// <summary>
/// How the API asks the policy service: a 250 ms timeout and a circuit breaker that opens when half the calls of the
/// last 2 s failed, so a dead policy service costs no waiting. Throws when the service cannot answer.
/// </summary>
internal sealed class PolicyClient(HttpClient http)
{
    private readonly ResiliencePipeline pipeline = new ResiliencePipelineBuilder()
        .AddCircuitBreaker(new CircuitBreakerStrategyOptions
        {
            FailureRatio = 0.5,
            MinimumThroughput = 10,
            SamplingDuration = TimeSpan.FromSeconds(2),
            BreakDuration = TimeSpan.FromSeconds(1),
            ShouldHandle = new PredicateBuilder().Handle<HttpRequestException>().Handle<TimeoutRejectedException>(),
        })
        .AddTimeout(TimeSpan.FromMilliseconds(250))
        .Build();

    public async Task<bool> DecideAsync(int user, int document, CancellationToken cancellationToken) =>
        await pipeline.ExecuteAsync(
            async token =>
            {
                using var response = await http.GetAsync(new Uri($"/decide?user={user}&document={document}", UriKind.Relative), token);
                response.EnsureSuccessStatusCode();
                return await response.Content.ReadAsStringAsync(token) == "allow";
            },
            cancellationToken);

    /// <summary>True for the failures <see cref="DecideAsync"/> throws when the policy service cannot answer.</summary>
    public static bool IsUnavailable(Exception ex) => ex is HttpRequestException or TimeoutRejectedException or BrokenCircuitException;
}
