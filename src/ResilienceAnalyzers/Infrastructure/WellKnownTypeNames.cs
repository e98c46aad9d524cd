namespace ResilienceAnalyzers.Infrastructure;

/// <summary>Metadata names of the types the rules inspect, sorted by name.</summary>
internal static class WellKnownTypeNames
{
    internal const string MassTransitIConsumer1 = "MassTransit.IConsumer`1";
    internal const string MediatRINotificationHandler1 = "MediatR.INotificationHandler`1";
    internal const string MediatRIRequestHandler2 = "MediatR.IRequestHandler`2";
    internal const string MicrosoftAspNetCoreBuilderEndpointRouteBuilderExtensions = "Microsoft.AspNetCore.Builder.EndpointRouteBuilderExtensions";
    internal const string MicrosoftAspNetCoreHttpHttpContext = "Microsoft.AspNetCore.Http.HttpContext";
    internal const string MicrosoftAspNetCoreMvcApiControllerAttribute = "Microsoft.AspNetCore.Mvc.ApiControllerAttribute";
    internal const string MicrosoftAspNetCoreMvcControllerBase = "Microsoft.AspNetCore.Mvc.ControllerBase";
    internal const string MicrosoftAspNetCoreMvcNonActionAttribute = "Microsoft.AspNetCore.Mvc.NonActionAttribute";
    internal const string MicrosoftAspNetCoreMvcRazorPagesPageModel = "Microsoft.AspNetCore.Mvc.RazorPages.PageModel";
    internal const string MicrosoftAspNetCoreSignalRHub = "Microsoft.AspNetCore.SignalR.Hub";
    internal const string MicrosoftExtensionsCachingDistributedIDistributedCache = "Microsoft.Extensions.Caching.Distributed.IDistributedCache";
    internal const string MicrosoftExtensionsCachingHybridHybridCache = "Microsoft.Extensions.Caching.Hybrid.HybridCache";
    internal const string MicrosoftExtensionsCachingMemoryIMemoryCache = "Microsoft.Extensions.Caching.Memory.IMemoryCache";
    internal const string MicrosoftExtensionsDependencyInjectionHttpClientFactoryServiceCollectionExtensions = "Microsoft.Extensions.DependencyInjection.HttpClientFactoryServiceCollectionExtensions";
    internal const string MicrosoftExtensionsDependencyInjectionHybridCacheServiceExtensions = "Microsoft.Extensions.DependencyInjection.HybridCacheServiceExtensions";
    internal const string MicrosoftExtensionsDependencyInjectionIHttpClientBuilder = "Microsoft.Extensions.DependencyInjection.IHttpClientBuilder";
    internal const string MicrosoftExtensionsHostingBackgroundService = "Microsoft.Extensions.Hosting.BackgroundService";
    internal const string MicrosoftExtensionsHttpResilienceHttpRetryStrategyOptions = "Microsoft.Extensions.Http.Resilience.HttpRetryStrategyOptions";
    internal const string PollyAsyncRetrySyntax = "Polly.AsyncRetrySyntax";
    internal const string PollyAsyncRetryTResultSyntax = "Polly.AsyncRetryTResultSyntax";
    internal const string PollyCircuitBreakerCircuitBreakerStrategyOptions = "Polly.CircuitBreaker.CircuitBreakerStrategyOptions";
    internal const string PollyCircuitBreakerCircuitBreakerStrategyOptions1 = "Polly.CircuitBreaker.CircuitBreakerStrategyOptions`1";
    internal const string PollyContribWaitAndRetryBackoff = "Polly.Contrib.WaitAndRetry.Backoff";
    internal const string PollyPolicy = "Polly.Policy";
    internal const string PollyResiliencePipelineBuilderBase = "Polly.ResiliencePipelineBuilderBase";
    internal const string PollyRetryRetryStrategyOptions1 = "Polly.Retry.RetryStrategyOptions`1";
    internal const string PollyRetrySyntax = "Polly.RetrySyntax";
    internal const string PollyRetryTResultSyntax = "Polly.RetryTResultSyntax";
    internal const string PollyTimeoutTimeoutStrategyOptions = "Polly.Timeout.TimeoutStrategyOptions";
    internal const string ResilienceAnalyzersPollyRetryBudget = "ResilienceAnalyzers.Polly.RetryBudget";
    internal const string StackExchangeRedisIDatabaseAsync = "StackExchange.Redis.IDatabaseAsync";
    internal const string SystemCollectionsConcurrentBlockingCollection1 = "System.Collections.Concurrent.BlockingCollection`1";
    internal const string SystemNetDns = "System.Net.Dns";
    internal const string SystemNetHttpHttpClient = "System.Net.Http.HttpClient";
    internal const string SystemNetHttpHttpMethod = "System.Net.Http.HttpMethod";
    internal const string SystemNetHttpIHttpClientFactory = "System.Net.Http.IHttpClientFactory";
    internal const string SystemNetHttpSocketsHttpHandler = "System.Net.Http.SocketsHttpHandler";
    internal const string SystemRandom = "System.Random";
    internal const string SystemThreadingCancellationToken = "System.Threading.CancellationToken";
    internal const string SystemThreadingChannelsBoundedChannelFullMode = "System.Threading.Channels.BoundedChannelFullMode";
    internal const string SystemThreadingChannelsBoundedChannelOptions = "System.Threading.Channels.BoundedChannelOptions";
    internal const string SystemThreadingChannelsChannel = "System.Threading.Channels.Channel";
    internal const string SystemThreadingSemaphoreSlim = "System.Threading.SemaphoreSlim";
    internal const string SystemThreadingTasksDataflowActionBlock1 = "System.Threading.Tasks.Dataflow.ActionBlock`1";
    internal const string SystemThreadingTasksDataflowBatchBlock1 = "System.Threading.Tasks.Dataflow.BatchBlock`1";
    internal const string SystemThreadingTasksDataflowBufferBlock1 = "System.Threading.Tasks.Dataflow.BufferBlock`1";
    internal const string SystemThreadingTasksDataflowDataflowBlockOptions = "System.Threading.Tasks.Dataflow.DataflowBlockOptions";
    internal const string SystemThreadingTasksDataflowTransformBlock2 = "System.Threading.Tasks.Dataflow.TransformBlock`2";
    internal const string SystemThreadingTasksDataflowTransformManyBlock2 = "System.Threading.Tasks.Dataflow.TransformManyBlock`2";
    internal const string SystemThreadingTasksTask = "System.Threading.Tasks.Task";
    internal const string SystemThreadingThread = "System.Threading.Thread";
    internal const string SystemThreadingTimeout = "System.Threading.Timeout";
}
