using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Awards.Storage;
using Format = Awards.Domain.DocumentFormat;

namespace Awards.Documents;

/// <summary>
/// Decides what a file is from its content alone, in one pass with bounded memory: it keeps
/// the first 64 KiB and the last 1 MiB, hashes everything and counts the bytes. Feed it every
/// chunk with <see cref="Append"/> as it streams past, then ask for the <see cref="Finish"/> verdict.
/// </summary>
/// <remarks>
/// Signatures at the start are easy to fake, so each format also needs its closing structure:
/// a PDF its cross-reference pointer and end marker, a DOCX/XLSX the ZIP central directory that
/// lists its Office Open XML parts, a JPEG its end-of-image marker, a PNG its IHDR first and
/// IEND last. All of those sit within the tail the inspector keeps.
/// </remarks>
/// <param name="maxBytes">Most bytes accepted; <see cref="Append"/> throws past it.</param>
public sealed class DocumentInspector(long maxBytes) : IDisposable
{
    /// <summary>Bytes kept from the start of the file.</summary>
    public const int HeadSize = 64 * 1024;

    /// <summary>Bytes kept from the end of the file (a ZIP central directory must fit in it).</summary>
    public const int TailSize = 1024 * 1024;

    private const string OctetStream = "application/octet-stream";

    private static ReadOnlySpan<byte> JpegStart => [0xFF, 0xD8, 0xFF];

    private static ReadOnlySpan<byte> JpegEnd => [0xFF, 0xD9];

