using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using ResilienceAnalyzers.Infrastructure;

namespace ResilienceAnalyzers.RetryStorms;

/// <summary>The retry settings types of the SDKs the retry rules read; each absent when its SDK is not referenced or its settings' names are spelled nowhere.</summary>
internal sealed class SdkRetrySymbols
{
    private SdkRetrySymbols(CompilationFacts facts)
    {
        // Each SDK's settings are read only where a file spells their names: a compilation that references the SDK
        // but never configures its retries registers nothing for it.
        INamedTypeSymbol? Spelled(string metadataName, params string[] words) => facts.MentionsAny(words) ? facts.Types.Get(metadataName) : null;
        RedisLinearRetry = Spelled(WellKnownTypeNames.StackExchangeRedisLinearRetry, "LinearRetry");
        RedisExponentialRetry = Spelled(WellKnownTypeNames.StackExchangeRedisExponentialRetry, "ExponentialRetry");
        SignalRBuilderExtensions = Spelled(WellKnownTypeNames.MicrosoftAspNetCoreSignalRClientHubConnectionBuilderExtensions, "WithAutomaticReconnect");
        SignalRRetryPolicy = Spelled(WellKnownTypeNames.MicrosoftAspNetCoreSignalRClientIRetryPolicy, "NextRetryDelay");
        RabbitConnectionFactory = Spelled(WellKnownTypeNames.RabbitMQClientConnectionFactory, "NetworkRecoveryInterval", "AutomaticRecoveryEnabled");
        AzureRetryOptions = Spelled(WellKnownTypeNames.AzureCoreRetryOptions, "RetryMode");
        EfRetryOptionsBuilder = Spelled(WellKnownTypeNames.MicrosoftEntityFrameworkCoreInfrastructureRelationalDbContextOptionsBuilder2, "EnableRetryOnFailure");
        MassTransitRetryExtensions = Spelled(WellKnownTypeNames.MassTransitRetryConfigurationExtensions, "UseMessageRetry", "UseRetry");
        OrleansRetryFilter = Spelled(WellKnownTypeNames.OrleansIClientConnectionRetryFilter, "ShouldRetryConnectionAttempt", "UseConnectionRetryFilter");
        FunctionsFixedDelayRetry = Spelled(WellKnownTypeNames.MicrosoftAzureFunctionsWorkerFixedDelayRetryAttribute, "FixedDelayRetry");
        GrpcHedgingPolicy = Spelled(WellKnownTypeNames.GrpcNetClientConfigurationHedgingPolicy, "HedgingPolicy");
        Random = SignalRRetryPolicy is null ? null : facts.Types.Get(WellKnownTypeNames.SystemRandom);

        var kinds = ImmutableArray.CreateBuilder<OperationKind>();
        if (RedisLinearRetry is not null || RedisExponentialRetry is not null || FunctionsFixedDelayRetry is not null || GrpcHedgingPolicy is not null)
        {
            kinds.Add(OperationKind.ObjectCreation);
        }

        if (RabbitConnectionFactory is not null || AzureRetryOptions is not null)
        {
            kinds.Add(OperationKind.SimpleAssignment);
        }

        if (SignalRRetryPolicy is not null || OrleansRetryFilter is not null)
        {
            kinds.Add(OperationKind.MethodBody);
        }

        OperationKinds = kinds.ToArray();
        CallNames = SignalRBuilderExtensions is not null || EfRetryOptionsBuilder is not null || MassTransitRetryExtensions is not null || OrleansRetryFilter is not null
            ? SdkRetry.CallNames
            : Array.Empty<string>();
    }

    internal INamedTypeSymbol? RedisLinearRetry { get; }

    internal INamedTypeSymbol? RedisExponentialRetry { get; }

    /// <summary>The SignalR client's <c>WithAutomaticReconnect</c> extensions.</summary>
    internal INamedTypeSymbol? SignalRBuilderExtensions { get; }

    /// <summary>The SignalR client's <c>IRetryPolicy</c>, a reconnect schedule of the code's own.</summary>
    internal INamedTypeSymbol? SignalRRetryPolicy { get; }

    /// <summary>RabbitMQ.Client's <c>ConnectionFactory</c>, whose properties set its automatic recovery.</summary>
    internal INamedTypeSymbol? RabbitConnectionFactory { get; }

