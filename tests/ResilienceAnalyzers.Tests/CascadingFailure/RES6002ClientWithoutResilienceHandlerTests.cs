using System.Threading.Tasks;
using ResilienceAnalyzers.CascadingFailure;
using ResilienceAnalyzers.Tests.Infrastructure;
using Xunit;
using Analyze = ResilienceAnalyzers.Tests.Infrastructure.CSharpAnalyzerVerifier<
    ResilienceAnalyzers.CascadingFailure.RES6002ClientWithoutResilienceHandlerAnalyzer>;
using Verify = ResilienceAnalyzers.Tests.Infrastructure.CSharpCodeFixVerifier<
    ResilienceAnalyzers.CascadingFailure.RES6002ClientWithoutResilienceHandlerAnalyzer,
    ResilienceAnalyzers.CodeFixes.CascadingFailure.RES6002ClientWithoutResilienceHandlerCodeFix>;

namespace ResilienceAnalyzers.Tests.CascadingFailure;

public sealed class RES6002ClientWithoutResilienceHandlerTests
{
    private const string Clients = """
        using System.Net.Http;

        public sealed class CatalogClient(HttpClient client)
        {
            public HttpClient Client => client;
        }
        """;

    [Fact]
    public Task RegistrationsWithoutAHandlerGetTheStandardOne() => Verify.VerifyCodeFixAsync(
        """
        using System;
        using System.Net.Http;
        using Microsoft.Extensions.DependencyInjection;

        public static class Registrations
        {
            public static void Add(IServiceCollection services)
            {
                services.[|AddHttpClient|]<CatalogClient>();
                services.[|AddHttpClient|]("payments", client => client.BaseAddress = new Uri("http://payments"))
                    .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler());
            }
        }

        public sealed class CatalogClient(HttpClient client)
        {
            public HttpClient Client => client;
        }
        """,
        """
        using System;
        using System.Net.Http;
        using Microsoft.Extensions.DependencyInjection;

        public static class Registrations
        {
            public static void Add(IServiceCollection services)
            {
                services.AddHttpClient<CatalogClient>().AddStandardResilienceHandler();
                services.AddHttpClient("payments", client => client.BaseAddress = new Uri("http://payments"))
                    .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler())
                    .AddStandardResilienceHandler();
            }
        }

        public sealed class CatalogClient(HttpClient client)
        {
            public HttpClient Client => client;
        }
        """,
        ReferenceSets.HttpResilience);

    [Fact]
    public async Task ARegistrationInTopLevelStatementsIsFlagged()
    {
        // Program.cs of a minimal host: the registrations sit in top-level statements, not in a method.
        var test = new Analyze.Test(ReferenceSets.HttpResilience)
        {
            TestCode = """
                using Microsoft.Extensions.DependencyInjection;

                var services = new ServiceCollection();
                services.AddHttpClient("inventory");
                services.AddHttpClient("catalog").AddStandardResilienceHandler();
                """,
        };
        test.TestState.OutputKind = Microsoft.CodeAnalysis.OutputKind.ConsoleApplication;
        test.ExpectedDiagnostics.Add(Analyze.Diagnostic("RES6002").WithSpan(4, 10, 4, 23).WithArguments("AddHttpClient(\"inventory\")"));
        await test.RunAsync();
    }

    [Fact]
    public Task ARegistrationInANestedTypeIsFlaggedOnce() => Verify.VerifyAnalyzerAsync(
        """
        using Microsoft.Extensions.DependencyInjection;

        public static class Startup
        {
            public static class Registrations
            {
                public static void Add(IServiceCollection services) => services.[|AddHttpClient|]("inventory");
            }
        }
        """,
        ReferenceSets.HttpResilience);

    [Fact]
    public Task TheMessageNamesTheRegistration() => Verify.VerifyAnalyzerAsync(
        """
        using Microsoft.Extensions.DependencyInjection;

        public static class Registrations
        {
            public static void Add(IServiceCollection services) => services.AddHttpClient("inventory");
        }
        """,
        ReferenceSets.HttpResilience,
        Verify.Diagnostic("RES6002").WithSpan(5, 69, 5, 82).WithArguments("AddHttpClient(\"inventory\")"));

    [Fact]
    public Task WithoutMicrosoftExtensionsHttpResilienceTheRuleReportsButOffersNoFix()
    {
        const string source = """
            using Microsoft.Extensions.DependencyInjection;

            public static class Registrations
            {
                public static void Add(IServiceCollection services) => services.[|AddHttpClient|]("inventory");
            }
            """;

        return Verify.VerifyCodeFixAsync(source, source, ReferenceSets.AspNetCore);
    }

