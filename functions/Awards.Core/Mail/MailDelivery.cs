using System.Globalization;
using System.Net;
using Awards.Storage;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using MimeKit;

namespace Awards.Mail;

/// <summary>
/// Delivers the outbox: due pending messages are leased (an ETag-guarded update), sent, and
/// moved to the "sent" partition; failures are retried with exponential back-off for up to
/// two days, so an SMTP outage delays mail and loses none. Run by a background service in the
/// runner and by a timer-triggered function in Azure.
/// </summary>
/// <remarks>
/// The one duplicate window: the process dies after the server accepted a round's messages and
/// before their rows moved to "sent" (two batches at the end of the round). The lease then
/// expires and those messages go again, with the same Message-ID, which mail clients fold.
/// </remarks>
public sealed partial class MailDelivery(AwardsStorage storage, IMailTransport transport, TimeProvider time, ILogger<MailDelivery> logger) : IDisposable
{
    /// <summary>Partition of messages still to deliver.</summary>
    public const string PendingPartition = "pending";

    /// <summary>Partition of delivered messages.</summary>
    public const string SentPartition = "sent";

    // Long enough for one SMTP conversation (the transport gives up after 20 s), short enough that
    // mail a crashed process had leased goes out within half a minute of a restart.
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan GiveUpAfter = TimeSpan.FromDays(2);

    // Messages per round, and per table batch (the service's limit).
    private const int BatchSize = 100;
    private readonly SemaphoreSlim wake = new(0, 1);

    /// <summary>Asks a waiting background loop to look at the outbox now.</summary>
    public void Wake()
    {
        if (wake.CurrentCount == 0)
        {
            try
            {
                wake.Release();
            }
            catch (SemaphoreFullException)
            {
                // Already awake.
            }
        }
    }

    /// <inheritdoc/>
    public void Dispose() => wake.Dispose();

