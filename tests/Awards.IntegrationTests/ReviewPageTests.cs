using System.Text.Json.Nodes;
using Awards.Domain;
using Awards.Testing;
using Microsoft.Playwright;

namespace Awards.IntegrationTests;

/// <summary>
/// The approver's review page in a browser: documents read inside the page (each opening logged),
/// the nominee's earlier decisions and due date, a confirmation before a return or a reject (and
/// then the mailed code where the campaign asks for one), a phone-sized screen, the keyboard alone,
/// accessibility and the English switch.
/// </summary>
[TestClass]
public sealed class ReviewPageTests
{
    private const string Nominee = "Lê Thị Thanh Hương";

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task An_approver_reads_a_pdf_in_the_page_sees_the_earlier_decision_and_returns_the_nominee_after_confirming()
    {
        using var s = await Scenario.StartAsync("rv-pdf");
        var id = await s.SubmitNewAsync(NomineeKind.Individual, Nominee);
        const string provincialReason = "Hồ sơ đầy đủ, thành tích tiêu biểu của tỉnh.";
        using (var approved = await s.DecideAsync(await s.ReviewLinkAsync("provincial", Nominee), "approve", provincialReason))
        {
            Assert.AreEqual(System.Net.HttpStatusCode.SeeOther, approved.StatusCode, await approved.Content.ReadAsStringAsync());
        }

        var link = await s.ReviewLinkAsync("ministry", Nominee);
        var ministry = TestCampaigns.ApproverOf(s.Campaign, "ministry");
        await PageChecks.RunAsync(TestContext, async page =>
        {
            await page.GotoAsync(link.AbsoluteUri);
            var box = page.Locator($"fieldset[data-nomination='{id}']");
            Assert.AreEqual(Nominee, (await box.Locator(".nominee-name").InnerTextAsync()).Trim());

            // The due date is in the nominee's first lines; the provincial decision is there with its reason.
            var due = (await s.Nominator.GetNominationAsync(id)).Nomination.DueAt!.Value;
            Assert.AreEqual($"Hạn thẩm định: {VietnameseText.FormatInstant(due)}", (await box.Locator("p.due strong").InnerTextAsync()).Trim());
            var history = await box.Locator("table.history").InnerTextAsync();
            StringAssert.Contains(history, "Cấp tỉnh", "the earlier stage");
            StringAssert.Contains(history, "phê duyệt", "its decision");
            StringAssert.Contains(history, provincialReason, "and its reason");
            await PageChecks.AssertAccessibleAsync(page, "review form");
            Assert.IsEmpty(await ReadsAsync(s, id), "showing the page opens no document");

            // "View here": the frame named viewer shows the PDF itself, through the logged read route.
            var pdf = await page.RunAndWaitForResponseAsync(
                () => box.Locator("a.view").First.ClickAsync(),
                r => r.Request.Frame.Name == "viewer" && r.Status == 200);
            Assert.AreEqual("application/pdf", pdf.Headers["content-type"], "the frame's document is the PDF");
            StringAssert.StartsWith(pdf.Headers["content-disposition"], "inline;", "shown in place, not downloaded");
            var reads = await ReadsAsync(s, id);
            Assert.HasCount(1, reads, "one click, one logged read");
            Assert.AreEqual(ministry, reads[0]["viewer"]!.GetValue<string>());
            Assert.AreEqual(link.AbsoluteUri, page.Url, "the review page stays where it was");

            // A return asks for confirmation first, listing exactly what goes back and why.
            const string reason = "Báo cáo thành tích chưa có xác nhận của Thủ trưởng đơn vị; đề nghị bổ sung.";
            await box.Locator("input[value=return]").CheckAsync();
            await box.Locator("textarea").FillAsync(reason);
            var before = await s.SnapshotAsync(id);
            await page.Locator("button[value=decide]").ClickAsync();
            await page.Locator("#confirm").WaitForAsync();
            var rows = page.Locator("table.confirm-list tbody tr");
            Assert.AreEqual(1, await rows.CountAsync());
            StringAssert.Contains(await rows.InnerTextAsync(), Nominee);
            StringAssert.Contains(await rows.InnerTextAsync(), reason);
            Assert.AreEqual(before, await s.SnapshotAsync(id), "the confirmation page decides nothing");
            await PageChecks.AssertAccessibleAsync(page, "confirmation page");

            await page.Locator("#confirm").ClickAsync();
            await page.Locator("#decided").WaitForAsync();
            StringAssert.Contains(await page.Locator("table.decisions").InnerTextAsync(), "trả lại để bổ sung");
            await PageChecks.AssertAccessibleAsync(page, "decided page");
        });

        var returned = await s.Nominator.WaitForAsync(id, v => v.Nomination.Status == NominationStatus.Returned, "returned");
        Assert.AreEqual("Báo cáo thành tích chưa có xác nhận của Thủ trưởng đơn vị; đề nghị bổ sung.", returned.Nomination.LastReason);
    }