    [Fact]
    public Task RegistrationsWithAHandlerOrABuilderKeptForLaterAreNotFlagged() => Analyze.VerifyAnalyzerAsync(
        [
            """
            using System;
            using System.Net.Http;
            using Microsoft.Extensions.DependencyInjection;
            using Polly;

            public static class Registrations
            {
                public static void Add(IServiceCollection services)
                {
                    services.AddHttpClient();
                    services.AddHttpClient<CatalogClient>().AddStandardResilienceHandler();
                    services.AddHttpClient("legacy").AddTransientHttpErrorPolicy(p => p.WaitAndRetryAsync(3, attempt => TimeSpan.FromSeconds(attempt)));
                    services.AddHttpClient("custom").AddHttpMessageHandler(() => new TimeoutHandler());
                    services.AddHttpClient("pipeline").AddResilienceHandler("orders", builder => builder.AddTimeout(TimeSpan.FromSeconds(5)));
                    var kept = services.AddHttpClient("kept");
                    kept.AddStandardResilienceHandler();
                }

                public static IHttpClientBuilder AddInventory(this IServiceCollection services) => services.AddHttpClient("inventory");
            }

            public sealed class TimeoutHandler : DelegatingHandler;
            """,
            Clients,
        ],
        ReferenceSets.All);

    /// <summary>A handler that only stamps a header, and one that retries: the look-alike pair of the handler test.</summary>
    private const string Handlers = """
        public sealed class CorrelationHandler : DelegatingHandler
        {
            protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                request.Headers.Add("X-Correlation-Id", Guid.NewGuid().ToString());
                return base.SendAsync(request, cancellationToken);
            }
        }

        public sealed class RetryingHandler : DelegatingHandler
        {
            protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                for (var attempt = 1; ; attempt++)
                {
                    try
                    {
                        return await base.SendAsync(request, cancellationToken);
                    }
                    catch (HttpRequestException) when (attempt < 3)
                    {
                        await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(100, 200 << attempt)), cancellationToken);
                    }
                }
            }
        }
        """;

    [Fact]
    public Task AHandlerThatOnlyPassesTheRequestOnIsNotAResilienceHandler() => Verify.VerifyCodeFixAsync(
        $$"""
        using System;
        using System.Net.Http;
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.Extensions.DependencyInjection;

        public static class Registrations
        {
            public static void Add(IServiceCollection services)
            {
                services.[|AddHttpClient|]("catalog").AddHttpMessageHandler<CorrelationHandler>();
                services.[|AddHttpClient|]("stock").AddHttpMessageHandler(() => new CorrelationHandler());
                services.AddHttpClient("prices").AddHttpMessageHandler<RetryingHandler>();
            }
        }

        {{Handlers}}
        """,
        $$"""
        using System;
        using System.Net.Http;
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.Extensions.DependencyInjection;

        public static class Registrations
        {
            public static void Add(IServiceCollection services)
            {
                services.AddHttpClient("catalog").AddHttpMessageHandler<CorrelationHandler>().AddStandardResilienceHandler();
                services.AddHttpClient("stock").AddHttpMessageHandler(() => new CorrelationHandler()).AddStandardResilienceHandler();
                services.AddHttpClient("prices").AddHttpMessageHandler<RetryingHandler>();
            }
        }

        {{Handlers}}
        """,
        ReferenceSets.HttpResilience);

    [Fact]
    public Task RegistrationsThatSetAFiniteTimeoutAreNotFlagged() => Verify.VerifyAnalyzerAsync(
        """
        using System;
        using System.Threading;
        using Microsoft.Extensions.DependencyInjection;

        public static class Registrations
        {
            public static void Add(IServiceCollection services)
            {
                services.AddHttpClient("slack", client => client.Timeout = TimeSpan.FromSeconds(2));
                services.AddHttpClient("backup").ConfigureHttpClient(client => client.Timeout = TimeSpan.FromHours(1));
                services.{|#0:AddHttpClient|}("stream").ConfigureHttpClient(client => client.Timeout = Timeout.InfiniteTimeSpan);
                services.{|#1:AddHttpClient|}("named").ConfigureHttpClient(client => client.BaseAddress = new Uri("https://example.org"));
            }
        }
        """,
        ReferenceSets.HttpResilience,
        Verify.Diagnostic("RES6002").WithLocation(0).WithArguments("AddHttpClient(\"stream\")"),
        Verify.Diagnostic("RES6002").WithLocation(1).WithArguments("AddHttpClient(\"named\")"));

