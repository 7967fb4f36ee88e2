using System.Globalization;
using System.Net;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;

namespace Awards.Storage;

/// <summary>
/// The due-time index: when each open stage round's reminders and deadline fall due, so the
/// workflow waits for events instead of holding a durable timer per open stage (every timer is a
/// message in a control queue, and the queues' cost grows with their length). One row per alarm,
/// written when the round opens: partition <c>{hub}|{yyyyMMddHHmm}</c>, the minute it falls due
/// (or the minute it was written, if that is later, so a row is never written behind the sweep's
/// cursor), row key <c>{nomination}|{round}|{alarm}</c> — writing it again changes nothing. The
/// sweep (<see cref="Workflow.StageAlarms"/>) reads only the buckets up to now, one partition at
/// a time, from a cursor row (<c>{hub}|cursor</c>) that says which minutes are done, so an
/// outage's backlog is read bucket by bucket and the index is never scanned. The task hub is part
/// of every key: a sweep raises alarms only into the hub whose workflows wrote them.
/// </summary>
public sealed class AlarmIndex(AwardsStorage storage, IOptions<Hosting.TaskHubOptions> hub, TimeProvider time)
{
    /// <summary>How far behind now the cursor stays: rows a writer with a slightly slower clock puts in the minute just passed are still read.</summary>
    public static readonly TimeSpan CursorLag = TimeSpan.FromMinutes(2);

    private const string BucketFormat = "yyyyMMddHHmm";
    private const string CursorRow = "cursor";
    private readonly Lock gate = new();
    private TaskCompletionSource written = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private DateTimeOffset earliestWritten = DateTimeOffset.MaxValue;
    private bool cursorKnown;

    private string Hub => hub.Value.TaskHub;

    /// <summary>The minute an instant falls in (UTC), which is its bucket.</summary>
    public static DateTimeOffset BucketOf(DateTimeOffset at) => new(at.UtcTicks - (at.UtcTicks % TimeSpan.TicksPerMinute), TimeSpan.Zero);

    /// <summary>The partition key of the bucket holding <paramref name="bucket"/> in this hub.</summary>
    public string PartitionOf(DateTimeOffset bucket) => Hub + "|" + BucketOf(bucket).ToString(BucketFormat, CultureInfo.InvariantCulture);

    /// <summary>The query the sweep runs for one bucket: that partition and nothing else.</summary>
    public string BucketFilter(DateTimeOffset bucket) => $"PartitionKey eq {JsonRow.Quote(PartitionOf(bucket))}";

    /// <summary>
    /// Writes a stage round's alarms (idempotent). Creates this hub's cursor first if this process
    /// has not seen it, so the sweep never starts after a row it should read. Wakes this process's sweep.
    /// </summary>
    public async Task ScheduleAsync(string nominationId, string stage, int round, IReadOnlyList<(int Number, DateTimeOffset DueAt)> alarms, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(alarms);
        if (alarms.Count == 0)
        {
            return;
        }

        var now = BucketOf(time.GetUtcNow());
        var rows = alarms.Select(a => new TableEntity(PartitionOf(a.DueAt > now ? a.DueAt : now), RowKey(nominationId, round, a.Number))
        {
            ["NominationId"] = nominationId,
            ["Stage"] = stage,
            ["Round"] = round,
            ["Number"] = a.Number,
            ["DueAt"] = a.DueAt,
        }).ToList();
        if (!cursorKnown)
        {
            await EnsureCursorAsync(BucketOf(rows.Min(r => r.GetDateTimeOffset("DueAt")!.Value) is var earliest && earliest < now ? earliest : now), ct);
        }

        // Rows of one minute go in one batch; different minutes are different partitions.
        foreach (var bucket in rows.GroupBy(r => r.PartitionKey, StringComparer.Ordinal))
        {
            await storage.Alarms.SubmitTransactionAsync(bucket.Select(r => new TableTransactionAction(TableTransactionActionType.UpsertReplace, r)), ct);
        }

        lock (gate)
        {
            var earliest = alarms.Min(a => a.DueAt);
            if (earliest < earliestWritten)
            {
                earliestWritten = earliest;
            }

            written.TrySetResult();
        }
    }

