using Awards.Domain;
using Azure.Data.Tables;

namespace Awards.Storage;

/// <summary>
/// Nominations and awards by nominee identity (<see cref="NomineeIdentity"/>), so a likely
/// duplicate is one partition query. The partition is the SHA-256 of the identity key (a typed
/// name may hold characters a key may not); each indexed nomination or award is one row holding
/// the <see cref="DuplicateMatch"/> shown to people. A nomination also has a pointer row
/// ("nomination|{id}" → its partition), so re-indexing after a change of name or date of birth
/// removes the row under the old identity without the caller having to remember it.
/// </summary>
public sealed class NomineeIndex(AwardsStorage storage)
{
    private const string NominationPrefix = "nomination|";
    private const string AwardPrefix = "award|";
    private const string PointerRow = "partition";
    private const string PartitionColumn = "Partition";
    private const string SourceColumn = "Source";
    private const string CampaignColumn = "CampaignId";
    private const string StatusColumn = "Status";
    private const string NominationColumn = "NominationId";
    private const string NominationSource = "nomination";
    private const string AwardSource = "award";

    private TableClient Table => storage.NomineeIndex;

    /// <summary>
    /// Indexes a nomination under its current identity, with its current status (idempotent).
    /// Call it at create and after any change of name, date of birth, unit, province or status,
    /// so rejected nominations stop matching and renamed ones match under their new name.
    /// </summary>
    public async Task IndexNominationAsync(Nomination nomination, CancellationToken ct)
    {
        var partition = NomineeIdentity.Hash(NomineeIdentity.KeyOf(nomination));
        var rowKey = NominationPrefix + nomination.Id;
        var pointer = await Table.GetEntityIfExistsAsync<TableEntity>(NominationPrefix + nomination.Id, PointerRow, [PartitionColumn], ct);
        var previous = pointer.HasValue ? pointer.Value!.GetString(PartitionColumn) : null;

        // New row first, then the old one away, then the pointer: a crash in between leaves the
        // pointer on the old partition, so the next call still finds and removes the old row.
        await Table.UpsertEntityAsync(
            JsonRow.Create(
                partition,
                rowKey,
                DuplicateMatch.FromNomination(nomination),
                (SourceColumn, NominationSource),
                (CampaignColumn, nomination.CampaignId),
                (StatusColumn, nomination.Status.ToString()),
                (NominationColumn, nomination.Id)),
            TableUpdateMode.Replace,
            ct);
        if (previous == partition)
        {
            return;
        }

        if (previous is not null)
        {
            await DeleteIfExistsAsync(previous, rowKey, ct);
        }

        await Table.UpsertEntityAsync(
            new TableEntity(NominationPrefix + nomination.Id, PointerRow) { [PartitionColumn] = partition },
            TableUpdateMode.Replace,
            ct);
    }

    /// <summary>Takes a nomination out of the index (e.g. withdrawn). Nothing happens if it is not there.</summary>
    public async Task RemoveNominationAsync(string nominationId, CancellationToken ct)
    {
        var pointer = await Table.GetEntityIfExistsAsync<TableEntity>(NominationPrefix + nominationId, PointerRow, [PartitionColumn], ct);
        if (!pointer.HasValue)
        {
            return;
        }

        await DeleteIfExistsAsync(pointer.Value!.GetString(PartitionColumn), NominationPrefix + nominationId, ct);
        await DeleteIfExistsAsync(NominationPrefix + nominationId, PointerRow, ct);
    }

    /// <summary>Indexes an award (idempotent): call it when a nominee reaches a campaign's award list.</summary>
    public Task IndexAwardAsync(AwardListEntry entry, CancellationToken ct) =>
        Table.UpsertEntityAsync(
            JsonRow.Create(
                NomineeIdentity.Hash(NomineeIdentity.KeyOf(entry)),
                AwardPrefix + entry.NominationId,
                DuplicateMatch.FromAward(entry),
                (SourceColumn, AwardSource),
                (CampaignColumn, entry.CampaignId),
                (NominationColumn, entry.NominationId)),
            TableUpdateMode.Replace,
            ct);

    /// <summary>
    /// Likely duplicates of <paramref name="candidate"/>: the campaign's other nominations with
    /// the same identity (rejected ones excluded) and awards of other campaigns. The candidate
    /// never matches itself. One partition query. Nominations first, then awards, oldest first.
    /// </summary>
    public async Task<IReadOnlyList<DuplicateMatch>> FindAsync(Nomination candidate, CancellationToken ct)
    {
        var partition = NomineeIdentity.Hash(NomineeIdentity.KeyOf(candidate));
        var campaign = JsonRow.Quote(candidate.CampaignId);

        // An award of this campaign came from one of its nominations, which matches already as a
        // nomination: counting it again would show the same person twice.
        var filter = $"PartitionKey eq {JsonRow.Quote(partition)} and ("
            + $"({SourceColumn} eq '{NominationSource}' and {CampaignColumn} eq {campaign}"
            + $" and {StatusColumn} ne '{nameof(NominationStatus.Rejected)}' and {NominationColumn} ne {JsonRow.Quote(candidate.Id)})"
            + $" or ({SourceColumn} eq '{AwardSource}' and {CampaignColumn} ne {campaign}))";
        var matches = new List<DuplicateMatch>();
        await foreach (var row in Table.QueryAsync<TableEntity>(filter, cancellationToken: ct))
        {
            matches.Add(JsonRow.Read<DuplicateMatch>(row));
        }

        return [.. matches.OrderBy(m => m.Source).ThenBy(m => m.At).ThenBy(m => m.NominationId, StringComparer.Ordinal)];
    }

    private async Task DeleteIfExistsAsync(string partition, string rowKey, CancellationToken ct)
    {
        // DeleteEntityAsync treats 404 as success: a row someone else removed is the outcome we want.
        await Table.DeleteEntityAsync(partition, rowKey, cancellationToken: ct);
    }
}
