using System.Threading.Tasks;
using ResilienceAnalyzers.CascadingFailure;
using ResilienceAnalyzers.Tests.Infrastructure;
using Xunit;
using Verify = ResilienceAnalyzers.Tests.Infrastructure.CSharpCodeFixVerifier<
    ResilienceAnalyzers.CascadingFailure.RES6005StreamedResponseNotDisposedAnalyzer,
    ResilienceAnalyzers.CodeFixes.CascadingFailure.RES6005StreamedResponseNotDisposedCodeFix>;

namespace ResilienceAnalyzers.Tests.CascadingFailure;

public sealed class RES6005StreamedResponseNotDisposedTests
{
    [Fact]
    public Task StreamedResponsesAndStreamsLeftUndisposedAreFlaggedAndDeclaredWithUsing() => Verify.VerifyCodeFixAsync(
        """
        using System.Net.Http;
        using System.Threading.Tasks;

        sealed class Downloads(HttpClient client)
        {
            public async Task<long?> SizeAsync(string url)
            {
                var {|#0:response = await client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead)|};
                return response.Content.Headers.ContentLength;
            }

            public async Task<string?> BodyAsync(string url)
            {
                var {|#1:response = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, url), HttpCompletionOption.ResponseHeadersRead)|};
                response.EnsureSuccessStatusCode();
                return await response.Content.ReadAsStringAsync();
            }

            public async Task<int> FirstByteAsync(string url)
            {
                // The first byte only: the rest of the body keeps the connection.
                var {|#2:stream = await client.GetStreamAsync(url)|};
                return stream.ReadByte();
            }
        }
        """,
        """
        using System.Net.Http;
        using System.Threading.Tasks;

        sealed class Downloads(HttpClient client)
        {
            public async Task<long?> SizeAsync(string url)
            {
                using var response = await client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead);
                return response.Content.Headers.ContentLength;
            }

            public async Task<string?> BodyAsync(string url)
            {
                using var response = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, url), HttpCompletionOption.ResponseHeadersRead);
                response.EnsureSuccessStatusCode();
                return await response.Content.ReadAsStringAsync();
            }

            public async Task<int> FirstByteAsync(string url)
            {
                // The first byte only: the rest of the body keeps the connection.
                using var stream = await client.GetStreamAsync(url);
                return stream.ReadByte();
            }
        }
        """,
        ReferenceSets.Net,
        Verify.Diagnostic("RES6005").WithLocation(0).WithArguments("The response 'response', read with ResponseHeadersRead,"),
        Verify.Diagnostic("RES6005").WithLocation(1).WithArguments("The response 'response', read with ResponseHeadersRead,"),
        Verify.Diagnostic("RES6005").WithLocation(2).WithArguments("The stream 'stream', from GetStreamAsync,"));

    [Fact]
    public Task AResponseUsedInlineOrAssignedAgainIsFlaggedButGetsNoFix()
    {
        const string source = """
            using System.Net.Http;
            using System.Threading.Tasks;

            sealed class Probes(HttpClient client)
            {
                public async Task<long?> SizeAsync(string url) =>
                    (await client.[|GetAsync|](url, HttpCompletionOption.ResponseHeadersRead)).Content.Headers.ContentLength;

                public async Task<bool> RetriedAsync(string url)
                {
                    var [|response = await client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead)|];
                    for (var attempt = 0; attempt < 3 && !response.IsSuccessStatusCode; attempt++)
                    {
                        response = await client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead);
                    }

                    return response.IsSuccessStatusCode;
                }
            }
            """;

        return Verify.VerifyCodeFixAsync(source, source);
    }

    [Fact]
    public Task ResponsesDisposedReturnedHandedOffOrReadToTheEndAreNotFlagged() => Verify.VerifyAnalyzerAsync(
        """
        using System.IO;
        using System.Net.Http;
        using System.Net.Http.Json;
        using System.Text.Json;
        using System.Threading.Tasks;

        sealed record Order(int Id);

        sealed class Downloads(HttpClient client)
        {
            public async Task<long?> UsingDeclaration(string url)
            {
                using var response = await client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead);
                return response.Content.Headers.ContentLength;
            }

            public async Task<long?> UsingStatement(string url)
            {
                using (var response = await client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead))
                {
                    return response.Content.Headers.ContentLength;
                }
            }

            public async Task<long?> Finally(string url)
            {
                var response = await client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead);
                try
                {
                    return response.Content.Headers.ContentLength;
                }
                finally
                {
                    response.Dispose();
                }
            }

            public async Task<HttpResponseMessage> Returned(string url) => await client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead);

            public async Task<HttpResponseMessage> ReturnedLocal(string url)
            {
                var response = await client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead);
                return response;
            }

            public async Task<Stream> Wrapped(string url)
            {
                var response = await client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead);
                return new ResponseStream(response);
            }

            public async Task<string> ReadFirst(string url)
            {
                var response = await client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead);
                var text = await response.Content.ReadAsStringAsync();
                return response.IsSuccessStatusCode ? text : "";
            }

            public async Task<Order?> StreamInUsing(string url)
            {
                var response = await client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead);
                using var body = await response.Content.ReadAsStreamAsync();
                return await JsonSerializer.DeserializeAsync<Order>(body);
            }

            public async Task<Order?> InlineRead(string url) =>
                await (await client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead)).Content.ReadFromJsonAsync<Order>();

            public async Task<string> Buffered(string url)
            {
                var response = await client.GetAsync(url);
                return response.StatusCode.ToString();
            }

            public async Task Copied(string url, Stream file)
            {
                var stream = await client.GetStreamAsync(url);
                await stream.CopyToAsync(file);
            }

            public async Task<string> Reader(string url)
            {
                using var reader = new StreamReader(await client.GetStreamAsync(url));
                return await reader.ReadToEndAsync();
            }
        }

        sealed class ResponseStream(HttpResponseMessage response) : MemoryStream
        {
            protected override void Dispose(bool disposing)
            {
                response.Dispose();
                base.Dispose(disposing);
            }
        }

        sealed class Storage
        {
            public Task<Stream> GetStreamAsync(string url) => Task.FromResult<Stream>(new MemoryStream());

            public async Task<int> First(string url)
            {
                var stream = await GetStreamAsync(url);
                return stream.ReadByte();
            }
        }
        """,
        ReferenceSets.Net);

    [Theory]
    [InlineData("var response = await client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead); return response.StatusCode.ToString(", 1)]
    [InlineData("var response = await client.GetAsync(url, HttpCompletionOption.); return \"\";", 0)]
    [InlineData("var response = await client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead", 1)]
    public async Task HalfTypedCodeIsAnalyzedWithoutCrashing(string body, int expected)
    {
        var source = $$"""
            using System.Net.Http;
            using System.Threading.Tasks;

            sealed class Downloads(HttpClient client)
            {
                public async Task<string> Get(string url)
                {
                    {{body}}
                }
            }
            """;

        Assert.Equal(expected, await AnalyzerRunner.CountAsync(new RES6005StreamedResponseNotDisposedAnalyzer(), source, ReferenceSets.Net));
    }
}