    [TestMethod]
    public async Task Going_back_from_the_confirmation_keeps_the_choices_and_decides_nothing()
    {
        using var s = await Scenario.StartAsync("rv-back");
        var (id, link) = await AtProvincialAsync(s);
        await PageChecks.RunAsync(TestContext, async page =>
        {
            await page.GotoAsync(link.AbsoluteUri);
            const string reason = "Thành tích chưa nổi bật so với tiêu chuẩn.";
            await page.Locator("input[value=reject]").CheckAsync();
            await page.Locator("textarea[name^='reason.']").FillAsync(reason);
            var before = await s.SnapshotAsync(id);
            await page.Locator("button[value=decide]").ClickAsync();
            await page.Locator("#revise").ClickAsync();
            await page.Locator("button[value=decide]").WaitForAsync();
            Assert.IsTrue(await page.Locator("input[value=reject]").IsCheckedAsync(), "the choice is kept");
            Assert.AreEqual(reason, await page.Locator("textarea[name^='reason.']").InputValueAsync(), "and the reason");
            Assert.AreEqual(before, await s.SnapshotAsync(id), "nothing was decided");

            // A reject without a reason is refused beside the field, which says so to assistive technology.
            await page.Locator("textarea[name^='reason.']").FillAsync(string.Empty);
            await page.Locator("button[value=decide]").ClickAsync();
            await page.Locator("#errors").WaitForAsync();
            var field = page.Locator("textarea[name^='reason.']");
            Assert.AreEqual("true", await field.GetAttributeAsync("aria-invalid"));
            var described = await field.GetAttributeAsync("aria-describedby");
            StringAssert.Contains(await page.Locator($"[id='{described}']").InnerTextAsync(), "phải ghi rõ lý do");
            await PageChecks.AssertAccessibleAsync(page, "review form with an error");
            Assert.AreEqual(before, await s.SnapshotAsync(id), "nothing was decided");
        });
    }

