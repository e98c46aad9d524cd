using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using ResilienceAnalyzers.Infrastructure;

namespace ResilienceAnalyzers.RequestPaths;

/// <summary>
/// "Is this code run once per request?" — the one request-path model the rules share. Entry points that run per
/// request or per message: ASP.NET Core controller actions, Razor Page handlers, minimal-API handlers (lambdas passed to
/// <c>Map*</c>), middleware <c>Invoke(Async)</c>, SignalR hub methods, MediatR and MassTransit handlers, and the loop
/// of a <c>BackgroundService.ExecuteAsync</c>. This local form squiggles live; <see cref="RequestPathReach"/> follows
/// the calls these entry points make into other methods, at compilation end.
/// </summary>
internal sealed class RequestPathModel
{
    private readonly INamedTypeSymbol? controllerBase;
    private readonly INamedTypeSymbol? apiControllerAttribute;
    private readonly INamedTypeSymbol? nonActionAttribute;
    private readonly INamedTypeSymbol? pageModel;
    private readonly INamedTypeSymbol? hub;
    private readonly INamedTypeSymbol? httpContext;
    private readonly INamedTypeSymbol? httpRequest;
    private readonly INamedTypeSymbol? endpointRouteBuilderExtensions;
    private readonly INamedTypeSymbol? backgroundService;
    private readonly INamedTypeSymbol? cancellationToken;
    private readonly ImmutableArray<INamedTypeSymbol> messageHandlers;

    internal RequestPathModel(WellKnownTypes types)
    {
        controllerBase = types.Get(WellKnownTypeNames.MicrosoftAspNetCoreMvcControllerBase);
        apiControllerAttribute = types.Get(WellKnownTypeNames.MicrosoftAspNetCoreMvcApiControllerAttribute);
        nonActionAttribute = types.Get(WellKnownTypeNames.MicrosoftAspNetCoreMvcNonActionAttribute);
        pageModel = types.Get(WellKnownTypeNames.MicrosoftAspNetCoreMvcRazorPagesPageModel);
        hub = types.Get(WellKnownTypeNames.MicrosoftAspNetCoreSignalRHub);
        httpContext = types.Get(WellKnownTypeNames.MicrosoftAspNetCoreHttpHttpContext);
        httpRequest = types.Get(WellKnownTypeNames.MicrosoftAspNetCoreHttpHttpRequest);
        endpointRouteBuilderExtensions = types.Get(WellKnownTypeNames.MicrosoftAspNetCoreBuilderEndpointRouteBuilderExtensions);
        backgroundService = types.Get(WellKnownTypeNames.MicrosoftExtensionsHostingBackgroundService);
        cancellationToken = types.Get(WellKnownTypeNames.SystemThreadingCancellationToken);
        messageHandlers = new[]
            {
                WellKnownTypeNames.MassTransitIConsumer1,
                WellKnownTypeNames.MediatRINotificationHandler1,
                WellKnownTypeNames.MediatRIRequestHandler2,
            }
            .Select(types.Get)
            .OfType<INamedTypeSymbol>()
            .ToImmutableArray();
    }

    /// <summary>
    /// What a file that may declare an entry point of the model spells: a controller's or a Razor Page model's base
    /// (<c>Controller</c>, <c>PageModel</c>, which the names of their own bases and types usually contain as well), a
    /// hub's base, a middleware's <c>HttpContext</c> parameter, a message handler's <c>Handle</c> or <c>Consume</c>, or
    /// a minimal-API handler's <c>Map…</c> call.
    /// </summary>
    internal static string[] WordsOfEntryPoints { get; } = { "Controller", "PageModel", "Hub", "HttpContext", "Handle", "Consume", "Map" };

    /// <summary>
    /// True when code at the node may run directly in an entry point, judged from its syntax without binding: it sits
    /// in a lambda that may be a minimal-API handler, or in an instance method that may be an entry point — a public
    /// one (an action, a hub method), a Razor Page handler (<c>On…</c>), a middleware's <c>Invoke</c>, a message
    /// handler's <c>Handle</c> or <c>Consume</c>.
    /// </summary>
    internal bool MayRunInAnEntryPoint(SyntaxNode node)
    {
        foreach (var ancestor in node.Ancestors())
        {
            switch (ancestor)
            {
                case AnonymousFunctionExpressionSyntax lambda when MayBeMinimalApiHandler(lambda):
                    return true;
                case MethodDeclarationSyntax method:
                    return !method.Modifiers.Any(SyntaxKind.StaticKeyword)
                        && (method.Modifiers.Any(SyntaxKind.PublicKeyword)
                            || method.Identifier.ValueText is "Invoke" or "InvokeAsync" or "Handle" or "Consume"
                            || method.Identifier.ValueText.StartsWith("On", System.StringComparison.Ordinal));
                case MemberDeclarationSyntax:
                    return false;
            }
        }

        return false;
    }

