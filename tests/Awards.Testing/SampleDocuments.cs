using System.Buffers.Binary;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using DocumentFormat.OpenXml.Wordprocessing;

namespace Awards.Testing;

/// <summary>
/// Real files of each accepted format, and convincing fakes, made on the spot: a PDF with its
/// cross-reference table, Word and Excel packages written by the Open XML SDK, a PNG with
/// correct CRCs, a JPEG written by libjpeg, programs' headers — and polyglots and files with
/// active content built from them (a program between a PDF's objects or inside a PNG, JavaScript
/// in a PDF, macros in a DOCX), which the upload must refuse.
/// </summary>
/// <remarks>Also compiled into the unit tests (linked source), which reference no test helpers.</remarks>
public static class SampleDocuments
{
    /// <summary>The media type of Word documents.</summary>
    public const string DocxType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

    /// <summary>The media type of Excel workbooks.</summary>
    public const string XlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    // An 8×8 grey JPEG written by libjpeg-turbo's cjpeg (baseline, quality 75): SOI, JFIF, tables, frame, scan, EOI.
    private const string TinyJpeg =
        "/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAgGBgcGBQgHBwcJCQgKDBQNDAsLDBkSEw8UHRofHh0aHBwgJC4nICIsIxwcKDcpLDAxNDQ0Hyc5PTgyPC4zNDL/2wBDAQkJCQwLDBgNDRgyIRwhMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjL/wAARCAAIAAgDASIAAhEBAxEB/8QAHwAAAQUBAQEBAQEAAAAAAAAAAAECAwQFBgcICQoL/8QAtRAAAgEDAwIEAwUFBAQAAAF9AQIDAAQRBRIhMUEGE1FhByJxFDKBkaEII0KxwRVS0fAkM2JyggkKFhcYGRolJicoKSo0NTY3ODk6Q0RFRkdISUpTVFVWV1hZWmNkZWZnaGlqc3R1dnd4eXqDhIWGh4iJipKTlJWWl5iZmqKjpKWmp6ipqrKztLW2t7i5usLDxMXGx8jJytLT1NXW19jZ2uHi4+Tl5ufo6erx8vP09fb3+Pn6/8QAHwEAAwEBAQEBAQEBAQAAAAAAAAECAwQFBgcICQoL/8QAtREAAgECBAQDBAcFBAQAAQJ3AAECAxEEBSExBhJBUQdhcRMiMoEIFEKRobHBCSMzUvAVYnLRChYkNOEl8RcYGRomJygpKjU2Nzg5OkNERUZHSElKU1RVVldYWVpjZGVmZ2hpanN0dXZ3eHl6goOEhYaHiImKkpOUlZaXmJmaoqOkpaanqKmqsrO0tba3uLm6wsPExcbHyMnK0tPU1dbX2Nna4uPk5ebn6Onq8vP09fb3+Pn6/9oADAMBAAIRAxEAPwDv/wDhOP8Apr+tFFFAH//Z";

    /// <summary>The ways a PDF can carry active content, for <see cref="PdfWithActiveContent"/>.</summary>
    public enum PdfActiveContent
    {
        /// <summary>An /OpenAction that runs JavaScript.</summary>
        JavaScript,

        /// <summary>The same with the names written with #xx escapes (/Java#53cript, /J#53).</summary>
        EscapedJavaScript,

        /// <summary>An /OpenAction that launches a program.</summary>
        Launch,

        /// <summary>A file attached through the /EmbeddedFiles name tree.</summary>
        EmbeddedFile,
    }

    /// <summary>A one-page PDF showing <paramref name="text"/> (ASCII; other characters become '?').</summary>
    public static byte[] Pdf(string text) => Compose(text, 0);

