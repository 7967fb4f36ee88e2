using System.Net;
using System.Text.RegularExpressions;
using Awards.Domain;
using Awards.Security;
using Awards.Testing;
using MimeKit;

namespace Awards.IntegrationTests;

/// <summary>A campaign that asks approvers to confirm with a one-time code mailed to them: a forwarded link alone decides nothing.</summary>
[TestClass]
public sealed partial class DecisionCodeTests
{
    [TestMethod]
    public async Task An_approver_confirms_a_decision_in_the_browser_with_the_code_mailed_to_them_and_the_audit_says_so()
    {
        using var s = await Scenario.StartAsync("code", c => c with { ConfirmDecisionsByCode = true });
        const string nominee = "Đặng Văn Mã";
        var id = await s.SubmitNewAsync(NomineeKind.Individual, nominee);
        var link = await s.ReviewLinkAsync("provincial", nominee);
        var approver = TestCampaigns.ApproverOf(s.Campaign, "provincial");
        var before = await s.SnapshotAsync(id);

        var (context, page) = await Browser.NewPageAsync();
        await using (context)
        {
            await page.GotoAsync(link.AbsoluteUri);
            await page.Locator("input[value=approve]").CheckAsync();
            await page.Locator("button[value=decide]").ClickAsync();
            await page.Locator("#code-sent").WaitForAsync();
            StringAssert.Contains(await page.Locator("table.to-confirm").InnerTextAsync(), nominee, "the page says what the code confirms");
            Assert.AreEqual(before, await s.SnapshotAsync(id), "asking for a code decides nothing");

            var code = CodeIn(await WaitForCodeMailAsync(approver, 1));
            await page.Locator("#code").FillAsync(code);
            await page.GetByRole(Microsoft.Playwright.AriaRole.Button, new() { Name = "Xác nhận", Exact = true }).ClickAsync();
            await page.Locator("#decided").WaitForAsync();
        }

        await s.ReviewLinkAsync("ministry", nominee);
        var view = await s.Nominator.GetNominationAsync(id);
        var approved = view.History.Single(h => h.Action == AuditActions.Approved);
        StringAssert.Contains(approved.Detail, "confirmed with a one-time code");
    }

    [TestMethod]
    public async Task Wrong_codes_other_choices_and_a_used_code_change_nothing_and_say_why()
    {
        using var s = await Scenario.StartAsync("code-bad", c => c with { ConfirmDecisionsByCode = true });
        const string nominee = "Vũ Thị Sai";
        var id = await s.SubmitNewAsync(NomineeKind.Individual, nominee);
        var link = await s.ReviewLinkAsync("provincial", nominee);
        var approver = TestCampaigns.ApproverOf(s.Campaign, "provincial");
        var before = await s.SnapshotAsync(id);

        // Whoever holds the link (forwarded, say) asks: the code goes to the approver's address, not to them.
        using (var asked = await PostAsync(s, link, ("decision", "approve")))
        {
            Assert.AreEqual(HttpStatusCode.OK, asked.StatusCode);
            var html = await asked.Content.ReadAsStringAsync();
            StringAssert.Contains(html, approver);
            Assert.IsFalse(SixDigits().IsMatch(Regex.Replace(html, "<[^>]+>", " ")), "the page never shows the code");
        }

        var code = CodeIn(await WaitForCodeMailAsync(approver, 1));
        var wrong = code == "000000" ? "111111" : "000000";
        using (var guessed = await PostAsync(s, link, ("decision", "approve"), ("code", wrong)))
        {
            Assert.AreEqual(HttpStatusCode.BadRequest, guessed.StatusCode);
            StringAssert.Contains(await guessed.Content.ReadAsStringAsync(), $"Còn {DecisionCodes.MaxTries - 1} lần thử");
        }

        // The right code cannot confirm other choices than those it was sent for (a reject,
        // posted as its confirmation page would: confirmed first, then the code).
        using (var swapped = await PostAsync(s, link, ("decision", "reject"), ("reason", "Không đủ điều kiện."), ("confirmed", "1"), ("code", code)))
        {
            Assert.AreEqual(HttpStatusCode.BadRequest, swapped.StatusCode);
            StringAssert.Contains(await swapped.Content.ReadAsStringAsync(), "các lựa chọn khác");
        }

        Assert.AreEqual(before, await s.SnapshotAsync(id), "nothing decided by a wrong code or other choices");

        using (var confirmed = await PostAsync(s, link, ("decision", "approve"), ("code", code)))
        {
            Assert.AreEqual(HttpStatusCode.SeeOther, confirmed.StatusCode);
        }

        // Used once: the same code again finds the nominee decided.
        using (var again = await PostAsync(s, link, ("decision", "approve"), ("code", code)))
        {
            Assert.AreEqual(HttpStatusCode.Conflict, again.StatusCode);
        }

        var ministryLink = await s.ReviewLinkAsync("ministry", nominee);
        var ministry = TestCampaigns.ApproverOf(s.Campaign, "ministry");

        // Too many wrong codes drop the waiting decision; its real code then confirms nothing.
        using (var asked = await PostAsync(s, ministryLink, ("decision", "approve")))
        {
            Assert.AreEqual(HttpStatusCode.OK, asked.StatusCode);
        }

        var ministryCode = CodeIn(await WaitForCodeMailAsync(ministry, 1));
        var ministryWrong = ministryCode == "000000" ? "111111" : "000000";
        for (var i = 1; i <= DecisionCodes.MaxTries; i++)
        {
            using var guessed = await PostAsync(s, ministryLink, ("decision", "approve"), ("code", ministryWrong));
            Assert.AreEqual(HttpStatusCode.BadRequest, guessed.StatusCode);
        }

        using (var late = await PostAsync(s, ministryLink, ("decision", "approve"), ("code", ministryCode)))
        {
            Assert.AreEqual(HttpStatusCode.BadRequest, late.StatusCode);
            StringAssert.Contains(await late.Content.ReadAsStringAsync(), "Không có mã nào đang chờ");
        }

        // Codes to one address are capped: whoever holds a forwarded link cannot flood the approver's mailbox.
        for (var i = 2; i <= SignInStore.MaxLinksPerWindow; i++)
        {
            using var asked = await PostAsync(s, ministryLink, ("decision", "approve"));
            Assert.AreEqual(HttpStatusCode.OK, asked.StatusCode);
        }

        using (var flooded = await PostAsync(s, ministryLink, ("decision", "approve")))
        {
            Assert.AreEqual(HttpStatusCode.TooManyRequests, flooded.StatusCode);
            StringAssert.Contains(await flooded.Content.ReadAsStringAsync(), "Đã gửi quá nhiều mã");
        }

        await WaitForCodeMailAsync(ministry, SignInStore.MaxLinksPerWindow);
        await Task.Delay(1000);
        Assert.HasCount(SignInStore.MaxLinksPerWindow, Scenario.Mail.To(ministry).Where(m => (m.Subject ?? string.Empty).Contains("Mã xác nhận", StringComparison.Ordinal)), "no code mail beyond the cap");

        var view = await s.Nominator.GetNominationAsync(id);
        Assert.AreEqual("ministry", view.Nomination.CurrentStage, "still awaiting the ministry");
        Assert.AreEqual(NominationStatus.InReview, view.Nomination.Status);
    }

