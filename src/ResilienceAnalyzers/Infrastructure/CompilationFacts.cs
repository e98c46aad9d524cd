using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using ResilienceAnalyzers.RequestPaths;
using ResilienceAnalyzers.RetryStorms;

namespace ResilienceAnalyzers.Infrastructure;

/// <summary>
/// The facts of one compilation that several rules ask for, each built lazily and once however many analyzer actions ask
/// at the same moment: the well-known types, the names the source spells, the request-path model, the calls between
/// the compilation's methods and the reach of request paths through them, the HttpClient registrations that add
/// retries, the Polly pipelines registered by key, the EF Core contexts and Azure clients that retry, the SDK retry settings types, the registrations of the DI container, and the reading of each loop as a retry. A rule that never asks for a
/// fact does not pay for it, and a disabled rule makes no other rule compute more: what a fact records is the same
/// whichever rules record it.
/// </summary>
internal sealed class CompilationFacts
{
    private static readonly ConditionalWeakTable<Compilation, CompilationFacts> PerCompilation = new();

    private readonly Lazy<RequestPathModel> requestPaths;
    private readonly Lazy<CallGraph> calls;
    private readonly Lazy<RequestPathReach> requestPathReach;
    private readonly Lazy<HttpClientRetries?> httpClientRetries;
    private readonly Lazy<PollyExecutions?> pollyExecutions;
    private readonly Lazy<EfCoreRetries?> efCoreRetries;
    private readonly Lazy<AzureClientRetries?> azureClientRetries;
    private readonly Lazy<SdkRetrySymbols?> sdkRetrySymbols;
    private readonly Lazy<ServiceRegistrations> serviceRegistrations;
    private readonly Compilation compilation;
    private readonly ConcurrentDictionary<string, bool> mentioned = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ImmutableArray<SyntaxTree>> filesSpelling = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(SyntaxTree File, string Name), ImmutableArray<InvocationExpressionSyntax>> callsSpelled = new();
    private readonly ConcurrentDictionary<string, Lazy<ImmutableHashSet<SyntaxTree>>> filesThatMayHold = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<SyntaxTree, WeakReference<SemanticModel>> analyzedModels = new();
    private readonly Lazy<SourceFiles> sourceFiles;
    private readonly Lazy<RetryLoopSymbols> retryLoopSymbols;
    private readonly ConditionalWeakTable<ILoopOperation, RetryLoopReading> retryLoops = new();
    private readonly ConditionalWeakTable<ILoopOperation, RetryLoopReading>.CreateValueCallback readRetryLoop;
    private readonly Func<string, bool> mentions;
    private readonly Func<string, bool> isSpelledAnywhere;
    private readonly Func<string, ImmutableArray<SyntaxTree>> findFilesSpelling;

    private CompilationFacts(Compilation compilation)
    {
        this.compilation = compilation;
        // Cached once: the three are asked once per word, for many words, and a method group allocates on each use.
        mentions = Mentions;
        isSpelledAnywhere = IsSpelledAnywhere;
        findFilesSpelling = FindFilesSpelling;
        Types = WellKnownTypes.For(compilation);
        requestPaths = new Lazy<RequestPathModel>(() => new RequestPathModel(Types));
        calls = new Lazy<CallGraph>(() => new CallGraph(compilation, this));
        sourceFiles = new Lazy<SourceFiles>(() => new SourceFiles(compilation.SyntaxTrees));
        requestPathReach = new Lazy<RequestPathReach>(() => new RequestPathReach(RequestPaths, Calls));
        httpClientRetries = new Lazy<HttpClientRetries?>(() => HttpClientRetries.Create(this));
        pollyExecutions = new Lazy<PollyExecutions?>(() => PollyExecutions.Create(this));
        efCoreRetries = new Lazy<EfCoreRetries?>(() => EfCoreRetries.Create(this));
        azureClientRetries = new Lazy<AzureClientRetries?>(() => AzureClientRetries.Create(this));
        sdkRetrySymbols = new Lazy<SdkRetrySymbols?>(() => SdkRetrySymbols.Resolve(this));
        serviceRegistrations = new Lazy<ServiceRegistrations>(() => new ServiceRegistrations(Types));
        retryLoopSymbols = new Lazy<RetryLoopSymbols>(() => new RetryLoopSymbols(Types));
        readRetryLoop = loop => new RetryLoopReading(HandRolledRetryLoop.TryRead(loop, retryLoopSymbols.Value));
    }

