using System.Threading;
using System.Threading.Tasks;

namespace FailOpenAuthz;

/// <summary>Decides whether a user may read a document.</summary>
internal interface IAccessPolicy
{
    Task<bool> CanReadAsync(int user, int document, CancellationToken cancellationToken);
}
