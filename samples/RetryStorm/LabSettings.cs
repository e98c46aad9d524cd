namespace RetryStorm;

/// <summary>The lab's knobs. Every count and duration is bounded; see <see cref="Program"/> for the limits.</summary>
/// <param name="RatePerSecond">User requests the load generator sends per second, whatever happens (open loop).</param>
/// <param name="Seconds">How long the load runs.</param>
/// <param name="FaultStartSecond">When inventory starts failing half of its requests.</param>
/// <param name="FaultEndSecond">When the fault is removed.</param>
/// <param name="Capacity">Requests inventory serves at once; the rest queue.</param>
/// <param name="ServiceMilliseconds">Time inventory spends on each request, failed or not.</param>
/// <param name="OutputFolder">Where the event log and the chart go.</param>
internal sealed record LabSettings(int RatePerSecond, int Seconds, int FaultStartSecond, int FaultEndSecond, int Capacity, int ServiceMilliseconds, string OutputFolder)
{
    /// <summary>Share of inventory's requests that fail while the fault is on.</summary>
    public const double FaultRate = 0.5;

    /// <summary>Requests inventory lets wait for capacity; beyond that it answers 503 at once.</summary>
    public const int QueueLimit = 400;

    /// <summary>Inventory's throughput at full capacity.</summary>
    public int CapacityPerSecond => Capacity * 1000 / ServiceMilliseconds;
}
