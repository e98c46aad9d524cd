using System;
using System.Collections.Concurrent;
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
    /// Registers operation actions that run only in the code of files whose text spells one of the words. A rule whose
    /// API a file never names has nothing to read there; each of that file's bodies is then skipped whole, instead of
    /// calling the action once for every operation of its kinds — which, for a rule that reads invocations, costs more
    /// on a large compilation than the rule's own work.
    /// </summary>
    internal void RegisterOperationActionInFilesSpelling(string[] words, Action<OperationAnalysisContext> action, params OperationKind[] kinds)
    {
        var facts = Facts;
        var guarded = Guarded(action);
        var operationKinds = ImmutableArray.Create(kinds);
        var spelledIn = new ConcurrentDictionary<SyntaxTree, bool>();
        Func<SyntaxTree, bool> spellsAWord = tree => words.Any(word => facts.Spells(tree, word));
        context.RegisterOperationBlockStartAction(block =>
        {
            if (!block.OperationBlocks.IsEmpty && spelledIn.GetOrAdd(block.OperationBlocks[0].Syntax.SyntaxTree, spellsAWord))
            {
                block.RegisterOperationAction(guarded, operationKinds);
            }
        });
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
