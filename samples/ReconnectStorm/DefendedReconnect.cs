using System;
using Microsoft.AspNetCore.SignalR.Client;

namespace ReconnectStorm;

/// <summary>
/// Capped exponential backoff with full jitter: before attempt n a client waits a random time between zero and
/// min(<see cref="MaxDelay"/>, <see cref="BaseDelay"/> · 2ⁿ), so a fleet that lost its hub at one instant comes back
/// spread over the window instead of in step. After <see cref="GiveUpAfter"/> it stops: returning null ends the
/// reconnects and raises <c>Closed</c>, where the application decides what to tell its user.
/// </summary>
internal sealed class JitteredReconnectPolicy : IRetryPolicy
{
    public static readonly TimeSpan BaseDelay = TimeSpan.FromSeconds(1);

    public static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(10);

    public static readonly TimeSpan GiveUpAfter = TimeSpan.FromMinutes(2);

    public TimeSpan? NextRetryDelay(RetryContext retryContext)
    {
        if (retryContext.ElapsedTime > GiveUpAfter)
        {
            return null;
        }

        var ceiling = Math.Min(MaxDelay.TotalMilliseconds, BaseDelay.TotalMilliseconds * Math.Pow(2, retryContext.PreviousRetryCount));
        return TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * ceiling);
    }
}

/// <summary>Every client reconnects through the jittered policy; it keeps no state, so one instance serves the fleet.</summary>
internal sealed class DefendedReconnect : IReconnectVariant
{
    private static readonly JitteredReconnectPolicy Policy = new();

    public string Name => "defended";

    public IHubConnectionBuilder WithReconnect(IHubConnectionBuilder builder) => builder.WithAutomaticReconnect(Policy);
}
