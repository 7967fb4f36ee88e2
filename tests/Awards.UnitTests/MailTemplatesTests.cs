using System.Collections;
using System.Globalization;
using System.Net;
using System.Resources;
using System.Text.RegularExpressions;
using Awards.Domain;
using Awards.Mail;
using Awards.Testing;
using Awards.Web.Pages;
using Awards.Web.Resources;
using Awards.Workflow.Activities;
using Microsoft.Extensions.Options;

namespace Awards.UnitTests;

/// <summary>
/// Every message the product sends, rendered in Vietnamese and in English the way the mailer
/// renders it (the product's own service registration): one language each, texts from
/// <c>MailTexts</c>, names with markup encoded in the HTML and intact in the plain text, links to a
/// unit's own pages.
/// </summary>
[TestClass]
public sealed partial class MailTemplatesTests
{
    private const string Markup = "<b>Trần & \"Lê\"</b>";
    private const string MarkupEncoded = "&lt;b&gt;Trần &amp; &quot;Lê&quot;&lt;/b&gt;";

    private static readonly DateTimeOffset At = new(2026, 3, 11, 2, 30, 0, TimeSpan.Zero);
    private static readonly PublicLinks Urls = new(Options.Create(new AwardsOptions { PublicBaseUrl = new Uri("https://khenthuong.example.vn/") }));
    private static readonly Uri ReviewUrl = new("https://khenthuong.example.vn/review/abc.def");

    private static PageRenderer Pages => TestPages.Renderer;

