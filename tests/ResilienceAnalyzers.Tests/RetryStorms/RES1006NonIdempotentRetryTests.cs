using System.Threading.Tasks;
using ResilienceAnalyzers.RetryStorms;
using ResilienceAnalyzers.Tests.Infrastructure;
using Xunit;
using Verify = ResilienceAnalyzers.Tests.Infrastructure.CSharpAnalyzerVerifier<
    ResilienceAnalyzers.RetryStorms.RES1006NonIdempotentRetryAnalyzer>;

namespace ResilienceAnalyzers.Tests.RetryStorms;

public sealed class RES1006NonIdempotentRetryTests
{
    [Fact]
    public Task PostsAndPatchesRetriedWithoutAKeyAreFlagged() => Verify.VerifyAnalyzerAsync(
        """
        using System;
        using System.Net.Http;
        using System.Net.Http.Json;
        using System.Threading.Tasks;

        record Order(string Sku);

        class Client
        {
            async Task<HttpResponseMessage> PlaceAsync(HttpClient client, Order order)
            {
                for (var attempt = 1; ; attempt++)
                {
                    try
                    {
                        return await client.{|RES1006:PostAsJsonAsync|}("/orders", order);
                    }
                    catch (HttpRequestException) when (attempt < 3)
                    {
                        await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(100, 400)));
                    }
                }
            }

            async Task<HttpResponseMessage> UpdateAsync(HttpClient client, HttpContent content)
            {
                for (var attempt = 0; attempt < 3; attempt++)
                {
                    try
                    {
                        var patched = await client.{|RES1006:PatchAsync|}("/orders/1", content);
                        var sent = await client.{|RES1006:SendAsync|}(new HttpRequestMessage(HttpMethod.Post, "/audit"));
                        return patched;
                    }
                    catch (HttpRequestException)
                    {
                        await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(100, 400) * Math.Pow(2, attempt)));
                    }
                }

                throw new HttpRequestException("gave up");
            }
        }
        """,
        ReferenceSets.Net);

    [Fact]
    public Task SafeCallsKeyedRequestsAndCallsOutsideRetriesAreNotFlagged() => Verify.VerifyAnalyzerAsync(
        """
        using System;
        using System.Net.Http;
        using System.Threading.Tasks;

        class Client
        {
            async Task<string> GetAsync(HttpClient client)
            {
                for (var attempt = 0; attempt < 3; attempt++)
                {
                    try
                    {
                        await client.SendAsync(new HttpRequestMessage(HttpMethod.Put, "/orders/1"));
                        return await client.GetStringAsync("/orders");
                    }
                    catch (HttpRequestException)
                    {
                    }
                }

                throw new HttpRequestException("gave up");
            }

            async Task<HttpResponseMessage> KeyedAsync(HttpClient client, HttpContent content)
            {
                content.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
                for (var attempt = 0; attempt < 3; attempt++)
                {
                    try
                    {
                        return await client.PostAsync("/payments", content);
                    }
                    catch (HttpRequestException)
                    {
                    }
                }

                throw new HttpRequestException("gave up");
            }

            Task<HttpResponseMessage> Once(HttpClient client, HttpContent content) => client.PostAsync("/payments", content);
        }
        """,
        ReferenceSets.Net);

    [Theory]
    [InlineData("return await client.PostAsync(", 0)]
    [InlineData("return await client.PostAsync(\"/orders\", null", 1)]
    [InlineData("return await client.Pos", 0)]
    [InlineData("return await client.SendAsync(new HttpRequestMessage(HttpMethod.", 0)]
    public async Task HalfTypedCodeIsAnalyzedWithoutCrashing(string statement, int expected)
    {
        var source = $$"""
            using System.Net.Http;
            using System.Threading.Tasks;

            class Client
            {
                async Task<HttpResponseMessage> SendAsync(HttpClient client)
                {
                    for (var attempt = 0; attempt < 3; attempt++)
                    {
                        try
                        {
                            {{statement}}
                        }
                        catch (HttpRequestException)
                        {
                        }
                    }

                    throw new HttpRequestException();
                }
            }
            """;

        Assert.Equal(expected, await AnalyzerRunner.CountAsync(new RES1006NonIdempotentRetryAnalyzer(), source, ReferenceSets.Net));
    }
}
