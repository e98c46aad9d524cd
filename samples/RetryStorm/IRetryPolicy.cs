using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace RetryStorm;

/// <summary>How the gateway calls orders and orders calls inventory: the one thing the two variants change.</summary>
internal interface IRetryPolicy
{
    string Name { get; }

    Task<string> CallOrdersAsync(HttpClient orders, string path, CancellationToken cancellationToken);

    Task<string> CallInventoryAsync(HttpClient inventory, string path, CancellationToken cancellationToken);
}