    /// <summary>Every kind of message, about and to people named <paramref name="name"/>, with the subject it starts with in each language.</summary>
    private static IEnumerable<(string Kind, MailDraft Draft, string SubjectVi, string SubjectEn, bool ToUnit)> Every(string name, string reason)
    {
        var campaign = TestCampaigns.Valid() with { Name = "Đợt " + name, NameEn = "Round " + name };
        var stage = campaign.Stages[0];
        var award = campaign.Awards[0];
        var approver = new Approver("duyet@example.vn", name);
        var proposal = new Proposal { Id = "p-1", CampaignId = campaign.Id, UnitName = name, ProvinceCode = "PY", NominatorEmail = "donvi@example.vn", Title = "Tờ trình " + name };
        var untitled = proposal with { Title = null };
        var individual = new Nomination { Id = "n-1", CampaignId = campaign.Id, AwardCode = award.Code, ProposalId = proposal.Id, Kind = NomineeKind.Individual, NomineeName = name, UnitName = name, ProvinceCode = "PY", NominatorEmail = "donvi@example.vn" };
        var collective = individual with { Id = "n-2", Kind = NomineeKind.Collective };
        var delegation = new Delegation(stage.Code, 1, "duyet@example.vn", "dongnghiep@example.vn", name, reason, At);
        var decision = new StageDecision(stage.Code, 1, DecisionOutcome.Approve, null, "khac@example.vn", name, At);
        var attention = new WorkflowAttention("OpenStage", reason, At, 1);

        yield return ("review request", MailTemplates.ReviewRequest(approver, proposal, campaign, stage, ReviewUrl, At), "[Khen thưởng] Đề nghị thẩm định (Cấp tỉnh): tờ trình Tờ trình ", "[Awards] Review requested (Provincial): proposal Tờ trình ", false);
        yield return ("review request, untitled", MailTemplates.ReviewRequest(approver, untitled, campaign, stage, ReviewUrl, At), "[Khen thưởng] Đề nghị thẩm định (Cấp tỉnh): tờ trình p-1 của ", "[Awards] Review requested (Provincial): proposal p-1 from ", false);
        yield return ("follow-up", MailTemplates.FollowUpRequest(approver, proposal, campaign, stage, ReviewUrl, At), "[Khen thưởng] Có thêm hồ sơ chờ thẩm định (Cấp tỉnh)", "[Awards] More nominees await your review (Provincial)", false);
        yield return ("needs attention", MailTemplates.NeedsAttention("bantochuc@example.vn", individual, attention, Urls.NominationInApi(individual.Id)), "[Khen thưởng] Cần xử lý: quy trình của hồ sơ ", "[Awards] Needs attention: the workflow of ", false);
        yield return ("delegated", MailTemplates.DelegatedReview(delegation, name, proposal, campaign, stage, ReviewUrl), "[Khen thưởng] Được ủy quyền thẩm định (Cấp tỉnh)", "[Awards] Review delegated to you (Provincial)", false);
        yield return ("reminder", MailTemplates.Reminder(approver, proposal, campaign, stage, ReviewUrl, At), "[Khen thưởng] Nhắc thẩm định (Cấp tỉnh), hạn 11/03/2026 09:30", "[Awards] Reminder (Provincial), due 11/03/2026 09:30", false);
        yield return ("escalation", MailTemplates.Escalation(approver, proposal, campaign, stage, [approver, approver with { Email = "pho@example.vn" }], At), "[Khen thưởng] Quá hạn thẩm định (Cấp tỉnh)", "[Awards] Review overdue (Provincial)", false);
        yield return ("decided by another", MailTemplates.DecidedByAnother(approver, proposal, stage, decision), "[Khen thưởng] Đã có quyết định (Cấp tỉnh)", "[Awards] Already decided (Provincial)", false);
        yield return ("withdrawn, to an approver", MailTemplates.Closed(approver.Email, name, null, individual, proposal, DecisionOutcome.Withdraw, reason), "[Khen thưởng] Rút hồ sơ: ", "[Awards] Nomination withdrawn: ", false);
        yield return ("cancelled, to the unit", MailTemplates.Closed(individual.NominatorEmail, name, null, individual, proposal, DecisionOutcome.Cancel, reason, Urls.Nomination(individual.Id)), "[Khen thưởng] Hủy hồ sơ: ", "[Awards] Nomination cancelled: ", true);
        yield return ("returned", MailTemplates.Returned(individual, stage, reason, Urls.Nomination(individual.Id)), "[Khen thưởng] Trả lại, bổ sung hồ sơ: ", "[Awards] Returned for supplement: ", true);
        yield return ("rejected", MailTemplates.Rejected(individual, stage, reason, Urls.Nomination(individual.Id)), "[Khen thưởng] Không đủ điều kiện: ", "[Awards] Not qualified: ", true);
        yield return ("awarded, individual", MailTemplates.Awarded(individual, award, Urls.Nomination(individual.Id)), "[Khen thưởng] Được khen thưởng: ", "[Awards] Awarded: ", true);
        yield return ("awarded, collective", MailTemplates.Awarded(collective, award, Urls.Nomination(collective.Id)), "[Khen thưởng] Được khen thưởng: ", "[Awards] Awarded: ", true);
        var awardDecision = new AwardDecision
        {
            Id = "MTTW-2026-125", RegisterCode = "MTTW", Year = 2026, Sequence = 125, Number = "125/QĐ-MTTW", Date = new DateOnly(2026, 3, 11), Title = "Về việc tặng Bằng khen",
            SignerTitle = "CHỦ TỊCH", CampaignId = campaign.Id, AwardCode = award.Code, AwardingBody = award.AwardingBody, Members = [], IssuedBy = "bantochuc@example.vn", IssuedAt = At, HoldId = "h",
        };
        yield return ("decision issued", MailTemplates.DecisionIssued("donvi@example.vn", name, awardDecision, award, [name, "Phòng Cảnh sát hình sự"], Urls.Workspace()), "[Khen thưởng] Quyết định khen thưởng số 125/QĐ-MTTW", "[Awards] Award decision no. 125/QĐ-MTTW", true);
        yield return ("decision code", MailTemplates.DecisionCode(approver, proposal, stage, "123456", At, delegation: false), "[Khen thưởng] Mã xác nhận 123456 (Cấp tỉnh)", "[Awards] Confirmation code 123456 (Provincial)", false);
        yield return ("delegation code", MailTemplates.DecisionCode(approver, proposal, stage, "654321", At, delegation: true), "[Khen thưởng] Mã xác nhận 654321 (Cấp tỉnh)", "[Awards] Confirmation code 654321 (Provincial)", false);
        yield return ("sign-in link", MailTemplates.SignInLink("donvi@example.vn", name, new Uri("https://khenthuong.example.vn/signin/xyz"), At), "[Khen thưởng] Liên kết đăng nhập", "[Awards] Sign-in link", true);
    }