    /// <summary>
    /// Describes the request path the operation runs on — e.g. "the controller action OrdersController.Get" — or
    /// returns <see langword="null"/> when it does not run once per request or message.
    /// </summary>
    internal string? DescribeRequestPath(IOperation operation, ISymbol containingSymbol)
    {
        if (InMinimalApiHandler(operation) is { } route)
        {
            return $"the minimal-API handler of {route}";
        }

        return containingSymbol is IMethodSymbol method && DescribeEntryPoint(method, out var onlyInItsLoop) is { } entryPoint
            && (!onlyInItsLoop || operation.Ancestors().OfType<ILoopOperation>().Any())
                ? entryPoint
                : null;
    }

    /// <summary>
    /// True when code in the method's own body, outside its lambdas, may run per request or message: the method is an
    /// entry point of the model, judged from its declaration without binding its body. A background service's
    /// <c>ExecuteAsync</c> qualifies; only the code in its loop runs per message.
    /// </summary>
    internal bool MayBeRequestPath(IMethodSymbol method) => DescribeEntryPoint(method, out _) is not null;

    /// <summary>The entry point the method is, from its declaration; <paramref name="onlyInItsLoop"/> when only its loop runs per message.</summary>
    private string? DescribeEntryPoint(IMethodSymbol method, out bool onlyInItsLoop)
    {
        onlyInItsLoop = false;
        if (method is not { MethodKind: MethodKind.Ordinary, IsStatic: false })
        {
            return null;
        }

        var type = method.ContainingType;
        var name = $"{type.Name}.{method.Name}";
        if (IsControllerAction(method))
        {
            return $"the controller action {name}";
        }

        if (type.InheritsFromOrEquals(pageModel) && method.Name.StartsWith("On", System.StringComparison.Ordinal))
        {
            return $"the Razor Page handler {name}";
        }

        if (type.InheritsFromOrEquals(hub) && method.DeclaredAccessibility == Accessibility.Public && !method.IsOverride)
        {
            return $"the SignalR hub method {name}";
        }

        if (method.Name is "Invoke" or "InvokeAsync" && method.Parameters.Length > 0 && SymbolEqualityComparer.Default.Equals(method.Parameters[0].Type, httpContext))
        {
            return $"the middleware {name}";
        }

        if (ImplementsMessageHandler(method))
        {
            return $"the message handler {name}";
        }

        onlyInItsLoop = true;
        return method.Name == "ExecuteAsync" && method.IsOverride && type.InheritsFromOrEquals(backgroundService) ? $"the loop of {name}" : null;
    }

    /// <summary>
    /// The handler a request or message runs and the token that is cancelled when its caller gives up, as code at the
    /// operation can write it: the handler's <c>CancellationToken</c> parameter, or <c>HttpContext.RequestAborted</c>
    /// (a controller's or Razor Page's, a middleware's or minimal-API handler's <c>HttpContext</c> parameter, or a
    /// request parameter's context), <c>Context.ConnectionAborted</c> in a SignalR hub. The expression is null when a
    /// minimal-API handler has none (ASP.NET Core binds a <c>CancellationToken</c> parameter, if one is added). Null
    /// off request paths, and in a background service's loop, whose token is the host's, not a caller's.
    /// </summary>
    internal RequestToken? RequestTokenAt(IOperation operation, ISymbol containingSymbol)
    {
        if (operation.Ancestors().OfType<IAnonymousFunctionOperation>().FirstOrDefault(lambda => RouteOf(lambda) is not null) is { } handler)
        {
            return new RequestToken(DescribeRequestPath(operation, containingSymbol)!, TokenFrom(handler.Symbol.Parameters, ownsHttpContext: false));
        }

        if (containingSymbol is not IMethodSymbol { MethodKind: MethodKind.Ordinary, IsStatic: false } method
            || DescribeRequestPath(operation, containingSymbol) is not { } description
            || method.ContainingType.InheritsFromOrEquals(backgroundService))
        {
            return null;
        }

        var type = method.ContainingType;
        var token = TokenFrom(method.Parameters, ownsHttpContext: type.InheritsFromOrEquals(controllerBase) || type.HasAttribute(apiControllerAttribute) || type.InheritsFromOrEquals(pageModel))
            ?? (type.InheritsFromOrEquals(hub) ? "Context.ConnectionAborted" : null);
        return token is null ? null : new RequestToken(description, token);
    }

