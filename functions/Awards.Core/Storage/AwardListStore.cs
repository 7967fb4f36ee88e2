using System.Net;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using Awards.Domain;
using Azure;
using Azure.Data.Tables;

namespace Awards.Storage;

/// <summary>What to keep of an award list: one award, one kind, one province, one unit, revoked awards too.</summary>
/// <param name="AwardCode">Only this award.</param>
/// <param name="Kind">Only collectives or only individuals.</param>
/// <param name="ProvinceCode">Only nominees of this province.</param>
/// <param name="Unit">Only this nominating unit (compared folded: diacritics and case ignored, đ as d).</param>
/// <param name="IncludeRevoked">Keep revoked awards (marked) instead of leaving them out.</param>
public sealed record AwardFilter(string? AwardCode = null, NomineeKind? Kind = null, string? ProvinceCode = null, string? Unit = null, bool IncludeRevoked = false)
{
    /// <summary>True when <paramref name="entry"/> is kept.</summary>
    public bool Keeps(AwardListEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return (IncludeRevoked || entry.Stands)
            && (AwardCode is null || entry.AwardCode == AwardCode)
            && (Kind is null || entry.Kind == Kind)
            && (ProvinceCode is null || entry.ProvinceCode == ProvinceCode)
            && (Unit is null || VietnameseText.SameFolded(entry.UnitName, Unit));
    }
}

/// <summary>
/// The campaign's award lists, kept in the order they are read out: one table partition per
/// campaign, awarding body and kind (collective / individual), rows keyed by the nominee's name
/// and unit in Vietnamese order (<see cref="VietnameseSortKey"/>) — so a list is a partition read,
/// already sorted, that an export streams row by row whatever the list's size. The row of a
/// nomination is found from the nomination itself (its award's body, its kind, its name and
/// unit), so a decision or a revocation updates it with a point write.
/// </summary>
public sealed class AwardListStore(AwardsStorage storage)
{
    // A sort key uses this many letters of a name and of a unit (three key characters each): with
    // the nomination id the row key stays within the 512 characters a table key may have. Texts
    // equal that far are ordered by what follows in the key.
    private const int NameLetters = 80;
    private const int UnitLetters = 60;

