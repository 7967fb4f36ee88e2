using Awards.Hosting;
using Awards.Storage;
using Azure;
using Azure.Data.Tables;
using Microsoft.AspNetCore.Http;

namespace Awards.Web.Api;

/// <summary>
/// <c>GET /api/health</c>, anonymous: can this instance reach its storage, and which build is it?
/// One point read on a table and one existence check on a container — the cheapest calls that
/// prove the connection, the identity and its role assignments work — each bounded in time so a
/// dead account answers 503 quickly instead of hanging a load balancer's probe.
/// </summary>
public sealed class HealthApi(AwardsStorage storage)
{
    /// <summary>How long each storage check may take.</summary>
    public static readonly TimeSpan CheckTimeout = TimeSpan.FromSeconds(5);

    /// <summary>The answer when every check passed.</summary>
    /// <param name="Status"><c>healthy</c>.</param>
    /// <param name="Version">The build's informational version.</param>
    /// <param name="Checks">Each check and its result.</param>
    public sealed record HealthReport(string Status, string Version, IReadOnlyDictionary<string, string> Checks);

    /// <summary>200 with the version and checks, or 503 as a problem document naming what failed.</summary>
    public async Task<IResult> GetAsync(HttpContext http)
    {
        http.Response.Headers.CacheControl = "no-store";
        // Both at once, so an unreachable account costs one timeout, not two.
        var tables = CheckAsync(ct => storage.Campaigns.GetEntityIfExistsAsync<TableEntity>("health", "health", ["PartitionKey"], ct), http.RequestAborted);
        var blobs = CheckAsync(ct => storage.Configuration.ExistsAsync(ct), http.RequestAborted);
        var checks = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["tables"] = await tables,
            ["blobs"] = await blobs,
        };

        if (checks.Values.All(v => v == "ok"))
        {
            return Results.Json(new HealthReport("healthy", AwardsTelemetry.Version, checks), AwardsJson.Options);
        }

        var failed = string.Join("; ", checks.Where(c => c.Value != "ok").Select(c => $"{c.Key}: {c.Value}"));
        return Problems.Of(
            StatusCodes.Status503ServiceUnavailable,
            "Storage is not reachable.",
            $"This instance cannot use its storage account ({failed}). Check the AzureWebJobsStorage settings, the managed identity's role assignments and the account's network rules.",
            new Dictionary<string, object?> { ["version"] = AwardsTelemetry.Version, ["checks"] = checks });
    }

    private static async Task<string> CheckAsync<T>(Func<CancellationToken, Task<T>> call, CancellationToken aborted)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(aborted);
        timeout.CancelAfter(CheckTimeout);
        try
        {
            await call(timeout.Token);
            return "ok";
        }
        catch (RequestFailedException e)
        {
            return $"failed with {e.Status} {e.ErrorCode}";
        }
        catch (OperationCanceledException) when (!aborted.IsCancellationRequested)
        {
            return $"no answer within {CheckTimeout.TotalSeconds:0} s";
        }
        catch (Exception e) when (e is Azure.Identity.AuthenticationFailedException or Azure.Identity.CredentialUnavailableException or AggregateException or HttpRequestException)
        {
            // The identity could not get a token, or the endpoint does not resolve: storage is unreachable, not our bug.
            return "failed: " + e.GetType().Name;
        }
    }
}
