using System;
using System.Collections.Generic;
using System.Diagnostics.Metrics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;
using Polly;
using Polly.Retry;
using ResilienceAnalyzers.Polly;
using Xunit;

namespace ResilienceAnalyzers.Tests.RetryBudgets;

public sealed class RetryBudgetTests
{
    private readonly FakeTimeProvider clock = new();

    [Fact]
    public void WithoutTrafficTheFloorAllowsMinRetriesPerSecondOverTheWindow()
    {
        var budget = Budget(ratio: 0.2, minPerSecond: 10);

        var allowed = Enumerable.Range(0, 150).Count(_ => budget.TryWithdraw());

        Assert.Equal(100, allowed);
        Assert.Equal(50, budget.ExhaustedCount);
    }

    [Fact]
    public void RequestsDepositTheRatio()
    {
        var budget = Budget(ratio: 0.2, minPerSecond: 0);
        for (var i = 0; i < 100; i++)
        {
            budget.RecordRequest();
        }

        Assert.Equal(20, budget.Balance, precision: 9);
        Assert.Equal(20, Enumerable.Range(0, 30).Count(_ => budget.TryWithdraw()));
        Assert.Equal(10, budget.ExhaustedCount);
    }

    [Fact]
    public void DepositsAndWithdrawalsExpireAfterTheWindow()
    {
        var budget = Budget(ratio: 1, minPerSecond: 0);
        budget.RecordRequest();
        budget.RecordRequest();

        clock.Advance(TimeSpan.FromSeconds(8));
        Assert.Equal(2, budget.Balance, precision: 9);
        Assert.True(budget.TryWithdraw());
        Assert.Equal(1, budget.Balance, precision: 9);

        clock.Advance(TimeSpan.FromSeconds(3));
        Assert.Equal(-1, budget.Balance, precision: 9); // the deposits are 11 s old, the withdrawal 3 s

        clock.Advance(TimeSpan.FromSeconds(8));
        Assert.Equal(0, budget.Balance, precision: 9);
        Assert.False(budget.TryWithdraw());
    }

    [Theory]
    [InlineData(-0.1, 10, 10)]
    [InlineData(double.NaN, 10, 10)]
    [InlineData(1001, 10, 10)]
    [InlineData(0.2, -1, 10)]
    [InlineData(0.2, 10, 0.5)]
    [InlineData(0.2, 10, 3601)]
    public void OptionsOutsideTheirRangeAreRejected(double ratio, int minPerSecond, double windowSeconds) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new RetryBudget(new RetryBudgetOptions
        {
            RetryRatio = ratio,
            MinRetriesPerSecond = minPerSecond,
            Window = TimeSpan.FromSeconds(windowSeconds),
        }));

    [Fact]
    public void ConcurrentUseNeitherLosesDepositsNorOverdrawsBeyondOneTokenPerThread()
    {
        var budget = Budget(ratio: 0.5, minPerSecond: 0);
        const int PerThread = 200_000;

        Parallel.For(0, 2, _ =>
        {
            for (var i = 0; i < PerThread; i++)
            {
                budget.RecordRequest();
            }
        });
        Assert.Equal(PerThread, budget.Balance, precision: 9);

        var granted = 0;
        Parallel.For(0, 2, _ =>
        {
            for (var i = 0; i < PerThread; i++)
            {
                if (budget.TryWithdraw())
                {
                    Interlocked.Increment(ref granted);
                }
            }
        });

        Assert.InRange(granted, PerThread, PerThread + 2);
    }

    [Fact]
    public async Task APollyRetryOnABudgetRetriesAtMostTheRatioOfRequests()
    {
        var budget = Budget(ratio: 0.2, minPerSecond: 0);
        var pipeline = new ResiliencePipelineBuilder()
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<InvalidOperationException>(),
                MaxRetryAttempts = 3,
                Delay = TimeSpan.Zero,
            }.WithBudget(budget))
            .Build();

        var attempts = 0;
        for (var request = 0; request < 100; request++)
        {
            await Assert.ThrowsAsync<InvalidOperationException>(async () =>
                await pipeline.ExecuteAsync(_ =>
                {
                    attempts++;
                    throw new InvalidOperationException("down");
                }));
        }

        // Without the budget: 400 attempts (4 per request). With it: 100 requests + 20 % of them as retries.
        Assert.Equal(120, attempts);

        // Refused: the first retry of the 80 requests that found the budget empty, and the second retry of the 20 that got one.
        Assert.Equal(100, budget.ExhaustedCount);
    }

    [Fact]
    public async Task SuccessfulCallsDepositWithoutWithdrawing()
    {
        var budget = Budget(ratio: 0.5, minPerSecond: 0);
        var pipeline = new ResiliencePipelineBuilder<int>()
            .AddRetry(new RetryStrategyOptions<int> { ShouldHandle = args => new ValueTask<bool>(args.Outcome.Result < 0), Delay = TimeSpan.Zero }.WithBudget(budget))
            .Build();

        for (var i = 0; i < 10; i++)
        {
            await pipeline.ExecuteAsync(_ => new ValueTask<int>(1));
        }

        Assert.Equal(5, budget.Balance, precision: 9);
        Assert.Equal(0, budget.ExhaustedCount);
    }

    [Fact]
    public void ExhaustionIsCountedOnTheMeterWithTheBudgetName()
    {
        var measurements = new List<(long Value, object? Name)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == RetryBudget.MeterName && instrument.Name == "resilience.retry_budget.exhausted")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            var name = tags.ToArray().FirstOrDefault(tag => tag.Key == "budget.name").Value;
            if (Equals(name, "inventory"))
            {
                lock (measurements)
                {
                    measurements.Add((value, name));
                }
            }
        });
        listener.Start();

        var budget = new RetryBudget(new RetryBudgetOptions { MinRetriesPerSecond = 0, Name = "inventory", TimeProvider = clock });
        budget.TryWithdraw();
        budget.TryWithdraw();

        Assert.Equal(2, measurements.Sum(m => m.Value));
    }

    private RetryBudget Budget(double ratio, int minPerSecond) =>
        new(new RetryBudgetOptions { RetryRatio = ratio, MinRetriesPerSecond = minPerSecond, Window = TimeSpan.FromSeconds(10), TimeProvider = clock });
}
