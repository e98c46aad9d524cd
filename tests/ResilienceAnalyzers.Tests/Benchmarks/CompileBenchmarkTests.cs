using System.IO;
using System.Linq;
using System.Threading.Tasks;
using ResilienceAnalyzers.Benchmarks;
using ResilienceAnalyzers.Catalog;
using Xunit;

namespace ResilienceAnalyzers.Tests.Benchmarks;

/// <summary>Keeps the benchmarks runnable: a small corpus compiles cleanly and every analyzer is measured; the retry budget runs.</summary>
public sealed class CompileBenchmarkTests
{
    [Fact]
    public async Task SmallCorpusCompilesAndEveryAnalyzerIsMeasured()
    {
        var report = await CompileBenchmark.RunAsync("generated", CorpusGenerator.Generate(20).ToList(), CorpusReferences.For(ReferenceSet.All, sourceFolder: null), repetitions: 1, RuleCatalog.Analyzers);

        Assert.Equal(0, report.CompilerErrors);
        Assert.Equal(RuleCatalog.Analyzers.Length, report.Analyzers.Length);
        Assert.Equal(2, report.Analyzers.Single(a => a.Analyzer == "RES3001UnboundedQueueAnalyzer").Diagnostics);
        Assert.Contains("| RES3001UnboundedQueueAnalyzer |", BenchmarkTable.Render(report));
        Assert.Contains("| **the pack's cost** (both) |", BenchmarkTable.Render(report));
        Assert.True(report.PackExecutionTime > System.TimeSpan.Zero);
        Assert.InRange(report.UndisturbedRuns, 0, 1);
        Assert.True(report.PackFirstAnalysis > System.TimeSpan.Zero);
        Assert.InRange(report.WarmUpRounds.Length, 8, 40);
        Assert.All(report.WarmUpRounds, round => Assert.True(round.MethodsCompiled >= 0));
        Assert.Contains("after " + report.WarmUpRounds.Length + " warm-up rounds", BenchmarkTable.Render(report));
    }

    [Fact]
    public async Task TheDiagnosticsOfRulesOffByDefaultAreWrittenOnlyWhenAskedFor()
    {
        (string Path, string Text)[] sources =
        [
            ("Fan.cs", "using System.Collections.Generic; using System.Linq; using System.Threading.Tasks; class Fan { Task SendAsync(string user) => Task.CompletedTask; Task AllAsync(IEnumerable<string> users) => Task.WhenAll(users.Select(SendAsync)); }"),
            ("Empty.cs", "class Empty { }"),
        ];

        var byDefault = await CompileBenchmark.DiagnosticsAsync(sources, CorpusReferences.For(ReferenceSet.All, sourceFolder: null), RuleCatalog.Analyzers, allRules: false);
        var all = await CompileBenchmark.DiagnosticsAsync(sources, CorpusReferences.For(ReferenceSet.All, sourceFolder: null), RuleCatalog.Analyzers, allRules: true);

        Assert.DoesNotContain(byDefault, diagnostic => diagnostic.Id == "RES3002");
        Assert.Single(all, diagnostic => diagnostic.Id == "RES3002");
    }

    [Fact]
    public void ARepositorysServiceSourcesAreReadWithoutTestsBuildOutputOrExamples()
    {
        var root = Directory.CreateTempSubdirectory("sources-").FullName;
        try
        {
            foreach (var path in new[] { "src/Orders/OrdersController.cs", "src/Orders/obj/Generated.cs", "test/OrdersTests.cs", "src/Orders.Tests/Fake.cs", "src/Snippets/Docs.cs", "src/Orders/Model.g.cs", "tools/TestSuite/Client.cs", "unit/Routing/RouteTests.cs", "acceptance/GatewayTests.cs" })
            {
                var file = Path.Combine(root, path);
                Directory.CreateDirectory(Path.GetDirectoryName(file)!);
                File.WriteAllText(file, "class C { }");
            }

            File.WriteAllText(Path.Combine(root, "src/Orders/Orders.csproj"), "<Project Sdk=\"Microsoft.NET.Sdk.Web\" />");
            File.WriteAllText(Path.Combine(root, "unit/Gateway.UnitTests.csproj"), "<Project><ItemGroup><PackageReference Include=\"Microsoft.NET.Test.Sdk\" /></ItemGroup></Project>");
            File.WriteAllText(Path.Combine(root, "acceptance/Gateway.Acceptance.csproj"), "<Project><PropertyGroup><IsTestProject>true</IsTestProject></PropertyGroup></Project>");

            var sources = SourceFolder.Read(root).Select(source => source.Path).ToList();

            Assert.Collection(
                sources,
                path => Assert.Equal("src/Orders/OrdersController.cs", path),
                path => Assert.Equal("ImplicitUsings.g.cs", path));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void DeclaredReferencesAreTheFrameworksAndThePackagesTheServiceProjectsReferenceWithTheirDependencies()
    {
        var root = Directory.CreateTempSubdirectory("declared-").FullName;
        try
        {
            var service = Path.Combine(root, "repository", "src", "Orders");
            var tests = Path.Combine(root, "repository", "src", "Orders.Tests");
            Directory.CreateDirectory(service);
            Directory.CreateDirectory(tests);
            File.WriteAllText(Path.Combine(service, "Orders.csproj"), "<Project Sdk=\"Microsoft.NET.Sdk.Web\"><ItemGroup><PackageReference Include=\"Microsoft.Extensions.Http.Resilience\" Version=\"10.0.0\" /><PackageReference Include=\"NotHeldHere\" /></ItemGroup></Project>");
            File.WriteAllText(Path.Combine(tests, "Orders.Tests.csproj"), "<Project><ItemGroup><PackageReference Include=\"Microsoft.NET.Test.Sdk\" /><PackageReference Include=\"StackExchange.Redis\" /></ItemGroup></Project>");
            File.WriteAllText(Path.Combine(root, "repository", "Directory.Build.props"), "<Project><ItemGroup><GlobalPackageReference Include=\"Azure.Storage.Blobs\" /></ItemGroup></Project>");
            var sourceFolder = Path.Combine(root, "repository", "src");

            var declared = SourceFolder.DeclaredPackages(sourceFolder);
            var references = CorpusReferences.For(ReferenceSet.Declared, sourceFolder).Select(reference => Path.GetFileName(reference.Display)).ToList();

            Assert.Equal(["Azure.Storage.Blobs", "Microsoft.Extensions.Http.Resilience", "NotHeldHere"], declared.Order());
            Assert.Contains("System.Runtime.dll", references);
            Assert.Contains("Microsoft.AspNetCore.Http.Abstractions.dll", references);
            Assert.Contains("Microsoft.Extensions.Http.Resilience.dll", references);
            Assert.Contains("Polly.Core.dll", references);
            Assert.Contains("Azure.Storage.Blobs.dll", references);
            Assert.DoesNotContain("StackExchange.Redis.dll", references);
            Assert.DoesNotContain("Microsoft.CodeAnalysis.dll", references);
            Assert.Equal(references.Count, references.Distinct(System.StringComparer.OrdinalIgnoreCase).Count());
            Assert.Contains("StackExchange.Redis.dll", CorpusReferences.For(ReferenceSet.All, sourceFolder).Select(reference => Path.GetFileName(reference.Display)));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void RetryBudgetBenchmarkMeasuresOneAndTwoThreads()
    {
        var table = RetryBudgetBenchmark.Run(operationsPerThread: 2000);

        Assert.Contains("| 1 | ", table);
        Assert.Contains("| 2 | ", table);
    }
}
