using System.Security.Cryptography;
using Awards.Documents;
using Awards.Storage;
using Awards.Testing;
using Format = Awards.Domain.DocumentFormat;

namespace Awards.UnitTests;

[TestClass]
public sealed class DocumentInspectorTests
{
    private const string Pdf = "application/pdf";
    private const string OctetStream = "application/octet-stream";
    private static readonly Format[] PdfOnly = [Format.Pdf];
    private static readonly Format[] PdfOrDocx = [Format.Pdf, Format.Docx];
    private static readonly Format[] Everything = [Format.Pdf, Format.Docx, Format.Xlsx, Format.Jpeg, Format.Png];

    public static IEnumerable<object[]> RealFiles =>
    [
        ["pdf", Format.Pdf, Pdf],
        ["docx", Format.Docx, SampleDocuments.DocxType],
        ["xlsx", Format.Xlsx, SampleDocuments.XlsxType],
        ["jpeg", Format.Jpeg, "image/jpeg"],
        ["png", Format.Png, "image/png"],
    ];

    [TestMethod]
    [DynamicData(nameof(RealFiles))]
    public void A_real_file_is_recognised_from_its_content_whatever_the_chunking(string kind, Format format, string mediaType)
    {
        var bytes = Make(kind);
        foreach (var chunk in new[] { 1, 7, 4096, bytes.Length })
        {
            foreach (var declared in new[] { mediaType, OctetStream, mediaType.ToUpperInvariant() + "; charset=binary" })
            {
                var verdict = Inspect(bytes, Everything, declared, chunk);
                Assert.IsNull(verdict.Refusal, $"{kind} in chunks of {chunk} declared {declared}: {verdict.Refusal}");
                Assert.AreEqual(format, verdict.Format);
            }
        }
    }

    [TestMethod]
    public void Large_files_are_walked_whole_whatever_the_chunking()
    {
        var pdf = SampleDocuments.Pdf(3_000_000);
        Assert.HasCount(3_000_000, pdf);
        Assert.AreEqual(Format.Pdf, Inspect(pdf, PdfOnly, Pdf, 65_536).Format);
        Assert.AreEqual(Format.Pdf, Inspect(pdf, PdfOnly, Pdf, 1_000_003).Format, "chunks larger than the head and not aligned to the ring");

        var docx = SampleDocuments.Docx("Báo cáo thành tích", imageBytes: 2_500_000);
        Assert.IsGreaterThan(1024 * 1024, docx.Length);
        var verdict = Inspect(docx, PdfOrDocx, SampleDocuments.DocxType, 81_920);
        Assert.IsNull(verdict.Refusal, verdict.Refusal);
        Assert.AreEqual(Format.Docx, verdict.Format);
    }

    [TestMethod]
    public void A_windows_program_named_pdf_is_refused_saying_what_it_is()
    {
        var verdict = Inspect(SampleDocuments.WindowsProgram(), PdfOrDocx, Pdf);
        Assert.IsNull(verdict.Format);
        Assert.AreEqual("This file is a Windows program (MZ), not a PDF. Accepted: PDF, DOCX.", verdict.Refusal);
        Assert.AreEqual("Tệp này là một chương trình Windows (MZ), không phải một tệp PDF. Chấp nhận: PDF, DOCX.", verdict.RefusalVietnamese);
    }

    [TestMethod]
    public void A_pdf_header_with_nothing_else_of_a_pdf_is_refused()
    {
        var verdict = Inspect(SampleDocuments.PdfHeaderOnly(), PdfOnly, Pdf);
        StringAssert.StartsWith(verdict.Refusal, "This file is a damaged or altered PDF: at byte ");
        StringAssert.Contains(verdict.Refusal, "data that belongs to no PDF object");
        StringAssert.Contains(verdict.RefusalVietnamese, "không thuộc đối tượng PDF nào");

        // Cut off before its end marker: the same.
        var whole = SampleDocuments.Pdf("x");
        StringAssert.Contains(Inspect(whole[..^8], PdfOnly, Pdf).Refusal, "damaged or incomplete PDF");
    }

    [TestMethod]
    public void A_zip_that_is_not_an_office_document_is_refused_as_not_a_word_document()
    {
        var verdict = Inspect(SampleDocuments.Zip(), PdfOrDocx, SampleDocuments.DocxType);
        Assert.AreEqual("This file is a ZIP archive, not a Word document (DOCX). Accepted: PDF, DOCX.", verdict.Refusal);

        var undeclared = Inspect(SampleDocuments.Zip(), PdfOrDocx, OctetStream);
        Assert.AreEqual("This file is a ZIP archive, not a PDF or a Word document (DOCX). Accepted: PDF, DOCX.", undeclared.Refusal);
        Assert.AreEqual("Tệp này là một tệp nén ZIP, không phải một tệp PDF hoặc một tài liệu Word (DOCX). Chấp nhận: PDF, DOCX.", undeclared.RefusalVietnamese);
    }