    /// <summary>Azure.Core's <c>RetryOptions</c>, the <c>Retry</c> of every Azure client's options.</summary>
    internal INamedTypeSymbol? AzureRetryOptions { get; }

    /// <summary>EF Core's <c>RelationalDbContextOptionsBuilder&lt;,&gt;</c>, the base of every provider's options builder and its <c>EnableRetryOnFailure</c>.</summary>
    internal INamedTypeSymbol? EfRetryOptionsBuilder { get; }

    /// <summary>MassTransit's <c>RetryConfigurationExtensions</c>: <c>Immediate</c>, <c>Interval</c>, <c>Intervals</c>, <c>Incremental</c>, <c>Exponential</c>.</summary>
    internal INamedTypeSymbol? MassTransitRetryExtensions { get; }

    /// <summary>The Orleans client's <c>IClientConnectionRetryFilter</c>, which decides whether the client connects again.</summary>
    internal INamedTypeSymbol? OrleansRetryFilter { get; }

    /// <summary>The Azure Functions isolated worker's <c>[FixedDelayRetry]</c>.</summary>
    internal INamedTypeSymbol? FunctionsFixedDelayRetry { get; }

    /// <summary>Grpc.Net.Client's <c>HedgingPolicy</c>.</summary>
    internal INamedTypeSymbol? GrpcHedgingPolicy { get; }

    /// <summary><c>System.Random</c>, whose calls in a retry policy of the code's own are its jitter.</summary>
    internal INamedTypeSymbol? Random { get; }

    /// <summary>
    /// The operations, other than calls, that set the referenced SDKs' retries: creations (Redis's policies, Functions'
    /// retry attributes, gRPC's hedging policy), assignments to properties (RabbitMQ, Azure), method bodies (a SignalR
    /// <c>IRetryPolicy</c> or an Orleans retry filter of the code's own).
    /// </summary>
    internal OperationKind[] OperationKinds { get; }

    /// <summary>
    /// The names of the calls that set the referenced SDKs' retries (SignalR's <c>WithAutomaticReconnect</c>, EF Core's
    /// <c>EnableRetryOnFailure</c>, MassTransit's retry intervals, Orleans's <c>UseConnectionRetryFilter</c>), read where
    /// they are spelled rather than on every call; empty when none of those SDKs configures its retries here.
    /// </summary>
    internal string[] CallNames { get; }

    /// <summary>The SDKs' types, or null when the compilation references none of them or configures none of their retries.</summary>
    internal static SdkRetrySymbols? Resolve(CompilationFacts facts)
    {
        var symbols = new SdkRetrySymbols(facts);
        return symbols.OperationKinds.Length == 0 && symbols.CallNames.Length == 0 ? null : symbols;
    }
}

/// <summary>
/// A retry an SDK performs by its own settings, read from the object that configures it: what it is, how it spaces its
/// attempts, and the safer setting a fix can write in one edit. StackExchange.Redis reconnects for as long as a
/// connection is down, paced by its <c>ReconnectRetryPolicy</c>: <c>LinearRetry(ms)</c> waits the same interval before
/// every attempt; <c>ExponentialRetry(base, max)</c> waits a random time between the base and a growing bound (the
/// default), unless its maximum equals its base, which leaves one fixed interval. The SignalR client's
/// <c>WithAutomaticReconnect()</c> waits 0, 2, 10 and 30 s before its four attempts, the same for every client, and
/// <c>WithAutomaticReconnect(delays)</c> waits the delays given, also without jitter. RabbitMQ.Client recovers a lost
/// connection (on by default) for as long as it is down, waiting <c>NetworkRecoveryInterval</c> (5 s by default) before
/// every attempt. An Azure client retries a failed request <c>Retry.MaxRetries</c> times (3 by default, 5 for Storage),
/// with an exponential delay randomized by ±20 %, unless <c>Retry.Mode</c> is <c>RetryMode.Fixed</c>: then every wait is
/// <c>Retry.Delay</c> (0.8 s by default) times a random factor between 0.8 and 1.2, capped at the delay itself, so half
/// the waits are exactly the delay. EF Core's retry on failure, MassTransit's message retry, Azure Functions'
/// <c>[FixedDelayRetry]</c> and gRPC hedging are described where they are read; Orleans retry filters and SignalR retry
/// policies, code of the application's own, in <see cref="SdkRetryCallbacks"/>.
/// </summary>
internal sealed class SdkRetry
{
    /// <summary>Diagnostic property: the name a fix writes in place of the flagged one's last name (<c>LinearRetry</c> → <c>ExponentialRetry</c>).</summary>
    internal const string SaferNameProperty = "SaferName";

