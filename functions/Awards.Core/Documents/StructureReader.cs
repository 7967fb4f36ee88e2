using System.Globalization;

namespace Awards.Documents;

/// <summary>Why a file's structure is refused, in English and in Vietnamese, said so the uploader can act on it.</summary>
/// <param name="English">The reason and what to do, in English.</param>
/// <param name="Vietnamese">The same in Vietnamese.</param>
internal sealed record StructureFault(string English, string Vietnamese);

/// <summary>
/// Walks one format's structure as the file streams past, from its first byte, in order and with
/// bounded memory. The first fault ends the walk. When the fault is bytes that belong to no part
/// of the structure, the next KiB is kept to say what those bytes look like (a program, say).
/// </summary>
internal abstract class StructureReader : IDisposable
{
    private const int SampleSize = 1024;
    private StructureFault? fault;
    private Func<FileKind?, StructureFault>? stray;
    private byte[]? sample;
    private int sampleLength;

    /// <summary>True once a fault was found.</summary>
    public bool Failed => fault is not null || stray is not null;

    /// <summary>Bytes read so far: the offset of the next byte in the file.</summary>
    protected long Position { get; set; }

    /// <summary>Feeds the next bytes of the file.</summary>
    public void Append(ReadOnlySpan<byte> chunk)
    {
        if (stray is not null)
        {
            Sample(chunk);
        }
        else if (fault is null)
        {
            Read(chunk);
        }
    }

    /// <summary>The verdict once every byte was appended: null when the structure is sound.</summary>
    public StructureFault? Finish()
    {
        if (stray is not null)
        {
            return stray(Executables.At(sample.AsSpan(0, sampleLength), strict: false));
        }

        return fault ?? End();
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases the buffers a reader holds.</summary>
    protected virtual void Dispose(bool disposing)
    {
    }

    /// <summary>Reads the next bytes; <see cref="Position"/> is the offset of the first of them.</summary>
    protected abstract void Read(ReadOnlySpan<byte> chunk);

    /// <summary>Checks what can only be checked at the end (a missing end marker, cross-references).</summary>
    protected abstract StructureFault? End();

    /// <summary>Records a fault; the reader reads nothing more.</summary>
    protected void Fail(StructureFault reason) => fault ??= reason;

    /// <summary>
    /// Records that <paramref name="rest"/> (and what follows it) belongs to no part of the
    /// structure; <paramref name="reason"/> is given what those bytes look like, if they look like a program.
    /// </summary>
    protected void FailStray(ReadOnlySpan<byte> rest, Func<FileKind?, StructureFault> reason)
    {
        if (Failed)
        {
            return;
        }

        stray = reason;
        Sample(rest);
    }

    /// <summary>"This file is a damaged or altered PNG image: …" with what to do, in both languages.</summary>
    protected static StructureFault Damaged(Wording format, string english, string vietnamese) => new(
        $"This file is a damaged or altered {format.Name}: {english}. {format.Advice}",
        $"Tệp này là {format.NameVietnamese} bị hỏng hoặc đã bị sửa đổi: {vietnamese}. {format.AdviceVietnamese}");

    /// <summary>A number as it is written in both languages' messages (no separators: it is an offset or a count).</summary>
    protected static string N(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>" (they look like a Linux program (ELF))", or nothing.</summary>
    protected static (string English, string Vietnamese) LooksLike(FileKind? kind) =>
        kind is null ? (string.Empty, string.Empty) : ($" (they look like {kind.English})", $" (trông như {kind.Vietnamese})");

    /// <summary>How a format is named in refusals, and what to do about a damaged file of it.</summary>
    /// <param name="Name">E.g. "PNG image".</param>
    /// <param name="NameVietnamese">E.g. "ảnh PNG".</param>
    /// <param name="Advice">What to do, in English.</param>
    /// <param name="AdviceVietnamese">What to do, in Vietnamese.</param>
    protected sealed record Wording(string Name, string NameVietnamese, string Advice, string AdviceVietnamese);

    private void Sample(ReadOnlySpan<byte> bytes)
    {
        sample ??= new byte[SampleSize];
        var n = Math.Min(bytes.Length, SampleSize - sampleLength);
        bytes[..n].CopyTo(sample.AsSpan(sampleLength));
        sampleLength += n;
    }
}
