using System;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using ResilienceAnalyzers.Infrastructure;
using Xunit;

namespace ResilienceAnalyzers.Tests.Infrastructure;

public sealed class SpellingFilterTests
{
    private const string Orders = """
        // Orders are read through the cache; the service named "Ünïcode-Kasse" is called on a miss.
        public sealed class OrdersCache
        {
            private readonly IMemoryCache cache;
            public Task<Order> GetAsync(string id) => cache.GetOrCreateAsync(id, _ => store.LoadAsync(id));
        }
        """;

    private const string Payments = "class Payments { HttpClient client; Task Send() => client.SendAsync(null); }";

    private static readonly string[] WordsAskedAtOnce = ["IMemoryCache", "SendAsync", "CreateUnbounded", "Payments", "OrdersCache"];

    /// <summary>Every piece of the source, at every offset and of every length a rule might ask for, is a candidate.</summary>
    [Fact]
    public void EveryPieceOfTheSourceMayBeSpelled()
    {
        var filter = new SpellingFilter([Orders, Payments]);

        foreach (var (text, file) in new[] { Orders, Payments }.Select((text, file) => (text, file)))
        {
            for (var start = 0; start < text.Length; start++)
            {
                for (var length = 1; length <= 24 && start + length <= text.Length; length++)
                {
                    var piece = text.Substring(start, length);
                    Assert.True(filter.MaySpell(file, SpellingFilter.HashesOf(piece)), piece);
                }
            }
        }
    }

    /// <summary>A file's own bits rule out what only another file spells: a walk searches only the files that may spell a name.</summary>
    [Theory]
    [InlineData("HttpClient client", 0)]
    [InlineData("client.SendAsync", 0)]
    [InlineData("GetOrCreateAsync", 1)]
    [InlineData("private readonly IMemoryCache", 1)]
    public void AFileRulesOutAWordOnlyAnotherFileSpells(string word, int file) =>
        Assert.False(new SpellingFilter([Orders, Payments]).MaySpell(file, SpellingFilter.HashesOf(word)));

    /// <summary>
    /// Only every second run of the text is kept, so a word is ruled out by a lacking run in each half of its runs:
    /// "MemoryCacheOptions" starts as the source spells "MemoryCache", and lacks its last six runs, three in each half.
    /// </summary>
    [Theory]
    [InlineData("CreateUnbounded")]
    [InlineData("InfiniteTimeSpan")]
    [InlineData("StringIncrement")]
    [InlineData("MemoryCacheOptions")]
    public void AWordLackingARunInEachHalfIsSpelledNowhere(string word)
    {
        var filter = new SpellingFilter([Orders, Payments]);
        Assert.False(filter.MaySpell(0, SpellingFilter.HashesOf(word)) || filter.MaySpell(1, SpellingFilter.HashesOf(word)));
    }

    /// <summary>
    /// Rules that start together share the pass over the texts: each thread fills the files no other has taken and
    /// waits for the rest, and every thread then reads every file's bits as one thread alone would fill them.
    /// </summary>
    [Fact]
    public void ThreadsAskingAtOnceShareThePassAndReadTheSameBits()
    {
        var texts = Enumerable.Range(0, 400).Select(file => file % 2 == 0 ? Orders + file : Payments + file).ToArray();
        var words = WordsAskedAtOnce.Select(SpellingFilter.HashesOf).ToArray();
        var alone = new SpellingFilter(texts);
        var expected = texts.Select((_, file) => words.Select(word => alone.MaySpell(file, word)).ToArray()).ToArray();

        for (var attempt = 0; attempt < 20; attempt++)
        {
            var shared = new SpellingFilter(texts);
            var answers = new bool[Environment.ProcessorCount + 2][][];
            var failures = new Exception?[answers.Length];
            using var start = new System.Threading.Barrier(answers.Length);
            var threads = answers.Select((_, index) => new System.Threading.Thread(() =>
            {
                start.SignalAndWait();
                try
                {
                    answers[index] = texts.Select((_, file) => words.Select(word => shared.MaySpell((file + (index * 37)) % texts.Length, word)).ToArray()).ToArray();
                }
                catch (Exception ex)
                {
                    failures[index] = ex;
                }
            })).ToArray();
            Array.ForEach(threads, thread => thread.Start());
            Array.ForEach(threads, thread => thread.Join());
            Assert.All(failures, Assert.Null);

            for (var index = 0; index < answers.Length; index++)
            {
                for (var file = 0; file < texts.Length; file++)
                {
                    Assert.Equal(expected[(file + (index * 37)) % texts.Length], answers[index][file]);
                }
            }
        }
    }

    /// <summary>A word the filter lets through is searched for: the answers are those of a search of every file.</summary>
    [Fact]
    public void MentionsAnyAnswersAsASearchOfEveryFile()
    {
        var compilation = CSharpCompilation.Create("Analyzed", [CSharpSyntaxTree.ParseText(Orders), CSharpSyntaxTree.ParseText(Payments)]);
        var facts = CompilationFacts.For(compilation);
        string[] words = ["IMemoryCache", "MemoryCache", "HttpClient", "SendAsync", "Kasse", "Ünïcode", "Task", "GetDatabase", "InfiniteTimeSpan", "Paymentz", "Cache;"];

        Assert.All(words, word => Assert.Equal(
            compilation.SyntaxTrees.Any(tree => tree.ToString().Contains(word, StringComparison.Ordinal)),
            facts.MentionsAny(word)));
        Assert.True(facts.MentionsAny("GetDatabase", "SendAsync"));
    }

    [Fact]
    public void FilesSpellingAnswersAsASearchOfEveryFile()
    {
        var compilation = CSharpCompilation.Create("Analyzed", [CSharpSyntaxTree.ParseText(Orders), CSharpSyntaxTree.ParseText(Payments), CSharpSyntaxTree.ParseText(Orders + Payments)]);
        var facts = CompilationFacts.For(compilation);
        string[] words = ["IMemoryCache", "HttpClient", "SendAsync", "Kasse", "Task", "GetDatabase", "Paymentz"];

        Assert.All(words, word => Assert.Equal(
            compilation.SyntaxTrees.Where(tree => tree.ToString().Contains(word, StringComparison.Ordinal)),
            facts.FilesSpelling(word)));
    }

    /// <summary>A name spelled in a comment above a use, in a string, or inside a longer name finds each simple name once.</summary>
    [Fact]
    public void SimpleNamesWithinFindsEachUseOnce()
    {
        const string Source = """
            class Worker
            {
                private System.Collections.Generic.Queue<int> queue = new();
                private int queued;
                void Run()
                {
                    // Each queue item is counted: this comment is the leading trivia of the use below.
                    queue.Enqueue(queued);
                    System.Console.WriteLine("queue");
                }
            }
            """;
        var tree = CSharpSyntaxTree.ParseText(Source);
        var facts = CompilationFacts.For(CSharpCompilation.Create("Analyzed", [tree]));

        var names = facts.SimpleNamesWithin(tree.GetRoot(), "queue").ToList();

        var use = Assert.Single(names);
        Assert.Equal(Source.IndexOf("queue.Enqueue", StringComparison.Ordinal), use.SpanStart);
    }
}
