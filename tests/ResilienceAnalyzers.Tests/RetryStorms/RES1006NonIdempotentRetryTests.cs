using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using ResilienceAnalyzers.RetryStorms;
using ResilienceAnalyzers.Tests.Infrastructure;
using Xunit;
using Verify = ResilienceAnalyzers.Tests.Infrastructure.CSharpAnalyzerVerifier<
    ResilienceAnalyzers.RetryStorms.RES1006NonIdempotentRetryAnalyzer>;
using Fix = ResilienceAnalyzers.Tests.Infrastructure.CSharpCodeFixVerifier<
    ResilienceAnalyzers.RetryStorms.RES1006NonIdempotentRetryAnalyzer,
    ResilienceAnalyzers.CodeFixes.RetryStorms.RES1006NonIdempotentRetryCodeFix>;

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
                        return await client.[|PostAsJsonAsync|]("/orders", order);
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
                        var patched = await client.[|PatchAsync|]("/orders/1", content);
                        var sent = await client.[|SendAsync|](new HttpRequestMessage(HttpMethod.Post, "/audit"));
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

    private const string OrdersClient = """
        using System.Net.Http;
        using System.Net.Http.Json;
        using System.Threading.Tasks;

        public record Order(string Sku);

        public sealed class OrdersClient(HttpClient http)
        {
            public Task<HttpResponseMessage> PlaceAsync(Order order) => http.PostAsJsonAsync("/orders", order);

            public Task<Order?> GetAsync(string id) => http.GetFromJsonAsync<Order>($"/orders/{id}");
        }
        """;

    private const string CatalogClient = """
        using System.Net.Http;
        using System.Net.Http.Json;
        using System.Threading.Tasks;

        public sealed class CatalogClient
        {
            private readonly HttpClient http;

            public CatalogClient(HttpClient http) => this.http = http;

            public Task<string?> GetAsync(string sku) => http.GetFromJsonAsync<string>($"/items/{sku}");
        }
        """;

    [Fact]
    public Task PostsRunByARetryingPollyPipelineAreFlagged() => Verify.VerifyAnalyzerAsync(
        """
        using System.Net.Http;
        using System.Threading.Tasks;
        using Microsoft.Extensions.DependencyInjection;
        using Polly;
        using Polly.Registry;
        using Polly.Retry;

        static class Registrations
        {
            public static void Add(IServiceCollection services)
            {
                services.AddResiliencePipeline("payments", builder => builder.AddRetry(new RetryStrategyOptions()));
                services.AddResiliencePipeline("limited", builder => builder.AddConcurrencyLimiter(10));
            }
        }

        sealed class Payments(HttpClient http, ResiliencePipelineProvider<string> provider)
        {
            private static readonly ResiliencePipeline Retrying = new ResiliencePipelineBuilder().AddRetry(new RetryStrategyOptions()).Build();

            public ValueTask<HttpResponseMessage> ChargeAsync(HttpContent body) =>
                Retrying.ExecuteAsync(async token => await http.{|#0:PostAsync|}("/charges", body, token));

            public ValueTask<HttpResponseMessage> RefundAsync(HttpContent body) =>
                provider.GetPipeline("payments").ExecuteAsync(async token => await http.{|#1:PostAsync|}("/refunds", body, token));

            public ValueTask<HttpResponseMessage> LimitedAsync(HttpContent body) =>
                provider.GetPipeline("limited").ExecuteAsync(async token => await http.PostAsync("/limited", body, token));

            public ValueTask<string> ReadAsync() => Retrying.ExecuteAsync(async token => await http.GetStringAsync("/charges", token));
        }

        sealed class KeyedPayments(HttpClient http)
        {
            private static readonly ResiliencePipeline Retrying = new ResiliencePipelineBuilder().AddRetry(new RetryStrategyOptions()).Build();

            public ValueTask<HttpResponseMessage> ChargeAsync(HttpContent body, string idempotencyKey)
            {
                var request = new HttpRequestMessage(HttpMethod.Post, "/charges") { Content = body };
                request.Headers.Add("Idempotency-Key", idempotencyKey);
                return Retrying.ExecuteAsync(async token => await http.SendAsync(request, token));
            }
        }
        """,
        ReferenceSets.PollyV8,
        Verify.Diagnostic("RES1006").WithLocation(0).WithArguments("This POST"),
        Verify.CompilationEndDiagnostic("RES1006").WithLocation(1).WithArguments("This POST"));

    [Fact]
    public Task ARetryingRegistrationOfAClientThatPostsIsFlaggedAtTheRegistration() => VerifyRegistrationsAsync(
        """
        using Microsoft.Extensions.DependencyInjection;

        static class Registrations
        {
            static void Add(IServiceCollection services)
            {
                services.AddHttpClient<OrdersClient>(c => c.BaseAddress = new("https://orders")).{|#0:AddStandardResilienceHandler|}();
                services.AddHttpClient<CatalogClient>().AddStandardResilienceHandler();
            }
        }
        """,
        Verify.Diagnostic("RES1006").WithLocation(0).WithArguments("The POST sent by OrdersClient.PlaceAsync, whose HttpClient this AddStandardResilienceHandler retries,"));

    [Fact]
    public Task NamedClientsDefaultsAndPollyRetriesAreFlagged() => VerifyRegistrationsAsync(
        """
        using System;
        using System.Net.Http;
        using System.Threading.Tasks;
        using Microsoft.Extensions.DependencyInjection;
        using Polly;

        static class Registrations
        {
            static void Add(IServiceCollection services)
            {
                services.ConfigureHttpClientDefaults(builder => builder.{|#0:AddStandardResilienceHandler|}());
                services.AddHttpClient<OrdersClient>();
                var payments = services.AddHttpClient("payments");
                payments.{|#1:AddResilienceHandler|}("retry", pipeline => pipeline.AddRetry(new()));
                services.AddHttpClient("ledger").{|#2:AddTransientHttpErrorPolicy|}(policy => policy.WaitAndRetryAsync(3, attempt => TimeSpan.FromSeconds(attempt)));
            }
        }

        sealed class Payments(IHttpClientFactory factory)
        {
            Task<HttpResponseMessage> ChargeAsync(HttpContent content) => factory.CreateClient("payments").PostAsync("/charges", content);

            Task<HttpResponseMessage> BookAsync(HttpContent content)
            {
                var ledger = factory.CreateClient("ledger");
                return ledger.PatchAsync("/entries", content);
            }
        }
        """,
        Verify.CompilationEndDiagnostic("RES1006").WithLocation(0).WithArguments("The POST sent by OrdersClient.PlaceAsync, whose HttpClient this AddStandardResilienceHandler retries,"),
        Verify.CompilationEndDiagnostic("RES1006").WithLocation(1).WithArguments("The POST sent by Payments.ChargeAsync, whose HttpClient this AddResilienceHandler retries,"),
        Verify.CompilationEndDiagnostic("RES1006").WithLocation(2).WithArguments("The PATCH sent by Payments.BookAsync, whose HttpClient this AddTransientHttpErrorPolicy retries,"));

    [Fact]
    public Task RegistrationsThatSpareUnsafeMethodsOrClientsThatSendKeysAreNotFlagged() => VerifyRegistrationsAsync(
        """
        using System;
        using System.Net.Http;
        using System.Threading.Tasks;
        using Microsoft.Extensions.DependencyInjection;
        using Microsoft.Extensions.Http.Resilience;
        using Polly;

        static class Registrations
        {
            static void Add(IServiceCollection services)
            {
                services.AddHttpClient<OrdersClient>().AddStandardResilienceHandler(options => options.Retry.DisableForUnsafeHttpMethods());
                services.AddHttpClient("payments").AddStandardResilienceHandler().Configure(options => options.Retry.DisableFor(HttpMethod.Post));
                services.AddHttpClient("keyed").AddStandardResilienceHandler();
                services.AddHttpClient("selected").AddPolicyHandler(request => request.Method == HttpMethod.Get
                    ? Policy.Handle<HttpRequestException>().OrResult<HttpResponseMessage>(r => false).RetryAsync(3)
                    : Policy.NoOpAsync<HttpResponseMessage>());
                services.AddHttpClient("unretried").AddResilienceHandler("timeout", pipeline => pipeline.AddTimeout(TimeSpan.FromSeconds(2)));
            }
        }

        sealed class Senders(IHttpClientFactory factory, HttpClient unregistered)
        {
            Task<HttpResponseMessage> ChargeAsync(HttpContent content) => factory.CreateClient("payments").PostAsync("/charges", content);

            Task<HttpResponseMessage> KeyedAsync(HttpContent content)
            {
                var request = new HttpRequestMessage(HttpMethod.Post, "/charges") { Content = content };
                request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
                return factory.CreateClient("keyed").PostAsync("/charges", content);
            }

            Task<HttpResponseMessage> SelectedAsync(HttpContent content) => factory.CreateClient("selected").PostAsync("/charges", content);

            Task<HttpResponseMessage> UnretriedAsync(HttpContent content) => factory.CreateClient("unretried").PostAsync("/charges", content);

            Task<HttpResponseMessage> UnregisteredAsync(HttpContent content) => unregistered.PostAsync("/charges", content);
        }
        """);

    [Fact]
    public async Task TheFixDisablesRetriesOfUnsafeMethodsOnEveryFlaggedRegistration()
    {
        var test = new Fix.Test(ReferenceSets.HttpResilience)
        {
            TestState =
            {
                Sources =
                {
                    OrdersClient,
                    """
                    using System.Net.Http;
                    using System.Threading.Tasks;
                    using Microsoft.Extensions.DependencyInjection;

                    static class Registrations
                    {
                        static void Add(IServiceCollection services)
                        {
                            services.AddHttpClient<OrdersClient>().{|#0:AddStandardResilienceHandler|}();
                            services.AddHttpClient<Payments>().{|#1:AddStandardResilienceHandler|}(options => options.Retry.MaxRetryAttempts = 2);
                            services.AddHttpClient<Ledger>().{|#2:AddStandardResilienceHandler|}(options =>
                            {
                                options.Retry.MaxRetryAttempts = 2;
                            });
                        }
                    }

                    sealed class Payments(HttpClient http)
                    {
                        Task<HttpResponseMessage> ChargeAsync(HttpContent content) => http.PostAsync("/charges", content);
                    }

                    sealed class Ledger(HttpClient http)
                    {
                        Task<HttpResponseMessage> BookAsync(HttpContent content) => http.PatchAsync("/entries", content);
                    }
                    """,
                },
                ExpectedDiagnostics =
                {
                    Fix.Diagnostic("RES1006").WithLocation(0).WithArguments("The POST sent by OrdersClient.PlaceAsync, whose HttpClient this AddStandardResilienceHandler retries,"),
                    Fix.Diagnostic("RES1006").WithLocation(1).WithArguments("The POST sent by Payments.ChargeAsync, whose HttpClient this AddStandardResilienceHandler retries,"),
                    Fix.Diagnostic("RES1006").WithLocation(2).WithArguments("The PATCH sent by Ledger.BookAsync, whose HttpClient this AddStandardResilienceHandler retries,"),
                },
            },
            FixedState =
            {
                Sources =
                {
                    OrdersClient,
                    """
                    using System.Net.Http;
                    using System.Threading.Tasks;
                    using Microsoft.Extensions.DependencyInjection;
                    using Microsoft.Extensions.Http.Resilience;

                    static class Registrations
                    {
                        static void Add(IServiceCollection services)
                        {
                            services.AddHttpClient<OrdersClient>().AddStandardResilienceHandler(options => options.Retry.DisableForUnsafeHttpMethods());
                            services.AddHttpClient<Payments>().AddStandardResilienceHandler(options =>
                            {
                                options.Retry.MaxRetryAttempts = 2;
                                options.Retry.DisableForUnsafeHttpMethods();
                            });
                            services.AddHttpClient<Ledger>().AddStandardResilienceHandler(options =>
                            {
                                options.Retry.MaxRetryAttempts = 2;
                                options.Retry.DisableForUnsafeHttpMethods();
                            });
                        }
                    }

                    sealed class Payments(HttpClient http)
                    {
                        Task<HttpResponseMessage> ChargeAsync(HttpContent content) => http.PostAsync("/charges", content);
                    }

                    sealed class Ledger(HttpClient http)
                    {
                        Task<HttpResponseMessage> BookAsync(HttpContent content) => http.PatchAsync("/entries", content);
                    }
                    """,
                },
            },
        };

        await test.RunAsync();
    }

    [Fact]
    public Task NoFixIsOfferedForHandlersItCannotConfigure()
    {
        const string source = """
            using System.Net.Http;
            using System.Threading.Tasks;
            using Microsoft.Extensions.DependencyInjection;
            using Polly;

            static class Registrations
            {
                static void Add(IServiceCollection services) =>
                    services.AddHttpClient<Payments>().{|#0:AddResilienceHandler|}("retry", pipeline => pipeline.AddRetry(new()));
            }

            sealed class Payments(HttpClient http)
            {
                Task<HttpResponseMessage> ChargeAsync(HttpContent content) => http.PostAsync("/charges", content);
            }
            """;

        return Fix.VerifyCodeFixAsync(
            source,
            source,
            ReferenceSets.HttpResilience,
            Fix.Diagnostic("RES1006").WithLocation(0).WithArguments("The POST sent by Payments.ChargeAsync, whose HttpClient this AddResilienceHandler retries,"));
    }

    [Theory]
    [InlineData("services.AddHttpClient<OrdersClient>().AddStandardResilienceHandler(", 1)]
    [InlineData("services.AddHttpClient<>().AddStandardResilienceHandler();", 0)]
    [InlineData("services.AddHttpClient(\"\").AddStandardResilienceHandler();", 0)]
    [InlineData("services.AddHttpClient<OrdersClient>().AddStandardResilienceHandler(o => o.Retry.);", 0)]
    [InlineData("services.AddHttpClient<OrdersClient>().AddStandardResilienceHandler();", 1)]
    public async Task HalfTypedRegistrationsAreAnalyzedWithoutCrashing(string statement, int expected)
    {
        var registration = $$"""
            using Microsoft.Extensions.DependencyInjection;

            static class Registrations
            {
                static void Add(IServiceCollection services)
                {
                    {{statement}}
                }
            }
            """;

        Assert.Equal(expected, await AnalyzerRunner.CountAsync(new RES1006NonIdempotentRetryAnalyzer(), [OrdersClient, registration], ReferenceSets.HttpResilience));
    }

    private static Task VerifyRegistrationsAsync(string registrations, params DiagnosticResult[] expected) =>
        Verify.VerifyAnalyzerAsync([OrdersClient, CatalogClient, registrations], ReferenceSets.All, expected);

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
