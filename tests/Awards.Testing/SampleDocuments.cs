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
/// correct CRCs, a JPEG's markers, a Windows program's header.
/// </summary>
/// <remarks>Also compiled into the unit tests (linked source), which reference no test helpers.</remarks>
public static class SampleDocuments
{
    /// <summary>The media type of Word documents.</summary>
    public const string DocxType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

    /// <summary>The media type of Excel workbooks.</summary>
    public const string XlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /// <summary>A one-page PDF showing <paramref name="text"/> (ASCII; other characters become '?').</summary>
    public static byte[] Pdf(string text) => Compose(text, 0);

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
    public static byte[] Docx(string text, int imageBytes = 0)
    {
        using var stream = new MemoryStream();
        using (var document = WordprocessingDocument.Create(stream, DocumentFormat.OpenXml.WordprocessingDocumentType.Document))
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
        }

        return stream.ToArray();
    }

    /// <summary>An Excel workbook with one sheet holding <paramref name="text"/> in A1.</summary>
    public static byte[] Xlsx(string text)
    {
        using var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, DocumentFormat.OpenXml.SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            workbook.Workbook = new Workbook();
            var sheet = workbook.AddNewPart<WorksheetPart>();
            sheet.Worksheet = new Worksheet(new SheetData(new Row(new Cell { CellReference = "A1", DataType = CellValues.InlineString, InlineString = new InlineString(new DocumentFormat.OpenXml.Spreadsheet.Text(text)) })));
            workbook.Workbook.AppendChild(new Sheets()).Append(new Sheet { Id = workbook.GetIdOfPart(sheet), SheetId = 1, Name = "Danh sách" });
        }

        return stream.ToArray();
    }

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

    /// <summary>A JPEG's structure: start of image, a JFIF header, a comment, end of image.</summary>
    public static byte[] Jpeg()
    {
        var comment = "Anh hien truong"u8;
        var bytes = new List<byte> { 0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10 };
        bytes.AddRange("JFIF\0"u8.ToArray());
        bytes.AddRange([0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00]);
        bytes.AddRange([0xFF, 0xFE, 0x00, (byte)(comment.Length + 2)]);
        bytes.AddRange(comment.ToArray());
        bytes.AddRange([0xFF, 0xD9]);
        return [.. bytes];
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

    private static long PdfLength(string text, long padding) => Build(text, padding, materialize: false).Length;

    private static byte[] Compose(string text, long padding) => Build(text, padding, materialize: true).Bytes!;

    private static (long Length, byte[]? Bytes) Build(string text, long padding, bool materialize)
    {
        var safe = new string([.. text.Select(c => c is >= ' ' and < (char)127 and not '(' and not ')' and not '\\' ? c : '?')]);
        var content = $"BT /F1 14 Tf 56 780 Td ({safe}) Tj ET";
        var objects = new List<string>
        {
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
            $"<< /Length {content.Length} >>\nstream\n{content}\nendstream",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        };

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
        var paddingHead = padding > 0 ? Latin1(string.Create(CultureInfo.InvariantCulture, $"6 0 obj\n<< /Length {padding} >>\nstream\n")) : [];
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