    /// <summary>Diagnostic property, present when the fix draws the flagged interval once per client, between it and twice it.</summary>
    internal const string SpreadPerClientProperty = "SpreadPerClient";

    /// <summary>Diagnostic property, present when the fix gives a SignalR client's <c>WithAutomaticReconnect</c> a jittered policy that stops.</summary>
    internal const string JitteredReconnectProperty = "JitteredReconnect";

    /// <summary>Diagnostic property, present when the fix turns MassTransit's <c>Immediate(n)</c> into <c>Exponential(n, …)</c>.</summary>
    internal const string ExponentialRetryProperty = "ExponentialRetry";

    /// <summary>A retry count from which an SDK's retries are taken to have no end: at even a second apart, more than 100 attempts outlast any outage a retry can ride out.</summary>
    internal const int EndlessRetryCount = 100;

    internal SdkRetry(Location location, string subject, string spacing, DelayKind delay, string? saferName = null, string? fix = null, string? endless = null, Location? endlessAt = null)
    {
        Location = location;
        Subject = subject;
        Spacing = spacing;
        Delay = delay;
        SaferName = saferName;
        Fix = fix;
        Endless = endless;
        EndlessAt = endlessAt ?? location;
    }

    /// <summary>Where the settings are made: the creation, the value assigned, or the name of the configuring call.</summary>
    internal Location Location { get; }

    /// <summary>"This StackExchange.Redis reconnect policy".</summary>
    internal string Subject { get; }

    /// <summary>How the attempts are spaced, as a message says it: "a fixed 5000 ms between reconnect attempts (LinearRetry)".</summary>
    internal string Spacing { get; }

    /// <summary>How the attempts are spaced; <see cref="DelayKind.Unknown"/> when the SDK randomizes them or the code does not show them.</summary>
    internal DelayKind Delay { get; }

    /// <summary>Why the retries never end, as a message says it ("MaxRetryCount = 1000, up to 8.3 h of attempts …"), or null when they do.</summary>
    internal string? Endless { get; }

    /// <summary>Where a retry without end is reported: the count the code sets, which a fix replaces; else <see cref="Location"/>.</summary>
    internal Location EndlessAt { get; }

    /// <summary>The name a fix puts in place of the flagged one's last name (<c>ExponentialRetry</c> for <c>LinearRetry</c>), or null.</summary>
    internal string? SaferName { get; }

    /// <summary>
    /// The fix other than a name, as the diagnostic property that asks for it: <see cref="SpreadPerClientProperty"/>,
    /// <see cref="JitteredReconnectProperty"/> or <see cref="ExponentialRetryProperty"/>; null for none.
    /// </summary>
    internal string? Fix { get; }

    /// <summary>The properties a diagnostic carries for the fix.</summary>
    internal ImmutableDictionary<string, string?>? FixProperties() =>
        SaferName is { } safer ? ImmutableDictionary<string, string?>.Empty.Add(SaferNameProperty, safer)
        : Fix is { } fix ? ImmutableDictionary<string, string?>.Empty.Add(fix, null)
        : null;

    /// <summary>Reads an SDK's retry settings where an operation sets them; null when it sets none.</summary>
    /// <param name="operation">The operation.</param>
    /// <param name="containingSymbol">The symbol whose code holds it: for a method body, the method.</param>
    /// <param name="symbols">The SDKs' types.</param>
    internal static SdkRetry? TryRead(IOperation operation, ISymbol containingSymbol, SdkRetrySymbols symbols) => operation switch
    {
        IObjectCreationOperation creation => ReadCreation(creation, symbols),
        IInvocationOperation call => ReadCall(call, symbols),
        ISimpleAssignmentOperation assignment => ReadAssignment(assignment, symbols),
        IMethodBodyOperation body when containingSymbol is IMethodSymbol method => SdkRetryCallbacks.ReadImplementation(body, method, symbols),
        _ => null,
    };

