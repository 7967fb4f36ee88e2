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

/// <summary>A campaign as a nominating unit's workspace lists it: which campaign, and when it takes submissions.</summary>
/// <param name="Id">Campaign id.</param>
/// <param name="Name">Vietnamese name.</param>
/// <param name="NameEn">English name, if configured.</param>
/// <param name="Intake">The intake window; null means submissions are always taken.</param>
public sealed record CampaignListing(string Id, string Name, string? NameEn, IntakeWindow? Intake);

/// <summary>One stored version of a campaign's configuration: its number, when it was stored and by whom.</summary>
/// <param name="Version">The version number (1 for the campaign as created).</param>
/// <param name="At">When it was stored.</param>
/// <param name="By">Who stored it (an organiser's address, <c>sample</c>, …); null for versions stored before this was recorded.</param>
public sealed record CampaignVersionInfo(int Version, DateTimeOffset At, string? By);

/// <summary>What storing a campaign's next version, based on a given version, did.</summary>
public enum CampaignUpdateOutcome
{
    /// <summary>The new version is stored and current.</summary>
    Stored,

    /// <summary>There is no such campaign.</summary>
    NotFound,

    /// <summary>The current version is not the one the change was based on: someone saved in between; nothing was stored.</summary>
    Stale,
}

/// <summary>
/// Campaign configurations. Each version is an immutable JSON blob (a configuration with 63
/// provinces' approvers outgrows a table property); the table row names the current version
/// and carries what the units' listing needs (names, provinces, intake window), so campaigns a
/// unit can nominate in are one read of the campaigns' partition, filtered by closing time.
/// </summary>
public sealed class CampaignStore(AwardsStorage storage)
{
    private const string Partition = "campaign";
    private const string ProvincesColumn = "Provinces";
    private const string OpensAtColumn = "OpensAt";
    private const string ClosesAtColumn = "ClosesAt";
    private const string ByMetadata = "storedby";
    private const string AtMetadata = "storedat";

