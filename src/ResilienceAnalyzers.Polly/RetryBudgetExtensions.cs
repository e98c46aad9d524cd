using System;
using System.Threading.Tasks;
using Polly.Retry;

namespace ResilienceAnalyzers.Polly;

/// <summary>Puts a Polly v8 retry strategy on a <see cref="RetryBudget"/>.</summary>
public static class RetryBudgetExtensions
{
    /// <summary>
    /// Makes the retry spend from <paramref name="budget"/>: each execution's first attempt deposits, each retry
    /// withdraws, and a retry the budget cannot pay for is not made (the outcome is returned as it is). Wraps
    /// <see cref="RetryStrategyOptions{TResult}.ShouldHandle"/>, so set that first. Share one budget among all the
    /// retries that call the same dependency.
    /// </summary>
    /// <returns>The same options, for <c>builder.AddRetry(options.WithBudget(budget))</c>.</returns>
    public static RetryStrategyOptions<TResult> WithBudget<TResult>(this RetryStrategyOptions<TResult> options, RetryBudget budget)
    {
        if (options is null)
        {
            throw new ArgumentNullException(nameof(options));
        }

        if (budget is null)
        {
            throw new ArgumentNullException(nameof(budget));
        }

        var shouldHandle = options.ShouldHandle;
        options.ShouldHandle = args =>
        {
            if (args.AttemptNumber == 0)
            {
                budget.RecordRequest();
            }

            // The strategy asks after the last attempt too; no retry follows it, so nothing is withdrawn for it.
            var isLastAttempt = args.AttemptNumber >= options.MaxRetryAttempts;
            var decision = shouldHandle(args);
            return decision.IsCompletedSuccessfully
                ? new ValueTask<bool>(decision.Result && (isLastAttempt || budget.TryWithdraw()))
                : SpendAsync(decision, budget, isLastAttempt);
        };

        return options;
    }

    /// <inheritdoc cref="WithBudget{TResult}(RetryStrategyOptions{TResult}, RetryBudget)"/>
    public static RetryStrategyOptions WithBudget(this RetryStrategyOptions options, RetryBudget budget)
    {
        WithBudget<object>(options, budget);
        return options;
    }

    private static async ValueTask<bool> SpendAsync(ValueTask<bool> decision, RetryBudget budget, bool isLastAttempt) =>
        await decision.ConfigureAwait(false) && (isLastAttempt || budget.TryWithdraw());
}