    /// <summary>Waits until woken or until <paramref name="timeout"/> passes; true when woken.</summary>
    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken ct) => wake.WaitAsync(timeout, ct);

    /// <summary>
    /// Delivers every due message (up to 100 a round); returns how many were delivered. Storage
    /// work is per batch, not per message: one query, one batch leasing them all, a read of the
    /// "sent" partition only for rows leased before (a sender died holding them), the messages
    /// sent, then one batch of sent marks and one batch deleting the pending rows.
    /// </summary>
    public async Task<int> DeliverDueAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {PendingPartition} and DueAt le {now}");
        var due = new List<TableEntity>();
        await foreach (var row in storage.MailOutbox.QueryAsync<TableEntity>(filter, maxPerPage: BatchSize, cancellationToken: ct))
        {
            due.Add(row);
            if (due.Count >= BatchSize)
            {
                break;
            }
        }

        if (due.Count == 0)
        {
            return 0;
        }

        var leased = await LeaseAsync(due, now, ct);

        // Only a row leased before can have been sent already (its sender died before deleting it).
        var alreadySent = new HashSet<string>(StringComparer.Ordinal);
        await Task.WhenAll(leased.Where(r => (r.GetInt32("Leases") ?? 0) > 1).Select(async r =>
        {
            if ((await storage.MailOutbox.GetEntityIfExistsAsync<TableEntity>(SentPartition, r.RowKey, select: ["RowKey"], cancellationToken: ct)).HasValue)
            {
                lock (alreadySent)
                {
                    alreadySent.Add(r.RowKey);
                }
            }
        }));

        // Oldest first: a request queued before its reminder is delivered before it.
        var done = new List<TableEntity>();
        var sent = new List<TableEntity>();
        foreach (var row in leased.OrderBy(r => r.GetDateTimeOffset("QueuedAt")))
        {
            if (!alreadySent.Contains(row.RowKey))
            {
                try
                {
                    using var mime = new MemoryStream(row.GetBinary("Mime"));
                    var message = await MimeMessage.LoadAsync(mime, ct);
                    await transport.DeliverAsync(message, ct);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    await RetryLaterAsync(row, e, ct);
                    continue;
                }

                sent.Add(new TableEntity(SentPartition, row.RowKey)
                {
                    ["To"] = row.GetString("To"),
                    ["Subject"] = row.GetString("Subject"),
                    ["QueuedAt"] = row.GetDateTimeOffset("QueuedAt"),
                    ["SentAt"] = time.GetUtcNow(),
                    ["Attempts"] = (row.GetInt32("Attempts") ?? 0) + 1,
                });
            }

            done.Add(row);
        }

        // The duplicate window (see remarks) is this round's messages: a sender that dies before
        // these two batches leaves its rows leased, and they go again once the lease lapses.
        if (sent.Count > 0)
        {
            await storage.MailOutbox.SubmitTransactionAsync(sent.Select(r => new TableTransactionAction(TableTransactionActionType.UpsertReplace, r)), ct);
        }

        if (done.Count > 0)
        {
            await storage.MailOutbox.SubmitTransactionAsync(done.Select(r => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(PendingPartition, r.RowKey), ETag.All)), ct);
        }

        return done.Count;
    }

    // Leases the rows (an ETag-guarded merge of the due time and the lease count): one batch; if
    // another sender changed one of them first, the batch fails as a whole and each is tried alone.
    private async Task<List<TableEntity>> LeaseAsync(List<TableEntity> rows, DateTimeOffset now, CancellationToken ct)
    {
        foreach (var row in rows)
        {
            row["DueAt"] = now + Lease;
            row["Leases"] = (row.GetInt32("Leases") ?? 0) + 1;
        }

        TableEntity LeaseRow(TableEntity r) => new(PendingPartition, r.RowKey) { ["DueAt"] = r["DueAt"], ["Leases"] = r["Leases"], ETag = r.ETag };
        try
        {
            var responses = await storage.MailOutbox.SubmitTransactionAsync(rows.Select(r => new TableTransactionAction(TableTransactionActionType.UpdateMerge, LeaseRow(r), r.ETag)), ct);
            for (var i = 0; i < rows.Count; i++)
            {
                rows[i].ETag = responses.Value[i].Headers.ETag ?? rows[i].ETag;
            }

            return rows;
        }
        catch (TableTransactionFailedException)
        {
            var leased = new List<TableEntity>();
            foreach (var row in rows)
            {
                try
                {
                    var response = await storage.MailOutbox.UpdateEntityAsync(LeaseRow(row), row.ETag, TableUpdateMode.Merge, ct);
                    row.ETag = response.Headers.ETag ?? row.ETag;
                    leased.Add(row);
                }
                catch (RequestFailedException e) when (e.Status is (int)HttpStatusCode.PreconditionFailed or (int)HttpStatusCode.NotFound)
                {
                    // Another sender has it.
                }
            }

            return leased;
        }
    }

    private async Task RetryLaterAsync(TableEntity row, Exception error, CancellationToken ct)
    {
        var attempts = (row.GetInt32("Attempts") ?? 0) + 1;
        var queuedAt = row.GetDateTimeOffset("QueuedAt") ?? time.GetUtcNow();
        var now = time.GetUtcNow();

        // 10 s, 20 s, 40 s … capped at 30 minutes; after two days the message is parked for a person to look at.
        var wait = TimeSpan.FromSeconds(Math.Min(10 * Math.Pow(2, Math.Min(attempts - 1, 10)), 30 * 60));
        var giveUp = now - queuedAt > GiveUpAfter;
        row["Attempts"] = attempts;
        row["LastError"] = error.Message.Length > 1000 ? error.Message[..1000] : error.Message;
        row["DueAt"] = giveUp ? DateTimeOffset.MaxValue.AddDays(-1) : now + wait;
        row["GaveUp"] = giveUp;
        LogRetry(logger, row.GetString("To"), attempts, giveUp ? "never (gave up after two days)" : wait.ToString("g", CultureInfo.InvariantCulture), error);
        try
        {
            await storage.MailOutbox.UpdateEntityAsync(row, row.ETag, TableUpdateMode.Replace, ct);
        }
        catch (RequestFailedException e) when (e.Status is (int)HttpStatusCode.PreconditionFailed or (int)HttpStatusCode.NotFound)
        {
            // Someone else took it over meanwhile; their attempt counts.
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Mail to {To} failed (attempt {Attempts}); next try in {Wait}")]
    private static partial void LogRetry(ILogger logger, string? to, int attempts, string wait, Exception error);
}