    /// <summary>Reads StackExchange.Redis's reconnect policies, Azure Functions' retry attributes and gRPC's hedging policy from their creation.</summary>
    private static SdkRetry? ReadCreation(IObjectCreationOperation creation, SdkRetrySymbols symbols)
    {
        var type = creation.Type;
        if (symbols.FunctionsFixedDelayRetry is not null && SymbolEqualityComparer.Default.Equals(type, symbols.FunctionsFixedDelayRetry))
        {
            return ReadFunctionsRetry(creation);
        }

        if (symbols.GrpcHedgingPolicy is not null && SymbolEqualityComparer.Default.Equals(type, symbols.GrpcHedgingPolicy))
        {
            return ReadGrpcHedging(creation);
        }

        if (symbols.RedisLinearRetry is not null && SymbolEqualityComparer.Default.Equals(type, symbols.RedisLinearRetry))
        {
            var interval = Interval(creation.Arguments.ValueFor("maxRetryElapsedTimeAllowedMilliseconds"));
            return new SdkRetry(creation.Syntax.GetLocation(), RedisSubject, $"{interval} between reconnect attempts (LinearRetry)", DelayKind.Constant, saferName: "ExponentialRetry");
        }

        if (symbols.RedisExponentialRetry is not null
            && SymbolEqualityComparer.Default.Equals(type, symbols.RedisExponentialRetry)
            && creation.Arguments.ValueFor("deltaBackOffMilliseconds") is { } baseDelay
            && creation.Arguments.ValueFor("maxDeltaBackOffMilliseconds") is { } maxDelay
            && Values.Integer(baseDelay) is { } from
            && Values.Integer(maxDelay) == from)
        {
            return new SdkRetry(creation.Syntax.GetLocation(), RedisSubject, $"{Interval(baseDelay)} between reconnect attempts (ExponentialRetry whose maximum equals its base)", DelayKind.Constant);
        }

        return null;
    }

    /// <summary>The names of the calls <see cref="ReadCall"/> reads.</summary>
    internal static string[] CallNames { get; } = { "WithAutomaticReconnect", "EnableRetryOnFailure", "Immediate", "Interval", "Intervals", "Incremental", "UseConnectionRetryFilter" };

    /// <summary>Reads the retries a configuring call sets: SignalR's automatic reconnect, EF Core's retry on failure, MassTransit's retry intervals, an Orleans connection retry filter.</summary>
    private static SdkRetry? ReadCall(IInvocationOperation call, SdkRetrySymbols symbols)
    {
        // A call still being typed ("WithAutomaticReconnect(") binds as if complete; wait until it is written.
        if (call.Syntax.ContainsDiagnostics)
        {
            return null;
        }

        var declaringType = call.TargetMethod.ContainingType;
        return call.TargetMethod.Name switch
        {
            "WithAutomaticReconnect" when SymbolEqualityComparer.Default.Equals(declaringType, symbols.SignalRBuilderExtensions) => ReadSignalRReconnect(call),
            "EnableRetryOnFailure" when declaringType.DerivesFromDefinition(symbols.EfRetryOptionsBuilder) => ReadEfRetry(call),
            "Immediate" or "Interval" or "Intervals" or "Incremental" when SymbolEqualityComparer.Default.Equals(declaringType, symbols.MassTransitRetryExtensions) => ReadMassTransitRetry(call),
            "UseConnectionRetryFilter" when symbols.OrleansRetryFilter is not null => SdkRetryCallbacks.ReadOrleansFilterArgument(call),
            _ => null,
        };
    }

    /// <summary>Reads the SignalR client's automatic reconnect from <c>WithAutomaticReconnect</c>; null for a custom <c>IRetryPolicy</c> or delays the code does not show.</summary>
    private static SdkRetry? ReadSignalRReconnect(IInvocationOperation call)
    {
        if (call.Arguments.Length == 1)
        {
            return new SdkRetry(call.NameLocation(), SignalRSubject, "0, 2, 10 and 30 s before its four attempts, the default of WithAutomaticReconnect(), the same for every client", DelayKind.Exponential, fix: JitteredReconnectProperty);
        }

        if (call.Arguments.ValueFor("reconnectDelays")?.WalkDownConversions() is not IArrayCreationOperation { Initializer: { } delays } || delays.ElementValues.Length == 0)
        {
            return null;
        }

        return ReadSchedule(call.NameLocation(), SignalRSubject, delays.ElementValues, delay => Values.Duration(delay), source: null, fix: JitteredReconnectProperty);
    }