    [TestMethod]
    public async Task Delegation_also_needs_the_code_so_a_forwarded_link_cannot_hand_the_decision_to_its_holder()
    {
        using var s = await Scenario.StartAsync("code-deleg", c => c with { ConfirmDecisionsByCode = true });
        const string nominee = "Hoàng Văn Chuyển";
        await s.SubmitNewAsync(NomineeKind.Individual, nominee);
        var link = await s.ReviewLinkAsync("provincial", nominee);
        var approver = TestCampaigns.ApproverOf(s.Campaign, "provincial");
        var colleague = TestCampaigns.Address("dong-nghiep", s.Campaign.Id);
        var delegateUrl = new Uri(link.AbsoluteUri + "/delegate");
        (string, string)[] fields = [("email", colleague), ("name", "Trần Văn Đồng"), ("note", "Nhờ anh xem giúp.")];

        using (var asked = await PostAsync(s, delegateUrl, fields))
        {
            Assert.AreEqual(HttpStatusCode.OK, asked.StatusCode);
        }

        Assert.IsEmpty(Scenario.Mail.To(colleague), "no link for the colleague before the code");
        var code = CodeIn(await WaitForCodeMailAsync(approver, 1));
        using (var confirmed = await PostAsync(s, delegateUrl, [.. fields, ("code", code)]))
        {
            Assert.AreEqual(HttpStatusCode.OK, confirmed.StatusCode);
            StringAssert.Contains(await confirmed.Content.ReadAsStringAsync(), "id=\"delegated\"");
        }

        var handed = await Scenario.Mail.WaitForAsync(colleague);
        Assert.IsTrue(MailCatcher.HasReviewLink(handed), "the colleague gets a link of their own");
    }

    private static async Task<HttpResponseMessage> PostAsync(Scenario s, Uri url, params (string Name, string Value)[] fields)
    {
        using var anonymous = s.Organiser.As(null);
        return await ReviewForm.PostAsync(anonymous.Http, url, fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)));
    }

    private static async Task<MimeMessage> WaitForCodeMailAsync(string approver, int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var codes = Scenario.Mail.To(approver).Where(m => (m.Subject ?? string.Empty).Contains("Mã xác nhận", StringComparison.Ordinal)).ToList();
            if (codes.Count >= count)
            {
                return codes[count - 1];
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"No code #{count} reached {approver}.");
            }

            await Task.Delay(100);
        }
    }

    private static string CodeIn(MimeMessage message) => SixDigits().Match(message.TextBody ?? string.Empty).Value;

    [GeneratedRegex(@"\b[0-9]{6}\b")]
    private static partial Regex SixDigits();
}