    /// <summary>A <c>CancellationToken</c> parameter, a MassTransit message's token, else the request's abort token through the context the handler can reach.</summary>
    private string? TokenFrom(ImmutableArray<IParameterSymbol> parameters, bool ownsHttpContext)
    {
        if (parameters.FirstOrDefault(parameter => SymbolEqualityComparer.Default.Equals(parameter.Type, cancellationToken)) is { } token)
        {
            return token.Name;
        }

        if (parameters.FirstOrDefault(parameter => parameter.Type is INamedTypeSymbol { Name: "ConsumeContext", ContainingNamespace.Name: "MassTransit" }) is { } consumeContext)
        {
            return $"{consumeContext.Name}.CancellationToken";
        }

        if (parameters.FirstOrDefault(parameter => SymbolEqualityComparer.Default.Equals(parameter.Type, httpContext)) is { } context)
        {
            return $"{context.Name}.RequestAborted";
        }

        if (ownsHttpContext)
        {
            return "HttpContext.RequestAborted";
        }

        return parameters.FirstOrDefault(parameter => SymbolEqualityComparer.Default.Equals(parameter.Type, httpRequest)) is { } request
            ? $"{request.Name}.HttpContext.RequestAborted"
            : null;
    }

    /// <summary>
    /// Describes a type the framework creates per request — "the controller OrdersController" — or returns
    /// <see langword="null"/>: ASP.NET Core creates controllers, Razor Page models and SignalR hubs for every request
    /// or hub call, so their field initializers and constructors run per request.
    /// </summary>
    internal string? DescribePerRequestType(INamedTypeSymbol type)
    {
        if (type.InheritsFromOrEquals(controllerBase) || type.HasAttribute(apiControllerAttribute))
        {
            return $"the controller {type.Name}";
        }

        if (type.InheritsFromOrEquals(pageModel))
        {
            return $"the Razor Page model {type.Name}";
        }

        return type.InheritsFromOrEquals(hub) ? $"the SignalR hub {type.Name}" : null;
    }

    /// <summary>
    /// True when the operation does not run each time its method does, or runs once and its result is kept: it sits in a
    /// lambda or local function (run later, or once, by whoever receives it — a minimal-API handler is a request path
    /// of its own and is not deferred, but a lambda inside one is), or its value is cached: <c>field ??= …</c>, or
    /// assigned to a static member (<c>cached ?? (cached = …)</c>).
    /// </summary>
    internal bool IsDeferredOrCached(IOperation operation)
    {
        var enclosingFunction = operation.Ancestors().FirstOrDefault(node => node is IAnonymousFunctionOperation or ILocalFunctionOperation);
        if (enclosingFunction is not null && !(enclosingFunction is IAnonymousFunctionOperation lambda && RouteOf(lambda) is not null))
        {
            return true;
        }

        IOperation value = operation;
        for (var parent = operation.ParentSkippingConversions(); parent is not null; value = parent, parent = parent.ParentSkippingConversions())
        {
            switch (parent)
            {
                case ICoalesceAssignmentOperation coalesceAssignment when coalesceAssignment.Value == value:
                case ISimpleAssignmentOperation { Target: IMemberReferenceOperation { Member.IsStatic: true } } assignment when assignment.Value == value:
                    return true;
                case IInvocationOperation or IObjectCreationOperation or IArgumentOperation or IMemberReferenceOperation or IAwaitOperation:
                    continue;
                default:
                    return false;
            }
        }

        return false;
    }