    internal static CompilationFacts For(Compilation compilation) => PerCompilation.GetValue(compilation, static c => new CompilationFacts(c));

    internal WellKnownTypes Types { get; }

    /// <summary>"Is this code run once per request?" for the operations of one method.</summary>
    internal RequestPathModel RequestPaths => requestPaths.Value;

    /// <summary>The calls between the compilation's methods, recorded by the rules that need them.</summary>
    internal CallGraph Calls => calls.Value;

    /// <summary>Which methods request paths reach through <see cref="Calls"/>; asked at compilation end.</summary>
    internal RequestPathReach RequestPathReach => requestPathReach.Value;

    /// <summary>Which HttpClients the DI container gives a retry, recorded by the rules that need them; null without IHttpClientFactory or a handler that adds a retry.</summary>
    internal HttpClientRetries? HttpClientRetries => httpClientRetries.Value;

    /// <summary>Polly pipelines registered by key and executions that retry, recorded by the rules that need them; null without Polly or a retry built in the source.</summary>
    internal PollyExecutions? PollyExecutions => pollyExecutions.Value;

    /// <summary>Which EF Core contexts retry their database calls, recorded by the rules that need them; null without EF Core's relational layer or a use of its retry.</summary>
    internal EfCoreRetries? EfCoreRetries => efCoreRetries.Value;

    /// <summary>Which calls go to Azure SDK clients, which retry by themselves, recorded by the rules that need them; null without Azure.Core.</summary>
    internal AzureClientRetries? AzureClientRetries => azureClientRetries.Value;

    /// <summary>The retry settings types of the SDKs the compilation references and configures, for the rules that read them; null when there are none.</summary>
    internal SdkRetrySymbols? SdkRetrySymbols => sdkRetrySymbols.Value;

    /// <summary>What the compilation registers with the DI container — lifetimes, typed clients, primary handlers — recorded by the rules that read it, read at compilation end.</summary>
    internal ServiceRegistrations ServiceRegistrations => serviceRegistrations.Value;

    /// <summary>
    /// The hand-rolled retry a loop is, or null: read once for all the rules that judge the loop (RES1001–RES1004,
    /// RES1006, and RES1004 again for the loops around a retry), and kept as long as the loop's operation tree lives.
    /// A loop whose text spells no <c>catch</c> has no catch to retry from: it is answered from its text, each time it
    /// is asked, without an entry in the table, whose entries cost a handle of the runtime each.
    /// </summary>
    internal HandRolledRetryLoop? RetryLoop(ILoopOperation loop) =>
        SpellsWithin(loop.Syntax, "catch") ? retryLoops.GetValue(loop, readRetryLoop).Loop : null;

    /// <summary>
    /// True when a source file of the compilation contains one of the words: code that calls a method or names a type
    /// spells it, so a compilation that spells none of an API's names has no use of it to inspect. Each word is
    /// answered once; the <see cref="SpellingFilter"/> rules out most absent words without a search, and a text search
    /// decides the rest — both far cheaper than a callback on every operation of the compilation.
    /// </summary>
    internal bool MentionsAny(params string[] words) => words.Any(mentions);

    /// <summary>
    /// The files whose text contains the word, in the compilation's order: a text search, far cheaper than binding, to
    /// pick the files worth binding. Each word is searched once per compilation, and only in the files whose
    /// <see cref="SpellingFilter"/> bits do not rule it out. The texts are taken once per compilation: a file's text is
    /// usually one string already, which it hands out without a copy, and copying every file again for each word
    /// searched cost more than the search itself.
    /// </summary>
    internal ImmutableArray<SyntaxTree> FilesSpelling(string word) => filesSpelling.GetOrAdd(word, findFilesSpelling);

