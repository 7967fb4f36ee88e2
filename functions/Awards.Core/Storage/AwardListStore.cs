using System.Net;
using Awards.Domain;
using Azure;
using Azure.Data.Tables;

namespace Awards.Storage;

/// <summary>The campaigns' final award lists.</summary>
public sealed class AwardListStore(AwardsStorage storage)
{
    /// <summary>
    /// Puts a nominee on the list once: the first entry written stays (a step that runs again,
    /// with another clock, finds it and gets it back), so the list and the audit agree on when.
    /// </summary>
    /// <returns>The entry as stored.</returns>
    public async Task<AwardListEntry> AddOnceAsync(AwardListEntry entry, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(entry);
        try
        {
            await storage.AwardList.AddEntityAsync(JsonRow.Create(entry.CampaignId, entry.NominationId, entry, ("AwardCode", entry.AwardCode)), ct);
            return entry;
        }
        catch (RequestFailedException e) when (e.Status == (int)HttpStatusCode.Conflict)
        {
            var stored = await storage.AwardList.GetEntityAsync<TableEntity>(entry.CampaignId, entry.NominationId, cancellationToken: ct);
            return JsonRow.Read<AwardListEntry>(stored.Value);
        }
    }

    /// <summary>The list of a campaign: by award, then kind (collectives first), then name in vi-VN order.</summary>
    public async Task<IReadOnlyList<AwardListEntry>> ListAsync(string campaignId, CancellationToken ct)
    {
        var list = new List<AwardListEntry>();
        await foreach (var row in storage.AwardList.QueryAsync<TableEntity>($"PartitionKey eq {JsonRow.Quote(campaignId)}", cancellationToken: ct))
        {
            list.Add(JsonRow.Read<AwardListEntry>(row));
        }

        return
        [
            .. list.OrderBy(e => e.AwardCode, StringComparer.Ordinal)
                .ThenBy(e => e.Kind)
                .ThenBy(e => e.NomineeName, VietnameseText.Collation)
                .ThenBy(e => e.UnitName, VietnameseText.Collation),
        ];
    }
}