    /// <summary>
    /// True when the value is one the request supplies: a parameter of the request path it is read in, bound from the
    /// request rather than from services (a bound argument or a member of a bound model, <c>vm.Domain</c>), or read from the request itself
    /// (<c>Request.Host.Host</c>, <c>HttpContext.Request.Query["host"]</c>), possibly normalized by a call on it
    /// (<c>.Trim()</c>). Such a value changes with every request: a per-request answer about it is the point.
    /// </summary>
    internal bool IsSuppliedByRequest(IOperation value, ISymbol containingSymbol)
    {
        var root = value.WalkDownConversions();
        while (true)
        {
            switch (root)
            {
                case IPropertyReferenceOperation property when IsRequest(property.Type):
                    return true;
                case IParameterReferenceOperation { Parameter: var parameter }:
                    return IsBoundFromTheRequest(parameter) && DescribeRequestPath(root, containingSymbol) is not null;
                case IMemberReferenceOperation { Instance: { } instance }:
                    root = instance.WalkDownConversions();
                    break;
                case IInvocationOperation { Instance: { } instance }:
                    root = instance.WalkDownConversions();
                    break;
                default:
                    return false;
            }
        }
    }

    /// <summary>Services reach handlers as parameters too (minimal APIs, <c>[FromServices]</c>): they are not request data.</summary>
    private static bool IsBoundFromTheRequest(IParameterSymbol parameter) =>
        parameter.Type.TypeKind != TypeKind.Interface
        && !parameter.GetAttributes().Any(a => a.AttributeClass?.Name is "FromServicesAttribute" or "FromKeyedServicesAttribute");

    private bool IsRequest(ITypeSymbol? type) =>
        type is not null && (SymbolEqualityComparer.Default.Equals(type, httpRequest) || SymbolEqualityComparer.Default.Equals(type, httpContext));

    private bool IsControllerAction(IMethodSymbol method) =>
        method.DeclaredAccessibility == Accessibility.Public
        && !method.IsOverride
        && (method.ContainingType.InheritsFromOrEquals(controllerBase) || method.ContainingType.HasAttribute(apiControllerAttribute))
        && !method.HasAttribute(nonActionAttribute);

    private bool ImplementsMessageHandler(IMethodSymbol method) =>
        method.Name is "Handle" or "Consume"
        && method.ContainingType.AllInterfaces.Any(implemented =>
            messageHandlers.Contains(implemented.OriginalDefinition, SymbolEqualityComparer.Default)
            && implemented.GetMembers(method.Name).Any(member => SymbolEqualityComparer.Default.Equals(method.ContainingType.FindImplementationForInterfaceMember(member), method)));

    /// <summary>
    /// True when the lambda may be a minimal-API handler, judged from its syntax without binding: it is passed to a
    /// call named <c>Map…</c>, which <see cref="RouteOf"/> confirms.
    /// </summary>
    internal bool MayBeMinimalApiHandler(AnonymousFunctionExpressionSyntax lambda)
    {
        SyntaxNode argument = lambda;
        while (argument.Parent is ParenthesizedExpressionSyntax or CastExpressionSyntax)
        {
            argument = argument.Parent;
        }

        return endpointRouteBuilderExtensions is not null
            && argument.Parent is ArgumentSyntax { Parent: ArgumentListSyntax { Parent: InvocationExpressionSyntax map } }
            && CallGraph.CalledName(map) is { } called
            && called.StartsWith("Map", System.StringComparison.Ordinal);
    }

    /// <summary>The route of the <c>Map*</c> call whose handler lambda contains the operation, if any.</summary>
    private string? InMinimalApiHandler(IOperation operation) =>
        operation.Ancestors().OfType<IAnonymousFunctionOperation>().Select(RouteOf).FirstOrDefault(route => route is not null);

    /// <summary>The route of the <c>Map*</c> call the lambda is the handler of, if it is one.</summary>
    private string? RouteOf(IAnonymousFunctionOperation lambda)
    {
        if (lambda.UseOfLambda() is IArgumentOperation { Parent: IInvocationOperation map }
            && map.TargetMethod.Name.StartsWith("Map", System.StringComparison.Ordinal)
            && SymbolEqualityComparer.Default.Equals(map.TargetMethod.ContainingType, endpointRouteBuilderExtensions))
        {
            var pattern = map.Arguments.ValueFor("pattern")?.ConstantValue;
            return pattern is { HasValue: true, Value: string route } ? $"{map.TargetMethod.Name}(\"{route}\")" : map.TargetMethod.Name;
        }

        return null;
    }
}

/// <summary>The request handler an operation runs in and the token cancelled when its caller gives up.</summary>
internal sealed class RequestToken
{
    internal RequestToken(string handler, string? expression)
    {
        Handler = handler;
        Expression = expression;
    }

    /// <summary>"the controller action OrdersController.Get".</summary>
    internal string Handler { get; }

    /// <summary>The token as code in the handler writes it, or null when the handler has none to pass.</summary>
    internal string? Expression { get; }
}
