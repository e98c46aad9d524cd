using System;
using System.Threading;
using System.Threading.Tasks;

namespace FailOpenAuthz;

/// <summary>Naive: "availability first" — when the policy service cannot answer, everyone may read everything.</summary>
internal sealed class NaiveAccessPolicy(PolicyClient policy) : IAccessPolicy
{
    public async Task<bool> CanReadAsync(int user, int document, CancellationToken cancellationToken)
    {
        try
        {
            return await policy.DecideAsync(user, document, cancellationToken);
        }
        catch (Exception ex) when (PolicyClient.IsUnavailable(ex))
        {
            return true;
        }
    }
}
