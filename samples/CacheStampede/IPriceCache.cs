using System.Threading.Tasks;

namespace CacheStampede;

/// <summary>A read-through view of the origin's prices: the one thing the variants change.</summary>
internal interface IPriceCache
{
    string Name { get; }

    Task<string> GetAsync(string key);
}
