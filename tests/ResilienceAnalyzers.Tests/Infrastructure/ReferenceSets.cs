using System;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace ResilienceAnalyzers.Tests.Infrastructure;

/// <summary>
/// Named sets of references that test sources compile against, one per API the rule catalogue inspects.
/// Nothing is downloaded while tests run: the .NET and ASP.NET Core sets are the reference packs that ship with the
/// SDK, and every third-party set is made of assemblies this test project restored with its own PackageReferences
/// and copied next to the test assembly. A set that cannot be built fails with a message naming the missing file.
/// </summary>
public static class ReferenceSets
{
    private static readonly Lazy<ImmutableArray<MetadataReference>> NetReferences = new(() => FromReferencePack("Microsoft.NETCore.App.Ref"));
    private static readonly Lazy<ImmutableArray<MetadataReference>> AspNetCoreReferences = new(() => FromReferencePack("Microsoft.AspNetCore.App.Ref"));

    /// <summary>The .NET 10 base class library, Channels, BlockingCollection and TPL Dataflow included.</summary>
    public static ImmutableArray<MetadataReference> Net => NetReferences.Value;

    /// <summary>.NET plus the ASP.NET Core shared framework (MVC, minimal APIs, authorization, Microsoft.Extensions.*, IMemoryCache, IDistributedCache).</summary>
    public static ImmutableArray<MetadataReference> AspNetCore { get; } = Combine(Net, AspNetCoreReferences.Value);

    /// <summary>
    /// ASP.NET Core with Microsoft.Extensions.Http 8.0 in place of the shared framework's: the factory whose default primary
    /// handler, an HttpClientHandler, keeps its connections forever (from 9.0 on it rotates them).
    /// </summary>
    public static ImmutableArray<MetadataReference> AspNetCoreWithHttpClientFactory8 { get; } = Combine(FromTestOutputFolder("HttpClientFactory8", "Microsoft.Extensions.Http"), AspNetCore);

    /// <summary>Polly v8: Polly.Core, Polly.Extensions (DI) and Polly.RateLimiting 8.x.</summary>
    public static ImmutableArray<MetadataReference> PollyV8 { get; } =
        Combine(AspNetCore, FromTestOutput("Polly.Core", "Polly.Extensions", "Polly.RateLimiting"));

    /// <summary>Polly v8 and this repository's companion package, ResilienceAnalyzers.Polly (the retry budget).</summary>
    public static ImmutableArray<MetadataReference> PollyV8WithRetryBudget { get; } =
        Combine(PollyV8, FromTestOutput("ResilienceAnalyzers.Polly"));

    /// <summary>Polly v7: Polly 7.2.4, Polly.Contrib.WaitAndRetry, Polly.Extensions.Http and Microsoft.Extensions.Http.Polly.</summary>
    public static ImmutableArray<MetadataReference> PollyV7 { get; } =
        Combine(AspNetCore, FromTestOutput("Polly", "Polly.Contrib.WaitAndRetry", "Polly.Extensions.Http", "Microsoft.Extensions.Http.Polly"));

    /// <summary>Microsoft.Extensions.Http.Resilience (the standard resilience handler) over Polly v8.</summary>
    public static ImmutableArray<MetadataReference> HttpResilience { get; } =
        Combine(PollyV8, FromTestOutput(
            "Microsoft.Extensions.Http.Resilience",
            "Microsoft.Extensions.Http.Diagnostics",
            "Microsoft.Extensions.Resilience",
            "Microsoft.Extensions.Diagnostics.ExceptionSummarization",
            "Microsoft.Extensions.Telemetry.Abstractions",
            "Microsoft.Extensions.Compliance.Abstractions"));

    /// <summary>The gRPC client factory (<c>AddGrpcClient&lt;T&gt;</c>) and the gRPC client it configures, with the standard resilience handler.</summary>
    public static ImmutableArray<MetadataReference> GrpcClientFactory { get; } =
        Combine(HttpResilience, FromTestOutput("Grpc.Net.ClientFactory", "Grpc.Net.Client", "Grpc.Net.Common", "Grpc.Core.Api"));

    /// <summary>Caches: IMemoryCache and IDistributedCache (shared framework), HybridCache, the Redis IDistributedCache and StackExchange.Redis.</summary>
    public static ImmutableArray<MetadataReference> Caching { get; } =
        Combine(AspNetCore, FromTestOutput("Microsoft.Extensions.Caching.Hybrid", "Microsoft.Extensions.Caching.StackExchangeRedis", "StackExchange.Redis"));

    /// <summary>What the labs' shared library compiles against: ASP.NET Core for its loopback services, ScottPlot for charts.</summary>
    public static ImmutableArray<MetadataReference> LabKitDependencies { get; } = Combine(AspNetCore, FromTestOutput("ScottPlot", "SkiaSharp"));

