using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

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

    /// <summary>
    /// Registers an action on the calls of methods named one of the names, found where a file's text spells a name
    /// rather than by an action on every call: once per file, the files that never spell a name cost one lookup, and
    /// in the others only the calls the names are spelled at are bound and handed to the action. A call always spells
    /// its method's name, except the calls the compiler writes (a collection initializer's <c>Add</c>, a query's
    /// <c>Select</c>, a delegate's <c>Invoke</c>), which none of the names may be. The action sees the call as an
    /// operation action would: in its operation tree, with the member whose body holds it as the containing symbol.
    /// </summary>
    internal void RegisterCallsNamed(IEnumerable<string> names, Action<OperationAnalysisContext> action) =>
        RegisterCallsNamed(names, receiverTypeNames: null, action);

    /// <summary>
    /// Registers an action on the calls of methods named one of the names, as <see cref="RegisterCallsNamed(IEnumerable{string}, Action{OperationAnalysisContext})"/>
    /// does, in the files whose code may hold a value of one of the receiver types (<see cref="CompilationFacts.FilesThatMayHold"/>):
    /// for a rule that reads the calls made on a type whose method names (<c>Get</c>, <c>Set</c>) are spelled by the calls
    /// of countless other types, in files that never reach the type.
    /// </summary>
    internal void RegisterCallsNamedOn(IReadOnlyCollection<string> receiverTypeNames, IEnumerable<string> names, Action<OperationAnalysisContext> action) =>
        RegisterCallsNamed(names, receiverTypeNames, action);

    private void RegisterCallsNamed(IEnumerable<string> names, IReadOnlyCollection<string>? receiverTypeNames, Action<OperationAnalysisContext> action)
    {
        var facts = Facts;
        var words = names.ToArray();
        if (!facts.MentionsAny(words))
        {
            return;
        }

        // With receiver types, only the few files that may hold one are searched for the names, which may be short
        // enough (Get, Set) that nothing but a search of every file's text would rule them out.
        var namesByFile = new Lazy<Dictionary<SyntaxTree, string[]>>(() => (receiverTypeNames is null
                ? words.SelectMany(name => facts.FilesSpelling(name), (name, file) => (name, file))
                : facts.FilesThatMayHold(receiverTypeNames).SelectMany(file => words.Where(name => facts.SpellsWithin(file.GetRoot(), name)), (file, name) => (name, file)))
            .GroupBy(spelling => spelling.file, spelling => spelling.name)
            .ToDictionary(file => file.Key, file => file.ToArray()));
        context.RegisterSemanticModelAction(c =>
        {
            facts.Analyzing(c.SemanticModel);
            if (namesByFile.Value.TryGetValue(c.SemanticModel.SyntaxTree, out var spelled))
            {
                foreach (var name in spelled)
                {
                    AnalyzeCalls(c, facts.CallsSpelled(c.SemanticModel.SyntaxTree, name), action);
                }
            }
        });
    }

    /// <summary>
    /// Registers an action on the calls made on a value to methods whose names end with the suffix (<c>Async</c>), found
    /// where a file's text spells such a name (<see cref="CompilationFacts.MemberCallsEndingIn"/>), and bound only where
    /// their syntax says they may matter to the rule and their file's text spells one of the words, as
    /// <see cref="RegisterCallsNamed(IEnumerable{string}, Action{OperationAnalysisContext})"/> finds the calls of a
    /// name: for a rule that reads few of a compilation's calls, and would otherwise be the first to read the method of
    /// every call, from memory no other rule has touched.
    /// </summary>
    internal void RegisterMemberCallsEndingIn(string suffix, string[] wordsOfTheFile, Func<InvocationExpressionSyntax, bool> mayMatter, Action<OperationAnalysisContext> action)
    {
        var facts = Facts;
        context.RegisterSemanticModelAction(c =>
        {
            facts.Analyzing(c.SemanticModel);
            // The words rule out many of the files that spell such a call, before any call is looked up in their syntax:
            // on bitwarden/server, more than half of them.
            var tree = c.SemanticModel.SyntaxTree;
            if (!facts.SpellsMemberCallEndingIn(tree, suffix) || !facts.FileSpellsAny(tree, wordsOfTheFile))
            {
                return;
            }

            var calls = facts.MemberCallsEndingIn(tree, suffix).Where(mayMatter).ToImmutableArray();
            if (!calls.IsEmpty)
            {
                AnalyzeCalls(c, calls, action);
            }
        });
    }

    private void AnalyzeCalls(SemanticModelAnalysisContext context, ImmutableArray<InvocationExpressionSyntax> calls, Action<OperationAnalysisContext> action)
    {
        var model = context.SemanticModel;
        var generatedCodeAttribute = Facts.Types.Get(WellKnownTypeNames.SystemCodeDomCompilerGeneratedCodeAttribute);
        // The calls come in source order: those of one method, most often several, share the method's symbol.
        BaseMethodDeclarationSyntax? lastMethod = null;
        ISymbol? lastMember = null;
        foreach (var syntax in calls)
        {
            if (model.GetOperation(syntax, context.CancellationToken) is not IInvocationOperation call)
            {
                continue;
            }

            var method = syntax.FirstAncestorOrSelf<BaseMethodDeclarationSyntax>();
            var member = method is not null && method == lastMethod ? lastMember : OwnCode(model.ContainingMember(syntax, context.CancellationToken), generatedCodeAttribute);
            (lastMethod, lastMember) = (method, member);
            if (member is null || IsHidden(syntax))
            {
                continue;
            }

            try
            {
#pragma warning disable CS0618 // The one public constructor; the others are the driver's own. No rule asks the context for a control flow graph.
                action(new OperationAnalysisContext(call, member, model.Compilation, context.Options, context.ReportDiagnostic, _ => true, context.CancellationToken));
#pragma warning restore CS0618
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                throw Failure(ex, syntax);
            }
        }
    }

    /// <summary>
    /// The member, unless it is generated code: the driver runs a semantic-model action on every file that is not
    /// generated, where a member or type may still carry <c>[GeneratedCode]</c>, and the pack's findings are not
    /// filtered after (<see cref="ResilienceAnalyzer{TSymbols}"/>), so such a member is passed over here, as the driver
    /// passes over it for an operation action.
    /// </summary>
    private static ISymbol? OwnCode(ISymbol? member, INamedTypeSymbol? generatedCodeAttribute) =>
        member is not null && !member.IsMarkedGenerated(generatedCodeAttribute) ? member : null;

    /// <summary>True in a <c>#line hidden</c> region, which the driver also counts as generated code.</summary>
    private static bool IsHidden(SyntaxNode syntax) => syntax.SyntaxTree.HasHiddenRegions() && syntax.SyntaxTree.GetLineVisibility(syntax.SpanStart) == LineVisibility.Hidden;

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