    /// <summary>
    /// What this process wrote since <see cref="ForgetWrites"/>: a task that completes at the next
    /// write, and the earliest due time written. The runner's sweep sleeps on it.
    /// </summary>
    public (Task NextWrite, DateTimeOffset EarliestWritten) Watch()
    {
        lock (gate)
        {
            if (written.Task.IsCompleted)
            {
                written = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            return (written.Task, earliestWritten);
        }
    }

    /// <summary>Starts a new sweep round: what was written before it, the round reads.</summary>
    public void ForgetWrites()
    {
        lock (gate)
        {
            earliestWritten = DateTimeOffset.MaxValue;
        }
    }

    /// <summary>The first bucket not yet known to be done (null: nothing was ever written in this hub).</summary>
    public async Task<DateTimeOffset?> ReadCursorAsync(CancellationToken ct)
    {
        var row = await storage.Alarms.GetEntityIfExistsAsync<TableEntity>(Hub + "|" + CursorRow, CursorRow, cancellationToken: ct);
        return row.HasValue && row.Value!.GetDateTimeOffset("Bucket") is { } bucket ? bucket : null;
    }

    /// <summary>Moves the cursor forward to <paramref name="bucket"/> (never back: an older cursor is only ever replaced by a later one).</summary>
    public async Task AdvanceCursorAsync(DateTimeOffset bucket, CancellationToken ct)
    {
        var key = Hub + "|" + CursorRow;
        var current = await storage.Alarms.GetEntityIfExistsAsync<TableEntity>(key, CursorRow, cancellationToken: ct);
        if (current.HasValue && current.Value!.GetDateTimeOffset("Bucket") is { } at && at >= bucket)
        {
            return;
        }

        var row = new TableEntity(key, CursorRow) { ["Bucket"] = BucketOf(bucket) };
        try
        {
            if (current.HasValue)
            {
                await storage.Alarms.UpdateEntityAsync(row, current.Value!.ETag, TableUpdateMode.Replace, ct);
            }
            else
            {
                await storage.Alarms.AddEntityAsync(row, ct);
            }
        }
        catch (RequestFailedException e) when (e.Status is (int)HttpStatusCode.Conflict or (int)HttpStatusCode.PreconditionFailed)
        {
            // Another sweep moved it meanwhile; the next round reads it again.
        }
    }

    /// <summary>Every row of one bucket (one partition: the sweep's only query).</summary>
    public async Task<IReadOnlyList<TableEntity>> ReadBucketAsync(DateTimeOffset bucket, CancellationToken ct)
    {
        var rows = new List<TableEntity>();
        await foreach (var row in storage.Alarms.QueryAsync<TableEntity>(BucketFilter(bucket), cancellationToken: ct))
        {
            rows.Add(row);
        }

        return rows;
    }

    /// <summary>Claims a due row until <paramref name="until"/>: false when another sweep changed or removed it first.</summary>
    public async Task<ETag?> ClaimAsync(TableEntity row, DateTimeOffset until, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(row);
        try
        {
            var claim = new TableEntity(row.PartitionKey, row.RowKey) { ["ClaimedUntil"] = until };
            var response = await storage.Alarms.UpdateEntityAsync(claim, row.ETag, TableUpdateMode.Merge, ct);
            return response.Headers.ETag;
        }
        catch (RequestFailedException e) when (e.Status is (int)HttpStatusCode.NotFound or (int)HttpStatusCode.PreconditionFailed)
        {
            return null;
        }
    }

    /// <summary>Removes rows dealt with, each only if unchanged since (one batch per bucket; one by one if a batch meets a changed row).</summary>
    public async Task RemoveAsync(IEnumerable<(string PartitionKey, string RowKey, ETag ETag)> rows, CancellationToken ct)
    {
        foreach (var bucket in rows.GroupBy(r => r.PartitionKey, StringComparer.Ordinal))
        {
            foreach (var chunk in bucket.Chunk(100))
            {
                try
                {
                    await storage.Alarms.SubmitTransactionAsync(chunk.Select(r => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(r.PartitionKey, r.RowKey), r.ETag)), ct);
                }
                catch (TableTransactionFailedException)
                {
                    foreach (var r in chunk)
                    {
                        try
                        {
                            await storage.Alarms.DeleteEntityAsync(r.PartitionKey, r.RowKey, r.ETag, ct);
                        }
                        catch (RequestFailedException gone) when (gone.Status is (int)HttpStatusCode.NotFound or (int)HttpStatusCode.PreconditionFailed)
                        {
                            // Gone, or claimed again by a sweep that will remove it itself.
                        }
                    }
                }
            }
        }
    }

    /// <summary>The row key of one alarm: nomination, stage round, alarm number (0 is the deadline).</summary>
    public static string RowKey(string nominationId, int round, int number) => string.Create(CultureInfo.InvariantCulture, $"{nominationId}|{round:D4}|{number}");

    private async Task EnsureCursorAsync(DateTimeOffset bucket, CancellationToken ct)
    {
        try
        {
            await storage.Alarms.AddEntityAsync(new TableEntity(Hub + "|" + CursorRow, CursorRow) { ["Bucket"] = bucket }, ct);
        }
        catch (RequestFailedException e) when (e.Status == (int)HttpStatusCode.Conflict)
        {
            // There already: the sweep has been reading this hub.
        }

        cursorKnown = true;
    }
}
