using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace ResilienceAnalyzers.Infrastructure;

/// <summary>
/// A compilation start context whose registrations are guarded: an exception thrown by a rule's action is rethrown
/// with the rule, file, line and node it failed on, so an AD0001 report is actionable.
/// </summary>
internal sealed class RuleContext
{
    private const int MaxNodeTextLength = 80;

    private readonly CompilationStartAnalysisContext context;
    private readonly string ruleName;

#pragma warning disable RS1012 // The wrapper registers on this context on behalf of the rule.

    internal RuleContext(CompilationStartAnalysisContext context, string ruleName)
    {
        this.context = context;
        this.ruleName = ruleName;
    }
#pragma warning restore RS1012

    internal Compilation Compilation => context.Compilation;

    internal AnalyzerOptions Options => context.Options;

    /// <summary>The facts of the compilation that rules share, each computed once when first asked for.</summary>
    internal CompilationFacts Facts => CompilationFacts.For(context.Compilation);

    internal void RegisterOperationAction(Action<OperationAnalysisContext> action, params OperationKind[] kinds) =>
        context.RegisterOperationAction(Guarded(action), ImmutableArray.Create(kinds));

    /// <summary>
    /// Registers an action on the invocations of files whose text spells one of the words. A rule whose API a file
    /// never names has nothing to read there: the action returns at once on a call in any other file, after one lookup
    /// in the set of files that spell a word, which is found once per compilation. A rule whose compilation spells none
    /// of the words registers nothing: it says so in <c>CanFindAnything</c>, with the same words.
    /// </summary>
    internal void RegisterInvocationActionInFilesSpelling(string[] words, Action<OperationAnalysisContext> action)
    {
        var facts = Facts;
        var filesSpelling = new Lazy<HashSet<SyntaxTree>>(() => new HashSet<SyntaxTree>(words.SelectMany(word => facts.FilesSpelling(word))));
        RegisterOperationAction(
            c =>
            {
                if (filesSpelling.Value.Contains(c.Operation.Syntax.SyntaxTree))
                {
                    action(c);
                }
            },
            OperationKind.Invocation);
    }

    // Operation actions run for every operation of their kinds: the wrapper allocates nothing on that path.
    private Action<OperationAnalysisContext> Guarded(Action<OperationAnalysisContext> action) =>
        c =>
        {
            try
            {
                action(c);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                throw Failure(ex, c.Operation.Syntax);
            }
        };

    internal void RegisterSymbolAction(Action<SymbolAnalysisContext> action, params SymbolKind[] kinds) =>
        context.RegisterSymbolAction(c => Guard(() => action(c), node: null), ImmutableArray.Create(kinds));

    internal void RegisterCompilationEndAction(Action<CompilationAnalysisContext> action) =>
        context.RegisterCompilationEndAction(c => Guard(() => action(c), node: null));

    internal void Guard(Action action, SyntaxNode? node = null)
    {
        try
        {
            action();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw Failure(ex, node);
        }
    }

    private InvalidOperationException Failure(Exception ex, SyntaxNode? node) =>
        new($"{ruleName} failed {Describe(node)}: {ex.Message}", ex);

    private static string Describe(SyntaxNode? node)
    {
        if (node is null)
        {
            return "outside any node";
        }

        var span = node.GetLocation().GetLineSpan();
        var text = node.ToString().Replace("\r", " ").Replace("\n", " ");
        if (text.Length > MaxNodeTextLength)
        {
            text = text.Substring(0, MaxNodeTextLength) + "…";
        }

        return $"at {span.Path}({span.StartLinePosition.Line + 1},{span.StartLinePosition.Character + 1}) on {node.GetType().Name} '{text}'";
    }
}
