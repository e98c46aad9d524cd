using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using ResilienceAnalyzers.Infrastructure;

namespace ResilienceAnalyzers.RetryStorms;

/// <summary>Polly v8's <c>DelayBackoffType</c>, by value.</summary>
internal enum BackoffKind
{
    Constant = 0,
    Linear = 1,
    Exponential = 2,
}

/// <summary>
/// One setting of a retry options object: its value when the code makes it a constant, and the operation that set it
/// (<see langword="null"/> when the type's default applies).
/// </summary>
internal readonly struct Setting<T>
    where T : struct
{
    internal Setting(T? value, IOperation? setBy)
    {
        Value = value;
        SetBy = setBy;
    }

    /// <summary>The value, or <see langword="null"/> when it is not a compile-time constant.</summary>
    internal T? Value { get; }

    internal IOperation? SetBy { get; }

    internal bool IsDefault => SetBy is null;
}

/// <summary>The Polly v8 types a retry-options reading needs; absent when the compilation lacks Polly.Core.</summary>
internal sealed class PollyRetrySymbols
{
    private PollyRetrySymbols(INamedTypeSymbol retryStrategyOptions, INamedTypeSymbol? httpRetryStrategyOptions, INamedTypeSymbol? random)
    {
        RetryStrategyOptions = retryStrategyOptions;
        HttpRetryStrategyOptions = httpRetryStrategyOptions;
        Random = random;
    }

    /// <summary><c>Polly.Retry.RetryStrategyOptions&lt;TResult&gt;</c>, the base of every retry options type.</summary>
    internal INamedTypeSymbol RetryStrategyOptions { get; }

    /// <summary><c>HttpRetryStrategyOptions</c>, whose defaults differ (exponential with jitter).</summary>
    internal INamedTypeSymbol? HttpRetryStrategyOptions { get; }

    /// <summary>System.Random, whose use in a <c>DelayGenerator</c> is jitter.</summary>
    internal INamedTypeSymbol? Random { get; }

    internal static PollyRetrySymbols? Resolve(WellKnownTypes types) =>
        types.Get(WellKnownTypeNames.PollyRetryRetryStrategyOptions1) is { } options
            ? new PollyRetrySymbols(options, types.Get(WellKnownTypeNames.MicrosoftExtensionsHttpResilienceHttpRetryStrategyOptions), types.Get(WellKnownTypeNames.SystemRandom))
            : null;
}

/// <summary>
/// The retry-site model for Polly v8: a <c>RetryStrategyOptions</c>, <c>RetryStrategyOptions&lt;T&gt;</c> or
/// <c>HttpRetryStrategyOptions</c> created in code, with what its settings resolve to — the object initializer, then
/// assignments to the local that holds it, then the type's real defaults (Constant, 2 s, no jitter, 3 attempts for
/// RetryStrategyOptions; Exponential with jitter for HttpRetryStrategyOptions).
/// </summary>
internal sealed class PollyRetryOptions
{
    internal const string MaxRetryAttemptsName = "MaxRetryAttempts";
    internal const string BackoffTypeName = "BackoffType";
    internal const string UseJitterName = "UseJitter";
    private const string DelayName = "Delay";
    private const string DelayGeneratorName = "DelayGenerator";

    /// <summary>Polly's defaults, which a test checks against the real option types.</summary>
    internal const int DefaultMaxRetryAttempts = 3;

    private readonly Dictionary<string, (object? Value, IOperation SetBy)> settings;

