using System.Threading.Tasks;
using ResilienceAnalyzers.FailOpenSecurity;
using ResilienceAnalyzers.Tests.Infrastructure;
using Xunit;
using Verify = ResilienceAnalyzers.Tests.Infrastructure.CSharpAnalyzerVerifier<
    ResilienceAnalyzers.FailOpenSecurity.RES4002FallbackSkipsAuthorizationAnalyzer>;

namespace ResilienceAnalyzers.Tests.FailOpenSecurity;

public sealed class RES4002FallbackSkipsAuthorizationTests
{
    private const string Services = """
        using System.Threading.Tasks;

        public interface IOrderRepository
        {
            Task<string> GetAsync(int id);
        }

        public interface IOrderCache
        {
            Task<string> GetAsync(int id);
        }

        public interface IPolicyClient
        {
            Task<bool> IsAllowedAsync(string user, int id);
        }

        public interface IAudit
        {
            Task RecordAsync(string what);
        }
        """;

    [Fact]
    public Task ACatchThatServesTheCachedResourceWithoutTheCheckIsFlagged() => Verify.VerifyAnalyzerAsync(
        [
            """
            using System;
            using System.Threading.Tasks;
            using Microsoft.AspNetCore.Authorization;
            using Microsoft.AspNetCore.Mvc;

            public class OrdersController(IAuthorizationService authorization, IOrderRepository orders, IOrderCache cache) : ControllerBase
            {
                public async Task<IActionResult> Get(int id)
                {
                    try
                    {
                        var result = await authorization.AuthorizeAsync(User, id, "ReadOrder");
                        if (!result.Succeeded)
                        {
                            return Forbid();
                        }

                        return Ok(await orders.GetAsync(id));
                    }
                    catch (TimeoutException)
                    {
                        return Ok(await cache.GetAsync(id));
                    }
                }
            }
            """,
            Services,
        ],
        ReferenceSets.AspNetCore,
        Verify.Diagnostic("RES4002").WithSpan(22, 29, 22, 47).WithArguments("IOrderCache.GetAsync", "IAuthorizationService.AuthorizeAsync", "IOrderRepository.GetAsync"));

    [Fact]
    public Task AFallbackThatReadsTheSameResourceByTheSameKeyUnderAnotherNameIsFlagged() => Verify.VerifyAnalyzerAsync(
        """
        using System;
        using System.Threading;
        using System.Threading.Tasks;

        public sealed record Invoice(int Id, decimal Total);

        public sealed record InvoiceTeaser(int Id);

        public interface IInvoices
        {
            Task<Invoice> GetAsync(int tenant, int id, CancellationToken cancellationToken);

            Task<Invoice> GetDefaultAsync(CancellationToken cancellationToken);

            Task<InvoiceTeaser> GetTeaserAsync(int id);
        }

        public interface IInvoiceReplica
        {
            Task<Invoice> LoadInvoiceAsync(int tenant, int id);
        }

        public interface IAccess
        {
            Task<bool> CanReadAsync(string user, int tenant);
        }

        public class InvoiceReader(IAccess access, IInvoices invoices, IInvoiceReplica replica)
        {
            // The replica holds the same invoices: whoever asks during an outage of the primary gets one, unchecked.
            public async Task<Invoice?> ReadAsync(string user, int tenant, int id, CancellationToken cancellationToken)
            {
                try
                {
                    if (!await access.CanReadAsync(user, tenant))
                    {
                        return null;
                    }

                    return await invoices.GetAsync(tenant, id, cancellationToken);
                }
                catch (TimeoutException)
                {
                    return await {|#0:replica.LoadInvoiceAsync(tenant, id)|};
                }
            }

            // Another type, or the same type without the identifiers that pick the record: not the protected resource.
            public async Task<object?> DegradeAsync(string user, int tenant, int id, CancellationToken cancellationToken)
            {
                try
                {
                    if (!await access.CanReadAsync(user, tenant))
                    {
                        return null;
                    }

                    return await invoices.GetAsync(tenant, id, cancellationToken);
                }
                catch (TimeoutException) when (id > 0)
                {
                    return await invoices.GetTeaserAsync(id);
                }
                catch (TimeoutException)
                {
                    return await invoices.GetDefaultAsync(cancellationToken);
                }
            }
        }
        """,
        Verify.Diagnostic("RES4002").WithLocation(0).WithArguments("IInvoiceReplica.LoadInvoiceAsync", "IAccess.CanReadAsync", "IInvoices.GetAsync"));

    [Fact]
    public Task ACatchThatRetriesTheOperationWhenThePolicyServiceFailsIsFlagged() => Verify.VerifyAnalyzerAsync(
        [
            """
            using System.Net.Http;
            using System.Threading.Tasks;

            public sealed class OrderService(IPolicyClient policy, IOrderRepository orders)
            {
                public async Task<string?> LoadAsync(string user, int id)
                {
                    try
                    {
                        return await policy.IsAllowedAsync(user, id) ? await orders.GetAsync(id) : null;
                    }
                    catch (HttpRequestException)
                    {
                        var order = await [|orders.GetAsync(id)|];
                        return order;
                    }
                }
            }
            """,
            Services,
        ],
        ReferenceSets.AspNetCore);

