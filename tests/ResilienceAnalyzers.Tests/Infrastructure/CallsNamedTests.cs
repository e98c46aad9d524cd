using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using ResilienceAnalyzers.Infrastructure;
using Xunit;

namespace ResilienceAnalyzers.Tests.Infrastructure;

/// <summary>
/// A rule that reads the calls of a few method names finds them where the text spells the names: it must see exactly
/// the calls an action on every call would, each with the containing symbol the driver gives an operation action.
/// </summary>
public sealed class CallsNamedTests
{
    private static readonly string[] Names = ["Send", "SendAsync"];

#pragma warning disable RS2008 // A recorder's descriptor, never reported; not a rule of this pack.
    private static readonly DiagnosticDescriptor Unused = new("CALLS0001", "Calls", "Calls", "Test", DiagnosticSeverity.Hidden, isEnabledByDefault: true);
#pragma warning restore RS2008

    [Theory]
    [InlineData(OutputKind.DynamicallyLinkedLibrary, """
        using System;
        using System.Threading.Tasks;

        class Client
        {
            public int Send(int x) => x;
            public Task<int> SendAsync(int x) => Task.FromResult(x);
            public static int Send<T>(T x) => 0;
        }

        static class Extensions
        {
            public static int Send(this string text) => text.Length;
        }

        class Base
        {
            public Base(int x) { }
        }

        class Orders : Base
        {
            static readonly Client Shared = new();
            readonly Func<int, int> Send = x => x;
            int initialized = Shared.Send(1);
            int Initialized { get; } = Shared.Send(2);
            int Arrow => Shared.Send(3);
            int Accessor { get { return Shared.Send(4); } }
            event Action Changed { add { Shared.Send(5); } remove { } }

            public Orders(Client client) : base(client.Send(6)) { }

            int this[int i] => Shared.Send(i);

            async Task<int> RunAsync(Client? client)
            {
                Func<int, int> lambda = x => Shared.Send(x);
                int Local(int y) => Shared.Send(y);
                var conditional = client?.Send(7);
                var generic = Client.Send<string>("a");
                var extension = "b".Send();
                var awaited = await client!.SendAsync(8);
                // Send(9) in a comment, "Send(10)" in a string, and nameof are no calls.
                var delegated = Send(11);
                return lambda(1) + Local(2) + nameof(Client.Send).Length + Extensions.Send("c");
            }

            public static int operator +(Orders orders, int x) => Shared.Send(x);
        }
        """)]
    [InlineData(OutputKind.ConsoleApplication, """
        var client = new Client();
        System.Console.WriteLine(client.Send(1) + Twice(2));
        int Twice(int x) => client.Send(x) * 2;

        class Client
        {
            public int Send(int x) => x;
        }
        """)]
    public async Task SeesTheCallsAnActionOnEveryCallSeesInTheSameMembers(OutputKind kind, string source)
    {
        var byName = new CallsNamedRecorder();
        var onEveryCall = new EveryCallRecorder();
        var compilation = CSharpCompilation.Create(
            "Analyzed",
            [CSharpSyntaxTree.ParseText(source)],
            ReferenceSets.Net,
            new CSharpCompilationOptions(kind, nullableContextOptions: NullableContextOptions.Enable));
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));

        await compilation.WithAnalyzers([byName, onEveryCall]).GetAnalyzerDiagnosticsAsync(CancellationToken.None);

        Assert.NotEmpty(onEveryCall.Seen);
        Assert.Equal(onEveryCall.Seen.Order(), byName.Seen.Order());
    }

    [Fact]
    public async Task RegistersNothingWhereNoFileSpellsANameAsACall()
    {
        var byName = new CallsNamedRecorder();
        var compilation = CSharpCompilation.Create(
            "Analyzed",
            [CSharpSyntaxTree.ParseText("class Orders { int Count(int[] items) => items.Length; }")],
            ReferenceSets.Net,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        var analysis = compilation.WithAnalyzers([byName]);
        await analysis.GetAnalyzerDiagnosticsAsync(CancellationToken.None);

        var telemetry = await analysis.GetAnalyzerTelemetryInfoAsync(byName, CancellationToken.None);
        Assert.Equal(0, telemetry.SemanticModelActionsCount + telemetry.OperationActionsCount);
    }

    private static string Describe(OperationAnalysisContext context) =>
        $"{context.Operation.Syntax} at {context.Operation.Syntax.SpanStart} in {context.ContainingSymbol.ToDisplayString()}";

    /// <summary>Records the calls of <see cref="Names"/> the pack's way; handed to the compilation directly, never loaded as a compiler extension.</summary>
#pragma warning disable RS1001 // Not a shipped analyzer: see above.
    private sealed class CallsNamedRecorder : ResilienceAnalyzer<object>
#pragma warning restore RS1001
    {
        internal ConcurrentBag<string> Seen { get; } = [];

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => [Unused];

        internal override object? ResolveSymbols(WellKnownTypes types) => types;

        internal override void OnCompilationStart(RuleContext context, object symbols) =>
            context.RegisterCallsNamed(Names, c =>
            {
                if (Names.Contains(((IInvocationOperation)c.Operation).TargetMethod.Name))
                {
                    Seen.Add(Describe(c));
                }
            });
    }

    /// <summary>Records the calls of <see cref="Names"/> from an action on every call, as the driver hands them out.</summary>
#pragma warning disable RS1001 // Not a shipped analyzer: see above.
    private sealed class EveryCallRecorder : DiagnosticAnalyzer
#pragma warning restore RS1001
    {
        internal ConcurrentBag<string> Seen { get; } = [];

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => [Unused];

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.RegisterOperationAction(
                c =>
                {
                    if (Names.Contains(((IInvocationOperation)c.Operation).TargetMethod.Name))
                    {
                        Seen.Add(Describe(c));
                    }
                },
                OperationKind.Invocation);
        }
    }
}
