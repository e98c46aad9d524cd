using System.Threading.Channels;

namespace QueueOverload;

/// <summary>The defended ingest queue, as RES3001's code fix writes it: bounded, producers wait when it is full.</summary>
internal static class DefendedIngest
{
    public static Channel<WorkItem> CreateQueue() =>
        Channel.CreateBounded<WorkItem>(new BoundedChannelOptions(1000) { FullMode = BoundedChannelFullMode.Wait, SingleReader = true });
}
