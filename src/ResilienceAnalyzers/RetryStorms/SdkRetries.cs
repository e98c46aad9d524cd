using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using ResilienceAnalyzers.Infrastructure;

namespace ResilienceAnalyzers.RetryStorms;

/// <summary>The retry settings types of the SDKs the retry rules read; each absent when its SDK is not referenced.</summary>
internal sealed class SdkRetrySymbols
{
    private SdkRetrySymbols(WellKnownTypes types)
    {
        RedisLinearRetry = types.Get(WellKnownTypeNames.StackExchangeRedisLinearRetry);
        RedisExponentialRetry = types.Get(WellKnownTypeNames.StackExchangeRedisExponentialRetry);
        SignalRBuilderExtensions = types.Get(WellKnownTypeNames.MicrosoftAspNetCoreSignalRClientHubConnectionBuilderExtensions);
        RabbitConnectionFactory = types.Get(WellKnownTypeNames.RabbitMQClientConnectionFactory);
        AzureRetryOptions = types.Get(WellKnownTypeNames.AzureCoreRetryOptions);

        var kinds = ImmutableArray.CreateBuilder<OperationKind>();
        if (RedisLinearRetry is not null || RedisExponentialRetry is not null)
        {
            kinds.Add(OperationKind.ObjectCreation);
        }

        if (SignalRBuilderExtensions is not null)
        {
            kinds.Add(OperationKind.Invocation);
        }

        if (RabbitConnectionFactory is not null || AzureRetryOptions is not null)
        {
            kinds.Add(OperationKind.SimpleAssignment);
        }

        OperationKinds = kinds.ToArray();
    }

    internal INamedTypeSymbol? RedisLinearRetry { get; }

    internal INamedTypeSymbol? RedisExponentialRetry { get; }

    /// <summary>The SignalR client's <c>WithAutomaticReconnect</c> extensions.</summary>
    internal INamedTypeSymbol? SignalRBuilderExtensions { get; }

    /// <summary>RabbitMQ.Client's <c>ConnectionFactory</c>, whose properties set its automatic recovery.</summary>
    internal INamedTypeSymbol? RabbitConnectionFactory { get; }

    /// <summary>Azure.Core's <c>RetryOptions</c>, the <c>Retry</c> of every Azure client's options.</summary>
    internal INamedTypeSymbol? AzureRetryOptions { get; }

    /// <summary>
    /// The operations that set the referenced SDKs' retries: creations (Redis's policies), calls (SignalR's
    /// <c>WithAutomaticReconnect</c>), assignments to properties (RabbitMQ, Azure).
    /// </summary>
    internal OperationKind[] OperationKinds { get; }