    private bool Mentions(string word) => mentioned.GetOrAdd(word, isSpelledAnywhere);

    private bool IsSpelledAnywhere(string word)
    {
        var files = sourceFiles.Value;
        var hashes = SpellingFilter.HashesOf(word);
        for (var file = 0; file < files.Trees.Length; file++)
        {
            if (files.Spells(file, word, hashes))
            {
                return true;
            }
        }

        return false;
    }

    private ImmutableArray<SyntaxTree> FindFilesSpelling(string word)
    {
        if (!Mentions(word))
        {
            return ImmutableArray<SyntaxTree>.Empty;
        }

        var files = sourceFiles.Value;
        var hashes = SpellingFilter.HashesOf(word);
        var found = ImmutableArray.CreateBuilder<SyntaxTree>();
        for (var file = 0; file < files.Trees.Length; file++)
        {
            if (files.Spells(file, word, hashes))
            {
                found.Add(files.Trees[file]);
            }
        }

        return found.ToImmutable();
    }

    /// <summary>
    /// The files whose code may hold a value of one of the types, named as the source spells them: the files that spell
    /// a type's name, or the name of a member declared elsewhere with such a type — a field, a property, a method that
    /// returns one (<c>protected IMemoryCache Cache</c> in a base class) — or of a type declared to derive from one,
    /// and so on through the members of those. A file that spells none of these names reaches no such value but
    /// through a library's member of that type, or a lambda's parameter whose type another file's delegate gives.
    /// Found once per set of types, from declarations, without binding. Meant for the names of an API's types, which
    /// few declarations spell: each name found is searched for and tested against every declaration of the files that
    /// spell it, and a word many names contain (<c>Controller</c>) would collect thousands (seconds on btcpayserver).
    /// </summary>
    internal ImmutableHashSet<SyntaxTree> FilesThatMayHold(IReadOnlyCollection<string> typeNames) =>
        filesThatMayHold.GetOrAdd(string.Join(" ", typeNames), _ => new Lazy<ImmutableHashSet<SyntaxTree>>(() => FindFilesThatMayHold(typeNames))).Value;

    private ImmutableHashSet<SyntaxTree> FindFilesThatMayHold(IReadOnlyCollection<string> typeNames)
    {
        var names = new HashSet<string>(typeNames, StringComparer.Ordinal);
        var files = new HashSet<SyntaxTree>();
        var newNames = names.ToList();
        while (newNames.Count > 0)
        {
            // A file that spells a new name may declare members with it, whether or not an earlier name included it.
            var spelling = newNames.SelectMany(name => FilesSpelling(name)).Distinct().ToList();
            files.UnionWith(spelling);
            var declared = spelling.SelectMany(file => MembersDeclaredWith(file, names)).ToList();
            newNames = declared.Where(names.Add).ToList();
        }

        return files.ToImmutableHashSet();
    }

    /// <summary>
    /// The fields, properties, methods and types the file declares with one of the types named in its declaration. A
    /// private member of a type declared whole in the file is left out: no other file can name it, and searching every
    /// file for the names of private fields (<c>_cache</c>) was most of the cost on bitwarden/server.
    /// </summary>
    private IEnumerable<string> MembersDeclaredWith(SyntaxTree file, HashSet<string> typeNames)
    {
        bool Spells(SyntaxNode? node) => node is not null && typeNames.Any(name => SpellsWithin(node, name));
        foreach (var declaration in CallGraph.Declarations(file, default))
        {
            if (declaration is MemberDeclarationSyntax member and not BaseTypeDeclarationSyntax && IsPrivateToItsFile(member))
            {
                continue;
            }

            var declared = declaration switch
            {
                FieldDeclarationSyntax field when Spells(field.Declaration.Type) => field.Declaration.Variables.Select(variable => variable.Identifier),
                PropertyDeclarationSyntax property when Spells(property.Type) => new[] { property.Identifier },
                MethodDeclarationSyntax method when Spells(method.ReturnType) => new[] { method.Identifier },
                TypeDeclarationSyntax type when Spells(type.BaseList) => new[] { type.Identifier },
                _ => Enumerable.Empty<SyntaxToken>(),
            };
            foreach (var identifier in declared)
            {
                yield return identifier.ValueText;
            }
        }
    }

