using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text;
using Awards.Documents;
using Awards.Testing;
using Format = Awards.Domain.DocumentFormat;

namespace Awards.UnitTests;

/// <summary>
/// Every byte of an upload must belong to its format's structure: polyglots (a program between a
/// PDF's objects, inside a PNG or after a JPEG), damaged files and files with active content
/// (JavaScript, launch actions, attachments, macros) are refused with a reason in both languages,
/// while files written by real tools are still accepted — however the bytes are chunked.
/// </summary>
[TestClass]
public sealed class DocumentStructureTests
{
    private const string OctetStream = "application/octet-stream";
    private static readonly Format[] Everything = [Format.Pdf, Format.Docx, Format.Xlsx, Format.Jpeg, Format.Png];
    private static readonly int[] Chunkings = [1, 7, 4096, int.MaxValue];

    public static IEnumerable<object[]> FilesFromRealTools =>
    [
        ["libreoffice.pdf", Format.Pdf],
        ["qpdf-object-streams.pdf", Format.Pdf],
        ["qpdf-linearized.pdf", Format.Pdf],
        ["qpdf-linearized-object-streams.pdf", Format.Pdf],
        ["libreoffice.xlsx", Format.Xlsx],
        ["imagemagick.png", Format.Png],
        ["imagemagick-palette.png", Format.Png],
        ["imagemagick.jpg", Format.Jpeg],
        ["imagemagick-progressive.jpg", Format.Jpeg],
        ["cjpeg-restart-markers.jpg", Format.Jpeg],
    ];

    public static IEnumerable<object[]> Polyglots =>
    [
        ["a PDF with a Linux program between two objects", SampleDocuments.PdfWithInsertion(SampleDocuments.LinuxProgram()), "This file is a damaged or altered PDF: at byte ", "data that belongs to no PDF object (they look like a Linux program (ELF))", "trông như một chương trình Linux (ELF)"],
        ["a PDF with a Windows program between two objects", SampleDocuments.PdfWithInsertion(SampleDocuments.WindowsProgram()), "This file is a damaged or altered PDF", "(they look like a Windows program (MZ))", "chương trình Windows"],
        ["a PDF header, a program, then startxref and %%EOF", PdfHeadAndTailAround(SampleDocuments.LinuxProgram()), "This file is a damaged or altered PDF: at byte 9 ", "a Linux program (ELF)", "không thuộc đối tượng PDF nào"],
        ["a PNG with a program between its header and its image data", SampleDocuments.PngWithInsertion(SampleDocuments.LinuxProgram(), asChunk: false), "This file is a damaged or altered PNG image: at byte 33 there are bytes that belong to no PNG chunk", "(they look like a Linux program (ELF))", "không thuộc phần (chunk) PNG nào"],
        ["a PNG with a program in a made-up chunk with a correct CRC", SampleDocuments.PngWithInsertion(SampleDocuments.LinuxProgram(), asChunk: true), "This file has a program hidden inside it (a Linux program (ELF) at byte 41)", "files that carry programs are not accepted", "chương trình ẩn bên trong"],
        ["a PNG with a program in a made-up chunk with a wrong CRC", BreakLastCrcBefore(SampleDocuments.PngWithInsertion(SampleDocuments.LinuxProgram(), asChunk: true), "IDAT"), "This file is a damaged or altered PNG image: the checksum (CRC) of its 'prOg' chunk at byte 33 does not match", "Open the image and save or export it again as PNG", "mã kiểm tra (CRC)"],
        ["a JPEG with a program after its end of image", SampleDocuments.JpegWithAppended(SampleDocuments.LinuxProgram()), "This JPEG image has more data after its end-of-image marker, from byte ", "(they look like a Linux program (ELF))", "sau dấu kết thúc ảnh"],
        ["a JPEG with a program between two segments", SampleDocuments.JpegWithInsertion(SampleDocuments.WindowsProgram()), "This file is a damaged or altered JPEG image: at byte 20 there are bytes that belong to no JPEG segment", "(they look like a Windows program (MZ))", "không thuộc phân đoạn JPEG nào"],
        ["a Word document with a program after its end", (byte[])[.. SampleDocuments.Docx("Báo cáo"), .. SampleDocuments.LinuxProgram()], "This file is a damaged or altered Office document (ZIP): after the end of the archive", "(they look like a Linux program (ELF))", "sau phần kết thúc của kho nén"],
    ];