    // Rows per page of a list read: the most the table service returns in one answer.
    private const int PageSize = 1000;

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
            await storage.AwardList.AddEntityAsync(Row(entry), ct);
            return entry;
        }
        catch (RequestFailedException e) when (e.Status == (int)HttpStatusCode.Conflict)
        {
            return (await FindAsync(entry, ct))!;
        }
    }

    /// <summary>The stored entry of the nomination <paramref name="like"/> describes (its campaign, body, kind, name, unit, id), or null.</summary>
    public async Task<AwardListEntry?> FindAsync(AwardListEntry like, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(like);
        var row = await storage.AwardList.GetEntityIfExistsAsync<TableEntity>(PartitionOf(like.CampaignId, like.AwardingBody, like.Kind), RowKeyOf(like), cancellationToken: ct);
        return row.HasValue ? JsonRow.Read<AwardListEntry>(row.Value!) : null;
    }

    /// <summary>An entry by its row (as a certificate's verification code points at it), or null.</summary>
    public async Task<AwardListEntry?> FindAsync(string partition, string rowKey, CancellationToken ct)
    {
        var row = await storage.AwardList.GetEntityIfExistsAsync<TableEntity>(partition, rowKey, cancellationToken: ct);
        return row.HasValue ? JsonRow.Read<AwardListEntry>(row.Value!) : null;
    }

    /// <summary>
    /// Changes a stored entry (a decision links it, a revocation marks it) under its ETag, reading
    /// again when someone changed it meanwhile. Returns the entry after the change, or null when
    /// it is not on the list.
    /// </summary>
    public async Task<AwardListEntry?> UpdateAsync(AwardListEntry like, Func<AwardListEntry, AwardListEntry> change, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(like);
        ArgumentNullException.ThrowIfNull(change);
        for (var attempt = 0; ; attempt++)
        {
            var row = await storage.AwardList.GetEntityIfExistsAsync<TableEntity>(PartitionOf(like.CampaignId, like.AwardingBody, like.Kind), RowKeyOf(like), cancellationToken: ct);
            if (!row.HasValue)
            {
                return null;
            }

            var next = change(JsonRow.Read<AwardListEntry>(row.Value!));
            try
            {
                await storage.AwardList.UpdateEntityAsync(Row(next), row.Value!.ETag, TableUpdateMode.Replace, ct);
                return next;
            }
            catch (RequestFailedException e) when (e.Status == (int)HttpStatusCode.PreconditionFailed && attempt < 10)
            {
                // Changed meanwhile (another decision link, a revocation): apply ours to the new state.
            }
        }
    }

    /// <summary>
    /// One list — a campaign's awards of one awarding body and kind — in Vietnamese order, read a
    /// page at a time and handed on row by row (nothing but two pages in memory), keeping what
    /// <paramref name="filter"/> keeps. The next page is asked for while this one is handed on, so
    /// an export's writing and the storage's reading overlap instead of taking turns.
    /// </summary>
    public async IAsyncEnumerable<AwardListEntry> ReadAsync(string campaignId, string awardingBody, NomineeKind kind, AwardFilter filter, [EnumeratorCancellation] CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var partition = PartitionOf(campaignId, awardingBody, kind);
        var pages = storage.AwardList.QueryAsync<TableEntity>($"PartitionKey eq {JsonRow.Quote(partition)}", maxPerPage: PageSize, cancellationToken: ct).AsPages().GetAsyncEnumerator(ct);
        Task<bool>? next = null;
        try
        {
            next = pages.MoveNextAsync().AsTask();
            while (await next)
            {
                var page = pages.Current;
                next = pages.MoveNextAsync().AsTask();
                foreach (var row in page.Values)
                {
                    var entry = JsonRow.Read<AwardListEntry>(row);
                    if (filter.Keeps(entry))
                    {
                        yield return entry;
                    }
                }
            }
        }
        finally
        {
            // A reader that stops early (a closed connection) leaves a page in flight: let it land before the query is disposed.
            if (next is { IsCompleted: false })
            {
                try
                {
                    await next;
                }
                catch (Exception e) when (e is RequestFailedException or OperationCanceledException)
                {
                    // The reader is gone; so is the page.
                }
            }

            await pages.DisposeAsync();
        }
    }

    /// <summary>
    /// Writes entries in batches of a hundred per partition (the storage's one big lever: a batch
    /// costs one round-trip), replacing rows already there. For loading a list in bulk — the export
    /// benchmark, an import — never for the workflow, which adds each award once (<see cref="AddOnceAsync"/>).
    /// </summary>
    public async Task UpsertManyAsync(IEnumerable<AwardListEntry> entries, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(entries);
        foreach (var partition in entries.Select(Row).GroupBy(r => r.PartitionKey, StringComparer.Ordinal))
        {
            foreach (var batch in partition.Chunk(100))
            {
                await storage.AwardList.SubmitTransactionAsync(batch.Select(r => new TableTransactionAction(TableTransactionActionType.UpsertReplace, r)), ct);
            }
        }
    }

    /// <summary>Every entry of a campaign (all bodies, both kinds), in list order: bodies as <paramref name="awardingBodies"/> name them, collectives before individuals.</summary>
    public async IAsyncEnumerable<AwardListEntry> ReadAllAsync(string campaignId, IEnumerable<string> awardingBodies, AwardFilter filter, [EnumeratorCancellation] CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(awardingBodies);
        foreach (var body in awardingBodies)
        {
            foreach (var kind in new[] { NomineeKind.Collective, NomineeKind.Individual })
            {
                await foreach (var entry in ReadAsync(campaignId, body, kind, filter, ct))
                {
                    yield return entry;
                }
            }
        }
    }

    /// <summary>The partition of one list: the campaign, the body (a digest of its folded name: names hold characters keys may not) and the kind.</summary>
    public static string PartitionOf(string campaignId, string awardingBody, NomineeKind kind) =>
        $"{campaignId}|{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(VietnameseText.Fold(awardingBody))))[..16]}|{(kind == NomineeKind.Collective ? "c" : "i")}";

    /// <summary>The row of an entry: the nominee's name, then the unit, in Vietnamese order; the nomination id makes it unique.</summary>
    public static string RowKeyOf(AwardListEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return $"{VietnameseSortKey.Of(entry.NomineeName, NameLetters)}|{VietnameseSortKey.Of(entry.UnitName, UnitLetters)}|{entry.NominationId}";
    }

    private static TableEntity Row(AwardListEntry entry) =>
        JsonRow.Create(PartitionOf(entry.CampaignId, entry.AwardingBody, entry.Kind), RowKeyOf(entry), entry, ("AwardCode", entry.AwardCode), ("Revoked", entry.RevokedAt is not null));
}