    private PollyRetryOptions(IObjectCreationOperation creation, Dictionary<string, (object? Value, IOperation SetBy)> settings, bool hasHttpDefaults, INamedTypeSymbol? random)
    {
        Creation = creation;
        this.settings = settings;
        MaxRetryAttempts = Read(settings, MaxRetryAttemptsName, DefaultMaxRetryAttempts, value => value as int?);
        Backoff = Read(settings, BackoffTypeName, DefaultBackoff(hasHttpDefaults), value => value is int kind && Enum.IsDefined(typeof(BackoffKind), kind) ? (BackoffKind)kind : null);
        UseJitter = Read(settings, UseJitterName, DefaultUseJitter(hasHttpDefaults), value => value as bool?);
        if (settings.TryGetValue(DelayGeneratorName, out var generator))
        {
            DelayGenerator = generator.SetBy;
            GeneratedDelay = DelayShapes.ClassifyGenerator(generator.SetBy, IsAttemptNumber, random);
        }
        if (settings.TryGetValue(DelayName, out var delay) && IsZeroTimeSpan(delay.SetBy))
        {
            ZeroDelaySetBy = delay.SetBy;
        }
    }

    /// <summary>
    /// What code that creates retry options spells: the options type (<c>RetryStrategyOptions</c>,
    /// <c>HttpRetryStrategyOptions</c>, or the base of a type deriving from them), or, for a target-typed <c>new()</c>,
    /// the call or the handler options it is handed to. Every reading starts at such a creation.
    /// </summary>
    internal static string[] NamesWhereCreated { get; } = { "RetryStrategyOptions", "AddRetry", "ResilienceHandler", "ResilienceOptions" };

    internal IObjectCreationOperation Creation { get; }

    /// <summary><c>RetryStrategyOptions</c> defaults to Constant; <c>HttpRetryStrategyOptions</c> to Exponential.</summary>
    internal static BackoffKind DefaultBackoff(bool httpOptions) => httpOptions ? BackoffKind.Exponential : BackoffKind.Constant;

    /// <summary><c>RetryStrategyOptions</c> defaults to no jitter; <c>HttpRetryStrategyOptions</c> to jitter.</summary>
    internal static bool DefaultUseJitter(bool httpOptions) => httpOptions;

    internal Setting<int> MaxRetryAttempts { get; }

    internal Setting<BackoffKind> Backoff { get; }

    internal Setting<bool> UseJitter { get; }

    /// <summary>The <c>DelayGenerator</c> the code sets, if any: the delays are then whatever it returns.</summary>
    internal IOperation? DelayGenerator { get; }

    /// <summary>The shape of the delays the <c>DelayGenerator</c> returns, read from its body; unknown without one.</summary>
    internal (DelayKind Kind, bool HasJitter) GeneratedDelay { get; }

    /// <summary>The operation that sets <c>Delay</c> to zero (no wait between attempts, whatever the backoff type), if any.</summary>
    internal IOperation? ZeroDelaySetBy { get; }

    /// <summary>The value the code assigns to a property, last in source order, or <see langword="null"/> when it keeps its default.</summary>
    internal IOperation? AssignedValue(string propertyName) => settings.TryGetValue(propertyName, out var setting) ? setting.SetBy : null;

