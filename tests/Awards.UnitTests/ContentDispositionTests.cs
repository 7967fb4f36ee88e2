using System.Text;
using Awards.Web;

namespace Awards.UnitTests;

[TestClass]
public sealed class ContentDispositionTests
{
    [TestMethod]
    public void A_utf8_encoded_vietnamese_file_name_is_read_exactly()
    {
        var (name, error) = ContentDisposition.ReadFileName("attachment; filename*=UTF-8''B%C3%A1o%20c%C3%A1o%20th%C3%A0nh%20t%C3%ADch.pdf");

        Assert.IsNull(error);
        Assert.AreEqual("Báo cáo thành tích.pdf", name);
    }

    [TestMethod]
    public void A_file_name_percent_encoded_from_nfd_text_is_stored_as_nfc()
    {
        var nfd = "Báo cáo thành tích Trương Thị Mai.pdf".Normalize(NormalizationForm.FormD);
        var header = "attachment; filename*=UTF-8''" + Uri.EscapeDataString(nfd);
        Assert.Contains("a%CC%81", header, "the header really carries decomposed text");

        var (name, error) = ContentDisposition.ReadFileName(header);

        Assert.IsNull(error);
        Assert.AreEqual("Báo cáo thành tích Trương Thị Mai.pdf", name);
        Assert.IsTrue(name!.IsNormalized(NormalizationForm.FormC));
    }

    [TestMethod]
    public void The_utf8_name_is_preferred_over_the_ascii_fallback()
    {
        var (name, _) = ContentDisposition.ReadFileName("attachment; filename=\"Bao cao.pdf\"; filename*=UTF-8''B%C3%A1o%20c%C3%A1o.pdf");

        Assert.AreEqual("Báo cáo.pdf", name);
    }

    [TestMethod]
    public void A_plain_quoted_file_name_is_accepted()
    {
        var (name, error) = ContentDisposition.ReadFileName("form-data; name=\"file\"; filename=\"to-trinh-2026.pdf\"");

        Assert.IsNull(error);
        Assert.AreEqual("to-trinh-2026.pdf", name);
    }

    [TestMethod]
    [DataRow(null)]
    [DataRow("")]
    [DataRow("   ")]
    [DataRow("attachment")]
    [DataRow("attachment; filename=\"\"")]
    public void A_missing_file_name_is_refused(string? header)
    {
        AssertRefused(header);
    }

    [TestMethod]
    [DataRow("attachment; filename=\"../../x.pdf\"")]
    [DataRow("attachment; filename*=UTF-8''..%2F..%2Fx.pdf")]
    [DataRow("attachment; filename=\"a\\b.pdf\"")]
    [DataRow("attachment; filename*=UTF-8''a%5Cb.pdf")]
    [DataRow("attachment; filename*=UTF-8''..%5C..%5Cwindows%5Cx.pdf")]
    [DataRow("attachment; filename=\"..\"")]
    [DataRow("attachment; filename*=UTF-8''%2Fetc%2Fpasswd")]
    public void A_file_name_with_a_folder_is_refused(string header)
    {
        AssertRefused(header);
    }

    [TestMethod]
    [DataRow("%00")]
    [DataRow("%07")]
    [DataRow("%1B")]
    [DataRow("%7F")]
    [DataRow("%C2%9B")]
    public void A_file_name_with_a_control_character_is_refused(string encodedControl)
    {
        AssertRefused($"attachment; filename*=UTF-8''bao{encodedControl}cao.pdf");
    }

    [TestMethod]
    [DataRow("%0A")]
    [DataRow("%0D%0A")]
    [DataRow("%09")]
    [DataRow("%C2%85")]
    public void A_file_name_with_a_line_break_or_tab_never_keeps_it(string encodedControl)
    {
        var (name, error) = ContentDisposition.ReadFileName($"attachment; filename*=UTF-8''bao{encodedControl}cao.pdf");

        if (error is null)
        {
            Assert.IsNotNull(name);
            Assert.IsFalse(name.Any(char.IsControl), $"stored name contains a control character: {Uri.EscapeDataString(name)}");
        }
    }

