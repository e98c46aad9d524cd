using System;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using ResilienceAnalyzers.Infrastructure;

namespace ResilienceAnalyzers.FailOpenSecurity;

/// <summary>
/// "Is this code deciding access, and which answer grants it?" Code decides access when it is an ASP.NET Core
/// authorization or authentication handler, when it calls <c>IAuthorizationService.AuthorizeAsync</c>, or when its name
/// and return type say so: a method returning <c>bool</c>, <c>Task&lt;bool&gt;</c>, <c>ValueTask&lt;bool&gt;</c>,
/// <c>AuthorizationResult</c> or <c>AuthenticateResult</c> named for access (<c>IsAuthorized</c>, <c>CanAccess</c>,
/// <c>HasPermission</c>, <c>ValidateToken</c>…). Its name also says what a returned <c>bool</c> means: <c>true</c> is
/// allowed, except for names of denial (<c>IsBlocked</c>, <c>IsRevoked</c>, <c>IsForbidden</c>…), where <c>false</c>
/// grants access; <c>Can…</c> names are always permissions (<c>CanBlockUsers</c>).
/// </summary>
internal sealed class AccessChecks
{
    private const string AuthorizeAsync = "AuthorizeAsync";

    private static readonly string[] DenialWords = ["Blocked", "Blocklisted", "Blacklisted", "Deny", "Denied", "Forbidden", "Revoked", "Banned", "Locked", "Expired", "Suspended", "Rejected", "Unauthori", "Unauthenticated"];
    private static readonly string[] AccessWords = ["Authoriz", "Authoris", "Authenticat", "Allow", "Permit", "Permission", "Access", "Grant", "Entitle", "ValidateToken", "ValidToken", "TokenValid", "HasRole", "IsInRole", "HasScope", "HasClaim", "HasRight"];

    private readonly INamedTypeSymbol? authorizationHandler;
    private readonly INamedTypeSymbol? authenticationHandler;
    private readonly INamedTypeSymbol? authorizationService;
    private readonly CompilationFacts facts;

    internal AccessChecks(WellKnownTypes types)
    {
        facts = CompilationFacts.For(types.Compilation);
        authorizationHandler = types.Get(WellKnownTypeNames.MicrosoftAspNetCoreAuthorizationIAuthorizationHandler);
        authenticationHandler = types.Get(WellKnownTypeNames.MicrosoftAspNetCoreAuthenticationAuthenticationHandler1);
        // A call to the service spells its method: in a compilation that never does, no body is worth searching for one.
        authorizationService = facts.MentionsAny(AuthorizeAsync)
            ? types.Get(WellKnownTypeNames.MicrosoftAspNetCoreAuthorizationIAuthorizationService)
            : null;
        AuthorizationResult = types.Get(WellKnownTypeNames.MicrosoftAspNetCoreAuthorizationAuthorizationResult);
        AuthenticateResult = types.Get(WellKnownTypeNames.MicrosoftAspNetCoreAuthenticationAuthenticateResult);
        AuthorizationHandlerContext = types.Get(WellKnownTypeNames.MicrosoftAspNetCoreAuthorizationAuthorizationHandlerContext);
    }

    internal INamedTypeSymbol? AuthorizationResult { get; }

    internal INamedTypeSymbol? AuthenticateResult { get; }

    internal INamedTypeSymbol? AuthorizationHandlerContext { get; }

    /// <summary>
    /// The access decision the code of <paramref name="member"/> (a method, or a field or property initializer) takes
    /// part in, or <see langword="null"/>; <paramref name="body"/> is any operation of its body.
    /// </summary>
    internal AccessDecision? Describe(ISymbol member, IOperation body)
    {
        var name = member.Name;
        var type = member.ContainingType;
        var method = member as IMethodSymbol;
        var grantingValue = method is not null && ReturnsADecision(method) ? GrantingValueByName(name) ?? (CallsAuthorizationService(body) ? true : null) : null;
        var decides = grantingValue is not null
            || type.AllInterfaces.Contains(authorizationHandler, SymbolEqualityComparer.Default)
            || InheritsFromGeneric(type, authenticationHandler)
            || (method is not null && CallsAuthorizationService(body));
        return decides ? new AccessDecision($"{type.Name}.{name}", grantingValue) : null;
    }

    /// <summary>
    /// True for a call that checks access: <c>IAuthorizationService.AuthorizeAsync</c>, or a method whose name and return
    /// type say it decides (<c>IsAllowedAsync</c>, <c>HasPermission</c>, <c>IsBlocked</c>…).
    /// </summary>
    internal bool IsCheck(IInvocationOperation call) =>
        IsAuthorizationServiceCall(call) || (ReturnsADecision(call.TargetMethod) && GrantingValueByName(call.TargetMethod.Name) is not null);

    /// <summary>The <c>bool</c> that grants access by the name's reading, or <see langword="null"/> for a name that says nothing of access.</summary>
    private static bool? GrantingValueByName(string name)
    {
        if (name.StartsWith("Can", StringComparison.Ordinal) && name.Length > 3 && char.IsUpper(name[3]))
        {
            return true;
        }

        if (DenialWords.Any(word => name.IndexOf(word, StringComparison.Ordinal) >= 0))
        {
            return false;
        }

        return AccessWords.Any(word => name.IndexOf(word, StringComparison.Ordinal) >= 0) ? true : null;
    }

    /// <summary>True for <c>IAuthorizationService.AuthorizeAsync</c> and its extension overloads.</summary>
    internal bool IsAuthorizationServiceCall(IInvocationOperation call) =>
        call.TargetMethod.Name == AuthorizeAsync
        && (SymbolEqualityComparer.Default.Equals(call.TargetMethod.ContainingType, authorizationService)
            || (call.TargetMethod.IsExtensionMethod && SymbolEqualityComparer.Default.Equals(call.TargetMethod.Parameters.FirstOrDefault()?.Type, authorizationService)));

    // A member whose text never spells the method does not call it: its operations are not walked.
    private bool CallsAuthorizationService(IOperation body) =>
        authorizationService is not null && body.Root() is var root && facts.SpellsWithin(root.Syntax, AuthorizeAsync)
        && root.Descendants().OfType<IInvocationOperation>().Any(IsAuthorizationServiceCall);

    private bool ReturnsADecision(IMethodSymbol method)
    {
        var returned = method.ReturnType is INamedTypeSymbol { Name: "Task" or "ValueTask", TypeArguments.Length: 1 } task ? task.TypeArguments[0] : method.ReturnType;
        return returned.SpecialType == SpecialType.System_Boolean
            || SymbolEqualityComparer.Default.Equals(returned, AuthorizationResult)
            || SymbolEqualityComparer.Default.Equals(returned, AuthenticateResult);
    }

    private static bool InheritsFromGeneric(INamedTypeSymbol? type, INamedTypeSymbol? generic)
    {
        for (; generic is not null && type is not null; type = type.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, generic))
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary>An access decision: where it is made, and the <c>bool</c> answer that grants access.</summary>
internal sealed class AccessDecision
{
    internal AccessDecision(string name, bool? grantingValue)
    {
        Name = name;
        GrantingValue = grantingValue;
    }

    /// <summary>The member that decides, as <c>Type.Member</c>.</summary>
    internal string Name { get; }

    /// <summary>The returned <c>bool</c> that grants access, or <see langword="null"/> when the member's <c>bool</c> is not the decision.</summary>
    internal bool? GrantingValue { get; }
}
