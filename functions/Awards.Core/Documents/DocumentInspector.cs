using System.Security.Cryptography;
using System.Text;
using Awards.Storage;
using Format = Awards.Domain.DocumentFormat;

namespace Awards.Documents;

/// <summary>
/// Decides what a file is from its content alone, in one pass with bounded memory: it hashes
/// everything, counts the bytes, keeps the first 64 KiB (to name what a refused file looks like)
/// and walks the whole structure of the format the first bytes announce. Feed it every chunk with
/// <see cref="Append"/> as it streams past, then ask for the <see cref="Finish"/> verdict.
/// </summary>
/// <remarks>
/// Signatures and end markers are easy to fake, and a file can be two things at once (a PDF or a
/// PNG with a program between its parts), so every byte must belong to the format's structure:
/// <see cref="PdfStructure"/> (objects, streams, cross-references, trailers),
/// <see cref="PngStructure"/> (chunks and their CRCs), <see cref="JpegStructure"/> (segments and
/// entropy-coded data) and <see cref="OoxmlPackage"/> (ZIP entries against the central directory,
/// then content types, macros and embedded objects). Each reads the bytes once, in order, as they
/// arrive. An <see cref="ExecutableScan"/> runs over every byte too, for a program carried inside
/// a part the structure allows (a PNG text chunk, a raw PDF stream, a stored ZIP entry).
/// </remarks>
/// <param name="maxBytes">Most bytes accepted; <see cref="Append"/> throws past it.</param>
public sealed class DocumentInspector(long maxBytes) : IDisposable
{
    /// <summary>Bytes kept from the start of the file.</summary>
    public const int HeadSize = 64 * 1024;

    private const string OctetStream = "application/octet-stream";

    // Enough of the start to know the format.
    private const int SignatureSize = 8;

    private static ReadOnlySpan<byte> JpegStart => [0xFF, 0xD8, 0xFF];

