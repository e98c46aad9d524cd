using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using ResilienceAnalyzers.CodeFixes.Infrastructure;
using ResilienceAnalyzers.Infrastructure;

namespace ResilienceAnalyzers.CodeFixes.RetryStorms;

/// <summary>
/// Full jitter: a delay <c>d</c> becomes a random wait between zero and <c>d</c> — for a <c>TimeSpan</c>,
/// <c>TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * d.TotalMilliseconds)</c>; for milliseconds as an
/// <c>int</c>, <c>(int)(Random.Shared.NextDouble() * d)</c>. Given an attempt counter, the bound also doubles with each
/// attempt (<c>* Math.Pow(2, attempt)</c>): exponential backoff with full jitter.
/// </summary>
internal static class FullJitter
{
    /// <summary>True when the compilation has <c>Random.Shared</c> (.NET 6 and later), which the jitter uses.</summary>
    internal static bool IsAvailable(Compilation compilation) =>
        WellKnownTypes.For(compilation).Get(WellKnownTypeNames.SystemRandom)?.GetMembers("Shared").IsEmpty == false;

    /// <summary>
    /// The jittered expression, growing with <paramref name="attempt"/> when given, or <see langword="null"/> when the
    /// delay's type is neither or <c>Random.Shared</c> does not exist.
    /// </summary>
    internal static ExpressionSyntax? Apply(ExpressionSyntax delay, SemanticModel model, string? attempt = null)
    {
        if (!IsAvailable(model.Compilation))
        {
            return null;
        }

        var holes = new Dictionary<string, ExpressionSyntax> { ["delay"] = delay };
        var growth = attempt is null ? string.Empty : $" * global::System.Math.Pow(2, {attempt})";
        return model.GetTypeInfo(delay).Type switch
        {
            { Name: "TimeSpan", ContainingNamespace.Name: "System" } => SyntaxTemplates.Expression(
                $"global::System.TimeSpan.FromMilliseconds(global::System.Random.Shared.NextDouble() * delay.TotalMilliseconds{growth})", holes).WithTriviaFrom(delay),
            { SpecialType: SpecialType.System_Int32 } => SyntaxTemplates.Expression(
                $"(int)(global::System.Random.Shared.NextDouble() * delay{growth})", holes).WithTriviaFrom(delay),
            _ => null,
        };
    }

    /// <summary>
    /// A <c>TimeSpan</c> interval drawn once, between it and twice it: an SDK that waits the same interval before every
    /// attempt then waits a different one in each client, so a fleet's attempts fall apart instead of arriving together.
    /// </summary>
    internal static ExpressionSyntax? PerClient(ExpressionSyntax interval, SemanticModel model) =>
        IsAvailable(model.Compilation) && model.GetTypeInfo(interval).Type is { Name: "TimeSpan", ContainingNamespace.Name: "System" }
            ? SyntaxTemplates.Expression(
                "global::System.TimeSpan.FromMilliseconds(interval.TotalMilliseconds * (1 + global::System.Random.Shared.NextDouble()))",
                new Dictionary<string, ExpressionSyntax> { ["interval"] = interval }).WithTriviaFrom(interval)
            : null;

    /// <summary>A wait of up to <paramref name="baseDelayMilliseconds"/> × 2^<paramref name="attempt"/>, as a <c>TimeSpan</c>.</summary>
    internal static ExpressionSyntax Exponential(string baseDelayMilliseconds, string attempt) => SyntaxTemplates.Expression(
        $"global::System.TimeSpan.FromMilliseconds(global::System.Random.Shared.NextDouble() * {baseDelayMilliseconds} * global::System.Math.Pow(2, {attempt}))");
}
