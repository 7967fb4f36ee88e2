using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Awards.Mail;

/// <summary>Delivers one message.</summary>
public interface IMailTransport
{
    /// <summary>Delivers the message or throws.</summary>
    Task DeliverAsync(MimeMessage message, CancellationToken ct);
}

/// <summary>Delivers through an SMTP server with MailKit.</summary>
public sealed class SmtpMailTransport(IOptions<MailOptions> options) : IMailTransport
{
    /// <inheritdoc/>
    public async Task DeliverAsync(MimeMessage message, CancellationToken ct)
    {
        var smtp = options.Value.Smtp;
        // Bounded below the outbox lease (MailDelivery), so a slow server cannot hold a message past it.
        using var client = new SmtpClient { Timeout = 20_000 };
        var security = Enum.TryParse<SecureSocketOptions>(smtp.Security, ignoreCase: true, out var s) ? s : SecureSocketOptions.Auto;
        await client.ConnectAsync(smtp.Host ?? throw new InvalidOperationException("Awards:Mail:Smtp:Host is not set."), smtp.Port, security, ct);
        if (!string.IsNullOrEmpty(smtp.User))
        {
            await client.AuthenticateAsync(smtp.User, smtp.Password ?? string.Empty, ct);
        }

        await client.SendAsync(message, ct);
        await client.DisconnectAsync(quit: true, ct);
    }
}

/// <summary>Writes each message as an .eml file into the outbox folder (the default for local runs).</summary>
public sealed class OutboxFolderTransport(IOptions<MailOptions> options) : IMailTransport
{
    /// <summary>The folder, made absolute.</summary>
    public string Folder => Path.GetFullPath(options.Value.OutboxPath);

    /// <inheritdoc/>
    public async Task DeliverAsync(MimeMessage message, CancellationToken ct)
    {
        Directory.CreateDirectory(Folder);
        var name = $"{message.Date.UtcDateTime:yyyyMMdd'T'HHmmss'Z'}-{(message.MessageId ?? Guid.NewGuid().ToString("N")).Split('@')[0]}.eml";
        var temp = Path.Combine(Folder, name + ".tmp");

        // Write aside, then rename: a reader never sees half a message.
        await message.WriteToAsync(temp, ct);
        File.Move(temp, Path.Combine(Folder, name), overwrite: true);
    }
}
