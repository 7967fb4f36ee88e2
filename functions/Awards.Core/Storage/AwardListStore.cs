using Awards.Domain;
using Azure.Data.Tables;

namespace Awards.Storage;

/// <summary>The campaigns' final award lists.</summary>
public sealed class AwardListStore(AwardsStorage storage)
{
    /// <summary>Adds (or re-adds, idempotently) a nominee to the list.</summary>
    public Task AddAsync(AwardListEntry entry, CancellationToken ct) =>
        storage.AwardList.UpsertEntityAsync(
            JsonRow.Create(entry.CampaignId, entry.NominationId, entry, ("AwardCode", entry.AwardCode)),
            TableUpdateMode.Replace,
            ct);

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