    [TestMethod]
    public async Task The_review_page_is_readable_on_a_375_pixel_screen_without_scrolling_sideways()
    {
        using var s = await Scenario.StartAsync("rv-phone");
        const string longName = "Tập thể Phòng Cảnh sát Quản lý hành chính về trật tự xã hội Công an tỉnh Phú Yên";
        var id = await s.SubmitNewAsync(NomineeKind.Collective, longName);
        using (var approved = await s.DecideAsync(await s.ReviewLinkAsync("provincial", longName), "approve", "Đủ điều kiện; đề nghị Bộ Công an xem xét, trình Ủy ban Trung ương MTTQ Việt Nam tặng Bằng khen."))
        {
            Assert.AreEqual(System.Net.HttpStatusCode.SeeOther, approved.StatusCode, await approved.Content.ReadAsStringAsync());
        }

        var link = await s.ReviewLinkAsync("ministry", longName);
        await PageChecks.RunAsync(TestContext, async page =>
        {
            await page.SetViewportSizeAsync(375, 740);
            await page.GotoAsync(link.AbsoluteUri);
            await page.Locator($"fieldset[data-nomination='{id}'] table.history").WaitForAsync();
            Assert.IsLessThanOrEqualTo(375, await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth"), "the form does not scroll sideways");
            var button = await page.Locator("button[value=decide]").BoundingBoxAsync();
            var form = await page.Locator("form#decide").BoundingBoxAsync();
            Assert.IsGreaterThan(form!.Width - 40, button!.Width, "buttons take the whole width on a narrow screen");

            await page.Locator("input[value=return]").CheckAsync();
            await page.Locator("textarea[name^='reason.']").FillAsync("Đề nghị bổ sung biên bản họp Hội đồng Thi đua – Khen thưởng có đủ chữ ký của các thành viên dự họp.");
            await page.Locator("button[value=decide]").ClickAsync();
            await page.Locator("#confirm").WaitForAsync();
            Assert.IsLessThanOrEqualTo(375, await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth"), "the confirmation does not scroll sideways");

            // Back on the form, stacked above the nominees, the viewer stays folded until a document is opened, then shows it.
            await page.GoBackAsync();
            await page.Locator("a.view").First.WaitForAsync();
            Assert.IsFalse(await page.Locator("iframe#viewer").IsVisibleAsync(), "no empty frame pushes the nominees down");
            await page.RunAndWaitForResponseAsync(() => page.Locator("a.view").First.ClickAsync(), r => r.Request.Frame.Name == "viewer" && r.Status == 200);
            Assert.IsTrue(await page.Locator("iframe#viewer").IsVisibleAsync(), "the opened document is shown");
            Assert.IsLessThanOrEqualTo(375, await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth"), "nor with a document open");
        });
    }

    [TestMethod]
    public async Task An_approver_decides_with_the_keyboard_alone()
    {
        using var s = await Scenario.StartAsync("rv-keys");
        var (id, link) = await AtProvincialAsync(s);
        await PageChecks.RunAsync(TestContext, async page =>
        {
            await page.GotoAsync(link.AbsoluteUri);
            for (var i = 0; i < 60 && await page.EvaluateAsync<string>("() => document.activeElement.type ?? ''") != "radio"; i++)
            {
                await page.Keyboard.PressAsync("Tab");
            }

            Assert.AreEqual("radio", await page.EvaluateAsync<string>("() => document.activeElement.type ?? ''"), "Tab reaches the decision");
            Assert.AreNotEqual("none", await page.EvaluateAsync<string>("() => getComputedStyle(document.activeElement).outlineStyle"), "the focused choice shows its focus");
            await page.Keyboard.PressAsync("Space");
            Assert.IsTrue(await page.Locator("input[value=approve]").IsCheckedAsync(), "Space chooses it");
            await page.Keyboard.PressAsync("Tab");
            Assert.AreEqual($"reason.{id}", await page.EvaluateAsync<string>("() => document.activeElement.name"), "the next Tab reaches the reason");
            await page.Keyboard.TypeAsync("Đồng ý, hồ sơ đầy đủ.");
            await page.Keyboard.PressAsync("Tab");
            Assert.AreEqual("decide", await page.EvaluateAsync<string>("() => document.activeElement.value"), "and then the submit button");
            await page.Keyboard.PressAsync("Enter");
            await page.Locator("#decided").WaitForAsync();
        });

        var view = await s.Nominator.WaitForAsync(id, v => v.Nomination.CurrentStage == "ministry", "at the ministry");
        Assert.AreEqual("Đồng ý, hồ sơ đầy đủ.", view.History.Single(h => h.Action == AuditActions.Approved).Reason);
    }

    [TestMethod]
    public async Task With_a_code_campaign_a_reject_is_confirmed_then_coded_and_the_code_and_refusal_pages_are_accessible()
    {
        using var s = await Scenario.StartAsync("rv-code", c => c with { ConfirmDecisionsByCode = true });
        var (id, link) = await AtProvincialAsync(s);
        var approver = TestCampaigns.ApproverOf(s.Campaign, "provincial");
        await PageChecks.RunAsync(TestContext, async page =>
        {
            await page.GotoAsync(link.AbsoluteUri);
            await page.Locator("input[value=reject]").CheckAsync();
            await page.Locator("textarea[name^='reason.']").FillAsync("Thành tích đã được khen thưởng năm 2018.");
            var before = await s.SnapshotAsync(id);
            await page.Locator("button[value=decide]").ClickAsync();

            // Confirmation first (no code is asked for yet)…
            await page.Locator("#confirm").ClickAsync();

            // …then the code, mailed to the approver.
            await page.Locator("#code-sent").WaitForAsync();
            StringAssert.Contains(await page.Locator("table.to-confirm").InnerTextAsync(), "không đủ điều kiện");
            Assert.AreEqual(before, await s.SnapshotAsync(id), "nothing decided before the code");
            await PageChecks.AssertAccessibleAsync(page, "code page");
            var code = await CodeAsync(approver);
            await page.Locator("#code").FillAsync(code == "000000" ? "111111" : "000000");
            await page.Locator("#confirm-code").ClickAsync();
            await page.Locator("#code-error").WaitForAsync();
            Assert.AreEqual("true", await page.Locator("#code").GetAttributeAsync("aria-invalid"));
            await PageChecks.AssertAccessibleAsync(page, "code page with a wrong code");
            await page.Locator("#code").FillAsync(code);
            await page.Locator("#confirm-code").ClickAsync();
            await page.Locator("#decided").WaitForAsync();

            // A link that was altered: a refusal page, also accessible.
            var altered = link.AbsoluteUri[..^3] + (link.AbsoluteUri[^3] == 'A' ? 'B' : 'A') + link.AbsoluteUri[^2..];
            var refused = await page.GotoAsync(altered);
            Assert.AreEqual(400, refused!.Status);
            await page.Locator("#refused").WaitForAsync();
            await PageChecks.AssertAccessibleAsync(page, "refusal page");
        });

        var view = await s.Nominator.WaitForAsync(id, v => v.Nomination.Status == NominationStatus.Rejected, "rejected");
        StringAssert.Contains(view.History.Single(h => h.Action == AuditActions.Rejected).Detail, "confirmed with a one-time code");
    }

    [TestMethod]
    public async Task The_review_page_switches_to_English_and_comes_back_to_the_same_link()
    {
        using var s = await Scenario.StartAsync("rv-english");
        var (_, link) = await AtProvincialAsync(s);
        await PageChecks.RunAsync(TestContext, async page =>
        {
            await page.GotoAsync(link.AbsoluteUri);
            await PageChecks.AssertEnglishSwitchAsync(page, "review page");
            Assert.AreEqual(link.AbsoluteUri, page.Url, "the switch comes back to the link's own page");
            Assert.AreEqual("Provincial", await page.EvaluateAsync<string>("() => document.querySelector('.stage-line').textContent.match(/Stage: (.+?) —/)[1]"), "the campaign's own names follow the language");
            Assert.AreEqual("Approve", (await page.Locator("label[for$='-approve']").InnerTextAsync()).Trim());
            await PageChecks.AssertAccessibleAsync(page, "review page (English)");
            await PageChecks.BackToVietnameseAsync(page);
            Assert.AreEqual(link.AbsoluteUri, page.Url);
        });
    }

    // One individual nominee, submitted: its id and the provincial approver's emailed link.
    private static async Task<(string Id, Uri Link)> AtProvincialAsync(Scenario s)
    {
        var id = await s.SubmitNewAsync(NomineeKind.Individual, Nominee);
        return (id, await s.ReviewLinkAsync("provincial", Nominee));
    }

    private static async Task<List<JsonNode>> ReadsAsync(Scenario s, string nominationId)
    {
        using var response = await s.Organiser.Http.GetAsync(new Uri($"api/nominations/{nominationId}/document-reads", UriKind.Relative));
        await AwardsClient.EnsureAsync(response);
        return [.. JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsArray().OfType<JsonNode>()];
    }

    private static async Task<string> CodeAsync(string approver)
    {
        var mail = await Scenario.Mail.WaitForAsync(approver, m => (m.Subject ?? string.Empty).Contains("Mã xác nhận", StringComparison.Ordinal), "confirmation code");
        return System.Text.RegularExpressions.Regex.Match(mail.TextBody ?? string.Empty, @"\b[0-9]{6}\b").Value;
    }
}