    public static IEnumerable<object[]> ActiveContent =>
    [
        ["a PDF that runs JavaScript when opened", SampleDocuments.PdfWithActiveContent(SampleDocuments.PdfActiveContent.JavaScript), "This PDF contains JavaScript, which a PDF reader may run when the file is opened (/JavaScript in object 6)", "mã JavaScript"],
        ["the same with #-escaped names", SampleDocuments.PdfWithActiveContent(SampleDocuments.PdfActiveContent.EscapedJavaScript), "This PDF contains JavaScript, which a PDF reader may run when the file is opened (/Java#53cript in object 6)", "(/Java#53cript trong đối tượng 6)"],
        ["a PDF that launches a program", SampleDocuments.PdfWithActiveContent(SampleDocuments.PdfActiveContent.Launch), "This PDF contains an action that starts another program (/Launch in object 6)", "lệnh khởi chạy chương trình khác"],
        ["a PDF with an attached file", SampleDocuments.PdfWithActiveContent(SampleDocuments.PdfActiveContent.EmbeddedFile), "This PDF contains a file attached inside it, which could be a program (/EmbeddedFiles in object 1)", "tệp đính kèm"],
        ["a Word document with a macro", SampleDocuments.DocxWithMacro(), "This document contains macros (", "Tài liệu này chứa macro"],
        ["an Excel workbook with a macro", SampleDocuments.XlsxWithMacro(), "This document contains macros (", "không nhận tài liệu có macro"],
    ];

    [TestMethod]
    [DynamicData(nameof(FilesFromRealTools))]
    public void A_file_written_by_a_real_tool_is_accepted(string name, Format format)
    {
        var bytes = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Samples", name));
        foreach (var chunk in Chunkings)
        {
            var verdict = Inspect(bytes, chunk);
            Assert.IsNull(verdict.Refusal, $"{name} in chunks of {chunk}: {verdict.Refusal}");
            Assert.AreEqual(format, verdict.Format, name);
        }
    }

    [TestMethod]
    [DynamicData(nameof(Polyglots), DynamicDataDisplayName = nameof(Named))]
    public void A_file_with_bytes_outside_its_structure_is_refused_saying_where_and_what(string what, byte[] bytes, string starts, string says, string saysInVietnamese)
    {
        foreach (var chunk in Chunkings)
        {
            var verdict = Inspect(bytes, chunk);
            Assert.IsNull(verdict.Format, $"{what}: not accepted as any format");
            StringAssert.StartsWith(verdict.Refusal, starts, $"{what} in chunks of {chunk}");
            StringAssert.Contains(verdict.Refusal, says, what);
            StringAssert.Contains(verdict.RefusalVietnamese, saysInVietnamese, what);
        }
    }

    [TestMethod]
    [DynamicData(nameof(ActiveContent), DynamicDataDisplayName = nameof(Named))]
    public void A_file_with_scripts_launch_actions_attachments_or_macros_is_refused(string what, byte[] bytes, string says, string saysInVietnamese)
    {
        foreach (var chunk in Chunkings)
        {
            var verdict = Inspect(bytes, chunk);
            StringAssert.StartsWith(verdict.Refusal, says, $"{what} in chunks of {chunk}");
            StringAssert.Contains(verdict.RefusalVietnamese, saysInVietnamese, what);
        }
    }

