using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using System.Xml.Linq;
using ResilienceAnalyzers.Tests.Infrastructure;
using Xunit;

namespace ResilienceAnalyzers.Tests.Package;

/// <summary>
/// Packs the NuGet package, checks its layout, then installs it from a local folder feed into a fresh project and
/// builds that project the way a user would: the RES warning must appear with its help link, and in the SARIF log.
/// </summary>
[Collection(SequentialDotNetCli.Name)]
public sealed class PackageTests : IClassFixture<PackageTests.PackedPackage>
{
    private readonly PackedPackage package;

    public PackageTests(PackedPackage package) => this.package = package;

    [Fact]
    public void PackageHoldsBothAssembliesUnderAnalyzersAndNothingUnderLib()
    {
        var entries = package.Entries();

        Assert.Contains("analyzers/dotnet/cs/ResilienceAnalyzers.dll", entries);
        Assert.Contains("analyzers/dotnet/cs/ResilienceAnalyzers.CodeFixes.dll", entries);
        Assert.Contains("README.md", entries);
        Assert.Contains("LICENSE", entries);
        Assert.DoesNotContain(entries, entry => entry.StartsWith("lib/", StringComparison.Ordinal));
        Assert.Equal(2, entries.Count(entry => entry.EndsWith(".dll", StringComparison.Ordinal)));
    }

    [Fact]
    public void NuspecDeclaresADevelopmentDependencyWithReadmeLicenseAndRepository()
    {
        using var archive = ZipFile.OpenRead(package.Path);
        using var nuspecStream = archive.GetEntry("ResilienceAnalyzers.nuspec")!.Open();
        var metadata = XDocument.Load(nuspecStream).Root!.Elements().Single(e => e.Name.LocalName == "metadata");
        string? Value(string name) => metadata.Elements().SingleOrDefault(e => e.Name.LocalName == name)?.Value;

        Assert.Equal("ResilienceAnalyzers", Value("id"));
        Assert.Equal("true", Value("developmentDependency"));
        Assert.Equal("README.md", Value("readme"));
        Assert.Equal("MIT", Value("license"));
        Assert.False(string.IsNullOrWhiteSpace(Value("description")));
        var repository = metadata.Elements().Single(e => e.Name.LocalName == "repository");
        Assert.Equal("https://github.com/ResilienceAnalyzers/ResilienceAnalyzers", repository.Attribute("url")?.Value);
        Assert.Empty(metadata.Elements().Where(e => e.Name.LocalName == "dependencies").Elements());
    }

    [Fact]
    public async Task ConsumerBuildShowsTheWarningWithItsHelpLinkAndWritesItToSarif()
    {
        var sarif = Path.Combine(package.WorkFolder, "build.sarif");

        var build = await BuildConsumerAsync("default-mode", analysisMode: null, $"-p:ErrorLog={sarif}");

        Assert.True(build.ExitCode == 0, build.ToString());
        Assert.Contains("warning RES3001: Channel.CreateUnbounded<string>() is an unbounded queue", build.Output);
        Assert.Contains("(https://github.com/ResilienceAnalyzers/ResilienceAnalyzers/blob/main/docs/rules/RES3001.md)", build.Output);

        using var log = JsonDocument.Parse(File.ReadAllText(sarif));
        var results = log.RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray().ToList();
        Assert.Contains(results, result => result.GetProperty("ruleId").GetString() == "RES3001");
    }

    [Fact]
    public void PackageShipsThePresetsAndThePropsThatSelectsThem()
    {
        var entries = package.Entries();

        Assert.Contains("buildTransitive/ResilienceAnalyzers.targets", entries);
        Assert.Contains("config/ResilienceAnalyzers.default.globalconfig", entries);
        Assert.Contains("config/ResilienceAnalyzers.strict.globalconfig", entries);
        Assert.Contains("config/ResilienceAnalyzers.none.globalconfig", entries);
    }

    [Fact]
    public async Task StrictPresetFailsTheBuildOnAFlaggedPattern()
    {
        var build = await BuildConsumerAsync("strict-mode", analysisMode: "strict");

        Assert.NotEqual(0, build.ExitCode);
        Assert.Contains("error RES3001:", build.Output);
    }

    [Fact]
    public async Task NonePresetIsSilent()
    {
        var build = await BuildConsumerAsync("none-mode", analysisMode: "none");

        Assert.True(build.ExitCode == 0, build.ToString());
        Assert.DoesNotContain("RES3001", build.Output);
    }

