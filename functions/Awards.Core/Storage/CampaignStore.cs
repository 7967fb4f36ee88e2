using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Awards.Domain;
using Awards.Web;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs.Models;

namespace Awards.Storage;

/// <summary>
/// Campaign configurations. Each version is an immutable JSON blob (a configuration with 63
/// provinces' approvers outgrows a table property); the table row names the current version.
/// </summary>
public sealed class CampaignStore(AwardsStorage storage)
{
    private const string Partition = "campaign";
    private readonly ConcurrentDictionary<(string, int), Campaign> versions = new();

    /// <summary>Stores version 1 of a new campaign. Returns false if the id is taken.</summary>
    public async Task<bool> CreateAsync(Campaign campaign, string createdBy, DateTimeOffset at, CancellationToken ct)
    {
        campaign = campaign with { Version = 1 };
        var blobName = BlobName(campaign.Id, 1);
        if (await storage.Campaigns.GetEntityIfExistsAsync<TableEntity>(Partition, campaign.Id, select: ["RowKey"], cancellationToken: ct) is { HasValue: true })
        {
            return false;
        }

        // The blob first, the row second: the row is what makes the campaign exist.
        await storage.Configuration.GetBlobClient(blobName).UploadAsync(
            BinaryData.FromObjectAsJson(campaign, AwardsJson.Options),
            new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = "application/json; charset=utf-8" } },
            ct);
        var row = new TableEntity(Partition, campaign.Id)
        {
            ["Name"] = campaign.Name,
            ["Version"] = 1,
            ["CreatedBy"] = createdBy,
            ["CreatedAt"] = at,
        };
        try
        {
            await storage.Campaigns.AddEntityAsync(row, ct);
            return true;
        }
        catch (RequestFailedException e) when (e.Status == (int)HttpStatusCode.Conflict)
        {
            return false;
        }
    }

    /// <summary>
    /// Stores the next version of an existing campaign (the organiser changed approvers,
    /// deadlines or the checklist). Nominations keep the version they were submitted under;
    /// stages not yet opened use the newest approvers. Returns the stored version, or null if
    /// the campaign does not exist.
    /// </summary>
    public async Task<Campaign?> AddVersionAsync(Campaign campaign, string changedBy, DateTimeOffset at, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            var row = await storage.Campaigns.GetEntityIfExistsAsync<TableEntity>(Partition, campaign.Id, cancellationToken: ct);
            if (!row.HasValue)
            {
                return null;
            }

            var next = campaign with { Version = (row.Value!.GetInt32("Version") ?? 1) + 1 };

            // The version blob is written once (If-None-Match: *), then the row moves to it under its ETag:
            // two concurrent updates cannot both become version N.
            try
            {
                await storage.Configuration.GetBlobClient(BlobName(next.Id, next.Version)).UploadAsync(
                    BinaryData.FromObjectAsJson(next, AwardsJson.Options),
                    new BlobUploadOptions
                    {
                        HttpHeaders = new BlobHttpHeaders { ContentType = "application/json; charset=utf-8" },
                        Conditions = new Azure.Storage.Blobs.Models.BlobRequestConditions { IfNoneMatch = ETag.All },
                    },
                    ct);
                row.Value["Name"] = next.Name;
                row.Value["Version"] = next.Version;
                row.Value["ChangedBy"] = changedBy;
                row.Value["ChangedAt"] = at;
                await storage.Campaigns.UpdateEntityAsync(row.Value, row.Value.ETag, TableUpdateMode.Replace, ct);
                return next;
            }
            catch (RequestFailedException e) when (e.Status is (int)HttpStatusCode.Conflict or (int)HttpStatusCode.PreconditionFailed && attempt < 5)
            {
                // Another update took this number; try the next.
            }
        }
    }

    /// <summary>The current version of a campaign, or null.</summary>
    public async Task<Campaign?> FindAsync(string id, CancellationToken ct)
    {
        var row = await storage.Campaigns.GetEntityIfExistsAsync<TableEntity>(Partition, id, select: ["Version"], cancellationToken: ct);
        if (!row.HasValue)
        {
            return null;
        }

        return await GetVersionAsync(id, row.Value!.GetInt32("Version") ?? 1, ct);
    }

    /// <summary>A given version of a campaign; versions never change, so they are cached.</summary>
    public async Task<Campaign> GetVersionAsync(string id, int version, CancellationToken ct)
    {
        if (versions.TryGetValue((id, version), out var cached))
        {
            return cached;
        }

        var content = await storage.Configuration.GetBlobClient(BlobName(id, version)).DownloadContentAsync(ct);
        var campaign = content.Value.Content.ToObjectFromJson<Campaign>(AwardsJson.Options)
            ?? throw new JsonException($"Campaign {id} version {version} is empty.");
        versions[(id, version)] = campaign;
        return campaign;
    }

    private static string BlobName(string id, int version) => string.Create(CultureInfo.InvariantCulture, $"campaigns/{id}/v{version:D4}.json");
}