    [TestMethod]
    public void JavaScript_inside_a_compressed_object_stream_is_found()
    {
        // qpdf moved the JavaScript action into an object stream: only decompressing it shows the names.
        var bytes = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Samples", "qpdf-javascript-in-object-stream.pdf"));
        Assert.AreEqual(-1, bytes.AsSpan().IndexOf("JavaScript"u8), "the name is not visible in the raw bytes");
        foreach (var chunk in Chunkings)
        {
            StringAssert.Contains(Inspect(bytes, chunk).Refusal, "This PDF contains JavaScript, which a PDF reader may run when the file is opened (/JS in object stream ");
        }
    }

    [TestMethod]
    public void A_macro_is_named_whether_its_part_or_its_content_type_comes_first()
    {
        var docm = Inspect(SampleDocuments.DocxWithMacro()).Refusal;
        Assert.IsTrue(docm!.Contains("vbaProject.bin", StringComparison.Ordinal) || docm.Contains("macroEnabled", StringComparison.Ordinal), docm);
        StringAssert.Contains(docm, "Save it as a plain Word document (.docx) or Excel workbook (.xlsx), without macros");
    }

    [TestMethod]
    public void The_polyglot_pdf_keeps_a_cross_reference_table_that_a_reader_would_follow()
    {
        // Otherwise the test would only show that a broken table is refused.
        var program = SampleDocuments.LinuxProgram();
        var pdf = Encoding.Latin1.GetString(SampleDocuments.PdfWithInsertion(program));
        var third = pdf.IndexOf("3 0 obj", StringComparison.Ordinal);
        StringAssert.Contains(pdf, $"{third:D10} 00000 n");
        var xref = pdf.LastIndexOf("\nxref\n", StringComparison.Ordinal) + 1;
        StringAssert.Contains(pdf, $"startxref\n{xref}\n");
    }

    [TestMethod]
    public void A_zip_with_junk_before_its_first_entry_is_refused()
    {
        var polyglot = SampleDocuments.ZipWithInsertion(SampleDocuments.Docx("Báo cáo"), 0, "Xin chao, day khong phai tai lieu.\n"u8.ToArray());
        var verdict = Inspect(polyglot);
        Assert.IsNull(verdict.Format);
        StringAssert.StartsWith(verdict.Refusal, "This file is a ZIP archive with 35 bytes of other data before its first entry");

        // The same junk as a program: named as the program it starts with.
        var program = SampleDocuments.ZipWithInsertion(SampleDocuments.Docx("Báo cáo"), 0, SampleDocuments.WindowsProgram());
        StringAssert.StartsWith(Inspect(program).Refusal, "This file is a Windows program (MZ)");
    }

    [TestMethod]
    public void A_zip_with_bytes_between_two_entries_is_refused_though_its_directory_was_moved_to_match()
    {
        var docx = SampleDocuments.Docx("Báo cáo");
        var second = docx.AsSpan(4).IndexOf("PK\x03\x04"u8) + 4;
        var polyglot = SampleDocuments.ZipWithInsertion(docx, second, SampleDocuments.LinuxProgram());
        foreach (var chunk in Chunkings)
        {
            var verdict = Inspect(polyglot, chunk);
            StringAssert.StartsWith(verdict.Refusal, $"This file is a damaged or altered Office document (ZIP): at byte {second} there are bytes that belong to no entry of the archive (they look like a Linux program (ELF))");
            StringAssert.Contains(verdict.RefusalVietnamese, "không thuộc mục nào của kho nén");
        }
    }

    [TestMethod]
    public void Incremental_updates_are_accepted_and_what_they_add_is_checked_like_the_rest()
    {
        var libreOffice = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Samples", "libreoffice.pdf"));
        foreach (var pdf in new[] { SampleDocuments.Pdf("Ban goc"), libreOffice })
        {
            var once = SampleDocuments.PdfWithIncrementalUpdate(pdf);
            var twice = SampleDocuments.PdfWithIncrementalUpdate(once);
            Assert.IsNull(Inspect(once).Refusal, Inspect(once).Refusal);
            Assert.IsNull(Inspect(twice).Refusal, Inspect(twice).Refusal);

            // An update whose /Prev points nowhere is refused.
            var wrongPrev = Encoding.Latin1.GetBytes(Encoding.Latin1.GetString(once).Replace("/Prev ", "/Prev 1", StringComparison.Ordinal));
            StringAssert.Contains(Inspect(wrongPrev).Refusal, "/Prev points at byte 1");
        }
    }