    /// <summary>The data and cloud SDKs services call: EF Core (relational, and its SQL Server provider), Azure Blob Storage over Azure.Core, and the AWS S3 client.</summary>
    public static ImmutableArray<MetadataReference> DataAndCloudSdks { get; } = Combine(AspNetCore, FromTestOutput(
        "Microsoft.EntityFrameworkCore",
        "Microsoft.EntityFrameworkCore.Abstractions",
        "Microsoft.EntityFrameworkCore.Relational",
        "Microsoft.EntityFrameworkCore.SqlServer",
        "Azure.Core",
        "Azure.Storage.Blobs",
        "Azure.Storage.Common",
        "System.Memory.Data",
        "AWSSDK.Core",
        "AWSSDK.S3"));

    /// <summary>The SignalR .NET client (<c>HubConnectionBuilder</c>, <c>WithAutomaticReconnect</c>) over ASP.NET Core.</summary>
    public static ImmutableArray<MetadataReference> SignalRClient { get; } = Combine(AspNetCore, FromTestOutput(
        "Microsoft.AspNetCore.SignalR.Client",
        "Microsoft.AspNetCore.SignalR.Client.Core",
        "Microsoft.AspNetCore.Http.Connections.Client"));

    /// <summary>The message brokers' clients: RabbitMQ.Client (<c>ConnectionFactory</c> and its automatic recovery), and MassTransit (its message retry) over ASP.NET Core.</summary>
    public static ImmutableArray<MetadataReference> Messaging { get; } = Combine(AspNetCore, FromTestOutput("RabbitMQ.Client", "MassTransit", "MassTransit.Abstractions"));

    /// <summary>The Orleans client (<c>IClientConnectionRetryFilter</c>, <c>UseConnectionRetryFilter</c>) over ASP.NET Core, downloaded to the Orleans folder.</summary>
    public static ImmutableArray<MetadataReference> OrleansClient { get; } =
        Combine(AspNetCore, FromTestOutputFolder("Orleans", "Orleans.Core"), FromTestOutputFolder("Orleans", "Orleans.Core.Abstractions"));

    /// <summary>The Azure Functions isolated worker's attributes (<c>[FixedDelayRetry]</c>, <c>[ExponentialBackoffRetry]</c>).</summary>
    public static ImmutableArray<MetadataReference> FunctionsWorker { get; } = Combine(Net, FromTestOutput("Microsoft.Azure.Functions.Worker.Extensions.Abstractions"));

    /// <summary>The labs' shared library (loopback services, arguments, event logs, charts) and what it needs.</summary>
    public static ImmutableArray<MetadataReference> LabKit { get; } = Combine(LabKitDependencies, FromTestOutput("LabKit"));

    /// <summary>The retry-storm lab's references: the lab kit, Polly v8 and the retry budget.</summary>
    public static ImmutableArray<MetadataReference> RetryStormLab { get; } = Combine(LabKit, PollyV8WithRetryBudget);

    /// <summary>The cache-stampede lab's references: the lab kit and the caches (Redis included).</summary>
    public static ImmutableArray<MetadataReference> CacheStampedeLab { get; } = Combine(LabKit, Caching);

    /// <summary>The split-brain lab's references: the lab kit, SQLite's ADO.NET provider and StackExchange.Redis.</summary>
    public static ImmutableArray<MetadataReference> SplitBrainLab { get; } = Combine(LabKit, FromTestOutput("Microsoft.Data.Sqlite", "StackExchange.Redis"));

    /// <summary>The fail-open authorization lab's references: the lab kit and Polly v8.</summary>
    public static ImmutableArray<MetadataReference> FailOpenAuthzLab { get; } = Combine(LabKit, PollyV8);

    /// <summary>The hot-partition lab's references: the lab kit and StackExchange.Redis.</summary>
    public static ImmutableArray<MetadataReference> HotPartitionLab { get; } = Combine(LabKit, FromTestOutput("StackExchange.Redis"));

    /// <summary>The cascading-failure lab's references: the lab kit, Polly v8 and the retry budget.</summary>
    public static ImmutableArray<MetadataReference> CascadingFailureLab { get; } = Combine(LabKit, PollyV8WithRetryBudget);

    /// <summary>The reconnect-storm lab's references: the lab kit (ASP.NET Core and its SignalR hub) and the SignalR client.</summary>
    public static ImmutableArray<MetadataReference> ReconnectStormLab { get; } = Combine(LabKit, SignalRClient);

