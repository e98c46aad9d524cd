using System.Collections.Immutable;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using ResilienceAnalyzers.Suppressors;
using ResilienceAnalyzers.Tests.Infrastructure;
using Xunit;

namespace ResilienceAnalyzers.Tests.Suppressors;

/// <summary>Runs the real dispose rules — the .NET SDK's CA2000 and CA1001, IDisposableAnalyzers' IDISP rules — with the suppressor.</summary>
public sealed class RES9002FactoryOwnedClientSuppressorTests
{
    private static readonly string[] DisposeRules = ["CA2000", "CA1001", "IDISP001", "IDISP004", "IDISP006"];

    [Fact]
    public async Task DisposeWarningsOnClientsFromTheFactoryAreSuppressed()
    {
        var diagnostics = await DisposeDiagnosticsAsync("""
            using System.Net.Http;
            using System.Threading.Tasks;

            public sealed class OrdersApi(IHttpClientFactory factory)
            {
                private readonly HttpClient catalog = factory.CreateClient("catalog");

                public async Task<string> GetAsync()
                {
                    var client = factory.CreateClient("orders");
                    return await client.GetStringAsync("http://orders/") + catalog.BaseAddress;
                }

                public Task<string> InlineAsync() => factory.CreateClient().GetStringAsync("http://orders/");
            }

            public sealed class Holder
            {
                private readonly HttpClient client;

                public Holder(IHttpClientFactory factory) => client = factory.CreateClient();

                public string? Base => client.BaseAddress?.ToString();
            }
            """);

        Assert.Equal(
            ["CA2000 (14,42) suppressed", "IDISP001 (10,9) suppressed", "IDISP004 (14,42) suppressed", "IDISP006 (6,5) suppressed", "IDISP006 (19,5) suppressed"],
            diagnostics);
    }

    [Fact]
    public async Task ClientsTheCodeCreatesKeepTheirWarnings()
    {
        var diagnostics = await DisposeDiagnosticsAsync("""
            using System.Net.Http;
            using System.Threading.Tasks;

            public sealed class OrdersApi(IHttpClientFactory factory)
            {
                private HttpClient mixed = factory.CreateClient();

                public async Task<string> GetAsync()
                {
                    var client = new HttpClient();
                    return await client.GetStringAsync("http://orders/");
                }

                public Task<string> InlineAsync() => new HttpClient().GetStringAsync("http://orders/");

                public void Replace() => mixed = new HttpClient();
            }
            """);

        Assert.All(diagnostics, diagnostic => Assert.EndsWith("reported", diagnostic));
        Assert.Contains("CA2000 (10,22) reported", diagnostics);
        Assert.Contains("IDISP004 (14,42) reported", diagnostics);
        Assert.Contains(diagnostics, diagnostic => diagnostic.StartsWith("IDISP006 (6,5)", System.StringComparison.Ordinal));
    }

    [Fact]
    public void SuppressesEachDisposeRuleUnderOneId()
    {
        var suppressions = new RES9002FactoryOwnedClientSuppressor().SupportedSuppressions;

        Assert.All(suppressions, suppression => Assert.Equal("RES9002", suppression.Id));
        Assert.Equal(["CA2000", "IDISP001", "IDISP004", "IDISP006"], suppressions.Select(suppression => suppression.SuppressedDiagnosticId));
    }

    /// <summary>Each dispose diagnostic as "ID (line,column) suppressed|reported", in source order.</summary>
    private static async Task<string[]> DisposeDiagnosticsAsync(string source)
    {
        var analyzers = DisposeRules.SelectMany(id => NetAnalyzers.Reporting(id)).Distinct().Append(new RES9002FactoryOwnedClientSuppressor());
        var diagnostics = await AnalyzerRunner.RunWithSuppressionsAsync(analyzers, source, ReferenceSets.AspNetCore, "CA2000", "CA1001");
        return diagnostics
            .Where(d => DisposeRules.Contains(d.Id))
            .OrderBy(d => d.Id, System.StringComparer.Ordinal)
            .ThenBy(d => d.Location.SourceSpan.Start)
            .Select(d =>
            {
                var start = d.Location.GetLineSpan().StartLinePosition;
                return $"{d.Id} ({start.Line + 1},{start.Character + 1}) {(d.IsSuppressed ? "suppressed" : "reported")}";
            })
            .ToArray();
    }
}