    /// <summary>A one-page PDF that opens with JavaScript, launches a program or carries an attached file, with a sound structure otherwise.</summary>
    public static byte[] PdfWithActiveContent(PdfActiveContent kind) => kind switch
    {
        PdfActiveContent.JavaScript => Build("Active", 0, true, "/OpenAction 6 0 R", ["<< /Type /Action /S /JavaScript /JS (app.alert\\('Xin chao'\\);) >>"]).Bytes!,
        PdfActiveContent.EscapedJavaScript => Build("Active", 0, true, "/OpenAction 6 0 R", ["<< /Type /Action /S /Java#53cript /J#53 (app.alert\\('Xin chao'\\);) >>"]).Bytes!,
        PdfActiveContent.Launch => Build("Active", 0, true, "/OpenAction 6 0 R", ["<< /Type /Action /S /Launch /F (cmd.exe) >>"]).Bytes!,
        _ => Build("Active", 0, true, "/Names << /EmbeddedFiles << /Names [(setup.exe) 6 0 R] >> >>", ["<< /Type /Filespec /F (setup.exe) /EF << /F 7 0 R >> >>", "<< /Type /EmbeddedFile /Length 5 >>\nstream\nhello\nendstream"]).Bytes!,
    };

    /// <summary>
    /// A PDF with <paramref name="insert"/> placed between two of its objects, its cross-reference
    /// table and startxref moved to match — so a PDF reader opens it as if nothing were there.
    /// </summary>
    public static byte[] PdfWithInsertion(byte[] insert, string text = "Bao cao")
    {
        var pdf = Pdf(text);
        var latin = Encoding.Latin1.GetString(pdf);
        var at = latin.IndexOf("3 0 obj", StringComparison.Ordinal);
        var shifted = Encoding.Latin1.GetString([.. pdf.AsSpan(0, at), .. insert, .. pdf.AsSpan(at)]);
        var xref = shifted.LastIndexOf("\nxref\n", StringComparison.Ordinal) + 1;
        var table = System.Text.RegularExpressions.Regex.Replace(shifted[xref..], @"(\d{10}) 00000 n", m =>
        {
            var offset = long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
            return $"{(offset >= at ? offset + insert.Length : offset):D10} 00000 n";
        });
        table = System.Text.RegularExpressions.Regex.Replace(table, @"startxref\n(\d+)", m => $"startxref\n{xref}");
        return Encoding.Latin1.GetBytes(shifted[..xref] + table);
    }

    /// <summary>
    /// <paramref name="pdf"/> with an incremental update appended: a new document information
    /// object, a cross-reference section for it whose trailer points back (/Prev) at the original
    /// one, startxref and %%EOF — as a PDF editor saves a change without rewriting the file.
    /// </summary>
    public static byte[] PdfWithIncrementalUpdate(byte[] pdf)
    {
        var latin = Encoding.Latin1.GetString(pdf);
        var previous = long.Parse(System.Text.RegularExpressions.Regex.Matches(latin, @"startxref\s+(\d+)")[^1].Groups[1].Value, CultureInfo.InvariantCulture);
        var size = int.Parse(System.Text.RegularExpressions.Regex.Matches(latin, @"/Size (\d+)")[^1].Groups[1].Value, CultureInfo.InvariantCulture);
        var root = System.Text.RegularExpressions.Regex.Matches(latin, @"/Root (\d+ \d+ R)")[^1].Groups[1].Value;
        var update = new StringBuilder(latin.EndsWith('\n') ? string.Empty : "\n");
        var objectAt = pdf.Length + update.Length;
        update.Append(CultureInfo.InvariantCulture, $"{size} 0 obj\n<< /Title (Ban da ky) /Producer (Awards tests) >>\nendobj\n");
        var xrefAt = pdf.Length + update.Length;
        update.Append(CultureInfo.InvariantCulture, $"xref\n{size} 1\n{objectAt:D10} 00000 n \ntrailer\n<< /Size {size + 1} /Root {root} /Info {size} 0 R /Prev {previous} >>\nstartxref\n{xrefAt}\n%%EOF\n");
        return [.. pdf, .. Encoding.Latin1.GetBytes(update.ToString())];
    }