    /// <summary>
    /// True for a member only its own type can name — private, or a class's or struct's member without an access
    /// modifier — when neither that type nor one around it is partial, so that all of it is in this file.
    /// </summary>
    private static bool IsPrivateToItsFile(MemberDeclarationSyntax member)
    {
        var modifiers = member.Modifiers;
        var isPrivate = modifiers.Any(SyntaxKind.PrivateKeyword)
            ? !modifiers.Any(SyntaxKind.ProtectedKeyword)
            : member.Parent is ClassDeclarationSyntax or StructDeclarationSyntax or RecordDeclarationSyntax
                && !modifiers.Any(SyntaxKind.PublicKeyword) && !modifiers.Any(SyntaxKind.InternalKeyword) && !modifiers.Any(SyntaxKind.ProtectedKeyword);
        return isPrivate && !member.Ancestors().OfType<TypeDeclarationSyntax>().Any(type => type.Modifiers.Any(SyntaxKind.PartialKeyword));
    }

    /// <summary>
    /// Remembers, without keeping it alive, the model the driver analyzes the file with. The driver lets go of a file's
    /// model once its analysis of the file is done; code read later — a walk at compilation end, a declaration in a file
    /// analyzed earlier — then finds its members bound already in that model while it lives, where a new model binds each
    /// again, nullable analysis included: most of what a walk costs.
    /// </summary>
    internal void Analyzing(SemanticModel model)
    {
        if (!analyzedModels.ContainsKey(model.SyntaxTree))
        {
            analyzedModels.TryAdd(model.SyntaxTree, new WeakReference<SemanticModel>(model));
        }
    }

    /// <summary>The model that reads the file's code: the one the driver analyzed it with while that lives, else the compilation's.</summary>
    internal SemanticModel ModelOf(SyntaxTree tree) =>
        analyzedModels.TryGetValue(tree, out var analyzed) && analyzed.TryGetTarget(out var model)
            ? model
#pragma warning disable RS1030 // The driver's model of the file while it analyzes it, a new one after: the one way to read another file's code.
            : compilation.GetSemanticModel(tree);
#pragma warning restore RS1030

    /// <summary>True when the file's text contains one of the words: a search of one file, without the spelling bits of every file.</summary>
    internal bool FileSpellsAny(SyntaxTree file, IEnumerable<string> words)
    {
        var text = TextOf(file);
        return words.Any(word => text.IndexOf(word, StringComparison.Ordinal) >= 0);
    }

    /// <summary>True when the node's own text contains the word, read in place in its file's text: a search far cheaper than a walk of its operations.</summary>
    internal bool SpellsWithin(SyntaxNode node, string word) => TextOf(node.SyntaxTree).IndexOf(word, node.Span.Start, node.Span.Length, StringComparison.Ordinal) >= 0;

    /// <summary>Where the node's own text spells the name as a whole identifier, in order, comments and strings included.</summary>
    internal IEnumerable<int> PositionsOfName(SyntaxNode node, string name)
    {
        var text = TextOf(node.SyntaxTree);
        var end = node.Span.End;
        for (var at = text.IndexOf(name, node.Span.Start, node.Span.Length, StringComparison.Ordinal); at >= 0; at = text.IndexOf(name, at + 1, end - at - 1, StringComparison.Ordinal))
        {
            if (!IsIdentifierCharacter(text, at - 1) && !IsIdentifierCharacter(text, at + name.Length))
            {
                yield return at;
            }
        }
    }