    /// <summary>The SDKs' types, or null when the compilation references none of them.</summary>
    internal static SdkRetrySymbols? Resolve(WellKnownTypes types)
    {
        var symbols = new SdkRetrySymbols(types);
        return symbols.OperationKinds.Length == 0 ? null : symbols;
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
/// the waits are exactly the delay.
/// </summary>
internal sealed class SdkRetry
{
    /// <summary>Diagnostic property: the name a fix writes in place of the flagged one's last name (<c>LinearRetry</c> → <c>ExponentialRetry</c>).</summary>
    internal const string SaferNameProperty = "SaferName";

    /// <summary>Diagnostic property, present when the fix draws the flagged interval once per client, between it and twice it.</summary>
    internal const string SpreadPerClientProperty = "SpreadPerClient";

    private SdkRetry(Location location, string subject, string spacing, DelayKind delay, string? saferName = null, bool spreadPerClient = false)
    {
        Location = location;
        Subject = subject;
        Spacing = spacing;
        Delay = delay;
        SaferName = saferName;
        SpreadPerClient = spreadPerClient;
    }

    /// <summary>Where the settings are made: the creation, the value assigned, or the name of the configuring call.</summary>
    internal Location Location { get; }

    /// <summary>"This StackExchange.Redis reconnect policy".</summary>
    internal string Subject { get; }

    /// <summary>How the attempts are spaced, as a message says it: "a fixed 5000 ms between reconnect attempts (LinearRetry)".</summary>
    internal string Spacing { get; }

    internal DelayKind Delay { get; }

    /// <summary>The name a fix puts in place of the flagged one's last name (<c>ExponentialRetry</c> for <c>LinearRetry</c>), or null.</summary>
    internal string? SaferName { get; }

    /// <summary>True when the fix is to draw a fixed interval once per client, so a fleet's attempts fall apart.</summary>
    internal bool SpreadPerClient { get; }

    /// <summary>The properties a diagnostic carries for the fix.</summary>
    internal ImmutableDictionary<string, string?>? FixProperties() =>
        SaferName is { } safer ? ImmutableDictionary<string, string?>.Empty.Add(SaferNameProperty, safer)
        : SpreadPerClient ? ImmutableDictionary<string, string?>.Empty.Add(SpreadPerClientProperty, null)
        : null;

    /// <summary>Reads an SDK's retry settings where an operation sets them; null when it sets none.</summary>
    internal static SdkRetry? TryRead(IOperation operation, SdkRetrySymbols symbols) => operation switch
    {
        IObjectCreationOperation creation => ReadCreation(creation, symbols),
        IInvocationOperation call => ReadCall(call, symbols),
        ISimpleAssignmentOperation assignment => ReadAssignment(assignment, symbols),
        _ => null,
    };

    /// <summary>Reads StackExchange.Redis's reconnect policies from their creation.</summary>
    private static SdkRetry? ReadCreation(IObjectCreationOperation creation, SdkRetrySymbols symbols)
    {
        var type = creation.Type;
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

    /// <summary>Reads the SignalR client's automatic reconnect from <c>WithAutomaticReconnect</c>; null for a custom <c>IRetryPolicy</c> or delays the code does not show.</summary>
    private static SdkRetry? ReadCall(IInvocationOperation call, SdkRetrySymbols symbols)
    {
        if (call.TargetMethod.Name != "WithAutomaticReconnect" || !SymbolEqualityComparer.Default.Equals(call.TargetMethod.ContainingType, symbols.SignalRBuilderExtensions))
        {
            return null;
        }

        // A call still being typed ("WithAutomaticReconnect(") binds as the default; wait until it is written.
        if (call.Arguments.Length == 1 && !call.Syntax.ContainsDiagnostics)
        {
            return new SdkRetry(call.NameLocation(), SignalRSubject, "0, 2, 10 and 30 s before its four attempts, the default of WithAutomaticReconnect(), the same for every client", DelayKind.Exponential);
        }

        if (call.Arguments.ValueFor("reconnectDelays")?.WalkDownConversions() is not IArrayCreationOperation { Initializer: { } delays } || delays.ElementValues.Length == 0)
        {
            return null;
        }

        var seconds = delays.ElementValues.Select(delay => Values.Duration(delay)).ToList();
        if (seconds.Any(delay => delay is null))
        {
            return null;
        }

        var schedule = $"a fixed schedule, the same for every client ({string.Join(", ", seconds.Select(delay => delay!.Value.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)))} s)";
        if (seconds.Distinct().Count() == 1)
        {
            return new SdkRetry(call.NameLocation(), SignalRSubject, schedule, DelayKind.Constant);
        }

        // Delays that only grow back off; a schedule that also shrinks is the code's own design, left to review.
        var grows = seconds.Zip(seconds.Skip(1), (earlier, later) => later >= earlier).All(grew => grew);
        return grows ? new SdkRetry(call.NameLocation(), SignalRSubject, schedule, DelayKind.Exponential) : null;
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
            return new SdkRetry(assignment.Value.Syntax.GetLocation(), RabbitSubject, $"a fixed {Seconds(interval)} between recovery attempts ({RecoveryInterval})", DelayKind.Constant, spreadPerClient: true);
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

    private const string RabbitSubject = "This RabbitMQ connection's automatic recovery";

    private const string AzureSubject = "This Azure client's retry";

    private const string RedisSubject = "This StackExchange.Redis reconnect policy";

    private const string SignalRSubject = "This SignalR client's automatic reconnect";

    /// <summary>"a fixed 5000 ms" when the value is a constant the code shows, else "a fixed interval".</summary>
    private static string Interval(IOperation? value) =>
        value is not null && Values.Integer(value) is { } milliseconds ? $"a fixed {milliseconds.ToString(CultureInfo.InvariantCulture)} ms" : "a fixed interval";
}
