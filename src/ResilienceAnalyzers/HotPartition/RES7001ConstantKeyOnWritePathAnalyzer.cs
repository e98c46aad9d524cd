using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using ResilienceAnalyzers.Infrastructure;
using ResilienceAnalyzers.RequestPaths;

namespace ResilienceAnalyzers.HotPartition;

/// <summary>
/// RES7001: a StackExchange.Redis write that accumulates under one key — <c>StringIncrement</c>,
/// <c>StringDecrement</c>, <c>HashIncrement</c>, <c>HashDecrement</c>, <c>ListLeftPush</c>, <c>ListRightPush</c>,
/// <c>SortedSetIncrement</c>, <c>SortedSetAdd</c>, <c>SetAdd</c>, <c>HyperLogLogAdd</c>, <c>StreamAdd</c> and their
/// async forms — whose key is a constant, on a request path: live in the handler, at compilation end in methods a handler
/// reaches. A key built from the request (<c>$"cart:{id}"</c>) spreads over the keyspace and is not flagged.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
internal sealed class RES7001ConstantKeyOnWritePathAnalyzer : ResilienceAnalyzer<INamedTypeSymbol>
{
    /// <summary>Diagnostic property: how many keys the fix salts the key into (<c>resilience.hot_key_shards</c>).</summary>
    internal const string ShardsProperty = "Shards";

    private static readonly string[] AccumulatingWriteNames =
    {
        "StringIncrement", "StringDecrement", "HashIncrement", "HashDecrement", "ListLeftPush", "ListRightPush",
        "SortedSetIncrement", "SortedSetAdd", "SetAdd", "HyperLogLogAdd", "StreamAdd",
    };

    private static readonly HashSet<string> AccumulatingWrites = MethodNames.SyncAndAsync(AccumulatingWriteNames);

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(Descriptors.RES7001ConstantKeyOnWritePath, Descriptors.RES7001ConstantKeyAcrossMethods);

    internal override INamedTypeSymbol? ResolveSymbols(WellKnownTypes types) => types.Get(WellKnownTypeNames.StackExchangeRedisIDatabaseAsync);

    internal override bool CanFindAnything(CompilationFacts facts) => facts.MentionsAny(AccumulatingWriteNames);

    internal override void OnCompilationStart(RuleContext context, INamedTypeSymbol redisDatabase)
    {
        var findings = new RequestPathFindings(context, Descriptors.RES7001ConstantKeyOnWritePath, Descriptors.RES7001ConstantKeyAcrossMethods);
        context.RegisterCallsNamed(
            AccumulatingWrites,
            c =>
            {
                var call = (IInvocationOperation)c.Operation;
                if (AccumulatingWrites.Contains(call.TargetMethod.Name)
                    && call.TargetMethod.ContainingType.InheritsFromOrEquals(redisDatabase)
                    && call.Arguments.ValueFor("key") is { } key
                    && ConstantKey(key) is { } constant)
                {
                    var shards = c.Options.ReadAsProperty(call.Syntax.SyntaxTree, ResilienceOptions.HotKeyShards, ShardsProperty);
                    findings.Report(c, call, call.NameLocation(), shards, call.TargetMethod.Name, constant);
                }
            });
    }

    /// <summary>The key's text when it is a constant string, converted to <c>RedisKey</c> implicitly.</summary>
    private static string? ConstantKey(IOperation key) =>
        key.WalkDownConversions().ConstantValue is { HasValue: true, Value: string text } ? text : null;
}
