using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using ResilienceAnalyzers.Infrastructure;

namespace ResilienceAnalyzers.RetryStorms;

/// <summary>
/// The code of its own an SDK calls to decide whether, and after how long, it connects again. An Orleans client asks
/// its connection retry filter (an <c>IClientConnectionRetryFilter</c>, or the delegate given to
/// <c>UseConnectionRetryFilter</c>) after every failed attempt to connect and, on <c>true</c>, tries again at once: the
/// filter's own wait is the only one. A SignalR client asks its <c>IRetryPolicy.NextRetryDelay</c> for the wait before
/// each reconnect attempt, and stops reconnecting when it returns null.
/// </summary>
internal static class SdkRetryCallbacks
{
    private const string OrleansFilterMethod = "ShouldRetryConnectionAttempt";

    private const string SignalRPolicyMethod = "NextRetryDelay";

    /// <summary>Reads a method that implements an Orleans retry filter or a SignalR retry policy; null for any other.</summary>
    internal static SdkRetry? ReadImplementation(IMethodBodyOperation body, IMethodSymbol method, SdkRetrySymbols symbols)
    {
        if (body.Syntax.ContainsDiagnostics || method.Locations.IsEmpty)
        {
            return null;
        }

        // Explicit implementations are named "Orleans.IClientConnectionRetryFilter.ShouldRetryConnectionAttempt".
        if (method.Name.EndsWith(OrleansFilterMethod, StringComparison.Ordinal) && Implements(method, symbols.OrleansRetryFilter, OrleansFilterMethod))
        {
            return ReadOrleansFilter(body, method.Locations[0]);
        }

        return method.Name.EndsWith(SignalRPolicyMethod, StringComparison.Ordinal) && Implements(method, symbols.SignalRRetryPolicy, SignalRPolicyMethod)
            ? ReadSignalRPolicy(body, method.Locations[0], symbols.Random)
            : null;
    }

    /// <summary>Reads the filter given to <c>UseConnectionRetryFilter</c> as a lambda, a local function or a method of the code's own.</summary>
    internal static SdkRetry? ReadOrleansFilterArgument(IInvocationOperation call)
    {
        var filter = call.Arguments.FirstOrDefault(argument => argument.Parameter?.Type is INamedTypeSymbol { DelegateInvokeMethod: not null })?.Value.WalkDownConversions();
        var body = filter switch
        {
            IDelegateCreationOperation { Target: IAnonymousFunctionOperation lambda } => lambda.Body,
            IDelegateCreationOperation { Target: IMethodReferenceOperation reference } => BodyOf(reference.Method, call),
            _ => null,
        };
        return body is null ? null : ReadOrleansFilter(body, call.NameLocation());
    }

    /// <summary>
    /// A filter that says <c>true</c> on some path retries; one that waits nothing (no <c>Task.Delay</c> or
    /// <c>Thread.Sleep</c> anywhere in it) connects again at once, and one that also says <c>true</c> on every path does
    /// so for as long as the cluster is down. A filter that waits one constant time paces every client alike.
    /// </summary>
    private static SdkRetry? ReadOrleansFilter(IOperation body, Location location)
    {
        var own = body.WithinFunction().ToList();
        var answers = own.OfType<IReturnOperation>().Select(returned => returned.ReturnedValue is { } value ? Answer(value) : null).ToList();
        if (!answers.Contains(true))
        {
            return null;
        }

        var waits = own.OfType<IInvocationOperation>().Where(IsWait).ToList();
        var fixedWait = waits.Select(wait => wait.Arguments.Length > 0 ? Values.Wait(wait.Arguments[0].Value) : null).Distinct().ToList();
        var (delay, spacing) = waits.Count == 0
            ? (DelayKind.None, "no wait between connection attempts (the client connects again as soon as the filter returns true, and the filter waits nothing)")
            : fixedWait.Count == 1 && fixedWait[0] is { } pace
                ? (DelayKind.Constant, $"a fixed {pace.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s between connection attempts (the filter's own wait)")
                : (DelayKind.Unknown, string.Empty);
        var endless = delay == DelayKind.None && answers.All(answer => answer == true)
            ? "its retry filter returns true on every path and waits nothing, so the client connects again at once for as long as the cluster is down"
            : null;
        return delay == DelayKind.Unknown ? null : new SdkRetry(location, "This Orleans client's connection retry", spacing, delay, endless: endless);
    }

