using System.Security.Cryptography;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Sas;

namespace Awards.Storage;

/// <summary>
/// Dossier documents in the private container: streamed in (hashed and counted on the way,
/// never held whole in memory) and read back only through short-lived links.
/// </summary>
public sealed class DocumentBlobs(AwardsStorage storage, TimeProvider time)
{
    /// <summary>Streams <paramref name="content"/> into a new blob with a generated name.</summary>
    /// <exception cref="DocumentTooLargeException">More than <paramref name="maxBytes"/> arrived; nothing is committed.</exception>
    public async Task<StoredBlob> UploadAsync(string folder, Stream content, string contentType, long maxBytes, CancellationToken ct)
    {
        var blobName = $"{folder}/{Guid.NewGuid():N}";
        var blob = storage.Dossiers.GetBlobClient(blobName);
        await using var counted = new HashingLimitStream(content, maxBytes);
        await blob.UploadAsync(counted, new BlobUploadOptions
        {
            HttpHeaders = new BlobHttpHeaders { ContentType = contentType },
            // Blocks of 4 MiB, two at a time: memory stays bounded whatever the file size.
            TransferOptions = new Azure.Storage.StorageTransferOptions
            {
                InitialTransferSize = 4 * 1024 * 1024,
                MaximumTransferSize = 4 * 1024 * 1024,
                MaximumConcurrency = 2,
            },
        }, ct);
        return new StoredBlob(blobName, counted.BytesRead, counted.HashHex());
    }

    /// <summary>Deletes a blob that was written but not recorded (a failed upload).</summary>
    public Task DeleteAsync(string blobName, CancellationToken ct) =>
        storage.Dossiers.GetBlobClient(blobName).DeleteIfExistsAsync(DeleteSnapshotsOption.IncludeSnapshots, cancellationToken: ct);

    /// <summary>
    /// A read-only link to one blob, valid for <paramref name="lifetime"/>, that downloads under
    /// the original file name. Account SAS where the client holds a shared key (Azurite);
    /// user-delegation SAS where it holds a token credential (managed identity in Azure).
    /// </summary>
    public async Task<Uri> CreateReadLinkAsync(string blobName, string fileName, string contentType, TimeSpan lifetime, CancellationToken ct)
    {
        var blob = storage.Dossiers.GetBlobClient(blobName);
        var now = time.GetUtcNow();
        var sas = new BlobSasBuilder(BlobSasPermissions.Read, now + lifetime)
        {
            BlobContainerName = blob.BlobContainerName,
            BlobName = blob.Name,
            Resource = "b",
            StartsOn = now.AddMinutes(-2),
            ContentDisposition = Web.ContentDisposition.Attachment(fileName),
            ContentType = contentType,
            Protocol = blob.Uri.Scheme == Uri.UriSchemeHttps ? SasProtocol.Https : SasProtocol.HttpsAndHttp,
        };
        if (blob.CanGenerateSasUri)
        {
            return blob.GenerateSasUri(sas);
        }

        var key = await storage.Blobs.GetUserDelegationKeyAsync(now.AddMinutes(-2), now + lifetime, ct);
        return new BlobUriBuilder(blob.Uri) { Sas = sas.ToSasQueryParameters(key.Value, storage.Blobs.AccountName) }.ToUri();
    }

    private sealed class HashingLimitStream(Stream inner, long maxBytes) : Stream
    {
        private readonly IncrementalHash hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        private byte[]? final;

        public long BytesRead { get; private set; }

        public string HashHex() => Convert.ToHexStringLower(final ??= hash.GetHashAndReset());

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => BytesRead; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Count(buffer.AsSpan(offset, inner.Read(buffer, offset, count)));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var n = await inner.ReadAsync(buffer, cancellationToken);
            return Count(buffer.Span[..n]);
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        private int Count(ReadOnlySpan<byte> read)
        {
            BytesRead += read.Length;
            if (BytesRead > maxBytes)
            {
                throw new DocumentTooLargeException(maxBytes);
            }

            hash.AppendData(read);
            return read.Length;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                hash.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}

/// <summary>A blob written by an upload.</summary>
/// <param name="BlobName">Generated name.</param>
/// <param name="Size">Bytes written.</param>
/// <param name="Sha256">SHA-256, lower-case hex.</param>
public sealed record StoredBlob(string BlobName, long Size, string Sha256);

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
