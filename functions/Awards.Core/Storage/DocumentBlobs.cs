using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using Awards.Documents;
using Azure;
using Azure.Storage;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Azure.Storage.Sas;

namespace Awards.Storage;

/// <summary>
/// Dossier documents in the private container. Uploads are staged as uncommitted blocks while
/// every byte passes through a <see cref="DocumentInspector"/>, and committed only once the
/// content is accepted, so a refused file never becomes a blob. Reads and resumable writes go
/// through short-lived links scoped to one blob.
/// </summary>
public sealed class DocumentBlobs(AwardsStorage storage, TimeProvider time)
{
    /// <summary>Size of the blocks a single-request upload is staged in.</summary>
    public const int StagingBlockSize = 4 * 1024 * 1024;

    /// <summary>Blocks of one upload sent to storage at the same time while the next one fills.</summary>
    public const int StagingBlocksInFlight = 3;

    /// <summary>Metadata key of the original file name (URL-encoded: metadata values are ASCII).</summary>
    public const string FileNameMetadata = "filename";

    // Block buffers are reused across uploads so the working set stays flat from one upload to
    // the next; the pool keeps at most a few uploads' worth and lets any surplus go to the GC.
    private static readonly ArrayPool<byte> BlockBuffers = ArrayPool<byte>.Create(StagingBlockSize, 4 * (StagingBlocksInFlight + 1));

    /// <summary>A new, unguessable blob name under <paramref name="folder"/>.</summary>
    public static string NewBlobName(string folder) => $"{folder}/{Guid.NewGuid():N}";

    /// <summary>
    /// Streams <paramref name="content"/> into uncommitted blocks of <paramref name="blobName"/>,
    /// feeding every byte to <paramref name="inspector"/>. Memory stays bounded: a few blocks are
    /// in flight while the next fills. Nothing is committed; call <see cref="CommitAsync"/> or
    /// <see cref="DiscardAsync"/> next.
    /// </summary>
    /// <returns>The staged block ids, in order (empty when the content was empty).</returns>
    /// <exception cref="DocumentTooLargeException">The inspector's limit was passed (noticed within a block of it); some blocks may be staged.</exception>
    public async Task<IReadOnlyList<string>> StageAsync(string blobName, Stream content, DocumentInspector inspector, CancellationToken ct)
    {
        var blob = storage.Dossiers.GetBlockBlobClient(blobName);
        var ids = new List<string>();
        var inFlight = new Queue<(Task Staged, byte[] Buffer)>();

        // Reading, hashing (the inspector sees the blocks one at a time, in order) and sending
        // overlap: while block n is inspected and block n-1 sent, block n+1 is read.
        var inspected = Task.CompletedTask;
        try
        {
            var finished = false;
            while (!finished)
            {
                var buffer = BlockBuffers.Rent(StagingBlockSize);
                var filled = 0;
                try
                {
                    while (filled < StagingBlockSize)
                    {
                        var read = await content.ReadAsync(buffer.AsMemory(filled, StagingBlockSize - filled), ct);
                        if (read == 0)
                        {
                            finished = true;
                            break;
                        }

                        filled += read;
                    }
                }
                catch
                {
                    BlockBuffers.Return(buffer);
                    throw;
                }

                if (filled == 0)
                {
                    BlockBuffers.Return(buffer);
                    break;
                }

                var id = BlockId(ids.Count);
                ids.Add(id);
                var (full, length) = (buffer, filled);

                // The previous block's inspection throws here if the file went past the limit.
                await inspected;
                inspected = Task.Run(() => inspector.Append(full.AsSpan(0, length)), ct);
                var staged = Task.Run(() => StageBlockAsync(blob, id, full, length, ct), ct);
                inFlight.Enqueue((Task.WhenAll(inspected, staged), buffer));
                if (inFlight.Count >= StagingBlocksInFlight)
                {
                    await inFlight.Peek().Staged;
                    BlockBuffers.Return(inFlight.Dequeue().Buffer);
                }
            }

            await inspected;
            while (inFlight.Count > 0)
            {
                await inFlight.Peek().Staged;
                BlockBuffers.Return(inFlight.Dequeue().Buffer);
            }

            return ids;
        }
        finally
        {
            // On failure, blocks may still be sending from their buffers: wait before reusing them.
            while (inFlight.Count > 0)
            {
                var (staged, buffer) = inFlight.Dequeue();
                await staged.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                BlockBuffers.Return(buffer);
            }
        }
    }

