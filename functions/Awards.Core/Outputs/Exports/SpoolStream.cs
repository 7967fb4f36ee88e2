namespace Awards.Outputs.Exports;

/// <summary>
/// A write-only, non-seekable stream that keeps what is written until it is drained to another
/// stream asynchronously. Writers that only write synchronously (<see cref="System.IO.Compression.ZipArchive"/>,
/// <see cref="System.Xml.XmlWriter"/>) write into it, and the caller drains it to the response
/// every few rows: the response (where synchronous writes are refused) only sees asynchronous
/// writes, and memory holds no more than what was written since the last drain.
/// </summary>
public sealed class SpoolStream : Stream
{
    private readonly MemoryStream buffer = new();
    private long written;

    /// <inheritdoc/>
    public override bool CanRead => false;

    /// <inheritdoc/>
    public override bool CanSeek => false;

    /// <inheritdoc/>
    public override bool CanWrite => true;

    /// <inheritdoc/>
    public override long Length => throw new NotSupportedException();

    /// <inheritdoc/>
    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    /// <summary>Bytes waiting to be drained.</summary>
    public long Pending => buffer.Length;

    /// <summary>Bytes written in all.</summary>
    public long Written => written;

    /// <summary>Writes what is waiting to <paramref name="target"/> and forgets it (the buffer's capacity is kept for the next rows).</summary>
    public async Task DrainToAsync(Stream target, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (buffer.Length == 0)
        {
            return;
        }

        await target.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), ct);
        buffer.SetLength(0);
    }

    /// <inheritdoc/>
    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    /// <inheritdoc/>
    public override void Write(ReadOnlySpan<byte> buffer)
    {
        this.buffer.Write(buffer);
        written += buffer.Length;
    }

    /// <inheritdoc/>
    public override void WriteByte(byte value)
    {
        buffer.WriteByte(value);
        written++;
    }

    /// <inheritdoc/>
    public override void Flush()
    {
        // Nothing to do: draining is the caller's, asynchronously.
    }

    /// <inheritdoc/>
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    /// <inheritdoc/>
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    /// <inheritdoc/>
    public override void SetLength(long value) => throw new NotSupportedException();

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            buffer.Dispose();
        }

        base.Dispose(disposing);
    }
}
