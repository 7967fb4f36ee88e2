using Awards.Domain;
using Awards.Mail;

namespace Awards.UnitTests;

[TestClass]
public sealed class MailDraftTests
{
    private static readonly MailDraft Draft = new(
        "a@example.vn",
        "Nguyễn Văn A",
        null,
        ("[Khen thưởng] Đề nghị thẩm định", "[Awards] Review requested"),
        [("Kính gửi Nguyễn Văn A,", "Dear Nguyễn Văn A,"), ("Lý do: <thiếu> & \"hồ sơ\"", "Reason: <missing> & \"dossier\"")],
        (new Uri("https://awards.example.vn/review/abc"), "Mở tờ trình", "Open the proposal"));

    [TestMethod]
    public void Vietnamese_rendering_has_only_the_Vietnamese_text_and_declares_it()
    {
        var mail = Draft.Render(Language.Vi);
        Assert.AreEqual("[Khen thưởng] Đề nghị thẩm định", mail.Subject);
        Assert.AreEqual(Language.Vi, mail.Language);
        StringAssert.Contains(mail.Text, "Kính gửi Nguyễn Văn A,");
        StringAssert.Contains(mail.Text, "Mở tờ trình:\nhttps://awards.example.vn/review/abc");
        Assert.DoesNotContain("Dear", mail.Text);
        StringAssert.StartsWith(mail.Html, "<!DOCTYPE html><html lang=\"vi\">");
    }

    [TestMethod]
    public void English_rendering_has_only_the_English_text_and_escapes_html()
    {
        var mail = Draft.Render(Language.En);
        Assert.AreEqual("[Awards] Review requested", mail.Subject);
        StringAssert.Contains(mail.Text, "Dear Nguyễn Văn A,");
        Assert.DoesNotContain("Kính gửi", mail.Text);
        StringAssert.Contains(mail.Html, "<html lang=\"en\">");
        StringAssert.Contains(mail.Html, "Reason: &lt;missing&gt; &amp; &quot;dossier&quot;");
        StringAssert.Contains(mail.Html, ">Open the proposal</a>");
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
