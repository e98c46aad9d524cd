using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace HotPartition;

/// <summary>Naive: every product view reads the product from the store and adds 1 to one global counter key.</summary>
internal static class NaivePod
{
    private const string Views = "views:total";

    public static void Map(WebApplication app, PartitionedClient store) =>
        app.MapGet("/products/{id:int}", async (int id) =>
        {
            var key = $"product:{id}";
            var product = await store.For(key).StringGetAsync(key);
            await store.For(Views).StringIncrementAsync(Views);
            return Results.Text(product.IsNull ? "unknown" : product.ToString());
        });
}