    [Fact]
    public Task AFallbackToWhatTheDeniedAreServedIsNotFlagged() => Verify.VerifyAnalyzerAsync(
        [
            """
            using System.Net.Http;
            using System.Threading.Tasks;

            public interface IPublicCatalog
            {
                Task<string> GetAsync(int id);
            }

            public sealed class DocumentService(IPolicyClient policy, IOrderRepository documents, IPublicCatalog catalog)
            {
                public async Task<string> ReadAsync(string user, int id)
                {
                    try
                    {
                        var allowed = await policy.IsAllowedAsync(user, id);
                        if (!allowed)
                        {
                            return await catalog.GetAsync(id);
                        }

                        return await documents.GetAsync(id);
                    }
                    catch (HttpRequestException)
                    {
                        // The policy service is down: serve everyone the public summary, as the denied get.
                        return await catalog.GetAsync(id);
                    }
                }

                public async Task<string> ReadOrFallBackAsync(string user, int id)
                {
                    try
                    {
                        return await policy.IsAllowedAsync(user, id) == false ? await catalog.GetAsync(id) : await documents.GetAsync(id);
                    }
                    catch (HttpRequestException)
                    {
                        return await [|documents.GetAsync(id)|];
                    }
                }
            }
            """,
            Services,
        ],
        ReferenceSets.AspNetCore);

    [Fact]
    public Task FallbacksBehindACheckOrThatServeNothingAreNotFlagged() => Verify.VerifyAnalyzerAsync(
        [
            """
            using System;
            using System.Net.Http;
            using System.Threading.Tasks;
            using Microsoft.AspNetCore.Authorization;
            using Microsoft.AspNetCore.Mvc;
            using Microsoft.Extensions.Logging;

            public class OrdersController(IAuthorizationService authorization, IOrderRepository orders, IOrderCache cache, IPolicyClient policy, IAudit audit, ILogger<OrdersController> logger) : ControllerBase
            {
                public async Task<IActionResult> CheckedFirst(int id)
                {
                    if (!(await authorization.AuthorizeAsync(User, id, "ReadOrder")).Succeeded)
                    {
                        return Forbid();
                    }

                    try { return Ok(await orders.GetAsync(id)); }
                    catch (TimeoutException) { return Ok(await cache.GetAsync(id)); }
                }

                public async Task<IActionResult> CheckedAgain(int id)
                {
                    try
                    {
                        return await policy.IsAllowedAsync(User.Identity!.Name!, id) ? Ok(await orders.GetAsync(id)) : Forbid();
                    }
                    catch (TimeoutException)
                    {
                        return await policy.IsAllowedAsync(User.Identity!.Name!, id) ? Ok(await cache.GetAsync(id)) : Forbid();
                    }
                }

                public async Task<IActionResult> FailsClosed(int id)
                {
                    try
                    {
                        var result = await authorization.AuthorizeAsync(User, id, "ReadOrder");
                        await audit.RecordAsync("read " + id);
                        return result.Succeeded ? Ok(await orders.GetAsync(id)) : Forbid();
                    }
                    catch (HttpRequestException ex)
                    {
                        logger.LogError(ex, "Authorization unavailable");
                        await audit.RecordAsync("failed " + id);
                        return StatusCode(503);
                    }
                }

                public async Task<IActionResult> NoCheckInTheTry(int id)
                {
                    try { return Ok(await orders.GetAsync(id)); }
                    catch (TimeoutException) { return Ok(await cache.GetAsync(id)); }
                }
            }
            """,
            Services,
        ],
        ReferenceSets.AspNetCore);

    [Theory]
    [InlineData("catch { return await orders.GetAsync(id); }", 1)]
    [InlineData("catch { return await orders.GetAsync(; }", 0)]
    [InlineData("catch { return await orders.Get(id); }", 0)]
    [InlineData("catch {", 0)]
    public async Task HalfTypedCodeIsAnalyzedWithoutCrashing(string catchClause, int expected)
    {
        var source = $$"""
            using System.Threading.Tasks;

            public sealed class OrderService(IPolicyClient policy, IOrderRepository orders)
            {
                public async Task<string?> LoadAsync(string user, int id)
                {
                    try { return await policy.IsAllowedAsync(user, id) ? await orders.GetAsync(id) : null; }
                    {{catchClause}}
                }
            }
            """;

        Assert.Equal(expected, await AnalyzerRunner.CountAsync(new RES4002FallbackSkipsAuthorizationAnalyzer(), [source, Services], ReferenceSets.Net));
    }
}
