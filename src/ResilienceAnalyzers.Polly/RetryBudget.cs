using System;
using System.Collections.Generic;
using System.Diagnostics.Metrics;
using System.Threading;

namespace ResilienceAnalyzers.Polly;

/// <summary>
/// A retry budget in the style of Finagle's and gRPC's: every request deposits a fraction of a token
/// (<see cref="RetryBudgetOptions.RetryRatio"/>), every retry withdraws a whole one, and both expire after
/// <see cref="RetryBudgetOptions.Window"/>; a floor of <see cref="RetryBudgetOptions.MinRetriesPerSecond"/> keeps
/// low-traffic clients able to retry. When the budget is empty a retry is refused, so retries can never add more than
/// the ratio (plus the floor) to the load a failing dependency receives — which backoff alone cannot promise.
/// </summary>
/// <remarks>
/// Thread-safe and allocation-free: counts live in a ring of time slots updated with interlocked operations; a slot
/// is recycled under a lock once per slot period. Concurrent withdrawals may overdraw by at most one token per racing
/// thread; the budget is a cap on load, not an exact ledger.
/// </remarks>
public sealed class RetryBudget
{
    /// <summary>The meter the budget reports on; its instruments are named <c>resilience.retry_budget.*</c>.</summary>
    public const string MeterName = "ResilienceAnalyzers.Polly";

    private const int SlotCount = 10;

    private static readonly Meter Meter = new(MeterName);
    private static readonly Counter<long> ExhaustedCounter = Meter.CreateCounter<long>(
        "resilience.retry_budget.exhausted",
        unit: "{retry}",
        description: "Retries refused because the retry budget was empty.");

    private readonly Slot[] slots = new Slot[SlotCount];
    private readonly TimeProvider timeProvider;
    private readonly long timestampsPerSlot;
    private readonly double retryRatio;
    private readonly double floor;
    private readonly KeyValuePair<string, object?> nameTag;
    private long exhausted;

    /// <summary>Creates a budget; <paramref name="options"/> defaults to 20 % of requests plus 10 retries per second over 10 s.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is outside its documented range.</exception>
    public RetryBudget(RetryBudgetOptions? options = null)
    {
        options ??= new RetryBudgetOptions();
        if (double.IsNaN(options.RetryRatio) || options.RetryRatio < 0 || options.RetryRatio > 1000)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.RetryRatio, "RetryRatio must be from 0 to 1000.");
        }

        if (options.MinRetriesPerSecond < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.MinRetriesPerSecond, "MinRetriesPerSecond must be zero or more.");
        }

        if (options.Window < TimeSpan.FromSeconds(1) || options.Window > TimeSpan.FromHours(1))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Window, "Window must be from 1 second to 1 hour.");
        }

        timeProvider = options.TimeProvider ?? throw new ArgumentOutOfRangeException(nameof(options), "TimeProvider must be set.");
        timestampsPerSlot = Math.Max(1, (long)(options.Window.TotalSeconds * timeProvider.TimestampFrequency / SlotCount));
        retryRatio = options.RetryRatio;
        floor = options.MinRetriesPerSecond * options.Window.TotalSeconds;
        nameTag = new KeyValuePair<string, object?>("budget.name", options.Name);
        for (var i = 0; i < SlotCount; i++)
        {
            slots[i] = new Slot();
        }
    }

    /// <summary>Retries refused since the budget was created.</summary>
    public long ExhaustedCount => Interlocked.Read(ref exhausted);

    /// <summary>Whole retries the budget would allow now.</summary>
    public double Balance => BalanceAt(CurrentPeriod());

    /// <summary>Records one request (a first attempt): it deposits <see cref="RetryBudgetOptions.RetryRatio"/> of a token.</summary>
    public void RecordRequest() => Interlocked.Increment(ref SlotFor(CurrentPeriod()).Requests);

    /// <summary>Takes one token for a retry. Returns false, and counts an exhaustion, when the budget is empty.</summary>
    public bool TryWithdraw()
    {
        var period = CurrentPeriod();
        if (BalanceAt(period) < 1)
        {
            Interlocked.Increment(ref exhausted);
            ExhaustedCounter.Add(1, nameTag);
            return false;
        }

        Interlocked.Increment(ref SlotFor(period).Retries);
        return true;
    }

    private long CurrentPeriod() => timeProvider.GetTimestamp() / timestampsPerSlot;

    private double BalanceAt(long period)
    {
        long requests = 0, retries = 0;
        foreach (var slot in slots)
        {
            // A slot counts while its period is one of the last SlotCount periods.
            if (period - Volatile.Read(ref slot.Period) < SlotCount)
            {
                requests += Volatile.Read(ref slot.Requests);
                retries += Volatile.Read(ref slot.Retries);
            }
        }

        return (requests * retryRatio) + floor - retries;
    }

    private Slot SlotFor(long period)
    {
        var slot = slots[period % SlotCount];
        if (Volatile.Read(ref slot.Period) != period)
        {
            lock (slot)
            {
                if (slot.Period != period)
                {
                    Volatile.Write(ref slot.Requests, 0);
                    Volatile.Write(ref slot.Retries, 0);
                    Volatile.Write(ref slot.Period, period);
                }
            }
        }

        return slot;
    }

    private sealed class Slot
    {
        // A period that has never been current, so a fresh slot counts nothing.
        public long Period = long.MinValue / 2;
        public long Requests;
        public long Retries;
    }
}
