using System.Globalization;
using Awards.Domain;
using Awards.Storage;
using Microsoft.Extensions.Options;

namespace Awards.Documents;

/// <summary>One opening of one document version by one person.</summary>
/// <param name="Viewer">Who: an email, or an approver's name and email.</param>
/// <param name="Type">Document type.</param>
/// <param name="Version">Version number.</param>
/// <param name="FileName">The file name it was served under.</param>
/// <param name="At">When the link was handed out.</param>
public sealed record DocumentRead(string Viewer, string Type, int Version, string FileName, DateTimeOffset At);

/// <summary>
/// The only way to read a dossier document: each opening is logged in the dossier's partition
/// (prefix <c>read|</c>, apart from the audit log of transitions), then answered with a link
/// that works for about two minutes. Dossiers hold personal data (Decree 13/2023/NĐ-CP): who
/// saw which version when must be answerable.
/// </summary>
public sealed class DocumentReads(AwardsStorage storage, NominationStore dossiers, DocumentBlobs blobs, IOptions<DocumentOptions> options, TimeProvider time)
{
    private const string Prefix = "read|";

    /// <summary>Logs that <paramref name="viewer"/> opens <paramref name="version"/> of dossier <paramref name="ownerId"/>, then returns a short-lived download link for it.</summary>
    public Task<Uri> OpenAsync(string ownerId, DocumentVersion version, string viewer, CancellationToken ct) =>
        OpenAsync(ownerId, version, viewer, ReadDisposition.Attachment, ct);

    /// <summary>
    /// Logs that <paramref name="viewer"/> opens <paramref name="version"/> of dossier
    /// <paramref name="ownerId"/>, then returns a short-lived link that downloads it or, with
    /// <see cref="ReadDisposition.Inline"/>, shows it in place (a PDF in the review page's frame).
    /// Either way it is one logged read.
    /// </summary>
    public async Task<Uri> OpenAsync(string ownerId, DocumentVersion version, string viewer, ReadDisposition disposition, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(version);
        var now = time.GetUtcNow();
        var read = new DocumentRead(viewer, version.Type, version.Version, version.FileName, now);

        // Logged first: a link is handed out only once its reading is on record.
        var rowKey = string.Create(CultureInfo.InvariantCulture, $"{Prefix}{now.UtcTicks:D19}|{Guid.NewGuid():N}");
        await storage.Nominations.AddEntityAsync(JsonRow.Create(ownerId, rowKey, read), ct);
        return await blobs.CreateReadLinkAsync(version.BlobName, version.FileName, version.ContentType, options.Value.ReadLinkLifetime, disposition, ct);
    }

    /// <summary>Every read of the dossier's documents, oldest first.</summary>
    public Task<List<DocumentRead>> ListAsync(string ownerId, CancellationToken ct) => dossiers.QueryPrefixAsync<DocumentRead>(ownerId, Prefix, ct);
}
