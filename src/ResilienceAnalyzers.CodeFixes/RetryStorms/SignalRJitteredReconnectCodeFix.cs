using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;
using ResilienceAnalyzers.CodeFixes.Infrastructure;
using ResilienceAnalyzers.Infrastructure;
using ResilienceAnalyzers.RetryStorms;

namespace ResilienceAnalyzers.CodeFixes.RetryStorms;

/// <summary>
/// Gives a SignalR client whose automatic reconnect waits a fixed schedule (<c>WithAutomaticReconnect()</c>, or delays
/// written in the call) a policy that randomizes every wait and still stops:
/// <c>WithAutomaticReconnect(new JitteredReconnectPolicy())</c>, with the policy added to the file as a file-local class
/// (C# 11), once however many clients the file configures — so Fix All across files declares no type twice. Before
/// attempt n it waits a random time between zero and min(30 s, 1 s × 2ⁿ); after 5 minutes it returns null, which ends
/// the reconnects and raises <c>Closed</c>.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(SignalRJitteredReconnectCodeFix))]
[Shared]
internal sealed class SignalRJitteredReconnectCodeFix : EditingCodeFix
{
    private const string PolicyName = "JitteredReconnectPolicy";

    private const string Policy = """
        /// <summary>Reconnects after a random wait between zero and min(30 s, 1 s × 2ⁿ), so a fleet that lost its hub together does not come back together; gives up after 5 minutes.</summary>
        file sealed class JitteredReconnectPolicy : global::Microsoft.AspNetCore.SignalR.Client.IRetryPolicy
        {
            public global::System.TimeSpan? NextRetryDelay(global::Microsoft.AspNetCore.SignalR.Client.RetryContext retryContext)
            {
                if (retryContext.ElapsedTime >= global::System.TimeSpan.FromMinutes(5))
                {
                    return null;
                }

                var ceiling = global::System.Math.Min(30_000, 1_000 * global::System.Math.Pow(2, retryContext.PreviousRetryCount));
                return global::System.TimeSpan.FromMilliseconds(global::System.Random.Shared.NextDouble() * ceiling);
            }
        }
        """;

    public override ImmutableArray<string> FixableDiagnosticIds { get; } =
        ImmutableArray.Create(Descriptors.RES1002RetryWithoutBackoff.Id, Descriptors.RES1003BackoffWithoutJitter.Id);

    private protected override string Title => "Reconnect with a jittered policy that stops";

    private protected override bool CanFix(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken) =>
        Reconnect(root, diagnostic) is not null
        && model.SyntaxTree.Options is CSharpParseOptions { LanguageVersion: >= LanguageVersion.CSharp11 }
        && FullJitter.IsAvailable(model.Compilation);

    private protected override void Edit(DocumentEditor editor, SyntaxNode root, SemanticModel model, IEnumerable<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        var calls = diagnostics.Select(diagnostic => Reconnect(root, diagnostic)).OfType<InvocationExpressionSyntax>().ToList();
        if (calls.Count == 0)
        {
            return;
        }

        // A policy an earlier fix added to this file is used again; another type of that name gets a policy named apart.
        var existing = ExistingPolicy(root);
        var name = existing ?? Scope.FreeName(model, calls[0].SpanStart, PolicyName);
        foreach (var call in calls)
        {
            var policy = SyntaxFactory.Argument(SyntaxFactory.ParseExpression($"new {name}()"));
            editor.ReplaceNode(call.ArgumentList, call.ArgumentList.WithArguments(SyntaxFactory.SingletonSeparatedList(policy)));
        }

        if (existing is null)
        {
            // In a file-scoped namespace every later member is the namespace's; elsewhere the class goes last in the file.
            var container = root.ChildNodes().OfType<FileScopedNamespaceDeclarationSyntax>().FirstOrDefault() ?? root;
            editor.AddMember(container, PolicyClass(name, NewLine(root)));
        }
    }

    /// <summary>The line break the file uses.</summary>
    private static string NewLine(SyntaxNode root) =>
        root.DescendantTrivia().FirstOrDefault(trivia => trivia.IsKind(SyntaxKind.EndOfLineTrivia)).ToString() is { Length: > 0 } newLine ? newLine : "\n";

    /// <summary>The <c>WithAutomaticReconnect(…)</c> call a diagnostic of the SignalR reader names, or null.</summary>
    private static InvocationExpressionSyntax? Reconnect(SyntaxNode root, Diagnostic diagnostic) =>
        diagnostic.Properties.ContainsKey(SdkRetry.JitteredReconnectProperty)
        && root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is SimpleNameSyntax { Identifier.ValueText: "WithAutomaticReconnect", Parent: MemberAccessExpressionSyntax { Parent: InvocationExpressionSyntax call } }
            ? call
            : null;

    /// <summary>The name of the file-local policy an earlier fix added to this file, or null.</summary>
    private static string? ExistingPolicy(SyntaxNode root) =>
        root.DescendantNodes(node => node is CompilationUnitSyntax or BaseNamespaceDeclarationSyntax)
            .OfType<ClassDeclarationSyntax>()
            .FirstOrDefault(type => type.Modifiers.Any(SyntaxKind.FileKeyword) && type.Identifier.ValueText.StartsWith(PolicyName, System.StringComparison.Ordinal)
                && type.BaseList?.Types.Any(baseType => baseType.Type.ToString().EndsWith("IRetryPolicy", System.StringComparison.Ordinal)) == true)
            ?.Identifier.ValueText;

    /// <summary>The policy class, its types marked for the simplifier, after a blank line.</summary>
    private static ClassDeclarationSyntax PolicyClass(string name, string newLine)
    {
        var declaration = (ClassDeclarationSyntax)SyntaxTemplates.Member(Policy, newLine);
        return declaration
            .WithIdentifier(SyntaxFactory.Identifier(name))
            .WithLeadingTrivia(declaration.GetLeadingTrivia().Insert(0, SyntaxFactory.EndOfLine(newLine)))
            .WithAdditionalAnnotations(Formatter.Annotation);
    }
}
