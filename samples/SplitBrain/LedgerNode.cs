using System;
using System.Diagnostics;
using System.Threading.Tasks;

namespace SplitBrain;

internal enum WriteOutcome
{
    NotLeader,
    Accepted,
    Rejected,
}

/// <summary>
/// A node that adds one to the ledger's balance while it believes it leads. Belief is a heartbeat timestamp: the node
/// leads while its last renewal is younger than the lease's time-to-live — which a paused process cannot check.
/// </summary>
internal abstract class LedgerNode(string name, Ledger ledger, TimeSpan leaseTtl)
{
    private readonly Stopwatch sinceRenewal = new();

    public string Name => name;

    protected Ledger Ledger => ledger;

    /// <summary>The lease of the last renewal (its fencing token included).</summary>
    protected Lease? Lease { get; private set; }

    protected bool IsLeader => Lease is not null && sinceRenewal.Elapsed < leaseTtl;

    public void Renewed(Lease lease)
    {
        Lease = lease;
        sinceRenewal.Restart();
    }

    /// <summary>
    /// Reads the balance and writes it back plus one, if this node believes it leads. <paramref name="pause"/> runs between
    /// the read and the write: where a garbage collection, a VM migration or a partition stops a real process.
    /// </summary>
    public abstract Task<WriteOutcome> IncrementAsync(Func<Task> pause);
}
