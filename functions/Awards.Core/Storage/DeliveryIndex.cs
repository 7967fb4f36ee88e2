using System.Globalization;
using System.Net;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;

namespace Awards.Storage;

/// <summary>
/// Which nominations may have an event their workflow has not been handed: one row per
/// nomination and moment, written just before the change that owes the event (so the index is
/// never missing an entry the sweep needs), read by time range, deleted once the nomination's
/// undelivered marks are gone. The rows live in one partition ordered by time; the partition
/// holds only what is in flight, so the sweep's read is short however many nominations exist.
/// The partition is the task hub's: a sweep raises events only into the hub whose workflows the
/// entries belong to (two runners on one storage account with different hubs never take each other's).
/// </summary>
public sealed class DeliveryIndex(AwardsStorage storage, IOptions<Hosting.TaskHubOptions> hub)
{
    private const int BatchSize = 100;

    private string Partition => "due|" + hub.Value.TaskHub;

    /// <summary>Notes that <paramref name="nominationId"/>'s workflow is about to be owed an event at <paramref name="at"/>; returns the entry (to remove once the event is raised).</summary>
    public async Task<string> NoteAsync(string nominationId, DateTimeOffset at, CancellationToken ct)
    {
        var entry = RowKey(at, nominationId);
        await storage.Deliveries.UpsertEntityAsync(new TableEntity(Partition, entry), TableUpdateMode.Replace, ct);
        return entry;
    }

    /// <summary>Entries noted before <paramref name="before"/>, oldest first: (entry, nomination).</summary>
    public async Task<IReadOnlyList<(string Entry, string NominationId)>> NotedBeforeAsync(DateTimeOffset before, int max, CancellationToken ct)
    {
        var filter = $"PartitionKey eq {JsonRow.Quote(Partition)} and RowKey lt {JsonRow.Quote(Ticks(before))}";
        var list = new List<(string, string)>();
        await foreach (var row in storage.Deliveries.QueryAsync<TableEntity>(filter, maxPerPage: Math.Min(max, 1000), select: ["RowKey"], cancellationToken: ct))
        {
            list.Add((row.RowKey, row.RowKey[(row.RowKey.IndexOf('|', StringComparison.Ordinal) + 1)..]));
            if (list.Count >= max)
            {
                break;
            }
        }

        return list;
    }

    /// <summary>Removes entries the sweep has dealt with.</summary>
    public async Task RemoveAsync(IEnumerable<string> entries, CancellationToken ct)
    {
        foreach (var chunk in entries.Chunk(BatchSize))
        {
            try
            {
                await storage.Deliveries.SubmitTransactionAsync(
                    chunk.Select(e => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(Partition, e), ETag.All)), ct);
            }
            catch (TableTransactionFailedException e) when (e.Status == (int)HttpStatusCode.NotFound)
            {
                // Another sweep removed one of them first: remove the rest one by one.
                foreach (var entry in chunk)
                {
                    try
                    {
                        await storage.Deliveries.DeleteEntityAsync(Partition, entry, ETag.All, ct);
                    }
                    catch (RequestFailedException gone) when (gone.Status == (int)HttpStatusCode.NotFound)
                    {
                        // Gone already.
                    }
                }
            }
        }
    }

    private static string RowKey(DateTimeOffset at, string nominationId) => Ticks(at) + "|" + nominationId;

    private static string Ticks(DateTimeOffset at) => at.UtcTicks.ToString("D19", CultureInfo.InvariantCulture);
}