    /// <summary>
    /// Reads a schedule of delays written in the code, the same for every client: equal delays are a fixed pace, delays
    /// that only grow back off without jitter; null for a schedule that also shrinks (the code's own design, left to
    /// review) or holds a delay the code does not show.
    /// </summary>
    private static SdkRetry? ReadSchedule(Location location, string subject, ImmutableArray<IOperation> delays, Func<IOperation, TimeSpan?> read, string? source, string? fix = null)
    {
        var schedule = delays.Select(read).ToList();
        if (schedule.Count == 0 || schedule.Any(delay => delay is null))
        {
            return null;
        }

        var spacing = $"a fixed schedule, the same for every client ({string.Join(", ", schedule.Select(delay => delay!.Value.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)))} s{source})";
        if (schedule.Distinct().Count() == 1)
        {
            return new SdkRetry(location, subject, spacing, DelayKind.Constant, fix: fix);
        }

        var grows = schedule.Zip(schedule.Skip(1), (earlier, later) => later >= earlier).All(grew => grew);
        return grows ? new SdkRetry(location, subject, spacing, DelayKind.Exponential, fix: fix) : null;
    }

    /// <summary>
    /// Reads EF Core's retry on failure (<c>EnableRetryOnFailure</c> of any relational provider): its delays grow to
    /// <c>maxRetryDelay</c> (30 s by default) with a random factor, so only a count with no end is judged.
    /// </summary>
    private static SdkRetry? ReadEfRetry(IInvocationOperation call)
    {
        if (call.Arguments.ValueFor("maxRetryCount") is not { } countValue || Values.Integer(countValue) is not { } count || count < EndlessRetryCount)
        {
            return null;
        }

        var maxDelay = call.Arguments.ValueFor("maxRetryDelay") is { } setDelay ? Values.Duration(setDelay) : TimeSpan.FromSeconds(30);
        var why = maxDelay is { } longest
            ? $"MaxRetryCount = {Count(count)}, up to {Span(TimeSpan.FromTicks(longest.Ticks * count))} of attempts at the {Seconds(longest)} maximum delay"
            : $"MaxRetryCount = {Count(count)}";
        return new SdkRetry(call.NameLocation(), EfSubject, "delays EF Core randomizes", DelayKind.Unknown, endless: why, endlessAt: countValue.Syntax.GetLocation());
    }

    /// <summary>
    /// Reads MassTransit's message retry (the policy given to <c>UseMessageRetry</c> or <c>UseRetry</c>; not delayed
    /// redelivery or job retries, configured the same way): <c>Immediate(n)</c> retries at once, <c>Interval(n, d)</c> at a fixed pace,
    /// <c>Intervals(…)</c> and <c>Incremental(…)</c> on a schedule without jitter, the same for every consumer.
    /// (<c>Exponential</c> randomizes its delays since MassTransit 8.4.1 and is not judged.)
    /// </summary>
    private static SdkRetry? ReadMassTransitRetry(IInvocationOperation call)
    {
        // The same configurator sets delayed redelivery and job retries, minutes apart by design: only message retry is read.
        if (call.Ancestors().OfType<IAnonymousFunctionOperation>().FirstOrDefault()?.UseOfLambda() is not IArgumentOperation { Parent: IInvocationOperation { TargetMethod.Name: "UseMessageRetry" or "UseRetry" } })
        {
            return null;
        }

        var location = call.NameLocation();
        switch (call.TargetMethod.Name)
        {
            case "Immediate":
                return new SdkRetry(location, MassTransitSubject, $"no delay between {Retries(call.Arguments.ValueFor("retryLimit"))} (Immediate)", DelayKind.None, fix: ExponentialRetryProperty);
            case "Interval" when call.Arguments.ValueFor("interval") is { } interval && Values.Wait(interval) is { } pace:
                return new SdkRetry(location, MassTransitSubject, $"a fixed {Seconds(pace)} between {Retries(call.Arguments.ValueFor("retryCount"))} (Interval)", DelayKind.Constant);
            case "Intervals" when call.Arguments.ValueFor("intervals")?.WalkDownConversions() is IArrayCreationOperation { Initializer: { } intervals }:
                return ReadSchedule(location, MassTransitSubject, intervals.ElementValues, delay => Values.Wait(delay), source: ", Intervals");
            case "Incremental" when call.Arguments.ValueFor("initialInterval") is { } initial && Values.Duration(initial) is { } first
                && call.Arguments.ValueFor("intervalIncrement") is { } increment && Values.Duration(increment) is { } step && step > TimeSpan.Zero:
                return new SdkRetry(location, MassTransitSubject, $"{Seconds(first)} growing by {Seconds(step)} before each of {Retries(call.Arguments.ValueFor("retryLimit"))}, the same for every consumer (Incremental)", DelayKind.Exponential);
            default:
                return null;
        }
    }