    /// <summary>
    /// The simple names within the node spelled as the name, in order: found where its text spells it, without a walk of
    /// its syntax. A name in a comment or a string finds no simple name of that spelling.
    /// </summary>
    internal IEnumerable<SimpleNameSyntax> SimpleNamesWithin(SyntaxNode node, string name)
    {
        foreach (var position in PositionsOfName(node, name))
        {
            if (SimpleNameAt(node, position, name) is { } simple)
            {
                yield return simple;
            }
        }
    }

    /// <summary>
    /// True when a file's code names the top-level namespace — <c>using Azure.Storage.Blobs;</c>,
    /// <c>global::Azure.Response</c>, <c>new Azure.Storage.Blobs.BlobClient(…)</c> — rather than spelling it in a
    /// comment or a string, or naming a namespace of that name nested in another (<c>Microsoft.Azure.Cosmos</c>).
    /// </summary>
    internal bool NamesNamespace(string name) =>
        FilesSpelling(name + ".").Any(file => SimpleNamesWithin(file.GetRoot(), name).Any(StartsAQualifiedName));

    private static bool StartsAQualifiedName(SimpleNameSyntax name)
    {
        SyntaxNode first = name.Parent is AliasQualifiedNameSyntax alias && alias.Name == name ? alias : name;
        return first.Parent switch
        {
            QualifiedNameSyntax qualified => qualified.Left == first,
            MemberAccessExpressionSyntax access => access.Expression == first,
            _ => false,
        };
    }

    private static SimpleNameSyntax? SimpleNameAt(SyntaxNode node, int position, string name) =>
        node.FindToken(position).Parent is SimpleNameSyntax simple && simple.Identifier.ValueText == name && simple.Identifier.Span.Contains(position) ? simple : null;

    /// <summary>
    /// The calls in the file that spell the name as their method's (<c>Name(…)</c>, <c>x.Name(…)</c>, <c>x?.Name(…)</c>),
    /// in order: found once per file and name, for every rule that reads the calls of that name.
    /// </summary>
    internal ImmutableArray<InvocationExpressionSyntax> CallsSpelled(SyntaxTree file, string name) =>
        callsSpelled.GetOrAdd((file, name), key => FindCallsSpelled(key.File, key.Name));

    /// <summary>
    /// Only a name followed by its arguments or type arguments (or a comment, which may stand between) can name a
    /// call: a property read of the same name (<c>result.Success</c>) is passed over in the text, before the search
    /// for its token in the tree.
    /// </summary>
    private ImmutableArray<InvocationExpressionSyntax> FindCallsSpelled(SyntaxTree file, string name)
    {
        var text = TextOf(file);
        var root = file.GetRoot();
        var calls = ImmutableArray.CreateBuilder<InvocationExpressionSyntax>();
        foreach (var position in PositionsOfName(root, name))
        {
            if (IsFollowedByArguments(text, position + name.Length) && SimpleNameAt(root, position, name) is { } simple && CallNamedBy(simple) is { } call)
            {
                calls.Add(call);
            }
        }

        return calls.ToImmutable();
    }

    /// <summary>
    /// The calls in the file made on a value (<c>client.SendAsync(…)</c>, <c>reader?.ReadAsync&lt;T&gt;(…)</c>) to a method
    /// whose name ends with the suffix, in order: found where the text spells such a name after a dot and before its
    /// arguments, for a rule that reads the calls of a kind of name rather than of a few names. A method's declaration,
    /// and a call of the type's own method without a dot, are passed over in the text.
    /// </summary>
    internal ImmutableArray<InvocationExpressionSyntax> MemberCallsEndingIn(SyntaxTree file, string suffix)
    {
        var text = TextOf(file);
        var root = file.GetRoot();
        var calls = ImmutableArray.CreateBuilder<InvocationExpressionSyntax>();
        for (var at = MemberCallSpelledAt(text, suffix, 0); at >= 0; at = MemberCallSpelledAt(text, suffix, at + suffix.Length))
        {
            if (root.FindToken(at).Parent is SimpleNameSyntax simple && simple.Identifier.Span.End == at + suffix.Length && CallNamedBy(simple) is { } call)
            {
                calls.Add(call);
            }
        }

        return calls.ToImmutable();
    }