    /// <summary>
    /// A policy that returns null on no path reconnects forever; one whose every delay is one constant paces every
    /// client alike; one whose delay grows with the attempt (<c>Math.Pow(2, retryContext.PreviousRetryCount)</c>) and
    /// calls no <c>Random</c> backs off in step across the fleet.
    /// </summary>
    private static SdkRetry? ReadSignalRPolicy(IOperation body, Location location, INamedTypeSymbol? random)
    {
        var returned = body.WithinFunction().OfType<IReturnOperation>().Select(statement => statement.ReturnedValue).ToList();
        if (returned.Count == 0 || returned.Any(value => value is null))
        {
            return null;
        }

        var delays = returned.SelectMany(value => Branches(value!)).ToList();
        var mayStop = delays.Any(delay => delay is null || delay.Type?.OriginalDefinition.SpecialType == SpecialType.System_Nullable_T);
        var paces = delays.Select(delay => delay is null ? null : Values.Duration(delay)).Where(pace => pace is not null).Distinct().ToList();
        var (delay, spacing) = paces.Count == 1 && delays.All(delay => delay is null || Values.Duration(delay) is not null)
            ? (DelayKind.Constant, $"a fixed {paces[0]!.Value.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s before every reconnect attempt, the same for every client (its NextRetryDelay)")
            : DelayShapes.ClassifyFunction(body, ReadsRetryContext, random) is ({ } kind and (DelayKind.Exponential or DelayKind.Linear), false)
                ? (DelayKind.Exponential, $"a delay that grows with each attempt, {(kind == DelayKind.Exponential ? "doubling" : "linearly")} and the same for every client (its NextRetryDelay)")
                : (DelayKind.Unknown, string.Empty);
        if (mayStop && delay == DelayKind.Unknown)
        {
            return null;
        }

        var endless = mayStop ? null : "its NextRetryDelay never returns null, so every client reconnects for as long as the hub is down";
        return new SdkRetry(location, "This SignalR client's reconnect policy", spacing, delay, endless: endless);
    }

    /// <summary>A read of what the SignalR client tells its policy about the reconnect so far: the attempt count or the time spent.</summary>
    private static bool ReadsRetryContext(IOperation operation) =>
        operation is IPropertyReferenceOperation { Property: { Name: "PreviousRetryCount" or "ElapsedTime", ContainingType.Name: "RetryContext" } };

    /// <summary>The delays a returned value can be, conditional branches apart; null for a branch that is null.</summary>
    private static IEnumerable<IOperation?> Branches(IOperation value)
    {
        var unwrapped = value.WalkDownConversions();
        if (unwrapped is IConditionalOperation { WhenFalse: { } whenFalse } conditional)
        {
            return Branches(conditional.WhenTrue).Concat(Branches(whenFalse));
        }

        return unwrapped is IDefaultValueOperation || unwrapped.ConstantValue is { HasValue: true, Value: null } ? [null] : [unwrapped];
    }

    /// <summary>What a filter's return says: <c>true</c>, <c>false</c> (also through <c>Task.FromResult</c>), or null when the code does not show it.</summary>
    private static bool? Answer(IOperation value) => value.WalkDownConversions() switch
    {
        IInvocationOperation { TargetMethod.Name: "FromResult", Arguments.Length: 1 } fromResult => Values.Constant(fromResult.Arguments[0].Value) as bool?,
        var other => Values.Constant(other) as bool?,
    };

    private static bool IsWait(IInvocationOperation call) =>
        call.TargetMethod is { Name: "Delay", ContainingType.Name: "Task" } or { Name: "Sleep", ContainingType.Name: "Thread" }
        && call.TargetMethod.ContainingNamespace?.ToDisplayString() is "System.Threading.Tasks" or "System.Threading";

    private static bool Implements(IMethodSymbol method, INamedTypeSymbol? contract, string name) =>
        contract?.GetMembers(name).FirstOrDefault() is { } member
        && SymbolEqualityComparer.Default.Equals(method.ContainingType?.FindImplementationForInterfaceMember(member), method);

    /// <summary>The body of a method or local function of the code's own that <paramref name="use"/> refers to.</summary>
    private static IOperation? BodyOf(IMethodSymbol method, IOperation use)
    {
        if (method.DeclaringSyntaxReferences.Length != 1 || use.SemanticModel is not { } useModel)
        {
            return null;
        }

        var declaration = method.DeclaringSyntaxReferences[0].GetSyntax();
        if (declaration is not (MethodDeclarationSyntax or LocalFunctionStatementSyntax))
        {
            return null;
        }

        return useModel.ForTree(declaration.SyntaxTree).GetOperation(declaration) switch
        {
            ILocalFunctionOperation local => local.Body ?? local.IgnoredBody,
            IMethodBodyOperation body => body,
            _ => null,
        };
    }
}
