using System.Threading.Channels;

namespace QueueOverload;

/// <summary>The naive ingest queue: it accepts every item, however far behind the consumer is.</summary>
internal static class NaiveIngest
{
    public static Channel<WorkItem> CreateQueue() =>
        Channel.CreateUnbounded<WorkItem>(new UnboundedChannelOptions { SingleReader = true });
}