    [TestMethod]
    [DataRow("%E2%80%AE")]
    [DataRow("%E2%80%AD")]
    public void A_file_name_with_a_text_direction_override_is_refused(string encodedOverride)
    {
        // "Báo cáo" + U+202E + "fdp.exe" is displayed as "Báo cáoexe.pdf" but saved as an .exe.
        AssertRefused($"attachment; filename*=UTF-8''B%C3%A1o%20c%C3%A1o{encodedOverride}fdp.exe");
    }

    [TestMethod]
    public void A_300_character_file_name_is_refused()
    {
        var header = "attachment; filename*=UTF-8''" + Uri.EscapeDataString(new string('ư', 296) + ".pdf");

        var error = AssertRefused(header);
        Assert.Contains("255", error);
    }

    [TestMethod]
    public void A_255_character_file_name_is_accepted()
    {
        var longest = new string('ư', 251) + ".pdf";

        var (name, error) = ContentDisposition.ReadFileName("attachment; filename*=UTF-8''" + Uri.EscapeDataString(longest));

        Assert.IsNull(error);
        Assert.AreEqual(longest, name);
    }

    [TestMethod]
    public void A_download_header_has_an_ascii_fallback_and_the_exact_utf8_name()
    {
        var header = ContentDisposition.Attachment("Báo cáo.pdf");

        Assert.StartsWith("attachment;", header);
        Assert.Contains("filename=\"Bao cao.pdf\"", header);
        Assert.Contains("filename*=UTF-8''B%C3%A1o%20c%C3%A1o.pdf", header);
    }

    [TestMethod]
    public void The_ascii_fallback_spells_every_vietnamese_letter_without_its_marks()
    {
        var header = ContentDisposition.Attachment("Đỗ Văn Đức - Trương Thị Ưởng - Lê Ơn.pdf");

        Assert.Contains("filename=\"Do Van Duc - Truong Thi Uong - Le On.pdf\"", header);
    }

    [TestMethod]
    public void The_ascii_fallback_cannot_break_out_of_its_quotes()
    {
        var header = ContentDisposition.Attachment("Bài \"Tấm gương\" \\ 2026.pdf");
        var fallback = header.Split("; ")[1];

        Assert.AreEqual("filename=\"Bai _Tam guong_ _ 2026.pdf\"", fallback);
    }

    [TestMethod]
    [DataRow("Báo cáo thành tích.pdf")]
    [DataRow("Tờ trình số 12/TTr-UBND.pdf")]
    [DataRow("Biên bản (họp) 100% đồng ý; 'chính thức'.docx")]
    [DataRow("Đỗ Văn Đức.pdf")]
    public void A_download_header_reads_back_as_the_same_name(string fileName)
    {
        var stored = fileName.Replace('/', '-');

        var (name, error) = ContentDisposition.ReadFileName(ContentDisposition.Attachment(stored));

        Assert.IsNull(error);
        Assert.AreEqual(stored, name);
    }

    [TestMethod]
    public void An_inline_header_shows_in_place_under_the_same_names_as_a_download()
    {
        var header = ContentDisposition.Inline("Báo cáo thành tích.pdf");

        Assert.AreEqual(ContentDisposition.Attachment("Báo cáo thành tích.pdf").Replace("attachment;", "inline;", StringComparison.Ordinal), header);
        Assert.AreEqual("Báo cáo thành tích.pdf", ContentDisposition.ReadFileName(header).FileName);
    }

    private static string AssertRefused(string? header)
    {
        var (name, error) = ContentDisposition.ReadFileName(header);

        Assert.IsNull(name, $"accepted as '{name}'");
        Assert.IsFalse(string.IsNullOrWhiteSpace(error));
        return error;
    }
}
