using System.Net;
using System.Security.Cryptography;
using System.Text;
using Awards.Domain;
using Awards.Security;
using Awards.Storage;
using Awards.Web.Pages;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Awards.Mail;

/// <summary>A message to one person, in their language.</summary>
/// <param name="ToEmail">Recipient address.</param>
/// <param name="ToName">Recipient name.</param>
/// <param name="Subject">Subject line.</param>
/// <param name="Text">Plain-text body.</param>
/// <param name="Html">HTML body.</param>
/// <param name="Language">The language it is written in (its <c>Content-Language</c>).</param>
public sealed record OutgoingMail(string ToEmail, string ToName, string Subject, string Text, string Html, Language Language = Language.Vi);

/// <summary>
/// Queues mail in the outbox (Table storage); the workflow never waits on SMTP. Each message is
/// queued once per idempotency key (derived from the workflow step): a second queueing of the
/// same key — an activity that runs twice, or two nominations of one proposal reaching a stage at
/// once — is a no-op. The Message-ID is derived from the same key, so a rare second delivery
/// (see <see cref="MailDelivery"/>) folds in mail clients.
/// </summary>
public sealed class Mailer(AwardsStorage storage, ApiKeyStore keys, IOptions<MailOptions> options, TimeProvider time, MailDelivery delivery, PageRenderer pages)
{
    /// <summary>
    /// Queues the draft in its recipient's language — the draft's own when the sender knows it,
    /// else the one stored with the keys issued to the address, else Vietnamese — unless a message
    /// with this key was already queued or sent.
    /// </summary>
    public async Task SendOnceAsync(string idempotencyKey, MailDraft draft, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(draft);
        var language = draft.Language ?? await keys.LanguageOfAsync(draft.ToEmail, ct) ?? Language.Vi;
        await SendOnceAsync(idempotencyKey, await draft.RenderAsync(pages, language), ct);
    }

    /// <summary>Queues the message unless one with this key was already queued or sent.</summary>
    public async Task SendOnceAsync(string idempotencyKey, OutgoingMail mail, CancellationToken ct)
    {
        var key = OutboxKey(idempotencyKey);
        var sent = await storage.MailOutbox.GetEntityIfExistsAsync<TableEntity>(MailDelivery.SentPartition, key, select: ["RowKey"], cancellationToken: ct);
        if (sent.HasValue)
        {
            return;
        }

        using var mime = new MemoryStream();
        await Build(mail, MessageIdOf(key)).WriteToAsync(mime, ct);
        var now = time.GetUtcNow();
        try
        {
            await storage.MailOutbox.AddEntityAsync(new TableEntity(MailDelivery.PendingPartition, key)
            {
                ["To"] = mail.ToEmail,
                ["Subject"] = mail.Subject,
                ["Mime"] = mime.ToArray(),
                ["QueuedAt"] = now,
                ["DueAt"] = now,
                ["Attempts"] = 0,
            }, ct);
            delivery.Wake();
        }
        catch (RequestFailedException e) when (e.Status == (int)HttpStatusCode.Conflict)
        {
            // Already queued by another run of the same step.
        }
    }

    /// <summary>The Message-ID of the message queued under an outbox row key: stable, so a rare second delivery folds.</summary>
    public static string MessageIdOf(string outboxKey) => $"{outboxKey[..40]}@awards";

    /// <summary>The outbox row key of an idempotency key.</summary>
    public static string OutboxKey(string idempotencyKey) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(idempotencyKey)));

    private MimeMessage Build(OutgoingMail mail, string messageId)
    {
        var o = options.Value;
        var message = new MimeMessage
        {
            Subject = mail.Subject,
            MessageId = messageId,
            Date = time.GetUtcNow(),
        };
        message.From.Add(new MailboxAddress(o.FromName, o.From));
        message.To.Add(new MailboxAddress(mail.ToName, mail.ToEmail));
        var body = new BodyBuilder { TextBody = mail.Text, HtmlBody = mail.Html }.ToMessageBody();

        // A Content-* header belongs to the body entity (MimeKit moves it there on parsing, too).
        body.Headers.Add(HeaderId.ContentLanguage, mail.Language.Code());
        message.Body = body;
        return message;
    }
}