    [Fact]
    public Task NamedClientsWhoseEveryRequestHasADeadlineOfItsOwnAreNotFlagged() => Analyze.VerifyAnalyzerAsync(
        [
            """
            using Microsoft.Extensions.DependencyInjection;

            public static class Registrations
            {
                public static void Add(IServiceCollection services)
                {
                    services.AddHttpClient(Notifier.NamedClient);
                    services.AddHttpClient("exports");
                    services.AddHttpClient("mirror-primary");
                    services.AddHttpClient("mirror-fallback");
                    services.{|#0:AddHttpClient|}("imports");
                    services.{|#1:AddHttpClient|}("reports");
                    services.{|#2:AddHttpClient|}("audit");
                }
            }
            """,
            """
            using System;
            using System.Net.Http;
            using System.Threading;
            using System.Threading.Tasks;

            // Each send gets a one-minute deadline linked to the caller's token: bounded like a finite client timeout.
            public sealed class Notifier(IHttpClientFactory factory)
            {
                public const string NamedClient = "notifier";

                private readonly HttpClient client = factory.CreateClient(NamedClient);

                public async Task<HttpResponseMessage> NotifyAsync(HttpRequestMessage request, CancellationToken cancellationToken)
                {
                    using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                    deadline.CancelAfter(TimeSpan.FromMinutes(1));
                    return await client.SendAsync(request, deadline.Token);
                }
            }

            public sealed class Transfers(IHttpClientFactory factory)
            {
                public async Task<string> ExportAsync(Uri uri)
                {
                    var client = factory.CreateClient("exports");
                    using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));
                    return await client.GetStringAsync(uri, deadline.Token);
                }

                public async Task<string> MirrorAsync(Uri uri, bool primary)
                {
                    var client = factory.CreateClient(primary ? "mirror-primary" : "mirror-fallback");
                    using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                    return await client.GetStringAsync(uri, deadline.Token);
                }

                // The caller's token alone: no deadline unless the caller set one.
                public async Task<string> ImportAsync(Uri uri, CancellationToken cancellationToken)
                {
                    var client = factory.CreateClient("imports");
                    return await client.GetStringAsync(uri, cancellationToken);
                }

                // One send bounded, the other not.
                public async Task<string> ReportAsync(Uri uri)
                {
                    var client = factory.CreateClient("reports");
                    using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));
                    var first = await client.GetStringAsync(uri, deadline.Token);
                    return first + await client.GetStringAsync(uri);
                }

                // The client is handed on, and what is done with it is not seen here.
                public HttpClient Audit() => factory.CreateClient("audit");
            }
            """,
        ],
        ReferenceSets.HttpResilience,
        Analyze.Diagnostic("RES6002").WithLocation(0).WithArguments("AddHttpClient(\"imports\")"),
        Analyze.Diagnostic("RES6002").WithLocation(1).WithArguments("AddHttpClient(\"reports\")"),
        Analyze.Diagnostic("RES6002").WithLocation(2).WithArguments("AddHttpClient(\"audit\")"));

    [Fact]
    public Task DefaultsThatAddAHandlerCoverEveryRegistration() => Analyze.VerifyAnalyzerAsync(
        [
            """
            using Microsoft.Extensions.DependencyInjection;

            public static class Registrations
            {
                public static void Add(IServiceCollection services)
                {
                    services.AddHttpClient<CatalogClient>();
                    services.AddHttpClient("inventory");
                }
            }
            """,
            """
            using Microsoft.Extensions.DependencyInjection;

            public static class Defaults
            {
                public static void Add(IServiceCollection services) => services.ConfigureHttpClientDefaults(client => client.AddStandardResilienceHandler());
            }
            """,
            Clients,
        ],
        ReferenceSets.HttpResilience);

    [Fact]
    public Task DefaultsThatAddNoHandlerLeaveRegistrationsFlaggedAtCompilationEnd() => Analyze.VerifyAnalyzerAsync(
        [
            """
            using Microsoft.Extensions.DependencyInjection;

            public static class Registrations
            {
                public static void Add(IServiceCollection services)
                {
                    services.ConfigureHttpClientDefaults(client => client.ConfigureHttpClient(http => http.Timeout = System.TimeSpan.FromSeconds(10)));
                    services.{|#0:AddHttpClient|}<CatalogClient>();
                }
            }
            """,
            Clients,
        ],
        ReferenceSets.HttpResilience,
        Analyze.CompilationEndDiagnostic("RES6002").WithLocation(0).WithArguments("AddHttpClient<CatalogClient>"));

    [Theory]
    [InlineData("services.AddHttpClient<CatalogClient>(;", 1)]
    [InlineData("services.AddHttpClent(\"x\");", 0)]
    [InlineData("services.AddHttpClient(\"x\").;", 0)]
    [InlineData("services.AddHttpClient(\"x\").AddStandardResilienceHandler(", 0)]
    public async Task HalfTypedCodeIsAnalyzedWithoutCrashing(string statement, int expected)
    {
        var source = $$"""
            using Microsoft.Extensions.DependencyInjection;

            public static class Registrations
            {
                public static void Add(IServiceCollection services)
                {
                    {{statement}}
                }
            }
            """;

        Assert.Equal(expected, await AnalyzerRunner.CountAsync(new RES6002ClientWithoutResilienceHandlerAnalyzer(), [source, Clients], ReferenceSets.HttpResilience));
    }
}