    /// <summary>
    /// Commits <paramref name="blockIds"/> as the blob's content, with the original file name as
    /// metadata. With <paramref name="mustBeNew"/>, fails (412/409) when a committed blob already exists.
    /// </summary>
    /// <returns>The committed blob's ETag.</returns>
    public async Task<ETag> CommitAsync(string blobName, IEnumerable<string> blockIds, string contentType, string fileName, bool mustBeNew, CancellationToken ct)
    {
        var committed = await storage.Dossiers.GetBlockBlobClient(blobName).CommitBlockListAsync(blockIds, new CommitBlockListOptions
        {
            HttpHeaders = new BlobHttpHeaders { ContentType = contentType },
            Metadata = new Dictionary<string, string> { [FileNameMetadata] = Uri.EscapeDataString(fileName) },
            Conditions = mustBeNew ? new BlobRequestConditions { IfNoneMatch = ETag.All } : null,
        }, ct);
        return committed.Value.ETag;
    }

    /// <summary>
    /// Takes an infinite lease on the committed blob if it still has <paramref name="etag"/>, so
    /// nobody without the lease — such as a holder of a still-valid upload link — can change it.
    /// </summary>
    /// <returns>False when the blob changed (or is leased) since that ETag.</returns>
    public async Task<bool> LockAsync(string blobName, ETag etag, CancellationToken ct)
    {
        try
        {
            await storage.Dossiers.GetBlobClient(blobName).GetBlobLeaseClient().AcquireAsync(BlobLeaseClient.InfiniteLeaseDuration, new RequestConditions { IfMatch = etag }, ct);
            return true;
        }
        catch (RequestFailedException e) when (e.Status is 404 or 409 or 412)
        {
            return false;
        }
    }

    /// <summary>Streams the committed blob, as it was at <paramref name="etag"/>, through <paramref name="inspector"/>.</summary>
    /// <exception cref="DocumentTooLargeException">It is larger than the inspector's limit.</exception>
    public async Task InspectAsync(string blobName, ETag etag, DocumentInspector inspector, CancellationToken ct)
    {
        var download = await storage.Dossiers.GetBlobClient(blobName).DownloadStreamingAsync(
            new BlobDownloadOptions { Conditions = new BlobRequestConditions { IfMatch = etag } }, ct);
        await using var content = download.Value.Content;

        // Two buffers: one fills from the network while the inspector hashes the other.
        byte[][] buffers = [ArrayPool<byte>.Shared.Rent(1024 * 1024), ArrayPool<byte>.Shared.Rent(1024 * 1024)];
        var inspected = Task.CompletedTask;
        try
        {
            for (var current = 0; ; current ^= 1)
            {
                var buffer = buffers[current];
                var filled = 0;
                int read;
                while (filled < buffer.Length && (read = await content.ReadAsync(buffer.AsMemory(filled), ct)) > 0)
                {
                    filled += read;
                }

                await inspected;
                if (filled == 0)
                {
                    break;
                }

                inspected = Task.Run(() => inspector.Append(buffer.AsSpan(0, filled)), ct);
            }
        }
        finally
        {
            await inspected.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            ArrayPool<byte>.Shared.Return(buffers[0]);
            ArrayPool<byte>.Shared.Return(buffers[1]);
        }
    }

    /// <summary>The blocks staged but not yet committed, in the order they arrived (empty when there are none).</summary>
    public async Task<IReadOnlyList<(string Id, long Size)>> UncommittedBlocksAsync(string blobName, CancellationToken ct)
    {
        try
        {
            var list = await storage.Dossiers.GetBlockBlobClient(blobName).GetBlockListAsync(BlockListTypes.Uncommitted, cancellationToken: ct);
            return [.. list.Value.UncommittedBlocks.Select(b => (b.Name, b.SizeLong))];
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return [];
        }
    }

