using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Globalization;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using ResilienceAnalyzers.CacheStampede;
using ResilienceAnalyzers.CodeFixes.Infrastructure;
using ResilienceAnalyzers.CodeFixes.RetryStorms;
using ResilienceAnalyzers.Infrastructure;

namespace ResilienceAnalyzers.CodeFixes.CacheStampede;

/// <summary>
/// Jitters a constant TTL by ±p % (<c>resilience.ttl_jitter_percent</c>, default 10): <c>ttl</c> becomes
/// <c>TimeSpan.FromMilliseconds(ttl.TotalMilliseconds * (0.9 + Random.Shared.NextDouble() * 0.2))</c>. Offered where
/// <c>Random.Shared</c> exists; RES9001 keeps CA5394 quiet about it, since the randomness only spreads expiries.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(RES2002SynchronizedExpiryCodeFix))]
[Shared]
internal sealed class RES2002SynchronizedExpiryCodeFix : ExpressionCodeFix
{
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(Descriptors.RES2002SynchronizedExpiry.Id);

    private protected override string Title => "Jitter the TTL";

    private protected override ExpressionSyntax? Replacement(ExpressionSyntax marked, Diagnostic diagnostic, SemanticModel model, CancellationToken cancellationToken) =>
        FullJitter.IsAvailable(model.Compilation)
        && diagnostic.Option(RES2002SynchronizedExpiryAnalyzer.JitterPercentProperty) is { } percent
            ? Jittered(marked, percent)
            : null;

    private static ExpressionSyntax Jittered(ExpressionSyntax ttl, int percent)
    {
        // A jitter of 100 % or more could make the TTL zero or negative.
        percent = System.Math.Min(percent, 50);
        var lowest = (1 - (percent / 100.0)).ToString("0.0##", CultureInfo.InvariantCulture);
        var width = (2 * percent / 100.0).ToString("0.0##", CultureInfo.InvariantCulture);
        return SyntaxTemplates.Expression(
            $"global::System.TimeSpan.FromMilliseconds(ttl.TotalMilliseconds * ({lowest} + global::System.Random.Shared.NextDouble() * {width}))",
            new Dictionary<string, ExpressionSyntax> { ["ttl"] = ttl });
    }
}
