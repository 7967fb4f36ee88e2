using System.Net;
using System.Security.Cryptography;
using Awards.Mail;
using Awards.Storage;
using Awards.Workflow.Activities;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;

namespace Awards.Security;

/// <summary>
/// Requests for a sign-in link, queued by <c>POST /signin</c> and turned into link mail by the
/// mail sender's round (<see cref="OutboxRound"/>). The page does the same work for every address
/// — one row written, nothing looked up — so neither its answer nor its timing tells who is
/// registered; whether the address holds a nominator key is decided here, out of the request.
/// </summary>
public sealed partial class SignInRequests(
    AwardsStorage storage,
    ApiKeyStore keys,
    SignInStore limits,
    SignInLinks links,
    Mailer mailer,
    PublicLinks urls,
    MailDelivery delivery,
    TimeProvider time,
    ILogger<SignInRequests> logger)
{
    /// <summary>The partition of queued requests in the sign-in table.</summary>
    public const string Partition = "request";

    private const string EmailColumn = "Email";
    private const string AtColumn = "At";
    private const string ClaimedColumn = "ClaimedAt";

    /// <summary>How long a claimed request is left to the handler that claimed it before another round takes it over.</summary>
    public static readonly TimeSpan ClaimLease = TimeSpan.FromSeconds(30);

    // One round handles at most this many; the rest wait for the next round (a second later in the runner).
    private const int MaxPerRound = 100;

    /// <summary>Queues a request for a link to <paramref name="email"/> (already validated) and wakes the sender.</summary>
    public async Task QueueAsync(string email, CancellationToken ct)
    {
        var now = time.GetUtcNow();

        // Oldest first by row key; the random tail keeps two requests of the same instant apart.
        var id = now.UtcTicks.ToString("D19", System.Globalization.CultureInfo.InvariantCulture) + "-" + Base64Url.Encode(RandomNumberGenerator.GetBytes(9));
        await storage.SignIn.AddEntityAsync(new TableEntity(Partition, id) { [EmailColumn] = email, [AtColumn] = now }, ct);
        delivery.Wake();
    }

    /// <summary>
    /// Handles the queued requests, oldest first: a link mail for an address that holds a
    /// nominator key and has a sending slot left (<see cref="SignInStore.TryTakeSendSlotAsync"/>),
    /// nothing for any other; then the request is deleted.
    /// </summary>
    /// <remarks>
    /// A request is claimed before it is acted on: a conditional write of the claim's time under
    /// the ETag read, so of two instances (or a restarted process) that read it, one handles it and
    /// the other leaves it. A claim older than <see cref="ClaimLease"/> belongs to a process that
    /// died or stopped while handling it; the next round claims it again and finishes it. Handling
    /// a request twice spends neither a second slot (the slot names its request) nor a second mail
    /// (the mail's key is the request's): no link is lost to a crash, and none is sent twice.
    /// </remarks>
    public async Task<int> ProcessAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var queued = new List<TableEntity>();
        await foreach (var row in storage.SignIn.QueryAsync<TableEntity>($"PartitionKey eq {JsonRow.Quote(Partition)}", maxPerPage: MaxPerRound, cancellationToken: ct))
        {
            queued.Add(row);
            if (queued.Count >= MaxPerRound)
            {
                break;
            }
        }

        foreach (var row in queued)
        {
            if (row.GetDateTimeOffset(ClaimedColumn) is { } claimed && claimed > now - ClaimLease)
            {
                // Another instance is handling it.
                continue;
            }

            ETag held;
            try
            {
                var claim = new TableEntity(Partition, row.RowKey) { [ClaimedColumn] = time.GetUtcNow() };
                held = (await storage.SignIn.UpdateEntityAsync(claim, row.ETag, TableUpdateMode.Merge, ct)).Headers.ETag ?? ETag.All;
            }
            catch (RequestFailedException e) when (e.Status is (int)HttpStatusCode.NotFound or (int)HttpStatusCode.PreconditionFailed)
            {
                continue;
            }

            var email = row.GetString(EmailColumn);
            if (!string.IsNullOrEmpty(email))
            {
                await SendLinkIfRegisteredAsync(row.RowKey, email, row.GetDateTimeOffset(AtColumn) ?? time.GetUtcNow(), ct);
            }

            try
            {
                await storage.SignIn.DeleteEntityAsync(Partition, row.RowKey, held, ct);
            }
            catch (RequestFailedException e) when (e.Status is (int)HttpStatusCode.NotFound or (int)HttpStatusCode.PreconditionFailed)
            {
                // Claimed again after this claim's lease ran out: that handler deletes it (and sends nothing twice).
            }
        }

        return queued.Count;
    }

    private async Task SendLinkIfRegisteredAsync(string requestId, string email, DateTimeOffset askedAt, CancellationToken ct)
    {
        var accounts = await keys.SignInKeysOfAsync(email, ct);
        if (accounts.Count == 0)
        {
            return;
        }

        if (!await limits.TryTakeSendSlotAsync(email, askedAt, null, requestId, ct))
        {
            LogRateLimited(logger, SignInStore.MaxLinksPerWindow, SignInStore.RateWindow.TotalMinutes);
            return;
        }

        var (token, claims) = links.Issue(email);
        var name = accounts.Count == 1 ? accounts[0].Record.UnitName ?? email : email;
        await mailer.SendOnceAsync("signin-request:" + requestId, MailTemplates.SignInLink(email, name, urls.SignIn(token), claims.ExpiresAt), ct);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Sign-in link not sent: the address asked for more than {Max} links in {Minutes} minutes.")]
    private static partial void LogRateLimited(ILogger logger, int max, double minutes);
}