    private static ReadOnlySpan<byte> PngSignature => [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    private static ReadOnlySpan<byte> CompoundFileStart => [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

    private static ReadOnlySpan<byte> SevenZipStart => [(byte)'7', (byte)'z', 0xBC, 0xAF, 0x27, 0x1C];

    private static ReadOnlySpan<byte> GzipStart => [0x1F, 0x8B];

    private readonly IncrementalHash hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly byte[] head = new byte[HeadSize];
    private readonly ExecutableScan programs = new();
    private StructureReader? structure;
    private bool started;
    private int headLength;
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
        programs.Append(chunk);
        var kept = 0;
        if (headLength < HeadSize)
        {
            kept = Math.Min(HeadSize - headLength, chunk.Length);
            chunk[..kept].CopyTo(head.AsSpan(headLength));
            headLength += kept;
        }

        if (started)
        {
            structure?.Append(chunk);
        }
        else if (headLength >= SignatureSize)
        {
            // The first bytes name the format: its reader gets everything from the first byte on.
            Start();
            structure?.Append(chunk[kept..]);
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
        var formats = string.Join(", ", allowed.Select(ShortName));
        var (accepted, acceptedVi) = ($"Accepted: {formats}.", $"Chấp nhận: {formats}.");
        if (Length == 0)
        {
            return new DocumentVerdict(null, "The file is empty. Choose the file again and check that it opens. " + accepted, "Tệp trống. Hãy chọn lại tệp và kiểm tra xem tệp có mở được không. " + acceptedVi);
        }

        if (!started)
        {
            // A file shorter than a signature.
            Start();
        }

        // A broken structure is the first thing to say: the file is not what it starts like.
        programs.Finish();
        if (structure?.Finish() is { } fault)
        {
            return new DocumentVerdict(null, fault.English, fault.Vietnamese);
        }

        var (format, looksLike) = Detect(head.AsSpan(0, headLength));
        var declared = ParseMediaType(declaredContentType);
        var declaredFormat = FormatOf(declared);

        if (format is not { } found || !allowed.Contains(found))
        {
            List<FileKind> expected = declaredFormat is { } d && allowed.Contains(d) ? [Describe(d)] : [.. allowed.Select(Describe)];
            return new DocumentVerdict(
                format,
                $"This file is {looksLike.English}, not {string.Join(" or ", expected.Select(e => e.English))}. {accepted}",
                $"Tệp này là {looksLike.Vietnamese}, không phải {string.Join(" hoặc ", expected.Select(e => e.Vietnamese))}. {acceptedVi}");
        }

        if (programs.Program is { } program)
        {
            var at = program.Offset.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return new DocumentVerdict(
                null,
                $"This file has a program hidden inside it ({program.Kind.English} at byte {at}); files that carry programs are not accepted. Make the document again from its source (save, export, scan or photograph it anew) and upload the new file.",
                $"Tệp này có một chương trình ẩn bên trong ({program.Kind.Vietnamese} tại byte {at}); không nhận tệp chứa chương trình. Hãy tạo lại tài liệu từ bản gốc (lưu, xuất, quét hoặc chụp lại) rồi tải lên tệp mới.");
        }

        if (declared != OctetStream && declaredFormat != found)
        {
            return new DocumentVerdict(
                found,
                $"This file is {Describe(found).English}, but it was sent as '{declared}'. Send it with Content-Type: {MediaTypeOf(found)} (or {OctetStream} to let the content decide).",
                $"Tệp này là {Describe(found).Vietnamese}, nhưng được gửi với kiểu '{declared}'. Hãy gửi với Content-Type: {MediaTypeOf(found)} (hoặc {OctetStream} để nội dung tự quyết định).");
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
    public void Dispose()
    {
        hash.Dispose();
        structure?.Dispose();
    }

    private static FileKind Describe(Format format) => format switch
    {
        Format.Pdf => new("a PDF", "một tệp PDF"),
        Format.Docx => new("a Word document (DOCX)", "một tài liệu Word (DOCX)"),
        Format.Xlsx => new("an Excel workbook (XLSX)", "một bảng tính Excel (XLSX)"),
        Format.Jpeg => new("a JPEG image", "một ảnh JPEG"),
        _ => new("a PNG image", "một ảnh PNG"),
    };

    private static string ParseMediaType(string? value)
    {
        var type = value ?? string.Empty;
        var semicolon = type.IndexOf(';', StringComparison.Ordinal);
        return (semicolon >= 0 ? type[..semicolon] : type).Trim().ToLowerInvariant();
    }

    /// <summary>Picks the structure reader the first bytes call for (none for other kinds) and gives it those bytes.</summary>
    private void Start()
    {
        started = true;
        var start = head.AsSpan(0, headLength);
        structure = start switch
        {
            _ when IsPdf(start) => new PdfStructure(),
            _ when IsZip(start) => new OoxmlPackage(),
            _ when start.StartsWith(JpegStart) => new JpegStructure(),
            _ when start.StartsWith(PngSignature) => new PngStructure(),
            _ => null,
        };
        structure?.Append(start);
    }

    private static bool IsPdf(ReadOnlySpan<byte> start) => start.StartsWith("%PDF-1."u8) || start.StartsWith("%PDF-2."u8);

    private static bool IsZip(ReadOnlySpan<byte> start) => start.StartsWith("PK\x03\x04"u8) || start.StartsWith("PK\x05\x06"u8);

    /// <summary>The format of a file whose structure was found sound, or what it looks like.</summary>
    private (Format? Format, FileKind LooksLike) Detect(ReadOnlySpan<byte> start)
    {
        if (structure is OoxmlPackage package)
        {
            return package.Kind;
        }

        Format? format = structure switch
        {
            PdfStructure => Format.Pdf,
            JpegStructure => Format.Jpeg,
            PngStructure => Format.Png,
            _ => null,
        };
        return format is { } f ? (f, Describe(f)) : (null, Identify(start));
    }

    /// <summary>What a file that is none of the accepted formats looks like, for the refusal.</summary>
    private static FileKind Identify(ReadOnlySpan<byte> start)
    {
        if (Executables.At(start, strict: false) is { } program)
        {
            return program;
        }

        if (start.StartsWith("#!"u8))
        {
            return new("a script", "một tập lệnh (script)");
        }

        if (start.StartsWith(CompoundFileStart))
        {
            return new("an old-format Office file (DOC/XLS) or a password-protected Office document; save it again as PDF or DOCX without a password", "một tệp Office định dạng cũ (DOC/XLS) hoặc tài liệu Office có mật khẩu; hãy lưu lại thành PDF hoặc DOCX không có mật khẩu");
        }

        if (start.StartsWith("Rar!"u8))
        {
            return new("a RAR archive", "một tệp nén RAR");
        }

        if (start.StartsWith(SevenZipStart))
        {
            return new("a 7-Zip archive", "một tệp nén 7-Zip");
        }

        if (start.StartsWith(GzipStart))
        {
            return new("a gzip archive", "một tệp nén gzip");
        }

        if (start.StartsWith("GIF87a"u8) || start.StartsWith("GIF89a"u8))
        {
            return new("a GIF image", "một ảnh GIF");
        }

        if (start.StartsWith("II*\0"u8) || start.StartsWith("MM\0*"u8))
        {
            return new("a TIFF image", "một ảnh TIFF");
        }

        if (start.Length >= 12 && start.StartsWith("RIFF"u8) && start[8..12].SequenceEqual("WEBP"u8))
        {
            return new("a WebP image", "một ảnh WebP");
        }

        if (start.Length >= 12 && start[4..8].SequenceEqual("ftyp"u8))
        {
            var brand = start[8..12];
            return brand.SequenceEqual("heic"u8) || brand.SequenceEqual("heix"u8) || brand.SequenceEqual("mif1"u8) || brand.SequenceEqual("msf1"u8)
                ? new("a HEIC photo (as phones take them); export it as JPEG or PDF", "một ảnh HEIC (như điện thoại chụp); hãy xuất thành JPEG hoặc PDF")
                : new("a video or audio file (MP4/MOV)", "một tệp video hoặc âm thanh (MP4/MOV)");
        }

        if (start.StartsWith("{\\rtf"u8))
        {
            return new("an RTF document", "một tài liệu RTF");
        }

        if (start.StartsWith("%!PS"u8))
        {
            return new("a PostScript file", "một tệp PostScript");
        }

        if (start.IndexOf("PK\x03\x04"u8) is > 0 and var entry)
        {
            // A ZIP whose first entry does not start the file: a polyglot (or a self-extracting archive).
            return new($"a ZIP archive with {entry} bytes of other data before its first entry, as a file disguised as two kinds at once has", $"một tệp nén ZIP có {entry} byte dữ liệu khác trước mục đầu tiên, như ở một tệp giả dạng hai loại cùng lúc");
        }

        var text = Encoding.UTF8.GetString(start.Length > 512 ? start[..512] : start).TrimStart('\uFEFF', ' ', '\t', '\r', '\n');
        if (text.StartsWith("<!DOCTYPE html", StringComparison.OrdinalIgnoreCase) || text.StartsWith("<html", StringComparison.OrdinalIgnoreCase))
        {
            return new("a web page (HTML)", "một trang web (HTML)");
        }

        if (text.StartsWith("<?xml", StringComparison.Ordinal))
        {
            return new("an XML file", "một tệp XML");
        }

        return start.IndexOf((byte)0) < 0 && IsUtf8(start)
            ? new("a plain text file", "một tệp văn bản thuần")
            : new("a file of an unknown kind", "một tệp không rõ loại");
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
}

/// <summary>What <see cref="DocumentInspector.Finish"/> decided.</summary>
/// <param name="Format">The format the content has, when it was recognised (also on a refusal about the declared type or the accepted formats).</param>
/// <param name="Refusal">Why the file is refused, said so the uploader can act on it; null when it is accepted.</param>
/// <param name="RefusalVietnamese">The same in Vietnamese (null when the file is accepted).</param>
public sealed record DocumentVerdict(Format? Format, string? Refusal, string? RefusalVietnamese = null)
{
    /// <summary>True when the file is accepted.</summary>
    public bool Accepted => Refusal is null;
}
