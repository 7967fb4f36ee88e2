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
/// The one duplicate window: the process dies after the server accepted a message and before
/// the row moved to "sent". The lease then expires and the message goes again, with the same
/// Message-ID, which mail clients fold.
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

    /// <summary>Waits until woken or until <paramref name="timeout"/> passes.</summary>
    public Task WaitAsync(TimeSpan timeout, CancellationToken ct) => wake.WaitAsync(timeout, ct);

    /// <summary>Delivers every due message; returns how many were delivered.</summary>
    public async Task<int> DeliverDueAsync(CancellationToken ct)
    {
        var delivered = 0;
        var now = time.GetUtcNow();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {PendingPartition} and DueAt le {now}");
        var due = new List<TableEntity>();
        await foreach (var row in storage.MailOutbox.QueryAsync<TableEntity>(filter, maxPerPage: 100, cancellationToken: ct))
        {
            due.Add(row);
            if (due.Count >= 100)
            {
                break;
            }
        }

        // Oldest first: a request queued before its reminder is delivered before it.
        foreach (var row in due.OrderBy(r => r.GetDateTimeOffset("QueuedAt")))
        {
            if (await DeliverOneAsync(row, ct))
            {
                delivered++;
            }
        }

        return delivered;
    }

    private async Task<bool> DeliverOneAsync(TableEntity row, CancellationToken ct)
    {
        var now = time.GetUtcNow();

        // Lease it: another instance that read the same row loses this ETag race.
        row["DueAt"] = now + Lease;
        Response leased;
        try
        {
            leased = await storage.MailOutbox.UpdateEntityAsync(row, row.ETag, TableUpdateMode.Replace, ct);
        }
        catch (RequestFailedException e) when (e.Status is (int)HttpStatusCode.PreconditionFailed or (int)HttpStatusCode.NotFound)
        {
            return false;
        }

        row.ETag = leased.Headers.ETag ?? row.ETag;
        if (!(await storage.MailOutbox.GetEntityIfExistsAsync<TableEntity>(SentPartition, row.RowKey, select: ["RowKey"], cancellationToken: ct)).HasValue)
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
                return false;
            }

            await storage.MailOutbox.UpsertEntityAsync(new TableEntity(SentPartition, row.RowKey)
            {
                ["To"] = row.GetString("To"),
                ["Subject"] = row.GetString("Subject"),
                ["QueuedAt"] = row.GetDateTimeOffset("QueuedAt"),
                ["SentAt"] = time.GetUtcNow(),
                ["Attempts"] = (row.GetInt32("Attempts") ?? 0) + 1,
            }, TableUpdateMode.Replace, ct);
        }

        await storage.MailOutbox.DeleteEntityAsync(PendingPartition, row.RowKey, ETag.All, ct);
        return true;
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