    [TestMethod]
    public void Lines_ended_with_CR_LF_and_a_length_kept_in_a_later_object_are_read_as_written()
    {
        var pdf = Encoding.Latin1.GetString(SampleDocuments.Pdf("Bao cao"));
        var body = pdf[..(pdf.LastIndexOf("\nxref\n", StringComparison.Ordinal) + 1)].Replace("\n", "\r\n", StringComparison.Ordinal);
        Assert.IsNull(Inspect(Reindexed(body)).Refusal, Inspect(Reindexed(body)).Refusal);

        // As LibreOffice writes it: /Length 9 0 R, and object 9 (after the stream) holds the number.
        var length = System.Text.RegularExpressions.Regex.Match(body, @"/Length (\d+) >>");
        var forward = body.Replace(length.Value, "/Length 9 0 R >>", StringComparison.Ordinal) + $"9 0 obj\r\n{length.Groups[1].Value}\r\nendobj\r\n";
        foreach (var chunk in Chunkings)
        {
            Assert.IsNull(Inspect(Reindexed(forward), chunk).Refusal, Inspect(Reindexed(forward), chunk).Refusal);
        }

        var wrong = body.Replace(length.Value, "/Length 9 0 R >>", StringComparison.Ordinal) + "9 0 obj\r\n7\r\nendobj\r\n";
        StringAssert.Contains(Inspect(Reindexed(wrong)).Refusal, "but its /Length (object 9) says 7");
    }

    [TestMethod]
    public void A_program_compressed_in_a_stream_is_found()
    {
        using var compressed = new MemoryStream();
        using (var z = new System.IO.Compression.ZLibStream(compressed, System.IO.Compression.CompressionLevel.Optimal, leaveOpen: true))
        {
            z.Write(SampleDocuments.LinuxProgram());
        }

        var pdf = Encoding.Latin1.GetString(SampleDocuments.Pdf("Bao cao"));
        var body = pdf[..(pdf.LastIndexOf("\nxref\n", StringComparison.Ordinal) + 1)]
            + $"7 0 obj\r\n<< /Length {compressed.Length} /Filter /FlateDecode >>\r\nstream\r\n"
            + Encoding.Latin1.GetString(compressed.ToArray()) + "\r\nendstream\r\nendobj\r\n";
        Assert.AreEqual(-1, Encoding.Latin1.GetBytes(body).AsSpan().IndexOf("\x7FELF"u8), "compressed, the header is not in the file's bytes");
        foreach (var chunk in Chunkings)
        {
            var verdict = Inspect(Reindexed(body), chunk);
            StringAssert.StartsWith(verdict.Refusal, "This PDF has a program hidden inside it (a Linux program (ELF), compressed in the stream of object 7)");
            StringAssert.Contains(verdict.RefusalVietnamese, "được nén trong luồng dữ liệu của đối tượng 7");
        }
    }

    [TestMethod]
    public void An_object_stream_that_expands_without_end_is_refused_not_expanded()
    {
        // 80 MiB of spaces compress to about 80 KiB: a decompression bomb in an object stream.
        using var compressed = new MemoryStream();
        using (var z = new System.IO.Compression.ZLibStream(compressed, System.IO.Compression.CompressionLevel.Optimal, leaveOpen: true))
        {
            z.Write("6 0 "u8);
            var spaces = new byte[1024 * 1024];
            Array.Fill(spaces, (byte)' ');
            for (var i = 0; i < 80; i++)
            {
                z.Write(spaces);
            }
        }

        var pdf = Encoding.Latin1.GetString(SampleDocuments.Pdf("Bao cao"));
        var body = pdf[..(pdf.LastIndexOf("\nxref\n", StringComparison.Ordinal) + 1)]
            + $"7 0 obj\r\n<< /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode /Length {compressed.Length} >>\r\nstream\r\n"
            + Encoding.Latin1.GetString(compressed.ToArray()) + "\r\nendstream\r\nendobj\r\n";
        StringAssert.Contains(Inspect(Reindexed(body)).Refusal, "its object stream 7 cannot be decompressed");
    }