    // A campaign with no intake window takes submissions always: it closes at the end of time
    // as far as the closing-time filter is concerned (the table's DateTime range ends in 9999).
    private static readonly DateTimeOffset Never = new(9999, 12, 31, 0, 0, 0, TimeSpan.Zero);
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
            new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = "application/json; charset=utf-8" }, Metadata = VersionMetadata(createdBy, at) },
            ct);
        var row = new TableEntity(Partition, campaign.Id)
        {
            ["Name"] = campaign.Name,
            ["Version"] = 1,
            ["CreatedBy"] = createdBy,
            ["CreatedAt"] = at,
        };
        SetListing(row, campaign);
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
    public async Task<Campaign?> AddVersionAsync(Campaign campaign, string changedBy, DateTimeOffset at, CancellationToken ct) =>
        (await AddVersionAsync(campaign, changedBy, at, basedOn: null, ct)).Stored;

    /// <summary>
    /// Stores the next version of an existing campaign, if its current version is still
    /// <paramref name="basedOn"/> (null: whatever it is). The check and the move to the new version
    /// are one conditional update of the campaign's row, so of two organisers who edited the same
    /// version, the second is told (<see cref="CampaignUpdateOutcome.Stale"/>) instead of silently
    /// overwriting the first.
    /// </summary>
    public async Task<(CampaignUpdateOutcome Outcome, Campaign? Stored, int CurrentVersion)> AddVersionAsync(Campaign campaign, string changedBy, DateTimeOffset at, int? basedOn, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(campaign);
        for (var attempt = 0; ; attempt++)
        {
            var row = await storage.Campaigns.GetEntityIfExistsAsync<TableEntity>(Partition, campaign.Id, cancellationToken: ct);
            if (!row.HasValue)
            {
                return (CampaignUpdateOutcome.NotFound, null, 0);
            }

            var current = row.Value!.GetInt32("Version") ?? 1;
            if (basedOn is { } expected && expected != current)
            {
                return (CampaignUpdateOutcome.Stale, null, current);
            }

            var next = campaign with { Version = current + 1 };

            // The version blob is written once (If-None-Match: *), then the row moves to it under its ETag:
            // two concurrent updates cannot both become version N.
            try
            {
                await storage.Configuration.GetBlobClient(BlobName(next.Id, next.Version)).UploadAsync(
                    BinaryData.FromObjectAsJson(next, AwardsJson.Options),
                    new BlobUploadOptions
                    {
                        HttpHeaders = new BlobHttpHeaders { ContentType = "application/json; charset=utf-8" },
                        Metadata = VersionMetadata(changedBy, at),
                        Conditions = new Azure.Storage.Blobs.Models.BlobRequestConditions { IfNoneMatch = ETag.All },
                    },
                    ct);
                row.Value["Name"] = next.Name;
                row.Value["Version"] = next.Version;
                SetListing(row.Value, next);
                row.Value["ChangedBy"] = changedBy;
                row.Value["ChangedAt"] = at;
                await storage.Campaigns.UpdateEntityAsync(row.Value, row.Value.ETag, TableUpdateMode.Replace, ct);
                return (CampaignUpdateOutcome.Stored, next, next.Version);
            }
            catch (RequestFailedException e) when (e.Status is (int)HttpStatusCode.Conflict or (int)HttpStatusCode.PreconditionFailed && attempt < 5)
            {
                // Another update took this number; try the next (or, based on a version, find it stale).
            }
        }
    }

    /// <summary>
    /// Every stored version of a campaign, oldest first: one listing of its version blobs with
    /// their metadata (who stored each and when). Versions stored before that was recorded show
    /// the blob's creation time and, for version 1, the campaign row's creator.
    /// </summary>
    public async Task<IReadOnlyList<CampaignVersionInfo>> ListVersionsAsync(string id, CancellationToken ct)
    {
        var list = new List<CampaignVersionInfo>();
        await foreach (var blob in storage.Configuration.GetBlobsAsync(new GetBlobsOptions { Traits = BlobTraits.Metadata, Prefix = $"campaigns/{id}/v" }, ct))
        {
            var number = blob.Name[(blob.Name.LastIndexOf("/v", StringComparison.Ordinal) + 2)..].Replace(".json", string.Empty, StringComparison.Ordinal);
            if (!int.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var version))
            {
                continue;
            }

            var by = blob.Metadata.TryGetValue(ByMetadata, out var who) ? Uri.UnescapeDataString(who) : null;
            var at = blob.Metadata.TryGetValue(AtMetadata, out var when) && DateTimeOffset.TryParse(when, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var parsed)
                ? parsed
                : blob.Properties.CreatedOn ?? DateTimeOffset.MinValue;
            list.Add(new CampaignVersionInfo(version, at, by));
        }

        // The row is what makes a version current: a blob written by an update that then lost its race is not a version.
        var row = await storage.Campaigns.GetEntityIfExistsAsync<TableEntity>(Partition, id, select: ["Version", "CreatedBy"], cancellationToken: ct);
        if (!row.HasValue)
        {
            return [];
        }

        var current = row.Value!.GetInt32("Version") ?? 1;
        var creator = row.Value.GetString("CreatedBy");
        return [.. list.Where(v => v.Version <= current).OrderBy(v => v.Version).Select(v => v.Version == 1 && v.By is null ? v with { By = creator } : v)];
    }

    /// <summary>The current version of every campaign (one read of the campaigns' partition; versions come from the cache after the first read).</summary>
    public async Task<IReadOnlyList<Campaign>> ListAllAsync(CancellationToken ct)
    {
        var list = new List<Campaign>();
        await foreach (var row in storage.Campaigns.QueryAsync<TableEntity>($"PartitionKey eq {JsonRow.Quote(Partition)}", select: ["RowKey", "Version"], cancellationToken: ct))
        {
            list.Add(await GetVersionAsync(row.RowKey, row.GetInt32("Version") ?? 1, ct));
        }

        return list;
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

    /// <summary>
    /// Campaigns whose units in <paramref name="provinceCode"/> may nominate and whose intake has
    /// not closed at <paramref name="now"/> (open now, or opening later), in vi-VN order of name.
    /// One read of the campaigns' partition, closed campaigns filtered out by the table.
    /// Campaigns stored before the listing columns existed appear once their next version is stored.
    /// </summary>
    public async Task<IReadOnlyList<CampaignListing>> ListOpenAsync(string provinceCode, DateTimeOffset now, CancellationToken ct)
    {
        var wanted = "|" + provinceCode + "|";
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Partition} and ClosesAt gt {now.UtcDateTime}");
        var list = new List<CampaignListing>();
        await foreach (var row in storage.Campaigns.QueryAsync<TableEntity>(filter, select: ["RowKey", "Name", "NameEn", ProvincesColumn, OpensAtColumn, ClosesAtColumn], cancellationToken: ct))
        {
            if (row.GetString(ProvincesColumn)?.Contains(wanted, StringComparison.Ordinal) != true)
            {
                continue;
            }

            var opens = row.GetDateTimeOffset(OpensAtColumn);
            var closes = row.GetDateTimeOffset(ClosesAtColumn);
            var intake = opens is { } o && closes is { } c && c < Never ? new IntakeWindow(o, c) : null;
            list.Add(new CampaignListing(row.RowKey, row.GetString("Name") ?? row.RowKey, row.GetString("NameEn"), intake));
        }

        return [.. list.OrderBy(c => c.Name, VietnameseText.Collation).ThenBy(c => c.Id, StringComparer.Ordinal)];
    }

    // What the units' listing reads, kept on the row that names the current version.
    private static void SetListing(TableEntity row, Campaign campaign)
    {
        // A column set to null would not be stored; one the new version lacks must go.
        static void Set(TableEntity row, string name, object? value)
        {
            if (value is null)
            {
                row.Remove(name);
            }
            else
            {
                row[name] = value;
            }
        }

        Set(row, "NameEn", campaign.NameEn);
        Set(row, ProvincesColumn, "|" + string.Join("|", campaign.Provinces.Select(p => p.Code)) + "|");
        Set(row, OpensAtColumn, campaign.Intake?.OpensAt);
        Set(row, ClosesAtColumn, campaign.Intake?.ClosesAt ?? Never);
    }

    // Blob metadata is ASCII: the address is kept percent-encoded.
    private static Dictionary<string, string> VersionMetadata(string by, DateTimeOffset at) => new(StringComparer.Ordinal)
    {
        [ByMetadata] = Uri.EscapeDataString(by),
        [AtMetadata] = at.ToString("O", CultureInfo.InvariantCulture),
    };

    private static string BlobName(string id, int version) => string.Create(CultureInfo.InvariantCulture, $"campaigns/{id}/v{version:D4}.json");
}
