using System;
using System.Threading.Channels;

namespace QueueOverload;

/// <summary>A bounded queue that never makes producers wait: when full it drops its oldest item and reports it.</summary>
internal static class DroppingIngest
{
    public static Channel<WorkItem> CreateQueue(Action<WorkItem> onDropped) =>
        Channel.CreateBounded<WorkItem>(new BoundedChannelOptions(1000) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true }, onDropped);
}
