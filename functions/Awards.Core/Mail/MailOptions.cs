namespace Awards.Mail;

/// <summary>How mail leaves the product. Bound from <c>Awards:Mail</c>.</summary>
public sealed class MailOptions
{
    /// <summary>Sender address.</summary>
    public string From { get; set; } = "awards@localhost";

    /// <summary>Sender display name.</summary>
    public string FromName { get; set; } = "Khen thưởng — Awards";

    /// <summary>When <see cref="SmtpOptions.Host"/> is set, mail goes by SMTP; otherwise to <see cref="OutboxPath"/>.</summary>
    public SmtpOptions Smtp { get; set; } = new();

    /// <summary>Folder that receives one .eml file per message when no SMTP host is set.</summary>
    public string OutboxPath { get; set; } = ".awards/outbox";
}

/// <summary>SMTP server settings.</summary>
public sealed class SmtpOptions
{
    /// <summary>Server host; empty means "write to the outbox folder".</summary>
    public string? Host { get; set; }

    /// <summary>Port.</summary>
    public int Port { get; set; } = 25;

    /// <summary>"None", "StartTls", "SslOnConnect" or "Auto".</summary>
    public string Security { get; set; } = "Auto";

    /// <summary>User name, if the server wants one.</summary>
    public string? User { get; set; }

    /// <summary>Password (from Key Vault in Azure).</summary>
    public string? Password { get; set; }
}
