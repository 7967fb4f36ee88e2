namespace Awards.Web.Api;

/// <summary>Body of <c>POST …/documents/{documentType}/sessions</c>: what the client is about to upload.</summary>
/// <param name="FileName">The original file name.</param>
/// <param name="ContentType">The file's media type (<c>application/octet-stream</c> lets the content decide).</param>
/// <param name="Size">Exact size in bytes.</param>
/// <param name="Sha256">SHA-256 of the whole file, hex.</param>
public sealed record OpenUploadSessionRequest(string? FileName, string? ContentType, long? Size, string? Sha256);

/// <summary>Body of <c>POST …/sessions/{sessionId}/commit</c>.</summary>
/// <param name="BlockIds">The ids of the staged blocks, in file order.</param>
public sealed record CommitUploadSessionRequest(IReadOnlyList<string>? BlockIds);

/// <summary>A block staged in an upload session.</summary>
/// <param name="Id">Block id (base64), as the client sent it.</param>
/// <param name="Size">Bytes.</param>
public sealed record UploadedBlock(string Id, long Size);

/// <summary>An upload session as the API shows it: where to send blocks and what has arrived.</summary>
/// <param name="SessionId">Session id.</param>
/// <param name="DocumentType">Checklist document type.</param>
/// <param name="FileName">Declared file name (NFC).</param>
/// <param name="Size">Declared size in bytes.</param>
/// <param name="UploadUrl">Write-only link to the session's blob; append <c>&amp;comp=block&amp;blockid=…</c> to PUT a block.</param>
/// <param name="UploadUrlExpiresAt">When that link stops working; GET the session for a fresh one.</param>
/// <param name="BlockSize">Block size to use (the last block may be shorter).</param>
/// <param name="ExpiresAt">When the session is given up.</param>
/// <param name="Blocks">Blocks staged so far, in arrival order.</param>
/// <param name="ReceivedBytes">Bytes staged so far.</param>
/// <param name="SessionUrl">This session (GET).</param>
/// <param name="CommitUrl">Where to POST the ordered block ids when every block is there.</param>
/// <param name="Instructions">How to upload, in words.</param>
public sealed record UploadSessionView(
    string SessionId,
    string DocumentType,
    string FileName,
    long Size,
    Uri UploadUrl,
    DateTimeOffset UploadUrlExpiresAt,
    int BlockSize,
    DateTimeOffset ExpiresAt,
    IReadOnlyList<UploadedBlock> Blocks,
    long ReceivedBytes,
    string SessionUrl,
    string CommitUrl,
    string Instructions);