    [Fact]
    public async Task UnknownPresetIsAClearBuildError()
    {
        var build = await BuildConsumerAsync("unknown-mode", analysisMode: "paranoid");

        Assert.NotEqual(0, build.ExitCode);
        Assert.Contains("ResilienceAnalysisMode 'paranoid' is not a preset of ResilienceAnalyzers: use default, strict or none.", build.Output);
    }

    [Fact]
    public async Task RetryBudgetCompanionIsItsOwnPackageForModernAndOlderRuntimes()
    {
        var feed = Path.Combine(package.WorkFolder, "companion");
        await PackedPackage.PackAsync("ResilienceAnalyzers.Polly", feed);

        using var archive = ZipFile.OpenRead(Directory.GetFiles(feed, "ResilienceAnalyzers.Polly.*.nupkg").Single());
        var entries = archive.Entries.Select(entry => entry.FullName).ToList();
        Assert.Contains("lib/net10.0/ResilienceAnalyzers.Polly.dll", entries);
        Assert.Contains("lib/netstandard2.0/ResilienceAnalyzers.Polly.dll", entries);
        Assert.Contains("README.md", entries);
    }

    /// <summary>Creates a fresh project that references the package from the local feed and builds it.</summary>
    private async Task<DotNetCli.Result> BuildConsumerAsync(string name, string? analysisMode, params string[] buildArguments)
    {
        var consumer = Path.Combine(package.WorkFolder, name);
        Directory.CreateDirectory(consumer);
        File.WriteAllText(Path.Combine(consumer, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="local" value="{package.Feed}" />
              </packageSources>
            </configuration>
            """);
        var mode = analysisMode is null ? string.Empty : $"<ResilienceAnalysisMode>{analysisMode}</ResilienceAnalysisMode>";
        File.WriteAllText(Path.Combine(consumer, "Consumer.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                {mode}
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="ResilienceAnalyzers" Version="{package.Version}" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(consumer, "Program.cs"), """
            using System.Threading.Channels;

            var queue = Channel.CreateUnbounded<string>();
            _ = System.Threading.Tasks.Task.Run(async () => { await foreach (var item in queue.Reader.ReadAllAsync()) { } });
            await queue.Writer.WriteAsync("order");
            """);

        return await DotNetCli.RunAsync(
            consumer,
            new Dictionary<string, string> { ["NUGET_PACKAGES"] = Path.Combine(package.WorkFolder, "packages") },
            ["build", "--disable-build-servers", "-nodeReuse:false", .. buildArguments]);
    }

    /// <summary>Packs once for all tests of the class, into a folder of its own.</summary>
    public sealed class PackedPackage : IAsyncLifetime
    {
        public string WorkFolder { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "ResilienceAnalyzers.PackageTests", Guid.NewGuid().ToString("N"));

        public string Feed => System.IO.Path.Combine(WorkFolder, "feed");

        public string Path { get; private set; } = string.Empty;

        public string Version { get; private set; } = string.Empty;

        public List<string> Entries()
        {
            using var archive = ZipFile.OpenRead(Path);
            return archive.Entries.Select(entry => entry.FullName).ToList();
        }

        public async Task InitializeAsync()
        {
            Directory.CreateDirectory(Feed);
            await PackAsync("ResilienceAnalyzers.Package", Feed);

            Path = Directory.GetFiles(Feed, "ResilienceAnalyzers.*.nupkg").Single();
            Version = System.IO.Path.GetFileNameWithoutExtension(Path)["ResilienceAnalyzers.".Length..];
        }

        /// <summary>Packs src/&lt;project&gt; in Release into <paramref name="feed"/>.</summary>
        public static async Task PackAsync(string project, string feed)
        {
            var pack = await DotNetCli.RunAsync(
                RepositoryPaths.Root,
                environment: null,
                "pack", RepositoryPaths.Combine("src", project, project + ".csproj"),
                "-c", "Release", "-o", feed, "--disable-build-servers", "-nodeReuse:false");
            Assert.True(pack.ExitCode == 0, pack.ToString());
        }

        public Task DisposeAsync()
        {
            try
            {
                Directory.Delete(WorkFolder, recursive: true);
            }
            catch (IOException)
            {
                // A leftover temp folder is harmless; a failing cleanup must not hide the test result.
            }

            return Task.CompletedTask;
        }
    }
}