    /// <summary>
    /// True when the file's text spells a call on a value to a method whose name ends with the suffix, as
    /// <see cref="MemberCallsEndingIn"/> finds them, read from the text alone: a search that stops at the first.
    /// </summary>
    internal bool SpellsMemberCallEndingIn(SyntaxTree file, string suffix) => MemberCallSpelledAt(TextOf(file), suffix, 0) >= 0;

    /// <summary>Where the text, from a position on, next spells the suffix ending a name after a dot and before arguments; -1 when nowhere.</summary>
    private static int MemberCallSpelledAt(string text, string suffix, int from)
    {
        for (var at = text.IndexOf(suffix, from, StringComparison.Ordinal); at >= 0; at = text.IndexOf(suffix, at + suffix.Length, StringComparison.Ordinal))
        {
            var end = at + suffix.Length;
            var start = at;
            while (IsIdentifierCharacter(text, start - 1))
            {
                start--;
            }

            if (start > 0 && text[start - 1] == '.' && !IsIdentifierCharacter(text, end) && IsFollowedByArguments(text, end))
            {
                return at;
            }
        }

        return -1;
    }

    /// <summary>True when the text after a name, past any white space, opens its arguments or type arguments (or a comment, which may stand between).</summary>
    private static bool IsFollowedByArguments(string text, int next)
    {
        while (next < text.Length && char.IsWhiteSpace(text[next]))
        {
            next++;
        }

        return next < text.Length && text[next] is '(' or '<' or '/';
    }

    private static InvocationExpressionSyntax? CallNamedBy(SimpleNameSyntax name)
    {
        SyntaxNode callee = name.Parent switch
        {
            MemberAccessExpressionSyntax access when access.Name == name => access,
            MemberBindingExpressionSyntax binding when binding.Name == name => binding,
            _ => name,
        };
        return callee.Parent is InvocationExpressionSyntax call && call.Expression == callee ? call : null;
    }

    private static bool IsIdentifierCharacter(string text, int index) =>
        index >= 0 && index < text.Length && (char.IsLetterOrDigit(text[index]) || text[index] == '_');

    private string TextOf(SyntaxTree tree) => sourceFiles.Value.TextOf(tree);

    /// <summary>The compilation's files and their texts, indexed alike, and the <see cref="SpellingFilter"/> bits of each.</summary>
    private sealed class SourceFiles
    {
        private readonly Dictionary<SyntaxTree, int> indexOf = new();
        private readonly SpellingFilter filter;

        internal SourceFiles(IEnumerable<SyntaxTree> trees)
        {
            Trees = trees.ToImmutableArray();
            Texts = Trees.Select(tree => tree.GetText().ToString()).ToArray();
            for (var file = 0; file < Trees.Length; file++)
            {
                indexOf[Trees[file]] = file;
            }

            // The bits are filled when a word is first asked of the files: a rule that reads texts alone does not pay for them.
            filter = new SpellingFilter(Texts);
        }

        internal ImmutableArray<SyntaxTree> Trees { get; }

        internal string[] Texts { get; }

        /// <summary>
        /// True when the file of that index contains the word, whose <see cref="SpellingFilter.HashesOf"/> are given:
        /// its text is searched only where its bits do not rule the word out.
        /// </summary>
        internal bool Spells(int file, string word, ulong[] hashes) =>
            filter.MaySpell(file, hashes) && Texts[file].IndexOf(word, StringComparison.Ordinal) >= 0;

        /// <summary>The file's text; a tree of another compilation's (none is asked for) is read afresh.</summary>
        internal string TextOf(SyntaxTree tree) => indexOf.TryGetValue(tree, out var file) ? Texts[file] : tree.GetText().ToString();
    }

    /// <summary>A loop's reading, null when it is no retry; a class, so that the table can hold the absence too.</summary>
    private sealed class RetryLoopReading
    {
        internal RetryLoopReading(HandRolledRetryLoop? loop) => Loop = loop;

        internal HandRolledRetryLoop? Loop { get; }
    }
}
