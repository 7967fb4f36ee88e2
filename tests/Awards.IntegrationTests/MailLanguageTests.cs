using System.Net;
using System.Text.RegularExpressions;
using System.Net.Http.Json;
using Awards.Domain;
using Awards.Security;
using Awards.Testing;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace Awards.IntegrationTests;

/// <summary>Each recipient gets mail in their language: stored with their key, set at sign-in, or configured for approvers; Vietnamese by default.</summary>
[TestClass]
public sealed partial class MailLanguageTests
{
    private const string ReturnReason = "Thiếu bản tóm tắt thành tích có xác nhận của thủ trưởng đơn vị.";

    [TestMethod]
    public async Task An_approver_configured_for_English_and_a_nominator_whose_key_says_English_read_English_while_others_read_Vietnamese()
    {
        using var s = await Scenario.StartAsync(
            "lang",
            c => c with
            {
                Stages =
                [
                    c.Stages[0] with
                    {
                        ApproversByProvince = c.Stages[0].ApproversByProvince.ToDictionary(p => p.Key, p => p.Value.Select(a => a with { Language = Language.En }).ToList()),
                    },
                    .. c.Stages[1..],
                ],
            },
            nominatorLanguage: "en");
        const string nominee = "Lê Văn Ngữ";
        var id = await s.SubmitNewAsync(NomineeKind.Individual, nominee);

        // The provincial approver chose English in the campaign's configuration.
        var link = await s.ReviewLinkAsync("provincial", nominee);
        var request = MailWith(link);
        AssertLanguage(request, "en");
        StringAssert.StartsWith(request.Subject, "[Awards] Review requested (Provincial)");
        StringAssert.Contains(request.TextBody, "Dear ");
        Assert.DoesNotContain("Kính gửi", request.TextBody, "one language, not both");

        // The nominator's key was issued in English: the return notice is English, the approver's Vietnamese reason intact.
        using (var returned = await s.DecideAsync(link, "return", ReturnReason))
        {
            Assert.AreEqual(HttpStatusCode.SeeOther, returned.StatusCode);
        }

        var notice = await s.WaitForNominatorMailAsync(nominee, "[Awards] Returned for supplement");
        AssertLanguage(notice, "en");
        StringAssert.Contains(notice.TextBody, ReturnReason);
        Assert.DoesNotContain("Lý do", notice.TextBody);

        // The ministry approver configured nothing and holds no key: Vietnamese.
        using (var resubmitted = await s.Nominator.ResubmitAsync(id))
        {
            await AwardsClient.EnsureAsync(resubmitted);
        }

        using (var approved = await s.DecideAsync(await s.ReviewLinkAsync("provincial", nominee, nth: 2), "approve"))
        {
            Assert.AreEqual(HttpStatusCode.SeeOther, approved.StatusCode);
        }

        var ministry = MailWith(await s.ReviewLinkAsync("ministry", nominee));
        AssertLanguage(ministry, "vi");
        StringAssert.StartsWith(ministry.Subject, "[Khen thưởng] Đề nghị thẩm định (Bộ Công an)");
        StringAssert.Contains(ministry.TextBody, "Kính gửi ");
        Assert.DoesNotContain("Dear ", ministry.TextBody);
    }

    [TestMethod]
    public async Task A_nominator_who_chooses_English_when_signing_in_gets_English_mail_from_then_on()
    {
        using var s = await Scenario.StartAsync("lang-signin");
        using var raw = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = TestHost.Runner.BaseUrl };
        using (var asked = await raw.PostAsync(new Uri("signin", UriKind.Relative), new FormUrlEncodedContent([new("email", s.NominatorEmail)])))
        {
            Assert.AreEqual(HttpStatusCode.OK, asked.StatusCode);
        }