    [TestMethod]
    public async Task Every_message_comes_in_the_language_asked_for_and_in_that_one_only()
    {
        var viOnly = LiteralParts(Language.Vi).Except(LiteralParts(Language.En)).ToList();
        var enOnly = LiteralParts(Language.En).Except(LiteralParts(Language.Vi)).ToList();
        Assert.IsGreaterThan(40, Math.Min(viOnly.Count, enOnly.Count), "the texts of each language are told apart by their words");
        foreach (var (kind, draft, subjectVi, subjectEn, _) in Every("Trương Thị Mai", "Thiếu bản tóm tắt thành tích."))
        {
            foreach (var (language, subject, foreign) in new[] { (Language.Vi, subjectVi, enOnly), (Language.En, subjectEn, viOnly) })
            {
                var mail = await draft.RenderAsync(Pages, language);
                var what = $"{kind} in {language}";
                StringAssert.StartsWith(mail.Subject, subject, what);
                Assert.AreEqual(language, mail.Language, what);
                StringAssert.Contains(mail.Html, $"<html lang=\"{language.Code()}\">", what);
                StringAssert.Contains(WebUtility.HtmlDecode(mail.Html), $"<title>{mail.Subject}</title>", what);
                foreach (var part in foreign)
                {
                    Assert.DoesNotContain(part, mail.Subject + mail.Text + WebUtility.HtmlDecode(mail.Html), $"{what}: '{part}' is of the other language");
                }
            }
        }
    }

    [TestMethod]
    public async Task The_language_of_the_request_that_queues_a_message_does_not_leak_into_it()
    {
        // A page in English sends a Vietnamese approver a code; the texts are read in the approver's language.
        var draft = Every("Trương Thị Mai", "Lý do").Single(m => m.Kind == "decision code").Draft;
        var (ui, formatting) = (CultureInfo.CurrentUICulture, CultureInfo.CurrentCulture);
        try
        {
            CultureInfo.CurrentUICulture = CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("en");
            var mail = await draft.RenderAsync(Pages, Language.Vi);
            StringAssert.StartsWith(mail.Subject, "[Khen thưởng] Mã xác nhận");
            StringAssert.Contains(mail.Text, "Kính gửi Trương Thị Mai,");
            StringAssert.Contains(mail.Html, "Kính gửi Trương Thị Mai,");
            Assert.AreEqual("en", CultureInfo.CurrentUICulture.Name, "the caller's culture is put back");
        }
        finally
        {
            CultureInfo.CurrentUICulture = ui;
            CultureInfo.CurrentCulture = formatting;
        }
    }