    /// <summary>The options type as the code names it, e.g. <c>RetryStrategyOptions&lt;HttpResponseMessage&gt;</c>.</summary>
    internal string TypeName => Creation.Type?.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat) ?? "RetryStrategyOptions";

    /// <summary>
    /// Reads a retry options creation, or returns <see langword="null"/> when it is not one, or when code the analyzer
    /// cannot see may still change it: the options are returned to a caller, or the local holding them is passed to
    /// anything but a pipeline builder's <c>AddRetry</c>.
    /// </summary>
    internal static PollyRetryOptions? TryRead(IObjectCreationOperation creation, PollyRetrySymbols symbols)
    {
        if (!IsRetryOptions(creation.Type, symbols.RetryStrategyOptions) || creation.Arguments.Length > 0)
        {
            return null;
        }

        var settings = new Dictionary<string, (object? Value, IOperation SetBy)>(StringComparer.Ordinal);
        foreach (var assignment in creation.Initializer?.Initializers.OfType<ISimpleAssignmentOperation>() ?? Enumerable.Empty<ISimpleAssignmentOperation>())
        {
            Record(settings, assignment, alwaysRuns: true);
        }

        switch (creation.ParentSkippingConversions())
        {
            case IReturnOperation:
                return null;
            case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator }:
                if (!ReadLaterAssignments(creation, declarator.Symbol, settings))
                {
                    return null;
                }

                break;
        }

        var hasHttpDefaults = creation.Type.InheritsFromOrEquals(symbols.HttpRetryStrategyOptions);
        return new PollyRetryOptions(creation, settings, hasHttpDefaults, symbols.Random);
    }

    /// <summary>
    /// Reads the options an operation belongs to: an options creation itself, or an assignment to a property of the
    /// local that holds one. Each analyzer reports a setting from the operation that contains it, so the diagnostic is
    /// local to the code the IDE is analyzing.
    /// </summary>
    internal static PollyRetryOptions? TryReadAt(IOperation operation, PollyRetrySymbols symbols) => operation switch
    {
        IObjectCreationOperation creation => TryRead(creation, symbols),
        ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Instance: ILocalReferenceOperation holder } }
            when IsRetryOptions(holder.Type, symbols.RetryStrategyOptions) =>
            holder.DeclaredValue()?.WalkDownConversions() is IObjectCreationOperation holderCreation
                    ? TryRead(holderCreation, symbols)
                    : null,
        _ => null,
    };

    private static bool IsRetryOptions(ITypeSymbol? type, INamedTypeSymbol retryStrategyOptions)
    {
        for (var current = type as INamedTypeSymbol; current is not null; current = current.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(current.OriginalDefinition, retryStrategyOptions))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Applies assignments to the options' properties through the local that holds them. An assignment that runs only
    /// on some paths (inside an if, a loop, a lambda) makes the value unknown. Returns false when the local escapes to
    /// code that may change the options.
    /// </summary>
    private static bool ReadLaterAssignments(IOperation creation, ILocalSymbol local, Dictionary<string, (object? Value, IOperation SetBy)> settings)
    {
        var references = creation.ReferencesTo(local).OrderBy(reference => reference.Syntax.SpanStart);

        foreach (var reference in references)
        {
            switch (reference.Parent)
            {
                case IPropertyReferenceOperation { Parent: ISimpleAssignmentOperation assignment } property when assignment.Target == property:
                    Record(settings, assignment, alwaysRuns: RunsWhenTheDeclarationRuns(assignment, creation));
                    break;
                case IPropertyReferenceOperation:
                    break;
                case IArgumentOperation { Parent: IInvocationOperation { TargetMethod.Name: "AddRetry" } }:
                    break;
                default:
                    return false;
            }
        }

        return true;
    }

    private static void Record(Dictionary<string, (object? Value, IOperation SetBy)> settings, ISimpleAssignmentOperation assignment, bool alwaysRuns)
    {
        if (assignment.Target is IPropertyReferenceOperation property)
        {
            var value = assignment.Value.WalkDownConversions();
            settings[property.Property.Name] = (alwaysRuns ? Values.Constant(value) : null, value);
        }
    }

    /// <summary>True when the assignment is a statement of the block that declares the options.</summary>
    private static bool RunsWhenTheDeclarationRuns(ISimpleAssignmentOperation assignment, IOperation creation)
    {
        var declarationBlock = creation.Parent;
        while (declarationBlock is not null and not IBlockOperation)
        {
            declarationBlock = declarationBlock.Parent;
        }

        return assignment.Parent is IExpressionStatementOperation { Parent: var block } && block == declarationBlock;
    }

    private static Setting<T> Read<T>(Dictionary<string, (object? Value, IOperation SetBy)> settings, string name, T defaultValue, Func<object?, T?> convert)
        where T : struct =>
        settings.TryGetValue(name, out var setting)
            ? new Setting<T>(convert(setting.Value), setting.SetBy)
            : new Setting<T>(defaultValue, setBy: null);

    /// <summary>The generator's <c>args.AttemptNumber</c>.</summary>
    private static bool IsAttemptNumber(IOperation operation) =>
        operation is IPropertyReferenceOperation { Property.Name: "AttemptNumber", Instance: IParameterReferenceOperation };

    private static bool IsZeroTimeSpan(IOperation value) => Values.Duration(value) == TimeSpan.Zero;
}
