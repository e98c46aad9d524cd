namespace ResilienceAnalyzers.Infrastructure;

/// <summary>
/// Diagnostic categories: one per failure mode of the catalogue. The first digit of a rule ID names its failure mode.
/// </summary>
internal static class FailureMode
{
    internal const string RetryStorm = "RetryStorm";
    internal const string CacheStampede = "CacheStampede";
    internal const string QueueOverload = "QueueOverload";
    internal const string FailOpenSecurity = "FailOpenSecurity";
    internal const string DnsAndDiscovery = "DnsAndDiscovery";
    internal const string CascadingFailure = "CascadingFailure";
    internal const string HotPartition = "HotPartition";
    internal const string SplitBrain = "SplitBrain";
}