    [TestMethod]
    public async Task Vietnamese_stays_letters_in_the_html_never_numeric_entities_and_the_html_says_what_the_text_says()
    {
        foreach (var (kind, draft, _, _, _) in Every("Nguyễn Thị Đào", "Thiếu biên bản họp Hội đồng Thi đua – Khen thưởng."))
        {
            foreach (var language in new[] { Language.Vi, Language.En })
            {
                var mail = await draft.RenderAsync(Pages, language);
                var what = $"{kind} in {language}";
                foreach (Match entity in NumericEntity().Matches(mail.Html))
                {
                    Assert.IsTrue(WebUtility.HtmlDecode(entity.Value) is [< '\u0080'], $"{what}: {entity.Value} writes a letter as an entity");
                }

                // With no letter written as an entity, what the decoded HTML shows is what the HTML holds.
                var shown = WebUtility.HtmlDecode(mail.Html);
                foreach (var line in mail.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
                {
                    StringAssert.Contains(shown, line.TrimEnd(':'), what);
                }

                // The sign-in message names nobody in its body: its recipient is only in the header.
                StringAssert.Contains(mail.Html, kind == "sign-in link" ? (language == Language.Vi ? "Đăng nhập" : "Vietnam time") : "Nguyễn Thị Đào", what);
            }
        }
    }

    [TestMethod]
    public async Task A_reason_written_on_several_lines_keeps_its_lines_in_both_parts()
    {
        var draft = Every("Trương Thị Mai", "Thiếu tờ trình.\nThiếu biên bản.").Single(m => m.Kind == "returned").Draft;
        var mail = await draft.RenderAsync(Pages, Language.Vi);
        StringAssert.Contains(mail.Text, "Lý do: Thiếu tờ trình.\nThiếu biên bản.");
        StringAssert.Contains(mail.Html, "Lý do: Thiếu tờ trình.<br>Thiếu biên bản.");
    }

    [TestMethod]
    public async Task Mail_to_a_unit_links_to_the_units_own_pages_never_to_the_json_api()
    {
        Assert.AreEqual("/unit/nominations/n%201", Urls.Nomination("n 1").AbsolutePath);
        foreach (var (kind, draft, _, _, _) in Every("Trương Thị Mai", "Lý do").Where(m => m.ToUnit))
        {
            foreach (var language in new[] { Language.Vi, Language.En })
            {
                var mail = await draft.RenderAsync(Pages, language);
                var what = $"{kind} in {language}";
                var link = LinkIn(mail.Html) ?? throw new AssertFailedException(what + " has no link");
                Assert.IsTrue(link.AbsolutePath == "/unit" || link.AbsolutePath.StartsWith("/unit/nominations/", StringComparison.Ordinal) || link.AbsolutePath.StartsWith("/signin/", StringComparison.Ordinal), $"{what} links to {link}");
                StringAssert.Contains(mail.Text, link.AbsoluteUri, what + ": both parts carry the same link");
                Assert.DoesNotContain("/api/", mail.Text + mail.Html, what);
            }
        }
    }

    [TestMethod]
    public void Every_mail_text_has_an_English_text_with_the_same_places()
    {
        var vietnamese = Entries(CultureInfo.InvariantCulture);
        var english = Entries(CultureInfo.GetCultureInfo("en"));
        Assert.IsGreaterThan(40, vietnamese.Count);
        foreach (var (key, vi) in vietnamese)
        {
            Assert.IsTrue(english.TryGetValue(key, out var en) && !string.IsNullOrWhiteSpace(en), $"MailTexts.{key} has no English text");
            CollectionAssert.AreEquivalent(Places(vi), Places(en), $"MailTexts.{key}: the two languages fill different places");
            if (Place().Replace(vi, string.Empty).Any(char.IsLetter))
            {
                Assert.AreNotEqual(vi, en, $"MailTexts.{key}: the English text is the Vietnamese one");
            }
        }

        CollectionAssert.AreEquivalent(vietnamese.Keys.ToList(), english.Keys.ToList(), "the English file has keys the Vietnamese one lacks");
    }

    [TestMethod]
    public void Every_mail_text_is_used_by_the_mail_code()
    {
        var mailCode = string.Concat(Directory.EnumerateFiles(Path.Combine(RepositoryPaths.Root, "functions", "Awards.Core", "Mail"), "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".razor", StringComparison.Ordinal))
            .Select(File.ReadAllText));
        foreach (var key in Entries(CultureInfo.InvariantCulture).Keys)
        {
            StringAssert.Contains(mailCode, "MailTexts." + key, $"MailTexts.{key} is not used: remove it");
        }
    }

    private static Dictionary<string, string> Entries(CultureInfo culture)
    {
        var manager = new ResourceManager(typeof(MailTexts));
        using var set = manager.GetResourceSet(culture, createIfNotExists: true, tryParents: false) ?? throw new AssertFailedException("No MailTexts for " + culture.Name);
        return set.Cast<DictionaryEntry>().ToDictionary(e => (string)e.Key, e => (string)e.Value!, StringComparer.Ordinal);
    }

    private static List<string> Places(string format) => [.. Place().Matches(format).Select(m => m.Value).Distinct()];

    // The words of one language's texts between their places (long enough to be words, not punctuation).
    private static HashSet<string> LiteralParts(Language language) =>
        [.. Entries(language == Language.En ? CultureInfo.GetCultureInfo("en") : CultureInfo.InvariantCulture).Values
            .SelectMany(text => Place().Split(text))
            .Select(part => part.Trim(' ', '(', ')', '"', ':', ',', '.', ';'))
            .Where(part => part.Length >= 6)];

    private static Uri? LinkIn(string html) => Href().Match(html) is { Success: true } m ? new Uri(WebUtility.HtmlDecode(m.Groups[1].Value)) : null;

    [GeneratedRegex(@"\{\d+\}")]
    private static partial Regex Place();

    [GeneratedRegex(@"&#(x[0-9A-Fa-f]+|\d+);")]
    private static partial Regex NumericEntity();

    [GeneratedRegex("<a href=\"([^\"]+)\"")]
    private static partial Regex Href();
}