    /// <summary>
    /// Drops a blob's staged blocks and any committed content. Uncommitted blocks cannot be
    /// deleted on their own (storage keeps them a week), so an empty block list is committed —
    /// which discards them — and that empty blob deleted at once.
    /// </summary>
    public async Task DiscardAsync(string blobName, CancellationToken ct)
    {
        try
        {
            await storage.Dossiers.GetBlockBlobClient(blobName).CommitBlockListAsync([], new CommitBlockListOptions
            {
                Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
            }, ct);
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            // A committed blob is there already: deleting it takes its uncommitted blocks with it.
        }

        await DeleteAsync(blobName, ct);
    }

    /// <summary>Deletes a blob that was written but not recorded (a failed or refused upload), breaking our lease if it holds one.</summary>
    public async Task DeleteAsync(string blobName, CancellationToken ct)
    {
        var blob = storage.Dossiers.GetBlobClient(blobName);
        try
        {
            await blob.DeleteIfExistsAsync(DeleteSnapshotsOption.IncludeSnapshots, cancellationToken: ct);
        }
        catch (RequestFailedException e) when (e.Status == 412)
        {
            await blob.GetBlobLeaseClient().BreakAsync(TimeSpan.Zero, cancellationToken: ct);
            await blob.DeleteIfExistsAsync(DeleteSnapshotsOption.IncludeSnapshots, cancellationToken: ct);
        }
    }

    /// <summary>
    /// A read-only link to one blob, valid for <paramref name="lifetime"/>, that downloads under
    /// the original file name. Account SAS where the client holds a shared key (Azurite);
    /// user-delegation SAS where it holds a token credential (managed identity in Azure).
    /// </summary>
    public Task<Uri> CreateReadLinkAsync(string blobName, string fileName, string contentType, TimeSpan lifetime, CancellationToken ct) =>
        CreateReadLinkAsync(blobName, fileName, contentType, lifetime, ReadDisposition.Attachment, ct);

    /// <summary>
    /// As <see cref="CreateReadLinkAsync(string, string, string, TimeSpan, CancellationToken)"/>, but
    /// the link may ask storage to answer <c>inline</c> (a PDF shown in a page's frame) instead of
    /// as a download. The content type is always the one recorded at upload (checked against the
    /// content), so a browser shows only what the inspector accepted.
    /// </summary>
    public Task<Uri> CreateReadLinkAsync(string blobName, string fileName, string contentType, TimeSpan lifetime, ReadDisposition disposition, CancellationToken ct)
    {
        var blob = storage.Dossiers.GetBlobClient(blobName);
        var expires = time.GetUtcNow() + lifetime;
        return SignAsync(blob, new BlobSasBuilder(BlobSasPermissions.Read, expires)
        {
            ContentDisposition = disposition == ReadDisposition.Inline ? Web.ContentDisposition.Inline(fileName) : Web.ContentDisposition.Attachment(fileName),
            ContentType = contentType,
        }, ct);
    }

    /// <summary>
    /// A write-only link to one blob, valid until <paramref name="expires"/>: enough to stage
    /// blocks (a resumable upload session), not to read or list anything.
    /// </summary>
    public Task<Uri> CreateUploadLinkAsync(string blobName, DateTimeOffset expires, CancellationToken ct) =>
        SignAsync(storage.Dossiers.GetBlobClient(blobName), new BlobSasBuilder(BlobSasPermissions.Write, expires), ct);

