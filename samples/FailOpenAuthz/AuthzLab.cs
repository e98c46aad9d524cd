using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Threading.Tasks;
using LabKit;

namespace FailOpenAuthz;

/// <param name="RatePerSecond">Requests per second: 40 % documents the user may read, 40 % documents of another team, 20 % the catalog.</param>
/// <param name="Seconds">How long the load runs; the policy service is down for its middle third.</param>
internal sealed record LabSettings(int RatePerSecond, int Seconds)
{
    public int OutageStart => Seconds / 3;

    public int OutageEnd => 2 * Seconds / 3;
}

internal enum RequestKind
{
    Permitted,
    Forbidden,
    Catalog,
}

/// <summary>One second of one variant: what was asked and what was answered.</summary>
internal sealed record Second(
    string Variant, int At, bool PolicyDown, int Permitted, int PermittedServed, int Forbidden, int ForbiddenServed, int Denied403, int Unavailable503, int Catalog, int CatalogServed);

internal sealed record LabResult(string Variant, IReadOnlyList<Second> Series)
{
    /// <summary>Documents served to users the policy forbids them to: the breach.</summary>
    public int ServedToForbidden => Series.Sum(second => second.ForbiddenServed);

    public int ForbiddenRequests => Series.Sum(second => second.Forbidden);

    public double PermittedServedShare => Share(Series.Sum(second => second.PermittedServed), Series.Sum(second => second.Permitted));

    public double CatalogServedShare => Share(Series.Sum(second => second.CatalogServed), Series.Sum(second => second.Catalog));

    public int Unavailable => Series.Sum(second => second.Unavailable503);

    private static double Share(int part, int whole) => whole == 0 ? 0 : (double)part / whole;
}

/// <summary>Runs one variant: the policy service and the API on loopback, open-loop load, the policy service down mid-run.</summary>
internal static class AuthzLab
{
    public static readonly string[] Variants = ["naive", "defended"];

    public static async Task<LabResult> RunAsync(string variant, LabSettings settings)
    {
        await using var policyService = await PolicyService.StartAsync();
        using var policyHttp = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) }) { BaseAddress = policyService.Address };
        var policy = new PolicyClient(policyHttp);
        await using var api = await DocumentsApi.StartAsync(variant == "naive" ? new NaiveAccessPolicy(policy) : new DefendedAccessPolicy(policy));
        using var users = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) }) { BaseAddress = api.Address, Timeout = TimeSpan.FromSeconds(5) };

        var outcomes = new ConcurrentBag<(int Second, RequestKind Kind, int Status)>();
        var random = new Random(7);
        await OpenLoad.RunAsync(
            settings.Seconds,
            _ => Enumerable.Range(0, settings.RatePerSecond).Select(_ => NextRequest(random)).ToList(),
            async (second, request, cancellationToken) =>
                outcomes.Add((second, request.Kind, await OpenLoad.StatusOfAsync(users, new Uri(request.Path, UriKind.Relative), cancellationToken))),
            secondStarting: second =>
            {
                policyService.Down = second >= settings.OutageStart && second < settings.OutageEnd;
                return Task.CompletedTask;
            });

        var series = Enumerable.Range(0, settings.Seconds).Select(second =>
        {
            var inSecond = outcomes.Where(outcome => outcome.Second == second).ToList();
            int Count(RequestKind kind, Func<int, bool> status) => inSecond.Count(outcome => outcome.Kind == kind && status(outcome.Status));
            return new Second(
                variant,
                second,
                second >= settings.OutageStart && second < settings.OutageEnd,
                Count(RequestKind.Permitted, _ => true),
                Count(RequestKind.Permitted, status => status == 200),
                Count(RequestKind.Forbidden, _ => true),
                Count(RequestKind.Forbidden, status => status == 200),
                inSecond.Count(outcome => outcome.Status == 403),
                inSecond.Count(outcome => outcome.Status == 503),
                Count(RequestKind.Catalog, _ => true),
                Count(RequestKind.Catalog, status => status == 200));
        }).ToList();
        return new LabResult(variant, series);
    }

    private static (RequestKind Kind, string Path) NextRequest(Random random)
    {
        var user = random.Next(100);
        var roll = random.NextDouble();
        return roll switch
        {
            < 0.4 => (RequestKind.Permitted, $"/documents/{(4 * random.Next(1000)) + (user % 4)}?user={user}"),
            < 0.8 => (RequestKind.Forbidden, $"/documents/{(4 * random.Next(1000)) + ((user + 1) % 4)}?user={user}"),
            _ => (RequestKind.Catalog, "/catalog"),
        };
    }
}
