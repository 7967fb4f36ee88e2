namespace Awards.Documents;

/// <summary>
/// Limits and lifetimes of resumable uploads and document links, bound from <c>Awards:Documents</c>.
/// The single-request limit stays <c>Awards:MaxDocumentBytes</c> (a Functions request carries at most 100 MB).
/// </summary>
public sealed class DocumentOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Awards:Documents";

    /// <summary>Largest document an upload session takes when its checklist item names no limit (default 500 MB).</summary>
    public long MaxResumableBytes { get; set; } = 500L * 1000 * 1000;

    /// <summary>Block size clients are told to use in an upload session (default 8 MiB).</summary>
    public int SessionBlockSize { get; set; } = 8 * 1024 * 1024;

    /// <summary>How long an upload session may be resumed before it is given up.</summary>
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How long one write link to a session's blob works; reading the session gives a fresh one.</summary>
    public TimeSpan UploadLinkLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long a per-viewer read link works.</summary>
    public TimeSpan ReadLinkLifetime { get; set; } = TimeSpan.FromMinutes(2);
}