    /// <summary>
    /// ASP.NET Core and a stand-in for the Consul client (package Consul, which the package feed this repository builds
    /// from does not serve): the registry endpoints the rules read, under their real namespace, type and method names,
    /// compiled into an assembly named Consul so that they reach the rules as metadata, as the real package does.
    /// </summary>
    public static ImmutableArray<MetadataReference> Consul { get; } = Combine(AspNetCore, FromSource("Consul", """
        using System.Collections.Generic;
        using System.Threading;
        using System.Threading.Tasks;

        namespace Consul;

        public sealed class QueryResult<T> { public T Response { get; set; } = default!; }
        public sealed class ServiceEntry { }
        public sealed class CatalogService { }
        public sealed class AgentService { }

        public interface IHealthEndpoint
        {
            Task<QueryResult<ServiceEntry[]>> Service(string service, string? tag = null, bool passingOnly = false, CancellationToken ct = default);
        }

        public interface ICatalogEndpoint
        {
            Task<QueryResult<CatalogService[]>> Service(string service, CancellationToken ct = default);
            Task<QueryResult<Dictionary<string, string[]>>> Services(CancellationToken ct = default);
        }

        public interface IAgentEndpoint
        {
            Task<QueryResult<Dictionary<string, AgentService>>> Services(CancellationToken ct = default);
        }

        public interface IConsulClient
        {
            IHealthEndpoint Health { get; }
            ICatalogEndpoint Catalog { get; }
            IAgentEndpoint Agent { get; }
        }
        """));

    /// <summary>Every set at once, for tests (such as the truncation meta-test) that run all rules over all sources.</summary>
    public static ImmutableArray<MetadataReference> All { get; } = Combine(PollyV7, GrpcClientFactory, Caching, PollyV8WithRetryBudget, DataAndCloudSdks, SignalRClient, Messaging, OrleansClient, FunctionsWorker);

    private static ImmutableArray<MetadataReference> Combine(params ImmutableArray<MetadataReference>[] sets) =>
        sets.SelectMany(set => set)
            .GroupBy(reference => Path.GetFileName(reference.Display), StringComparer.OrdinalIgnoreCase)
            .Select(sameAssembly => sameAssembly.First())
            .ToImmutableArray();

    /// <summary>The reference assemblies of a targeting pack that ships with the SDK running the tests.</summary>
    private static ImmutableArray<MetadataReference> FromReferencePack(string packName)
    {
        var packs = Path.Combine(DotNetRoot(), "packs", packName);
        var versionFolder = Directory.Exists(packs)
            ? Directory.GetDirectories(packs)
                .Where(folder => Directory.Exists(Path.Combine(folder, "ref", "net10.0")))
                .OrderByDescending(folder => Version.TryParse(Path.GetFileName(folder), out var version) ? version : new Version())
                .FirstOrDefault()
            : null;
        if (versionFolder is null)
        {
            throw new InvalidOperationException($"No net10.0 reference pack under {packs}: install the .NET 10 SDK, which ships it.");
        }

        return Directory.GetFiles(Path.Combine(versionFolder, "ref", "net10.0"), "*.dll")
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
            .ToImmutableArray();
    }

    /// <summary>An assembly compiled from <paramref name="source"/> against .NET, for an API whose package is not served.</summary>
    private static ImmutableArray<MetadataReference> FromSource(string assemblyName, string source)
    {
        var compilation = Microsoft.CodeAnalysis.CSharp.CSharpCompilation.Create(
            assemblyName,
            [Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText(source, new Microsoft.CodeAnalysis.CSharp.CSharpParseOptions(Microsoft.CodeAnalysis.CSharp.LanguageVersion.Latest))],
            Net,
            new Microsoft.CodeAnalysis.CSharp.CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        using var image = new MemoryStream();
        var emitted = compilation.Emit(image);
        return emitted.Success
            ? [MetadataReference.CreateFromImage(image.ToArray(), filePath: assemblyName + ".dll")]
            : throw new InvalidOperationException($"The {assemblyName} stand-in does not compile: {string.Join("; ", emitted.Diagnostics)}");
    }

    /// <summary>Assemblies restored by this test project's PackageReferences and copied to its output folder.</summary>
    private static ImmutableArray<MetadataReference> FromTestOutput(params string[] assemblyNames) => FromTestOutputFolder(string.Empty, assemblyNames);

    /// <summary>Assemblies the test project restored or downloaded and copied to a folder of its output.</summary>
    private static ImmutableArray<MetadataReference> FromTestOutputFolder(string folder, params string[] assemblyNames) =>
        assemblyNames.Select(name =>
            {
                var path = Path.Combine(AppContext.BaseDirectory, folder, name + ".dll");
                return File.Exists(path)
                    ? (MetadataReference)MetadataReference.CreateFromFile(path)
                    : throw new InvalidOperationException($"{path} is missing: ResilienceAnalyzers.Tests.csproj restores its package and copies it there.");
            })
            .ToImmutableArray();

    private static string DotNetRoot()
    {
        // The runtime directory is <root>/shared/Microsoft.NETCore.App/<version>/.
        var runtimeDirectory = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        return Path.GetFullPath(Path.Combine(runtimeDirectory, "..", "..", ".."));
    }
}