    /// <summary>
    /// Reads the Azure Functions isolated worker's <c>[FixedDelayRetry]</c>, which waits the same
    /// <c>delayInterval</c> before every retry of a stream or timer trigger (<c>maxRetryCount</c> -1: for ever). A
    /// retry there holds its partition's checkpoint and is made once per partition, not once per request, so retrying
    /// for ever is the trigger's way not to lose events, not an endless retry in the sense of RES1001.
    /// (<c>[ExponentialBackoffRetry]</c>'s delays are randomized by the Functions host.)
    /// </summary>
    private static SdkRetry? ReadFunctionsRetry(IObjectCreationOperation creation)
    {
        if (creation.Syntax.ContainsDiagnostics
            || creation.Arguments.ValueFor("maxRetryCount") is not { } countValue
            || Values.Integer(countValue) is not { } count
            || count is not (-1 or > 1))
        {
            return null;
        }

        var delay = creation.Arguments.ValueFor("delayInterval") is { } setDelay && Values.Constant(setDelay) is string text
            && TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var parsed)
                ? $"a fixed {Seconds(parsed)}"
                : "a fixed delay";
        var retries = count == -1 ? "retries, for as long as they fail" : $"its {Count(count)} retries";
        var location = creation.Syntax is AttributeSyntax attribute ? attribute.Name.GetLocation() : creation.Syntax.GetLocation();
        return new SdkRetry(location, FunctionsSubject, $"{delay} between {retries} (FixedDelayRetry)", DelayKind.Constant);
    }

    /// <summary>
    /// Reads a gRPC hedging policy written with its initializer: without a <c>HedgingDelay</c> (null, the default) or
    /// with a zero one, the channel sends every one of its attempts at once, on every call.
    /// </summary>
    private static SdkRetry? ReadGrpcHedging(IObjectCreationOperation creation)
    {
        if (creation.Initializer is null || creation.Type is not INamedTypeSymbol policy || creation.Syntax.ContainsDiagnostics)
        {
            return null;
        }

        var settings = SettingsInView.OfInitializer(creation.Initializer, policy);
        var delay = settings.Value("HedgingDelay");
        var attempts = settings.Value("MaxAttempts") is { } setAttempts ? Values.Integer(setAttempts) : null;
        if (delay is not null && Values.Duration(delay) != TimeSpan.Zero || attempts is null or <= 1)
        {
            return null;
        }

        var why = delay is null ? "no HedgingDelay" : "HedgingDelay is zero";
        return new SdkRetry(
            (delay ?? creation).Syntax.GetLocation(),
            "This gRPC hedging policy",
            $"no delay between its {Count(attempts.Value)} attempts, all sent at once on every call ({why})",
            DelayKind.None);
    }

    /// <summary>
    /// Reads a setting assigned in an initializer or a statement: RabbitMQ's recovery interval, or automatic recovery
    /// turned on with the default interval; an Azure client's fixed retry mode with more than one retry.
    /// </summary>
    private static SdkRetry? ReadAssignment(ISimpleAssignmentOperation assignment, SdkRetrySymbols symbols)
    {
        if (assignment.Target is not IPropertyReferenceOperation { Property: var property } || assignment.Syntax.ContainsDiagnostics)
        {
            return null;
        }

        var type = property.ContainingType;
        if (symbols.RabbitConnectionFactory is not null && SymbolEqualityComparer.Default.Equals(type, symbols.RabbitConnectionFactory))
        {
            return ReadRabbitRecovery(assignment, property.Name);
        }

        return symbols.AzureRetryOptions is not null && property.Name == "Mode" && SymbolEqualityComparer.Default.Equals(type, symbols.AzureRetryOptions)
            ? ReadAzureRetry(assignment)
            : null;
    }

    private static SdkRetry? ReadRabbitRecovery(ISimpleAssignmentOperation assignment, string property)
    {
        const string RecoveryInterval = "NetworkRecoveryInterval";
        var settings = SettingsInView.Of(assignment);
        var recoveryOff = settings.Value("AutomaticRecoveryEnabled") is { } enabled && Values.Constant(enabled) is false;
        if (property == RecoveryInterval && !recoveryOff && Values.Duration(assignment.Value) is { } interval)
        {
            return new SdkRetry(assignment.Value.Syntax.GetLocation(), RabbitSubject, $"a fixed {Seconds(interval)} between recovery attempts ({RecoveryInterval})", DelayKind.Constant, fix: SpreadPerClientProperty);
        }

        // Recovery turned on leaves the default interval only when the whole factory is in view.
        return property == "AutomaticRecoveryEnabled" && Values.Constant(assignment.Value) is true && settings.Complete && settings.Value(RecoveryInterval) is null
            ? new SdkRetry(assignment.Syntax.GetLocation(), RabbitSubject, $"a fixed 5 s between recovery attempts (the default {RecoveryInterval})", DelayKind.Constant)
            : null;
    }

    private static SdkRetry? ReadAzureRetry(ISimpleAssignmentOperation assignment)
    {
        if (assignment.Value is not IFieldReferenceOperation { Field.Name: "Fixed" })
        {
            return null;
        }

        // The default count is the client's own (3 in Azure.Core, 5 for Storage): named only when the code sets it.
        var settings = SettingsInView.Of(assignment);
        var maxRetries = settings.Value("MaxRetries") is { } setRetries ? Values.Integer(setRetries) : null;
        if (maxRetries is <= 1)
        {
            return null;
        }

        var delay = settings.Value("Delay") is { } setDelay ? Values.Duration(setDelay) : settings.Complete ? TimeSpan.FromMilliseconds(800) : null;
        var spacing = $"{(delay is { } fixedDelay ? $"a fixed {Seconds(fixedDelay)}" : "a fixed delay")} between "
            + $"{(maxRetries is { } count ? $"its {count.ToString(CultureInfo.InvariantCulture)} retries" : "its retries")} "
            + "(RetryMode.Fixed, whose jitter only shortens half the waits, by up to 20 %)";
        return new SdkRetry(assignment.Value.Syntax.GetLocation(), AzureSubject, spacing, DelayKind.Constant, saferName: "Exponential");
    }

    /// <summary>
    /// The settings the code gives one object where they can be read together: the initializer that holds the
    /// assignment, and the statements of the same block on the same receiver (<c>factory.X = …</c>,
    /// <c>options.Retry.X = …</c>), with the initializer of the local they set when it is created there. Complete when
    /// the object is created in view, so a setting not among them keeps its default; an object that comes from
    /// elsewhere (a parameter, a field) may be set there too.
    /// </summary>
    private sealed class SettingsInView
    {
        private readonly List<ISimpleAssignmentOperation> settings;

        private SettingsInView(IEnumerable<IOperation> candidates, INamedTypeSymbol type, bool complete)
        {
            settings = candidates
                .OfType<ISimpleAssignmentOperation>()
                .Where(setting => setting.Target is IPropertyReferenceOperation target && SymbolEqualityComparer.Default.Equals(target.Property.ContainingType, type))
                .ToList();
            Complete = complete;
        }

        internal bool Complete { get; }

        /// <summary>The value set for the property, or null when none of the settings in view sets it.</summary>
        internal IOperation? Value(string property) =>
            settings.FirstOrDefault(setting => ((IPropertyReferenceOperation)setting.Target).Property.Name == property)?.Value;

        /// <summary>The settings of an object's initializer, all of them in view.</summary>
        internal static SettingsInView OfInitializer(IObjectOrCollectionInitializerOperation initializer, INamedTypeSymbol type) =>
            new(initializer.Initializers, type, complete: true);

        internal static SettingsInView Of(ISimpleAssignmentOperation assignment)
        {
            var target = (IPropertyReferenceOperation)assignment.Target;
            var type = target.Property.ContainingType;
            switch (assignment.Parent)
            {
                case IObjectOrCollectionInitializerOperation initializer:
                    var later = initializer.Parent is IObjectCreationOperation { Parent: IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator } }
                        && declarator.Ancestors().OfType<IBlockOperation>().FirstOrDefault() is { } scope
                            ? StatementsOn(scope, receiver => receiver is ILocalReferenceOperation local && SymbolEqualityComparer.Default.Equals(local.Local, declarator.Symbol))
                            : [];
                    return new SettingsInView(initializer.Initializers.Concat(later), type, complete: true);
                case IExpressionStatementOperation { Parent: IBlockOperation block } when target.Instance is { } receiver:
                    var root = receiver;
                    while (root is IPropertyReferenceOperation { Instance: { } owner })
                    {
                        root = owner;
                    }

                    var creation = root is ILocalReferenceOperation { Local: var created } ? CreationIn(block, created) : null;
                    var initialized = receiver is ILocalReferenceOperation && creation?.Initializer is { } settings ? settings.Initializers : ImmutableArray<IOperation>.Empty;
                    return new SettingsInView(
                        StatementsOn(block, other => other.Syntax.IsEquivalentTo(receiver.Syntax)).Concat(initialized),
                        type,
                        complete: creation is not null);
                default:
                    return new SettingsInView([], type, complete: false);
            }
        }

        /// <summary>The assignments, among the block's statements, to a property of a receiver <paramref name="isReceiver"/> accepts.</summary>
        private static IEnumerable<IOperation> StatementsOn(IBlockOperation block, Func<IOperation, bool> isReceiver) =>
            block.Operations
                .OfType<IExpressionStatementOperation>()
                .Select(statement => statement.Operation)
                .Where(operation => operation is ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Instance: { } receiver } } && isReceiver(receiver));

        /// <summary>The object creation a declaration among the block's statements initializes the local with.</summary>
        private static IObjectCreationOperation? CreationIn(IBlockOperation block, ILocalSymbol local) =>
            block.Operations
                .OfType<IVariableDeclarationGroupOperation>()
                .SelectMany(group => group.Declarations)
                .SelectMany(declaration => declaration.Declarators)
                .FirstOrDefault(declarator => SymbolEqualityComparer.Default.Equals(declarator.Symbol, local))
                ?.Initializer?.Value.WalkDownConversions() as IObjectCreationOperation;
    }

    /// <summary>"5 s", "0.8 s".</summary>
    private static string Seconds(TimeSpan interval) => $"{interval.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s";

    /// <summary>"30 min", "8.3 h".</summary>
    private static string Span(TimeSpan span) =>
        span.TotalHours >= 1 ? $"{span.TotalHours.ToString("0.#", CultureInfo.InvariantCulture)} h" : $"{span.TotalMinutes.ToString("0", CultureInfo.InvariantCulture)} min";

    private static string Count(int count) => count.ToString(CultureInfo.InvariantCulture);

    /// <summary>"its 5 retries" when the count is a constant the code shows, else "its retries".</summary>
    private static string Retries(IOperation? count) =>
        count is not null && Values.Integer(count) is { } known ? $"its {Count(known)} retries" : "its retries";

    private const string EfSubject = "This EF Core retry on failure";

    private const string MassTransitSubject = "This MassTransit message retry";

    private const string FunctionsSubject = "This Azure Functions retry";

    private const string RabbitSubject = "This RabbitMQ connection's automatic recovery";

    private const string AzureSubject = "This Azure client's retry";

    private const string RedisSubject = "This StackExchange.Redis reconnect policy";

    private const string SignalRSubject = "This SignalR client's automatic reconnect";

    /// <summary>"a fixed 5000 ms" when the value is a constant the code shows, else "a fixed interval".</summary>
    private static string Interval(IOperation? value) =>
        value is not null && Values.Integer(value) is { } milliseconds ? $"a fixed {milliseconds.ToString(CultureInfo.InvariantCulture)} ms" : "a fixed interval";
}
