using Awards.Domain;
using Awards.Mail;
using Awards.Web.Pages;

namespace Awards.UnitTests;

[TestClass]
public sealed class MailDraftTests
{
    // A draft written by hand: each language's texts, as a template writes them from MailTexts.
    private static readonly MailDraft Draft = new(
        "a@example.vn",
        null,
        language => language == Language.En
            ? new MailContent("Nguyễn Văn A", "[Awards] Review requested", ["Dear Nguyễn Văn A,", "Reason: <missing> & \"dossier\""], new MailLink(new Uri("https://awards.example.vn/review/abc"), "Open the proposal"))
            : new MailContent("Nguyễn Văn A", "[Khen thưởng] Đề nghị thẩm định", ["Kính gửi Nguyễn Văn A,", "Lý do: <thiếu> & \"hồ sơ\""], new MailLink(new Uri("https://awards.example.vn/review/abc"), "Mở tờ trình")));

    private static PageRenderer Pages => TestPages.Renderer;

    [TestMethod]
    public async Task Vietnamese_rendering_has_only_the_Vietnamese_text_and_declares_it()
    {
        var mail = await Draft.RenderAsync(Pages, Language.Vi);
        Assert.AreEqual("[Khen thưởng] Đề nghị thẩm định", mail.Subject);
        Assert.AreEqual(Language.Vi, mail.Language);
        StringAssert.Contains(mail.Text, "Kính gửi Nguyễn Văn A,");
        StringAssert.Contains(mail.Text, "Mở tờ trình:\nhttps://awards.example.vn/review/abc");
        Assert.DoesNotContain("Dear", mail.Text);
        StringAssert.StartsWith(mail.Html, "<!DOCTYPE html>");
        StringAssert.Contains(mail.Html, "<html lang=\"vi\">");
        StringAssert.Contains(mail.Html, "<p>Kính gửi Nguyễn Văn A,</p>");
    }

    [TestMethod]
    public async Task English_rendering_has_only_the_English_text_and_escapes_html()
    {
        var mail = await Draft.RenderAsync(Pages, Language.En);
        Assert.AreEqual("[Awards] Review requested", mail.Subject);
        StringAssert.Contains(mail.Text, "Dear Nguyễn Văn A,");
        StringAssert.Contains(mail.Text, "Reason: <missing> & \"dossier\"");
        Assert.DoesNotContain("Kính gửi", mail.Text);
        StringAssert.Contains(mail.Html, "<html lang=\"en\">");
        StringAssert.Contains(mail.Html, "Reason: &lt;missing&gt; &amp; &quot;dossier&quot;");
        StringAssert.Contains(mail.Html, "<a href=\"https://awards.example.vn/review/abc\">Open the proposal</a>");
    }

    [TestMethod]
    [DataRow("vi", Language.Vi)]
    [DataRow(" EN ", Language.En)]
    [DataRow("en-GB", Language.En)]
    [DataRow("vi-VN", Language.Vi)]
    public void Language_codes_are_read_loosely(string code, Language expected) => Assert.AreEqual(expected, Languages.Parse(code));

    [TestMethod]
    [DataRow("")]
    [DataRow("fr")]
    [DataRow("vietnamese")]
    [DataRow(null)]
    public void Anything_else_is_no_language(string? code) => Assert.IsNull(Languages.Parse(code));
}
