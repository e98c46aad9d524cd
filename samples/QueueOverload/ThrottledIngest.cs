using System.Threading.Channels;

namespace QueueOverload;

/// <summary>
/// Producer throttling driven by consumer lag: the producer pauses while it is more than <see cref="MaxLag"/> items
/// ahead of the consumer, well before the queue's own bound makes it wait.
/// </summary>
internal static class ThrottledIngest
{
    public const int MaxLag = 500;

    public static Channel<WorkItem> CreateQueue() =>
        Channel.CreateBounded<WorkItem>(new BoundedChannelOptions(10_000) { FullMode = BoundedChannelFullMode.Wait, SingleReader = true });
}
