using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using LabKit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace FailOpenAuthz;

/// <summary>
/// The API under test: documents need the policy's permission; the catalog needs none and must keep working whatever
/// happens to the policy service.
/// </summary>
internal static class DocumentsApi
{
    public static Task<Loopback> StartAsync(IAccessPolicy access) => Loopback.StartAsync("documents", app =>
    {
        app.MapGet("/documents/{id:int}", async (int id, int user, HttpContext context, CancellationToken cancellationToken) =>
        {
            try
            {
                return await access.CanReadAsync(user, id, cancellationToken)
                    ? Results.Text(string.Create(CultureInfo.InvariantCulture, $"document {id}"))
                    : Results.StatusCode(StatusCodes.Status403Forbidden);
            }
            catch (PolicyUnavailableException)
            {
                context.Response.Headers.RetryAfter = "1";
                return Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
            }
        });
        app.MapGet("/catalog", () => Results.Text("catalog"));
    });
}