    [TestMethod]
    public void A_real_format_that_the_item_does_not_accept_is_refused_by_name()
    {
        var verdict = Inspect(SampleDocuments.Xlsx("Danh sách"), PdfOrDocx, SampleDocuments.XlsxType);
        Assert.AreEqual(Format.Xlsx, verdict.Format, "what it is is still reported");
        Assert.AreEqual("This file is an Excel workbook (XLSX), not a PDF or a Word document (DOCX). Accepted: PDF, DOCX.", verdict.Refusal);
    }

    [TestMethod]
    public void A_declared_type_that_disagrees_with_the_content_is_refused()
    {
        var verdict = Inspect(SampleDocuments.Pdf("x"), PdfOrDocx, SampleDocuments.DocxType);
        Assert.AreEqual(Format.Pdf, verdict.Format);
        StringAssert.Contains(verdict.Refusal, $"This file is a PDF, but it was sent as '{SampleDocuments.DocxType}'");
        StringAssert.Contains(verdict.Refusal, "Content-Type: application/pdf");
        StringAssert.StartsWith(verdict.RefusalVietnamese, $"Tệp này là một tệp PDF, nhưng được gửi với kiểu '{SampleDocuments.DocxType}'");

        StringAssert.Contains(Inspect(SampleDocuments.Pdf("x"), PdfOnly, "text/plain").Refusal, "sent as 'text/plain'");
    }

    [TestMethod]
    public void An_empty_file_is_refused()
    {
        using var inspector = new DocumentInspector(100);
        var verdict = inspector.Finish(PdfOnly, Pdf);
        StringAssert.StartsWith(verdict.Refusal, "The file is empty.");
        StringAssert.StartsWith(verdict.RefusalVietnamese, "Tệp trống.");
        Assert.AreEqual(Convert.ToHexStringLower(SHA256.HashData([])), inspector.Sha256Hex());
    }

    [TestMethod]
    public void One_byte_over_the_limit_throws_and_exactly_the_limit_does_not()
    {
        var pdf = SampleDocuments.Pdf("limit");
        using (var atLimit = new DocumentInspector(pdf.Length))
        {
            atLimit.Append(pdf);
            Assert.IsTrue(atLimit.Finish(PdfOnly, Pdf).Accepted);
        }

        using var over = new DocumentInspector(pdf.Length - 1);
        over.Append(pdf.AsSpan(0, pdf.Length - 1));
        Assert.ThrowsExactly<DocumentTooLargeException>(() => over.Append(pdf.AsSpan(pdf.Length - 1)));
    }

    [TestMethod]
    public void Truncated_images_are_refused()
    {
        var jpeg = SampleDocuments.Jpeg();
        StringAssert.Contains(Inspect(jpeg[..^2], Everything, "image/jpeg").Refusal, "incomplete JPEG");
        var png = SampleDocuments.Png();
        StringAssert.Contains(Inspect(png[..^12], Everything, "image/png").Refusal, "damaged or incomplete PNG");
    }

    [TestMethod]
    public void Other_kinds_are_named_in_the_refusal()
    {
        StringAssert.Contains(Inspect("Xin chào, đây là văn bản."u8.ToArray(), PdfOnly, OctetStream).Refusal, "This file is a plain text file, not a PDF.");
        StringAssert.Contains(Inspect("<!DOCTYPE html><html></html>"u8.ToArray(), PdfOnly, OctetStream).Refusal, "a web page (HTML)");
        StringAssert.Contains(Inspect([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0], PdfOrDocx, OctetStream).Refusal, "old-format Office file");
        StringAssert.Contains(Inspect([0x7F, (byte)'E', (byte)'L', (byte)'F', 2, 1], PdfOnly, Pdf).Refusal, "a Linux program (ELF)");
    }

    [TestMethod]
    public void The_hash_and_length_cover_every_byte()
    {
        var bytes = SampleDocuments.Pdf(1_500_000);
        using var inspector = new DocumentInspector(long.MaxValue);
        foreach (var chunk in bytes.Chunk(100_000))
        {
            inspector.Append(chunk);
        }

        Assert.AreEqual(bytes.Length, inspector.Length);
        Assert.AreEqual(Convert.ToHexStringLower(SHA256.HashData(bytes)), inspector.Sha256Hex());
        Assert.ThrowsExactly<InvalidOperationException>(() => inspector.Append([1]), "the hash was taken: no more input");
    }

    private static byte[] Make(string kind) => kind switch
    {
        "pdf" => SampleDocuments.Pdf("Bao cao thanh tich"),
        "docx" => SampleDocuments.Docx("Báo cáo thành tích tập thể"),
        "xlsx" => SampleDocuments.Xlsx("Danh sách đề nghị khen thưởng"),
        "jpeg" => SampleDocuments.Jpeg(),
        _ => SampleDocuments.Png(),
    };

    private static DocumentVerdict Inspect(byte[] bytes, Format[] allowed, string declared, int chunk = 65_536)
    {
        using var inspector = new DocumentInspector(long.MaxValue);
        foreach (var part in bytes.Chunk(chunk))
        {
            inspector.Append(part);
        }

        return inspector.Finish(allowed, declared);
    }
}
