using System.Threading.Tasks;
using ResilienceAnalyzers.Tests.Infrastructure;
using Xunit;
using Verify = ResilienceAnalyzers.Tests.Infrastructure.CSharpCodeFixVerifier<
    ResilienceAnalyzers.FailOpenSecurity.RES4001AuthorizationFailsOpenAnalyzer,
    ResilienceAnalyzers.CodeFixes.FailOpenSecurity.RES4001AuthorizationFailsOpenCodeFix>;

namespace ResilienceAnalyzers.Tests.FailOpenSecurity;

public sealed class RES4001AuthorizationFailsOpenCodeFixTests
{
    [Fact]
    public Task AHandlerFailsWithAReasonAndKeepsItsLogging() => Verify.VerifyCodeFixAsync(
        """
        using System.Net.Http;
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Authorization;
        using Microsoft.Extensions.Logging;

        public sealed class Requirement : IAuthorizationRequirement;

        public sealed class PolicyHandler(HttpClient policyService, ILogger<PolicyHandler> logger) : AuthorizationHandler<Requirement>
        {
            protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, Requirement requirement)
            {
                try
                {
                    if (await policyService.GetStringAsync("http://policy/") == "allow")
                    {
                        context.Succeed(requirement);
                    }
                }
                catch (HttpRequestException ex)
                {
                    logger.LogWarning(ex, "Policy service unavailable");
                    [|context.Succeed(requirement)|];
                }
            }
        }
        """,
        """
        using System.Net.Http;
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Authorization;
        using Microsoft.Extensions.Logging;

        public sealed class Requirement : IAuthorizationRequirement;

        public sealed class PolicyHandler(HttpClient policyService, ILogger<PolicyHandler> logger) : AuthorizationHandler<Requirement>
        {
            protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, Requirement requirement)
            {
                try
                {
                    if (await policyService.GetStringAsync("http://policy/") == "allow")
                    {
                        context.Succeed(requirement);
                    }
                }
                catch (HttpRequestException ex)
                {
                    logger.LogWarning(ex, "Policy service unavailable");
                    context.Fail(new AuthorizationFailureReason(this, "The access check could not be completed"));
                }
            }
        }
        """,
        ReferenceSets.AspNetCore);

    [Fact]
    public Task GrantingAnswersBecomeDenyingOnesForFixAll() => Verify.VerifyCodeFixAsync(
        """
        using System;
        using System.Net.Http;
        using System.Security.Claims;
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Authorization;
        using Polly;

        public sealed class Permissions(HttpClient policyService, IAuthorizationService authorization)
        {
            private static readonly IAsyncPolicy<bool> OnOutage = Policy<bool>.Handle<HttpRequestException>().FallbackAsync(true);

            public bool CanAccess(string user)
            {
                try { return policyService.GetStringAsync("http://policy/" + user).Result == "allow"; }
                catch (Exception ex)
                {
                    Console.WriteLine(ex);
                    return [|true|];
                }
            }

            public Task<bool> IsRevokedAsync(string token)
            {
                try { return policyService.GetStringAsync("http://revocations/" + token).ContinueWith(t => t.Result == "revoked"); }
                catch (Exception) { return Task.FromResult([|false|]); }
            }

            public async Task<AuthorizationResult> CheckAsync(ClaimsPrincipal user, object document)
            {
                try { return await authorization.AuthorizeAsync(user, document, "Edit"); }
                catch (Exception) { return [|AuthorizationResult.Success()|]; }
            }

            public Task<bool> IsAllowedAsync(string user) =>
                Policy<bool>.Handle<HttpRequestException>().FallbackAsync([|true|]).ExecuteAsync(async () => await policyService.GetStringAsync("http://policy/" + user) == "allow");
        }
        """,
        """
        using System;
        using System.Net.Http;
        using System.Security.Claims;
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Authorization;
        using Polly;

        public sealed class Permissions(HttpClient policyService, IAuthorizationService authorization)
        {
            private static readonly IAsyncPolicy<bool> OnOutage = Policy<bool>.Handle<HttpRequestException>().FallbackAsync(true);

            public bool CanAccess(string user)
            {
                try { return policyService.GetStringAsync("http://policy/" + user).Result == "allow"; }
                catch (Exception ex)
                {
                    Console.WriteLine(ex);
                    return false;
                }
            }

            public Task<bool> IsRevokedAsync(string token)
            {
                try { return policyService.GetStringAsync("http://revocations/" + token).ContinueWith(t => t.Result == "revoked"); }
                catch (Exception) { return Task.FromResult(true); }
            }

            public async Task<AuthorizationResult> CheckAsync(ClaimsPrincipal user, object document)
            {
                try { return await authorization.AuthorizeAsync(user, document, "Edit"); }
                catch (Exception) { return AuthorizationResult.Failed(); }
            }

            public Task<bool> IsAllowedAsync(string user) =>
                Policy<bool>.Handle<HttpRequestException>().FallbackAsync(false).ExecuteAsync(async () => await policyService.GetStringAsync("http://policy/" + user) == "allow");
        }
        """,
        ReferenceSets.All);

    [Fact]
    public Task AnAuthenticationHandlerFailsWithTheCaughtException() => Verify.VerifyCodeFixAsync(
        """
        using System.Net.Http;
        using System.Security.Claims;
        using System.Text.Encodings.Web;
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Authentication;
        using Microsoft.Extensions.Logging;
        using Microsoft.Extensions.Options;

        public sealed class ApiKeyHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, HttpClient keys)
            : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
        {
            protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
            {
                var ticket = new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity("ApiKey")), Scheme.Name);
                try
                {
                    return await keys.GetStringAsync("http://keys/" + Request.Headers["X-Api-Key"]) == "valid" ? AuthenticateResult.Success(ticket) : AuthenticateResult.Fail("Unknown key");
                }
                catch (HttpRequestException ex)
                {
                    Logger.LogWarning(ex, "Key service unavailable");
                    return [|AuthenticateResult.Success(ticket)|];
                }
            }
        }
        """,
        """
        using System.Net.Http;
        using System.Security.Claims;
        using System.Text.Encodings.Web;
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Authentication;
        using Microsoft.Extensions.Logging;
        using Microsoft.Extensions.Options;

        public sealed class ApiKeyHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, HttpClient keys)
            : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
        {
            protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
            {
                var ticket = new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity("ApiKey")), Scheme.Name);
                try
                {
                    return await keys.GetStringAsync("http://keys/" + Request.Headers["X-Api-Key"]) == "valid" ? AuthenticateResult.Success(ticket) : AuthenticateResult.Fail("Unknown key");
                }
                catch (HttpRequestException ex)
                {
                    Logger.LogWarning(ex, "Key service unavailable");
                    return AuthenticateResult.Fail(ex);
                }
            }
        }
        """,
        ReferenceSets.AspNetCore);
}