    private static ReadOnlySpan<byte> PngSignature => [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    // An empty IEND chunk: zero length, the type, and its fixed CRC.
    private static ReadOnlySpan<byte> PngEnd => [0, 0, 0, 0, (byte)'I', (byte)'E', (byte)'N', (byte)'D', 0xAE, 0x42, 0x60, 0x82];

    private static ReadOnlySpan<byte> ElfStart => [0x7F, (byte)'E', (byte)'L', (byte)'F'];

    private static ReadOnlySpan<byte> MachOFatStart => [0xCA, 0xFE, 0xBA, 0xBE];

    private static ReadOnlySpan<byte> MachOStart => [0xCF, 0xFA, 0xED, 0xFE];

    private static ReadOnlySpan<byte> CompoundFileStart => [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

    private static ReadOnlySpan<byte> SevenZipStart => [(byte)'7', (byte)'z', 0xBC, 0xAF, 0x27, 0x1C];

    private static ReadOnlySpan<byte> GzipStart => [0x1F, 0x8B];

    private readonly IncrementalHash hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly byte[] head = new byte[HeadSize];
    private byte[]? tail;
    private int headLength;
    private long tailWrites;
    private string? sha256;

    /// <summary>Bytes seen so far.</summary>
    public long Length { get; private set; }

    /// <summary>Feeds the next chunk of the file.</summary>
    /// <exception cref="DocumentTooLargeException">The file has grown past the limit.</exception>
    public void Append(ReadOnlySpan<byte> chunk)
    {
        if (sha256 is not null)
        {
            throw new InvalidOperationException("The hash was already taken; the inspector takes no more bytes.");
        }

        if (Length + chunk.Length > maxBytes)
        {
            throw new DocumentTooLargeException(maxBytes);
        }

        Length += chunk.Length;
        hash.AppendData(chunk);
        if (headLength < HeadSize)
        {
            var n = Math.Min(HeadSize - headLength, chunk.Length);
            chunk[..n].CopyTo(head.AsSpan(headLength));
            headLength += n;
        }

        // The tail is a ring: only the last TailSize bytes matter, so skip what would be overwritten anyway.
        tail ??= new byte[TailSize];
        var rest = chunk.Length > TailSize ? chunk[^TailSize..] : chunk;
        tailWrites += chunk.Length - rest.Length;
        while (!rest.IsEmpty)
        {
            var at = (int)(tailWrites % TailSize);
            var n = Math.Min(TailSize - at, rest.Length);
            rest[..n].CopyTo(tail.AsSpan(at));
            rest = rest[n..];
            tailWrites += n;
        }
    }

    /// <summary>SHA-256 of everything appended, lower-case hex. Ends the input.</summary>
    public string Sha256Hex() => sha256 ??= Convert.ToHexStringLower(hash.GetHashAndReset());

    /// <summary>
    /// The verdict on what was appended: the detected format when it is one of
    /// <paramref name="allowed"/> and agrees with <paramref name="declaredContentType"/>
    /// (<c>application/octet-stream</c> counts as undeclared), otherwise a refusal saying what the
    /// file looks like and what is accepted.
    /// </summary>
    public DocumentVerdict Finish(IReadOnlyList<Format> allowed, string declaredContentType)
    {
        ArgumentNullException.ThrowIfNull(allowed);
        var accepted = "Accepted: " + string.Join(", ", allowed.Select(ShortName)) + ".";
        if (Length == 0)
        {
            return new DocumentVerdict(null, "The file is empty. Choose the file again and check that it opens. " + accepted);
        }

        var headSpan = head.AsSpan(0, headLength);
        var tailSpan = LinearTail();
        var (format, looksLike) = Detect(headSpan, tailSpan);
        var declared = ParseMediaType(declaredContentType);
        var declaredFormat = FormatOf(declared);
        if (format is not { } found || !allowed.Contains(found))
        {
            var expected = declaredFormat is { } d && allowed.Contains(d)
                ? Describe(d)
                : string.Join(" or ", allowed.Select(Describe));
            return new DocumentVerdict(format, $"This file is {looksLike}, not {expected}. {accepted}");
        }

        if (declared != OctetStream && declaredFormat != found)
        {
            return new DocumentVerdict(found,
                $"This file is {Describe(found)}, but it was sent as '{declared}'. Send it with Content-Type: {MediaTypeOf(found)} (or {OctetStream} to let the content decide).");
        }

        return new DocumentVerdict(found, null);
    }

    /// <summary>The media type a format is served and declared as.</summary>
    public static string MediaTypeOf(Format format) => format switch
    {
        Format.Pdf => "application/pdf",
        Format.Docx => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        Format.Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        Format.Jpeg => "image/jpeg",
        _ => "image/png",
    };

    /// <summary>The format a declared media type names, or null (unknown types and <c>application/octet-stream</c>).</summary>
    public static Format? FormatOf(string? mediaType) => ParseMediaType(mediaType) switch
    {
        "application/pdf" => Format.Pdf,
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document" => Format.Docx,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" => Format.Xlsx,
        // image/jpg and image/pjpeg are what some older tools send for JPEG.
        "image/jpeg" or "image/jpg" or "image/pjpeg" => Format.Jpeg,
        "image/png" => Format.Png,
        _ => null,
    };

    /// <summary>True when a declared media type is one the inspector understands (a format, or <c>application/octet-stream</c>).</summary>
    public static bool IsKnownMediaType(string? mediaType) => FormatOf(mediaType) is not null || ParseMediaType(mediaType) == OctetStream;

    /// <summary>The short name of a format in messages: PDF, DOCX, XLSX, JPEG, PNG.</summary>
    public static string ShortName(Format format) => format.ToString().ToUpperInvariant();

    /// <inheritdoc/>
    public void Dispose() => hash.Dispose();

    private static string Describe(Format format) => format switch
    {
        Format.Pdf => "a PDF",
        Format.Docx => "a Word document (DOCX)",
        Format.Xlsx => "an Excel workbook (XLSX)",
        Format.Jpeg => "a JPEG image",
        _ => "a PNG image",
    };

    private static string ParseMediaType(string? value)
    {
        var type = value ?? string.Empty;
        var semicolon = type.IndexOf(';', StringComparison.Ordinal);
        return (semicolon >= 0 ? type[..semicolon] : type).Trim().ToLowerInvariant();
    }

    /// <summary>The last min(Length, TailSize) bytes in order.</summary>
    private byte[] LinearTail()
    {
        var kept = (int)Math.Min(tailWrites, TailSize);
        var linear = new byte[kept];
        var start = (int)((tailWrites - kept) % TailSize);
        var first = Math.Min(kept, TailSize - start);
        tail!.AsSpan(start, first).CopyTo(linear);
        tail.AsSpan(0, kept - first).CopyTo(linear.AsSpan(first));
        return linear;
    }

    private (Format? Format, string LooksLike) Detect(ReadOnlySpan<byte> start, ReadOnlySpan<byte> end)
    {
        if (start.StartsWith("%PDF-1."u8) || start.StartsWith("%PDF-2."u8))
        {
            return IsCompletePdf(end)
                ? (Format.Pdf, Describe(Format.Pdf))
                : (null, "a damaged or incomplete PDF (it starts like a PDF but has no cross-reference pointer and end-of-file marker)");
        }

        if (start.StartsWith("PK\x03\x04"u8) || start.StartsWith("PK\x05\x06"u8))
        {
            return InspectZip(end);
        }

        if (start.StartsWith(JpegStart))
        {
            return EndsWithJpegEnd(end)
                ? (Format.Jpeg, Describe(Format.Jpeg))
                : (null, "an incomplete JPEG image (it has no end-of-image marker)");
        }

        if (start.StartsWith(PngSignature))
        {
            return IsCompletePng(start, end)
                ? (Format.Png, Describe(Format.Png))
                : (null, "a damaged or incomplete PNG image");
        }

        return (null, Identify(start));
    }

    /// <summary>What a file that is none of the accepted formats looks like, for the refusal.</summary>
    private static string Identify(ReadOnlySpan<byte> start)
    {
        if (start.StartsWith("MZ"u8))
        {
            return "a Windows program (MZ)";
        }

        if (start.StartsWith(ElfStart))
        {
            return "a Linux program (ELF)";
        }

        if (start.StartsWith(MachOFatStart) || start.StartsWith(MachOStart))
        {
            return "a macOS program";
        }

        if (start.StartsWith("#!"u8))
        {
            return "a script";
        }

        if (start.StartsWith(CompoundFileStart))
        {
            return "an old-format Office file (DOC/XLS) or a password-protected Office document; save it again as PDF or DOCX without a password";
        }

        if (start.StartsWith("Rar!"u8))
        {
            return "a RAR archive";
        }

        if (start.StartsWith(SevenZipStart))
        {
            return "a 7-Zip archive";
        }

        if (start.StartsWith(GzipStart))
        {
            return "a gzip archive";
        }

        if (start.StartsWith("GIF87a"u8) || start.StartsWith("GIF89a"u8))
        {
            return "a GIF image";
        }

        if (start.StartsWith("II*\0"u8) || start.StartsWith("MM\0*"u8))
        {
            return "a TIFF image";
        }

        if (start.Length >= 12 && start.StartsWith("RIFF"u8) && start[8..12].SequenceEqual("WEBP"u8))
        {
            return "a WebP image";
        }

        if (start.Length >= 12 && start[4..8].SequenceEqual("ftyp"u8))
        {
            var brand = start[8..12];
            return brand.SequenceEqual("heic"u8) || brand.SequenceEqual("heix"u8) || brand.SequenceEqual("mif1"u8) || brand.SequenceEqual("msf1"u8)
                ? "a HEIC photo (as phones take them); export it as JPEG or PDF"
                : "a video or audio file (MP4/MOV)";
        }

        if (start.StartsWith("{\\rtf"u8))
        {
            return "an RTF document";
        }

        if (start.StartsWith("%!PS"u8))
        {
            return "a PostScript file";
        }

        var text = Encoding.UTF8.GetString(start.Length > 512 ? start[..512] : start).TrimStart('\uFEFF', ' ', '\t', '\r', '\n');
        if (text.StartsWith("<!DOCTYPE html", StringComparison.OrdinalIgnoreCase) || text.StartsWith("<html", StringComparison.OrdinalIgnoreCase))
        {
            return "a web page (HTML)";
        }

        if (text.StartsWith("<?xml", StringComparison.Ordinal))
        {
            return "an XML file";
        }

        return start.IndexOf((byte)0) < 0 && IsUtf8(start) ? "a plain text file" : "a file of an unknown kind";
    }

    private static bool IsUtf8(ReadOnlySpan<byte> bytes)
    {
        while (!bytes.IsEmpty)
        {
            switch (Rune.DecodeFromUtf8(bytes, out _, out var used))
            {
                case System.Buffers.OperationStatus.Done:
                    bytes = bytes[used..];
                    break;
                case System.Buffers.OperationStatus.NeedMoreData:
                    // A character cut at the end of what was kept is still text.
                    return true;
                default:
                    return false;
            }
        }

        return true;
    }

    /// <summary>"%%EOF" in the last KiB, with a "startxref" and its offset before it.</summary>
    private static bool IsCompletePdf(ReadOnlySpan<byte> end)
    {
        var eof = end.LastIndexOf("%%EOF"u8);
        if (eof < 0 || end.Length - eof > 1024)
        {
            return false;
        }

        var startxref = end[..eof].LastIndexOf("startxref"u8);
        if (startxref < 0)
        {
            return false;
        }

        var offset = end[(startxref + "startxref".Length)..eof].Trim(" \t\r\n"u8);
        if (offset.IsEmpty || offset.Length > 19)
        {
            return false;
        }

        foreach (var b in offset)
        {
            if (b is < (byte)'0' or > (byte)'9')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Ends with FF D9, allowing the zero padding some cameras and scanners append.</summary>
    private static bool EndsWithJpegEnd(ReadOnlySpan<byte> end)
    {
        var trimmed = end.TrimEnd((byte)0);
        return end.Length - trimmed.Length <= 4096 && trimmed.EndsWith(JpegEnd);
    }

    /// <summary>IHDR is the first chunk (13 bytes long) and IEND the last (empty, fixed CRC).</summary>
    private static bool IsCompletePng(ReadOnlySpan<byte> start, ReadOnlySpan<byte> end) =>
        start.Length >= 16
        && BinaryPrimitives.ReadUInt32BigEndian(start[8..12]) == 13
        && start[12..16].SequenceEqual("IHDR"u8)
        && end.EndsWith(PngEnd);

    /// <summary>
    /// Reads the ZIP end-of-central-directory record and the central directory from the tail,
    /// and names the package by the parts it lists.
    /// </summary>
    private (Format? Format, string LooksLike) InspectZip(ReadOnlySpan<byte> end)
    {
        const string Damaged = "a damaged or incomplete ZIP archive";
        var names = ZipEntryNames(end, Length);
        if (names is null)
        {
            return (null, Damaged);
        }

        if (names.Count == 0)
        {
            return (null, "an empty ZIP archive");
        }

        if (!names.Contains("[Content_Types].xml"))
        {
            return names.Contains("mimetype") && names.Contains("content.xml")
                ? (null, "an OpenDocument file (ODT/ODS); save it as PDF or DOCX")
                : (null, "a ZIP archive");
        }

        if (names.Contains("word/document.xml"))
        {
            return (Format.Docx, Describe(Format.Docx));
        }

        if (names.Contains("xl/workbook.xml"))
        {
            return (Format.Xlsx, Describe(Format.Xlsx));
        }

        return names.Contains("ppt/presentation.xml")
            ? (null, "a PowerPoint presentation (PPTX)")
            : (null, "an Office Open XML package of an unknown kind");
    }

    /// <summary>The entry names of the ZIP whose last bytes are <paramref name="end"/>, or null when its directory is not there or not sound.</summary>
    private static HashSet<string>? ZipEntryNames(ReadOnlySpan<byte> end, long fileLength)
    {
        const int EocdSize = 22;
        const uint EocdSignature = 0x06054b50, CentralSignature = 0x02014b50, Zip64LocatorSignature = 0x07064b50, Zip64EocdSignature = 0x06064b50;

        // The record sits at the end, followed by a comment of at most 65,535 bytes.
        var eocd = -1;
        for (var i = end.Length - EocdSize; i >= Math.Max(0, end.Length - EocdSize - 65535); i--)
        {
            if (BinaryPrimitives.ReadUInt32LittleEndian(end[i..]) == EocdSignature
                && i + EocdSize + BinaryPrimitives.ReadUInt16LittleEndian(end[(i + 20)..]) == end.Length)
            {
                eocd = i;
                break;
            }
        }

        if (eocd < 0)
        {
            return null;
        }

        long entries = BinaryPrimitives.ReadUInt16LittleEndian(end[(eocd + 10)..]);
        long directorySize = BinaryPrimitives.ReadUInt32LittleEndian(end[(eocd + 12)..]);
        long directoryOffset = BinaryPrimitives.ReadUInt32LittleEndian(end[(eocd + 16)..]);
        var directoryEnd = eocd;
        if ((entries == 0xFFFF || directorySize == 0xFFFFFFFF || directoryOffset == 0xFFFFFFFF) && eocd >= 20
            && BinaryPrimitives.ReadUInt32LittleEndian(end[(eocd - 20)..]) == Zip64LocatorSignature)
        {
            // ZIP64: the locator points at the ZIP64 record, which holds the real figures.
            var recordOffset = (long)BinaryPrimitives.ReadUInt64LittleEndian(end[(eocd - 12)..]);
            var record = recordOffset - (fileLength - end.Length);
            if (record < 0 || record + 56 > eocd - 20 || BinaryPrimitives.ReadUInt32LittleEndian(end[(int)record..]) != Zip64EocdSignature)
            {
                return null;
            }

            entries = (long)BinaryPrimitives.ReadUInt64LittleEndian(end[((int)record + 32)..]);
            directorySize = (long)BinaryPrimitives.ReadUInt64LittleEndian(end[((int)record + 40)..]);
            directoryOffset = (long)BinaryPrimitives.ReadUInt64LittleEndian(end[((int)record + 48)..]);
            directoryEnd = (int)record;
        }

        // The directory must end where the end records begin, and lie inside what we kept.
        var directoryStart = directoryOffset - (fileLength - end.Length);
        if (directoryStart < 0 || directoryStart + directorySize != directoryEnd || entries > directorySize / 46 + 1)
        {
            return null;
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        var at = (int)directoryStart;
        for (long n = 0; n < entries; n++)
        {
            if (at + 46 > directoryEnd || BinaryPrimitives.ReadUInt32LittleEndian(end[at..]) != CentralSignature)
            {
                return null;
            }

            int nameLength = BinaryPrimitives.ReadUInt16LittleEndian(end[(at + 28)..]);
            int extraLength = BinaryPrimitives.ReadUInt16LittleEndian(end[(at + 30)..]);
            int commentLength = BinaryPrimitives.ReadUInt16LittleEndian(end[(at + 32)..]);
            var localHeader = BinaryPrimitives.ReadUInt32LittleEndian(end[(at + 42)..]);
            var next = at + 46 + nameLength + extraLength + commentLength;
            if (next > directoryEnd || (localHeader != 0xFFFFFFFF && localHeader >= directoryOffset))
            {
                return null;
            }

            names.Add(Encoding.UTF8.GetString(end.Slice(at + 46, nameLength)));
            at = next;
        }

        return at == directoryEnd ? names : null;
    }
}

/// <summary>What <see cref="DocumentInspector.Finish"/> decided.</summary>
/// <param name="Format">The format the content has, when it was recognised (also on a refusal about the declared type or the accepted formats).</param>
/// <param name="Refusal">Why the file is refused, said so the uploader can act on it; null when it is accepted.</param>
public sealed record DocumentVerdict(Format? Format, string? Refusal)
{
    /// <summary>True when the file is accepted.</summary>
    public bool Accepted => Refusal is null;
}
