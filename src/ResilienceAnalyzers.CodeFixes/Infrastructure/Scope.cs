using System.Globalization;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace ResilienceAnalyzers.CodeFixes.Infrastructure;

/// <summary>What is in scope where a fix writes code: the names it can take, and the cancellation token it can pass on.</summary>
internal static class Scope
{
    /// <summary><paramref name="name"/>, or it followed by the first number that names nothing in scope.</summary>
    internal static string FreeName(SemanticModel model, int position, string name)
    {
        var candidate = name;
        for (var suffix = 2; model.LookupSymbols(position, name: candidate).Any(); suffix++)
        {
            candidate = name + suffix.ToString(CultureInfo.InvariantCulture);
        }

        return candidate;
    }

    /// <summary>The name of the <c>CancellationToken</c> parameter of the method that encloses the position, if it has one.</summary>
    internal static string? CancellationToken(SemanticModel model, int position, CancellationToken cancellationToken) =>
        CancellationTokenOf(model.GetEnclosingSymbol(position, cancellationToken) as IMethodSymbol);

    /// <summary>The name of the method's <c>CancellationToken</c> parameter, if it has one.</summary>
    internal static string? CancellationTokenOf(IMethodSymbol? method) =>
        method?.Parameters.FirstOrDefault(parameter => parameter.Type is { Name: "CancellationToken", ContainingNamespace.Name: "Threading" })?.Name;
}
