using System.Collections.Immutable;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using ResilienceAnalyzers.Suppressors;
using ResilienceAnalyzers.Tests.Infrastructure;
using Xunit;

namespace ResilienceAnalyzers.Tests.Suppressors;

public sealed class RES9001JitterRandomnessSuppressorTests
{
    [Fact]
    public async Task RandomThatOnlyJittersADelayIsSuppressed()
    {
        var verdicts = await RandomCallsAsync("""
            using System;
            using System.Net.Http;
            using System.Threading;
            using System.Threading.Tasks;
            using Polly;
            using Polly.Retry;

            class Client
            {
                private readonly Random random = new();

                async Task DirectAsync(int attempt)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(0, 100 * (1 << attempt))));
                }

                async Task ThroughLocalsAsync(int attempt)
                {
                    var jitter = random.NextDouble();
                    var delay = TimeSpan.FromMilliseconds(jitter * 100 * Math.Pow(2, attempt));
                    await Task.Delay(delay);
                }

                void Sleep()
                {
                    var pause = random.Next(50, 150);
                    pause = pause * 2 + random.Next(10);
                    Thread.Sleep(pause);
                }

                RetryStrategyOptions options = new()
                {
                    DelayGenerator = args => new ValueTask<TimeSpan?>(TimeSpan.FromMilliseconds(Random.Shared.Next(100, 200))),
                };
            }
            """);

        Assert.Equal(5, verdicts.Length);
        Assert.All(verdicts, suppressed => Assert.True(suppressed));
    }

    [Fact]
    public async Task RandomThatOnlyJittersACacheTtlIsSuppressed()
    {
        var verdicts = await RandomCallsAsync(
            """
            using System;
            using Microsoft.Extensions.Caching.Distributed;
            using Microsoft.Extensions.Caching.Memory;
            using StackExchange.Redis;

            class Cache(IMemoryCache memory, IDatabase redis)
            {
                private static readonly TimeSpan Ttl = TimeSpan.FromMinutes(5);

                void Write(string key, string value)
                {
                    memory.Set(key, value, TimeSpan.FromMilliseconds(Ttl.TotalMilliseconds * (0.9 + Random.Shared.NextDouble() * 0.2)));
                    redis.StringSet(key, value, expiry: TimeSpan.FromSeconds(60 + Random.Shared.Next(10)));
                    var options = new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = TimeSpan.FromSeconds(Random.Shared.Next(50, 70)) };
                }
            }
            """,
            ReferenceSets.Caching);

        Assert.Equal(3, verdicts.Length);
        Assert.All(verdicts, suppressed => Assert.True(suppressed));
    }

    [Fact]
    public async Task RandomUsedForAnythingElseIsNotSuppressed()
    {
        var verdicts = await RandomCallsAsync("""
            using System;
            using System.Threading.Tasks;

            class Tokens
            {
                private readonly Random random = new();

                string Token() => random.Next().ToString();

                async Task BothAsync()
                {
                    var value = random.Next(1000);
                    await Task.Delay(value);
                    Console.WriteLine("code: " + value);
                }

                int Pick(int[] values) => values[Random.Shared.Next(values.Length)];
            }
            """);

        Assert.Equal(3, verdicts.Length);
        Assert.All(verdicts, suppressed => Assert.False(suppressed));
    }

    [Fact]
    public void SuppressesOnlyCA5394()
    {
        var suppression = Assert.Single(new RES9001JitterRandomnessSuppressor().SupportedSuppressions);

        Assert.Equal("RES9001", suppression.Id);
        Assert.Equal("CA5394", suppression.SuppressedDiagnosticId);
    }

    /// <summary>Whether each CA5394 reported on a Random call, in source order, was suppressed.</summary>
    private static async Task<bool[]> RandomCallsAsync(string source, ImmutableArray<MetadataReference>? references = null)
    {
        var diagnostics = await AnalyzerRunner.RunWithSuppressionsAsync(
            new DiagnosticAnalyzer[] { new InsecureRandomnessStandIn(), new RES9001JitterRandomnessSuppressor() },
            source,
            references ?? ReferenceSets.PollyV8);

        return diagnostics.Where(d => d.Id == "CA5394").OrderBy(d => d.Location.SourceSpan.Start).Select(d => d.IsSuppressed).ToArray();
    }

    /// <summary>
    /// Reports CA5394 on every call to a System.Random method, as the .NET analyzer does when enabled. It is handed to
    /// the compilation directly, never loaded as a compiler extension, so it carries no DiagnosticAnalyzer attribute.
    /// </summary>
#pragma warning disable RS1001 // Not a shipped analyzer: see above.
    private sealed class InsecureRandomnessStandIn : DiagnosticAnalyzer
#pragma warning restore RS1001
    {
#pragma warning disable RS1029, RS2008 // Stands in for the .NET SDK's CA5394; it is not a rule of this pack.
        private static readonly DiagnosticDescriptor Rule = new("CA5394", "Do not use insecure randomness", "Random is insecure", "Security", DiagnosticSeverity.Warning, isEnabledByDefault: true);
#pragma warning restore RS1029, RS2008

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Rule);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.RegisterOperationAction(
                c =>
                {
                    var call = (IInvocationOperation)c.Operation;
                    if (call.TargetMethod.ContainingType.ToDisplayString() == "System.Random")
                    {
                        c.ReportDiagnostic(Diagnostic.Create(Rule, call.Syntax.GetLocation()));
                    }
                },
                OperationKind.Invocation);
        }
    }
}