    /// <summary>The start of a Linux program: a valid 64-bit ELF header, then <paramref name="size"/> bytes in all of "code".</summary>
    public static byte[] LinuxProgram(int size = 4096)
    {
        var bytes = new byte[size];
        new Random(13).NextBytes(bytes);
        bytes.AsSpan(0, 64).Clear();
        ((ReadOnlySpan<byte>)[0x7F, (byte)'E', (byte)'L', (byte)'F', 2, 1, 1, 0]).CopyTo(bytes);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(16), 2); // an executable
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(18), 0x3E); // x86-64
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(20), 1);
        return bytes;
    }

    /// <summary>
    /// A PDF of exactly <paramref name="size"/> bytes: one page showing <paramref name="text"/>
    /// and an embedded binary stream (like a scanned image) that makes up the size.
    /// </summary>
    public static byte[] Pdf(long size, string text = "Bao cao thanh tich")
    {
        var bare = Compose(text, 0).Length;
        if (size < bare + 64)
        {
            throw new ArgumentOutOfRangeException(nameof(size), $"A padded PDF needs at least {bare + 64} bytes.");
        }

        // The padding stream's /Length digits change the size too: settle it in a few rounds.
        var padding = size - bare;
        for (var i = 0; i < 4; i++)
        {
            padding += size - PdfLength(text, padding);
        }

        var pdf = Compose(text, padding);
        return pdf.Length == size ? pdf : throw new InvalidOperationException($"Made {pdf.Length} bytes, not {size}.");
    }

    /// <summary>A file that starts like a PDF and has nothing else of one.</summary>
    public static byte[] PdfHeaderOnly(int size = 4096)
    {
        var bytes = new byte[size];
        "%PDF-1.7\n"u8.CopyTo(bytes);
        new Random(7).NextBytes(bytes.AsSpan(9));
        return bytes;
    }

    /// <summary>A Word document with one paragraph; <paramref name="imageBytes"/> of random "image" make it larger.</summary>
    public static byte[] Docx(string text, int imageBytes = 0) => WordDocument(text, imageBytes, macros: false);

    /// <summary>An Excel workbook with one sheet holding <paramref name="text"/> in A1.</summary>
    public static byte[] Xlsx(string text) => Workbook(text, macros: false);

    /// <summary>A plain ZIP archive holding one text file: not an Office document.</summary>
    public static byte[] Zip()
    {
        using var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            using var entry = new StreamWriter(zip.CreateEntry("ghi-chu.txt").Open(), Encoding.UTF8);
            entry.Write("Không phải tài liệu Word.");
        }

        return stream.ToArray();
    }

    /// <summary>The start of a Windows program (MZ header and DOS stub), padded.</summary>
    public static byte[] WindowsProgram(int size = 2048)
    {
        var bytes = new byte[size];
        ((ReadOnlySpan<byte>)[(byte)'M', (byte)'Z', 0x90, 0, 0x03, 0, 0, 0, 0x04, 0, 0, 0, 0xFF, 0xFF]).CopyTo(bytes);
        "This program cannot be run in DOS mode."u8.CopyTo(bytes.AsSpan(0x4E));
        return bytes;
    }

    /// <summary>A real 8×8 JPEG (written by libjpeg): start of image, JFIF header, tables, frame, scan, end of image.</summary>
    public static byte[] Jpeg() => Convert.FromBase64String(TinyJpeg);

    /// <summary>A JPEG with <paramref name="program"/> after its end of image (as a "motion photo" carries its video).</summary>
    public static byte[] JpegWithAppended(byte[] program) => [.. Jpeg(), .. program];

    /// <summary>A JPEG with <paramref name="program"/> between two of its segments (after the JFIF header).</summary>
    public static byte[] JpegWithInsertion(byte[] program)
    {
        var jpeg = Jpeg();
        var afterApp0 = 4 + ((jpeg[4] << 8) | jpeg[5]);
        return [.. jpeg.AsSpan(0, afterApp0), .. program, .. jpeg.AsSpan(afterApp0)];
    }

    /// <summary>
    /// A PNG with <paramref name="program"/> between its header and its image data: as raw bytes,
    /// or wrapped as an ancillary chunk (type "prOg") with a correct CRC, which PNG viewers skip.
    /// </summary>
    public static byte[] PngWithInsertion(byte[] program, bool asChunk)
    {
        var png = Png();
        const int AfterHeader = 8 + 12 + 13;
        using var stream = new MemoryStream();
        stream.Write(png.AsSpan(0, AfterHeader));
        if (asChunk)
        {
            Chunk(stream, "prOg", program);
        }
        else
        {
            stream.Write(program);
        }

        stream.Write(png.AsSpan(AfterHeader));
        return stream.ToArray();
    }

    /// <summary>A macro-enabled Word document (DOCM content types and a vbaProject.bin part), as Word saves one.</summary>
    public static byte[] DocxWithMacro(string text = "Báo cáo") => WordDocument(text, 0, macros: true);

    /// <summary>A macro-enabled Excel workbook (XLSM content types and a vbaProject.bin part).</summary>
    public static byte[] XlsxWithMacro(string text = "Danh sách") => Workbook(text, macros: true);

    /// <summary>
    /// <paramref name="zip"/> with <paramref name="insert"/> placed at byte <paramref name="at"/>
    /// (0: before the first entry; the offset of a local header: between two entries) and every
    /// offset in its central directory moved to match, as ZIP polyglots are made (e.g. `zip -A`).
    /// </summary>
    public static byte[] ZipWithInsertion(byte[] zip, int at, byte[] insert)
    {
        var bytes = (byte[])[.. zip.AsSpan(0, at), .. insert, .. zip.AsSpan(at)];
        var end = bytes.AsSpan().LastIndexOf("PK\x05\x06"u8);
        var entries = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(end + 10));
        var directory = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(end + 16));
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(end + 16), directory + (uint)insert.Length);
        var record = (int)directory + insert.Length;
        for (var i = 0; i < entries; i++)
        {
            var local = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(record + 42));
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(record + 42), local >= at ? local + (uint)insert.Length : local);
            record += 46 + BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(record + 28)) + BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(record + 30)) + BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(record + 32));
        }

        return bytes;
    }

    /// <summary>A valid 2×2 grey PNG (IHDR, IDAT, IEND with their CRCs).</summary>
    public static byte[] Png()
    {
        using var stream = new MemoryStream();
        stream.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        var header = new byte[13];
        BinaryPrimitives.WriteUInt32BigEndian(header, 2);
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(4), 2);
        header[8] = 8; // bit depth; colour type 0 (grey), deflate, no filter method, no interlace
        Chunk(stream, "IHDR", header);
        using (var pixels = new MemoryStream())
        {
            using (var z = new ZLibStream(pixels, CompressionLevel.Optimal, leaveOpen: true))
            {
                z.Write([0, 0x80, 0x80, 0, 0x80, 0x80]);
            }

            Chunk(stream, "IDAT", pixels.ToArray());
        }

        Chunk(stream, "IEND", []);
        return stream.ToArray();
    }

    private static byte[] WordDocument(string text, int imageBytes, bool macros)
    {
        using var stream = new MemoryStream();
        using (var document = WordprocessingDocument.Create(stream, macros ? DocumentFormat.OpenXml.WordprocessingDocumentType.MacroEnabledDocument : DocumentFormat.OpenXml.WordprocessingDocumentType.Document))
        {
            var main = document.AddMainDocumentPart();
            main.Document = new Document(new Body(new Paragraph(new DocumentFormat.OpenXml.Wordprocessing.Run(new DocumentFormat.OpenXml.Wordprocessing.Text(text)))));
            if (imageBytes > 0)
            {
                var image = main.AddImagePart(ImagePartType.Png);
                var noise = new byte[imageBytes];
                new Random(11).NextBytes(noise);
                using var source = new MemoryStream(noise);
                image.FeedData(source);
            }

            if (macros)
            {
                using var project = new MemoryStream(VbaProject());
                main.AddNewPart<VbaProjectPart>().FeedData(project);
            }
        }

        return stream.ToArray();
    }

    private static byte[] Workbook(string text, bool macros)
    {
        using var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, macros ? DocumentFormat.OpenXml.SpreadsheetDocumentType.MacroEnabledWorkbook : DocumentFormat.OpenXml.SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            workbook.Workbook = new Workbook();
            var sheet = workbook.AddNewPart<WorksheetPart>();
            sheet.Worksheet = new Worksheet(new SheetData(new Row(new Cell { CellReference = "A1", DataType = CellValues.InlineString, InlineString = new InlineString(new DocumentFormat.OpenXml.Spreadsheet.Text(text)) })));
            workbook.Workbook.AppendChild(new Sheets()).Append(new Sheet { Id = workbook.GetIdOfPart(sheet), SheetId = 1, Name = "Danh sách" });
            if (macros)
            {
                using var project = new MemoryStream(VbaProject());
                workbook.AddNewPart<VbaProjectPart>().FeedData(project);
            }
        }

        return stream.ToArray();
    }

    /// <summary>A stand-in for a VBA project: the signature of an OLE compound file (which a real vbaProject.bin is) and zeros.</summary>
    private static byte[] VbaProject()
    {
        var bytes = new byte[512];
        ((ReadOnlySpan<byte>)[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]).CopyTo(bytes);
        return bytes;
    }

    private static long PdfLength(string text, long padding) => Build(text, padding, materialize: false).Length;

    private static byte[] Compose(string text, long padding) => Build(text, padding, materialize: true).Bytes!;

    private static (long Length, byte[]? Bytes) Build(string text, long padding, bool materialize, string catalogExtra = "", string[]? extraObjects = null)
    {
        var safe = new string([.. text.Select(c => c is >= ' ' and < (char)127 and not '(' and not ')' and not '\\' ? c : '?')]);
        var content = $"BT /F1 14 Tf 56 780 Td ({safe}) Tj ET";
        var objects = new List<string>
        {
            $"<< /Type /Catalog /Pages 2 0 R {catalogExtra}>>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
            $"<< /Length {content.Length} >>\nstream\n{content}\nendstream",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        };
        objects.AddRange(extraObjects ?? []);

        var head = new StringBuilder("%PDF-1.7\n%\u00E2\u00E3\u00CF\u00D3\n");
        var offsets = new List<long>();
        var body = new StringBuilder();
        foreach (var (o, i) in objects.Select((o, i) => (o, i)))
        {
            offsets.Add(head.Length + body.Length);
            body.Append(CultureInfo.InvariantCulture, $"{i + 1} 0 obj\n{o}\nendobj\n");
        }

        // The padding object's bytes go between its dictionary and "endstream"; they are not built as text.
        var prefix = Latin1(head.ToString() + body);
        var paddingHead = padding > 0 ? Latin1(string.Create(CultureInfo.InvariantCulture, $"{objects.Count + 1} 0 obj\n<< /Length {padding} >>\nstream\n")) : [];
        var paddingTail = padding > 0 ? "\nendstream\nendobj\n"u8.ToArray() : [];
        var count = objects.Count + (padding > 0 ? 1 : 0);
        var afterPadding = prefix.LongLength + (padding > 0 ? paddingHead.Length + padding + paddingTail.Length : 0);
        if (padding > 0)
        {
            offsets.Add(prefix.Length);
        }

        var xref = new StringBuilder().Append(CultureInfo.InvariantCulture, $"xref\n0 {count + 1}\n0000000000 65535 f \n");
        foreach (var offset in offsets)
        {
            xref.Append(CultureInfo.InvariantCulture, $"{offset:D10} 00000 n \n");
        }

        xref.Append(CultureInfo.InvariantCulture, $"trailer\n<< /Size {count + 1} /Root 1 0 R >>\nstartxref\n{afterPadding}\n%%EOF\n");
        var tail = Latin1(xref.ToString());
        var total = afterPadding + tail.Length;
        if (!materialize)
        {
            return (total, null);
        }

        var pdf = new byte[total];
        prefix.CopyTo(pdf, 0);
        if (padding > 0)
        {
            paddingHead.CopyTo(pdf, prefix.Length);
            var filler = pdf.AsSpan(prefix.Length + paddingHead.Length, (int)padding);
            new Random(3).NextBytes(filler);
            paddingTail.CopyTo(pdf, prefix.Length + paddingHead.Length + (int)padding);
        }

        tail.CopyTo(pdf, afterPadding);
        return (total, pdf);
    }

    private static byte[] Latin1(string s) => Encoding.Latin1.GetBytes(s);

    private static void Chunk(Stream png, string type, byte[] data)
    {
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(length, (uint)data.Length);
        png.Write(length);
        var typed = Encoding.ASCII.GetBytes(type).Concat(data).ToArray();
        png.Write(typed);
        Span<byte> crc = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(crc, Crc32(typed));
        png.Write(crc);
    }

    private static uint Crc32(byte[] data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
            }
        }

        return ~crc;
    }
}