    [TestMethod]
    public void A_cross_reference_entry_that_points_at_no_object_is_refused()
    {
        var pdf = Encoding.Latin1.GetString(SampleDocuments.Pdf("x"));
        var third = pdf.IndexOf("3 0 obj", StringComparison.Ordinal);
        var moved = pdf.Replace($"{third:D10} 00000 n", $"{third + 1:D10} 00000 n", StringComparison.Ordinal);
        StringAssert.Contains(Inspect(Encoding.Latin1.GetBytes(moved)).Refusal, $"its cross-reference says object 3 is at byte {third + 1}, where there is no such object");
    }

    [TestMethod]
    public void A_stream_whose_length_is_wrong_is_refused()
    {
        var pdf = Encoding.Latin1.GetString(SampleDocuments.Pdf("x"));
        var length = System.Text.RegularExpressions.Regex.Match(pdf, @"/Length (\d+) >>");
        var broken = pdf.Replace(length.Value, $"/Length {int.Parse(length.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) - 3} >>", StringComparison.Ordinal);
        StringAssert.Contains(Inspect(Encoding.Latin1.GetBytes(broken)).Refusal, "the stream of object 4 does not end where its /Length says");
    }

    [TestMethod]
    public void A_comment_holding_binary_data_is_refused()
    {
        var pdf = SampleDocuments.Pdf("x");
        var comment = (byte[])[.. "%"u8, .. SampleDocuments.LinuxProgram(64).Where(b => b is not (10 or 13)), .. "\n"u8];
        var withComment = SampleDocuments.PdfWithInsertion(comment);
        StringAssert.Contains(Inspect(withComment).Refusal, "a comment that holds binary data");
        Assert.IsNull(Inspect(pdf).Refusal);
    }

    [TestMethod]
    public void A_png_with_a_bad_crc_or_an_unknown_critical_chunk_or_data_after_its_end_is_refused()
    {
        var png = SampleDocuments.Png();
        var idat = png.AsSpan().IndexOf("IDAT"u8);
        var damaged = (byte[])png.Clone();
        damaged[idat + 6] ^= 0x01;
        StringAssert.Contains(Inspect(damaged).Refusal, "the checksum (CRC) of its 'IDAT' chunk at byte 33 does not match the chunk's content");

        var critical = SampleDocuments.PngWithInsertion([1, 2, 3], asChunk: true);
        critical[33 + 4] = (byte)'P'; // "prOg" → "PrOg": a critical chunk nobody defines
        Fix(critical, 33, 3);
        StringAssert.Contains(Inspect(critical).Refusal, "it has a critical chunk 'PrOg' at byte 33 that the PNG standard does not define");

        var after = (byte[])[.. png, .. "tail"u8];
        StringAssert.StartsWith(Inspect(after).Refusal, $"This PNG image has more data after its end chunk (IEND), from byte {png.Length}");
    }

    [TestMethod]
    public void A_jpeg_may_end_with_zero_padding_or_a_second_image_but_nothing_else()
    {
        var jpeg = SampleDocuments.Jpeg();
        Assert.IsNull(Inspect([.. jpeg, .. new byte[512]]).Refusal, "zero padding, as cameras write");
        Assert.IsNull(Inspect([.. jpeg, .. jpeg]).Refusal, "a second image (Multi-Picture Format, HDR gain map)");
        StringAssert.Contains(Inspect([.. jpeg, .. jpeg[..^2]]).Refusal, "incomplete JPEG", "the second image must be complete too");
        StringAssert.Contains(Inspect([.. jpeg, .. "ftypmp42"u8]).Refusal, "a video (as in a motion photo) or something else was appended");
    }

