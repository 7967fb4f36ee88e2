using Awards.Storage;
using Azure;
using Azure.Data.Tables;

namespace Awards.Documents;

/// <summary>A resumable upload of one document: what the uploader declared, and where the blocks go.</summary>
public sealed record UploadSession
{
    /// <summary>Session id, e.g. <c>ups-…</c>.</summary>
    public required string Id { get; init; }

    /// <summary>The dossier the document belongs to: a nomination id or a proposal id.</summary>
    public required string OwnerId { get; init; }

    /// <summary>Checklist document type.</summary>
    public required string DocumentType { get; init; }

    /// <summary>Generated name of the blob the blocks are staged in.</summary>
    public required string BlobName { get; init; }

    /// <summary>Declared original file name (NFC).</summary>
    public required string FileName { get; init; }

    /// <summary>Declared media type.</summary>
    public required string ContentType { get; init; }

    /// <summary>Declared size in bytes.</summary>
    public required long Size { get; init; }

    /// <summary>Declared SHA-256, lower-case hex.</summary>
    public required string Sha256 { get; init; }

    /// <summary>Who opened it.</summary>
    public required string CreatedBy { get; init; }

    /// <summary>When it was opened.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>After this the session is given up and its blocks discarded.</summary>
    public required DateTimeOffset ExpiresAt { get; init; }

    /// <summary>Set while a commit runs, so two commits of one session cannot both proceed.</summary>
    public DateTimeOffset? CommitStartedAt { get; init; }

    /// <summary>The version the session was committed as; kept so a repeated commit gets the same answer.</summary>
    public int? CommittedVersion { get; init; }
}

/// <summary>
/// Upload sessions as rows in their dossier's partition (prefix <c>upload|</c>), next to the
/// document versions they end in.
/// </summary>
public sealed class UploadSessionStore(AwardsStorage storage, NominationStore dossiers)
{
    private const string Prefix = "upload|";

    /// <summary>How long a started commit holds the session before another may take over (it died).</summary>
    public static readonly TimeSpan CommitHold = TimeSpan.FromMinutes(15);

    /// <summary>Stores a new session.</summary>
    public Task AddAsync(UploadSession session, CancellationToken ct) =>
        storage.Nominations.AddEntityAsync(JsonRow.Create(session.OwnerId, Prefix + session.Id, session), ct);

    /// <summary>A session of the dossier, or null.</summary>
    public async Task<UploadSession?> FindAsync(string ownerId, string sessionId, CancellationToken ct)
    {
        var row = await storage.Nominations.GetEntityIfExistsAsync<TableEntity>(ownerId, Prefix + sessionId, cancellationToken: ct);
        return row.HasValue ? JsonRow.Read<UploadSession>(row.Value!) : null;
    }

    /// <summary>Every session of the dossier.</summary>
    public Task<List<UploadSession>> ListAsync(string ownerId, CancellationToken ct) => dossiers.QueryPrefixAsync<UploadSession>(ownerId, Prefix, ct);

    /// <summary>
    /// Marks the session as being committed, unless another commit holds it. Returns the
    /// session as claimed, or null when another commit is running (or the session is gone).
    /// </summary>
    public async Task<UploadSession?> ClaimCommitAsync(string ownerId, string sessionId, DateTimeOffset now, CancellationToken ct)
    {
        var row = await storage.Nominations.GetEntityIfExistsAsync<TableEntity>(ownerId, Prefix + sessionId, cancellationToken: ct);
        if (!row.HasValue)
        {
            return null;
        }

        var session = JsonRow.Read<UploadSession>(row.Value!);
        if (session.CommitStartedAt is { } started && now - started < CommitHold)
        {
            return null;
        }

        var claimed = session with { CommitStartedAt = now };
        try
        {
            await storage.Nominations.UpdateEntityAsync(JsonRow.Create(ownerId, Prefix + sessionId, claimed), row.Value!.ETag, TableUpdateMode.Replace, ct);
            return claimed;
        }
        catch (RequestFailedException e) when (e.Status is 404 or 412)
        {
            return null;
        }
    }

    /// <summary>Lets a claimed session be committed again (a commit that stopped for a reason the client can fix).</summary>
    public Task ReleaseAsync(UploadSession session, CancellationToken ct) =>
        storage.Nominations.UpsertEntityAsync(JsonRow.Create(session.OwnerId, Prefix + session.Id, session with { CommitStartedAt = null }), TableUpdateMode.Replace, ct);

    /// <summary>Removes the session row.</summary>
    public async Task DeleteAsync(UploadSession session, CancellationToken ct)
    {
        try
        {
            await storage.Nominations.DeleteEntityAsync(session.OwnerId, Prefix + session.Id, ETag.All, ct);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            // Already gone: what we wanted.
        }
    }
}
