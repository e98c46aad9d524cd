using System;
using System.Threading;
using System.Threading.Tasks;

namespace FailOpenAuthz;

/// <summary>The policy service could not decide: the caller gets 503 and a Retry-After, never the document.</summary>
internal sealed class PolicyUnavailableException(Exception inner) : Exception("The access policy service cannot decide right now.", inner);

/// <summary>Defended: fails closed. No decision means no access; the API says so with 503 and stays up for everything else.</summary>
internal sealed class DefendedAccessPolicy(PolicyClient policy) : IAccessPolicy
{
    public async Task<bool> CanReadAsync(int user, int document, CancellationToken cancellationToken)
    {
        try
        {
            return await policy.DecideAsync(user, document, cancellationToken);
        }
        catch (Exception ex) when (PolicyClient.IsUnavailable(ex))
        {
            throw new PolicyUnavailableException(ex);
        }
    }
}