    [TestMethod]
    public void A_program_straddling_chunk_boundaries_is_still_found()
    {
        var program = SampleDocuments.PngWithInsertion(SampleDocuments.WindowsProgram(), asChunk: true);
        foreach (var chunk in new[] { 1, 2, 3, 13, 41, 42, 43, 1000, 2047, 2048 })
        {
            StringAssert.Contains(Inspect(program, chunk).Refusal, "a Windows program (MZ) at byte 41", $"chunks of {chunk}");
        }
    }

    [TestMethod]
    public void The_program_scan_ignores_random_data_that_only_starts_like_a_program()
    {
        // "MZ" and 0x7F "ELF" without the rest of a header: common enough by chance in compressed data.
        var noise = new byte[2_000_000];
        new Random(5).NextBytes(noise);
        for (var i = 1000; i < noise.Length - 100; i += 9973)
        {
            "MZ"u8.CopyTo(noise.AsSpan(i));
            "\x7FELF"u8.CopyTo(noise.AsSpan(i + 50));
        }

        var scan = new ExecutableScan();
        foreach (var part in noise.Chunk(65_536))
        {
            scan.Append(part);
        }

        scan.Finish();
        Assert.IsNull(scan.Program);
    }

    /// <summary>Names a data row by its first value (the rows' bytes would make unreadable test names).</summary>
    public static string Named(System.Reflection.MethodInfo method, object[] row) => $"{method?.Name}: {row?[0]}";

    private static DocumentVerdict Inspect(byte[] bytes, int chunk = 65_536)
    {
        using var inspector = new DocumentInspector(long.MaxValue);
        foreach (var part in bytes.Chunk(Math.Min(chunk, Math.Max(1, bytes.Length))))
        {
            inspector.Append(part);
        }

        return inspector.Finish(Everything, OctetStream);
    }

    /// <summary>A PDF body (header and objects) with a cross-reference table built for the objects it holds, CR LF line ends.</summary>
    private static byte[] Reindexed(string body)
    {
        var objects = System.Text.RegularExpressions.Regex.Matches(body, @"(?m)^(\d+) 0 obj");
        var xref = new StringBuilder("xref\r\n0 1\r\n0000000000 65535 f\r\n");
        foreach (System.Text.RegularExpressions.Match m in objects)
        {
            xref.Append(System.Globalization.CultureInfo.InvariantCulture, $"{m.Groups[1].Value} 1\r\n{m.Index:D10} 00000 n\r\n");
        }

        var size = objects.Max(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)) + 1;
        xref.Append(System.Globalization.CultureInfo.InvariantCulture, $"trailer\r\n<< /Size {size} /Root 1 0 R >>\r\nstartxref\r\n{body.Length}\r\n%%EOF\r\n");
        return Encoding.Latin1.GetBytes(body + xref);
    }

    /// <summary>The brief's case: a PDF header, a program, then a plausible end (startxref and %%EOF).</summary>
    private static byte[] PdfHeadAndTailAround(byte[] program) => [.. "%PDF-1.4\n"u8, .. program, .. "\nstartxref\n9\n%%EOF\n"u8];

    /// <summary>Corrupts the CRC of the chunk just before the first <paramref name="type"/> chunk.</summary>
    private static byte[] BreakLastCrcBefore(byte[] png, string type)
    {
        var at = png.AsSpan().IndexOf(Encoding.ASCII.GetBytes(type)) - 4;
        png[at - 1] ^= 0xFF;
        return png;
    }

    /// <summary>Rewrites the CRC of the chunk at <paramref name="offset"/> with <paramref name="length"/> data bytes.</summary>
    private static void Fix(byte[] png, int offset, int length)
    {
        var crc = Crc32.HashToUInt32(png.AsSpan(offset + 4, 4 + length));
        BinaryPrimitives.WriteUInt32BigEndian(png.AsSpan(offset + 8 + length), crc);
    }
}
