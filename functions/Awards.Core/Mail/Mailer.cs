using System.Net;
using System.Security.Cryptography;
using System.Text;
using Awards.Storage;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Awards.Mail;

/// <summary>A message to one person, in Vietnamese with an English line.</summary>
/// <param name="ToEmail">Recipient address.</param>
/// <param name="ToName">Recipient name.</param>
/// <param name="Subject">Subject line.</param>
/// <param name="Text">Plain-text body.</param>
/// <param name="Html">HTML body.</param>
public sealed record OutgoingMail(string ToEmail, string ToName, string Subject, string Text, string Html);

/// <summary>
/// Sends each message once per idempotency key (derived from the workflow step), with a
/// Message-ID derived from the same key so that a rare second delivery folds in mail clients.
/// </summary>
public sealed class Mailer(IMailTransport transport, AwardsStorage storage, IOptions<MailOptions> options, TimeProvider time)
{
    /// <summary>Sends unless a message with this key was already sent.</summary>
    public async Task SendOnceAsync(string idempotencyKey, OutgoingMail mail, CancellationToken ct)
    {
        var key = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(idempotencyKey)));
        var sent = await storage.SentMail.GetEntityIfExistsAsync<TableEntity>(key, "sent", select: ["RowKey"], cancellationToken: ct);
        if (sent.HasValue)
        {
            return;
        }

        var message = Build(mail, $"{key[..40]}@awards");
        await transport.DeliverAsync(message, ct);
        try
        {
            await storage.SentMail.AddEntityAsync(new TableEntity(key, "sent")
            {
                ["To"] = mail.ToEmail,
                ["Subject"] = mail.Subject,
                ["SentAt"] = time.GetUtcNow(),
            }, ct);
        }
        catch (RequestFailedException e) when (e.Status == (int)HttpStatusCode.Conflict)
        {
            // Another run of the same step sent it too; the shared Message-ID lets clients fold the two.
        }
    }

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
        message.Headers.Add("Content-Language", "vi, en");
        message.Body = new BodyBuilder { TextBody = mail.Text, HtmlBody = mail.Html }.ToMessageBody();
        return message;
    }
}