    /// <summary>
    /// Lets browsers on <paramref name="origin"/> send blocks straight to Blob storage (CORS).
    /// Keeps other rules; replaces earlier rules of ours for other origins when storage's limit
    /// of five rules would be passed.
    /// </summary>
    public async Task AllowBrowserUploadsAsync(Uri origin, CancellationToken ct)
    {
        var wanted = new BlobCorsRule
        {
            AllowedOrigins = origin.GetLeftPart(UriPartial.Authority),
            AllowedMethods = "GET,HEAD,PUT,OPTIONS",
            AllowedHeaders = "x-ms-*,content-type,content-length,content-md5",
            ExposedHeaders = "x-ms-*,etag,content-length",
            MaxAgeInSeconds = 3600,
        };
        var properties = (await storage.Blobs.GetPropertiesAsync(ct)).Value;
        var rules = properties.Cors?.ToList() ?? [];
        if (rules.Any(r => SameRule(r, wanted) && r.AllowedOrigins.Split(',').Any(o => o.Trim() == "*" || o.Trim().Equals(wanted.AllowedOrigins, StringComparison.OrdinalIgnoreCase))))
        {
            return;
        }

        while (rules.Count >= 5 && rules.FindIndex(r => SameRule(r, wanted)) is var ours and >= 0)
        {
            rules.RemoveAt(ours);
        }

        rules.Add(wanted);

        // What was read goes back with only the CORS rules changed: Azurite refuses a document with
        // the CORS element alone, and logging, metrics and retention settings must stay as they are.
        properties.Cors = rules;
        await storage.Blobs.SetPropertiesAsync(properties, ct);

        static bool SameRule(BlobCorsRule a, BlobCorsRule b) =>
            a.AllowedMethods == b.AllowedMethods && a.AllowedHeaders == b.AllowedHeaders && a.ExposedHeaders == b.ExposedHeaders;
    }

    private static string BlockId(int index) =>
        Convert.ToBase64String(System.Text.Encoding.ASCII.GetBytes(index.ToString("D8", CultureInfo.InvariantCulture)));

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA5351:Do Not Use Broken Cryptographic Algorithms", Justification = "MD5 is the storage protocol's transfer checksum, not a security measure; content identity is the SHA-256.")]
    private static async Task StageBlockAsync(BlockBlobClient blob, string id, byte[] buffer, int length, CancellationToken ct)
    {
        // A transactional MD5 lets storage check each block arrived intact. Azurite then checks
        // the MD5 natively instead of computing a CRC64 in JavaScript, which is about 4× slower.
        var md5 = MD5.HashData(buffer.AsSpan(0, length));
        using var block = new MemoryStream(buffer, 0, length, writable: false);
        await blob.StageBlockAsync(id, block, new BlockBlobStageBlockOptions
        {
            TransferValidation = new UploadTransferValidationOptions { ChecksumAlgorithm = StorageChecksumAlgorithm.MD5, PrecalculatedChecksum = md5 },
        }, ct);
    }

    private async Task<Uri> SignAsync(BlobClient blob, BlobSasBuilder sas, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        sas.BlobContainerName = blob.BlobContainerName;
        sas.BlobName = blob.Name;
        sas.Resource = "b";

        // Clocks differ a little between us and storage; a link must work the moment it is handed out.
        sas.StartsOn = now.AddMinutes(-2);
        sas.Protocol = blob.Uri.Scheme == Uri.UriSchemeHttps ? SasProtocol.Https : SasProtocol.HttpsAndHttp;
        if (blob.CanGenerateSasUri)
        {
            return blob.GenerateSasUri(sas);
        }

        var key = await storage.Blobs.GetUserDelegationKeyAsync(sas.StartsOn, sas.ExpiresOn, ct);
        return new BlobUriBuilder(blob.Uri) { Sas = sas.ToSasQueryParameters(key.Value, storage.Blobs.AccountName) }.ToUri();
    }
}

/// <summary>How a read link asks the browser to treat the document.</summary>
public enum ReadDisposition
{
    /// <summary>Download it under its file name.</summary>
    Attachment,

    /// <summary>Show it in place (in a page's frame, for a PDF or an image).</summary>
    Inline,
}

/// <summary>An upload went past the configured limit.</summary>
public sealed class DocumentTooLargeException : IOException
{
    /// <summary>Creates the exception.</summary>
    public DocumentTooLargeException(long maxBytes)
        : base($"The file is larger than the limit of {maxBytes} bytes.") => MaxBytes = maxBytes;

    /// <summary>Creates the exception.</summary>
    public DocumentTooLargeException()
        : this(0)
    {
    }

    /// <summary>Creates the exception.</summary>
    public DocumentTooLargeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The limit.</summary>
    public long MaxBytes { get; }
}