        // Until they choose, their mail is Vietnamese, and the sign-in page offers the choice with Vietnamese selected.
        var linkMail = await Scenario.Mail.WaitForAsync(s.NominatorEmail);
        AssertLanguage(linkMail, "vi");
        var signInLink = new Uri(SignInLinkPattern().Match(linkMail.TextBody ?? string.Empty).Value);
        var page = await raw.GetStringAsync(signInLink);
        StringAssert.Contains(page, "<option value=\"vi\" selected>");

        using (var signedIn = await raw.PostAsync(signInLink, new FormUrlEncodedContent([new("language", "en")])))
        {
            Assert.AreEqual(HttpStatusCode.SeeOther, signedIn.StatusCode);
        }

        const string nominee = "Phạm Thị Chọn";
        await s.SubmitNewAsync(NomineeKind.Individual, nominee);
        using (var returned = await s.DecideAsync(await s.ReviewLinkAsync("provincial", nominee), "return", ReturnReason))
        {
            Assert.AreEqual(HttpStatusCode.SeeOther, returned.StatusCode);
        }

        var notice = await s.WaitForNominatorMailAsync(nominee, "[Awards] Returned for supplement");
        AssertLanguage(notice, "en");

        // The provincial approver still reads Vietnamese: the choice is the nominator's own.
        AssertLanguage(MailWith(await s.ReviewLinkAsync("provincial", nominee)), "vi");
    }

    [TestMethod]
    public async Task A_language_other_than_Vietnamese_or_English_is_refused_by_name_and_changes_nothing()
    {
        using var s = await Scenario.StartAsync("lang-bad");
        var holder = TestCampaigns.Address("lang-bad-key", s.Campaign.Id);
        using (var issued = await s.Organiser.Http.PostAsJsonAsync("api/keys", new { role = "nominator", email = holder, unitName = "Công an tỉnh Phú Yên", provinceCode = "PY", language = "fr" }))
        {
            Assert.AreEqual(HttpStatusCode.BadRequest, issued.StatusCode);
            Assert.AreEqual("application/problem+json", issued.Content.Headers.ContentType?.MediaType);
            StringAssert.Contains(await issued.Content.ReadAsStringAsync(), "language");
        }

        await using (var services = TestHost.SharedServices())
        {
            Assert.IsEmpty(await services.GetRequiredService<ApiKeyStore>().FindByEmailAsync(holder, 5, default), "no key was issued");
        }

        const string nominee = "Ngô Văn Sai";
        await s.SubmitNewAsync(NomineeKind.Individual, nominee);
        var link = await s.ReviewLinkAsync("provincial", nominee);
        var colleague = TestCampaigns.Address("lang-bad-colleague", s.Campaign.Id);
        using (var delegated = await s.Organiser.As(null).Http.PostAsync(new Uri(link.AbsoluteUri + "/delegate"), new FormUrlEncodedContent([new("email", colleague), new("language", "fr")])))
        {
            Assert.AreEqual(HttpStatusCode.BadRequest, delegated.StatusCode);
            StringAssert.Contains(await delegated.Content.ReadAsStringAsync(), "tiếng Việt hoặc tiếng Anh");
        }

        using (var stillMine = await s.Organiser.As(null).Http.GetAsync(link))
        {
            Assert.AreEqual(HttpStatusCode.OK, stillMine.StatusCode, "the approver's link still works: nothing was delegated");
        }

        Assert.IsEmpty(Scenario.Mail.To(colleague), "the colleague got no link");
    }

    private static MimeMessage MailWith(Uri link) =>
        Scenario.Mail.All.First(m => MailCatcher.HasReviewLink(m) && MailCatcher.ReviewLink(m) == link);

    private static void AssertLanguage(MimeMessage message, string language)
    {
        Assert.AreEqual(language, message.Body?.Headers[HeaderId.ContentLanguage], $"Content-Language of '{message.Subject}'");
        StringAssert.Contains(message.HtmlBody, $"<html lang=\"{language}\">");
    }

    [GeneratedRegex(@"https?://\S+/signin/[A-Za-z0-9._~%-]+")]
    private static partial Regex SignInLinkPattern();
}
