using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Awards.Domain;
using Awards.Testing;
using Awards.Web;
using Microsoft.Playwright;
using MimeKit;

namespace Awards.IntegrationTests;

/// <summary>
/// Issue 11's end-to-end journey, in Chromium against the shared runner: an organiser signs in by
/// the emailed link, creates a campaign from the sample, invites a unit (which signs in from its
/// own mail in a second browser), watches the unit's proposal move through the three stages on
/// the dashboard, reminds an overdue stage again, finds a nominee typed without diacritics, issues
/// a decision with the previewed number, downloads its certificates and the XLSX list, revokes one
/// award and sees the counts change. The tabs' own tests check each page in depth; this one checks
/// that they make one campaign together.
/// </summary>
[TestClass]
public sealed partial class ConsoleJourneyTests
{
    private const string Duc = "Đặng Văn Đức";
    private const string Team = "Phòng Cảnh sát hình sự";

    // Waits on the workflow and the mail of a loaded two-core machine: generous, and only ever the limit of a poll.
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task An_organiser_runs_a_campaign_from_the_sample_to_revoking_an_award_in_the_console()
    {
        using var bootstrap = TestHost.Organiser();
        var tag = Guid.NewGuid().ToString("N")[..10];
        var email = TestCampaigns.Address("journey-organiser", tag);
        using var organiser = bootstrap.As(await IssueOrganiserKeyAsync(bootstrap, email));
        var id = "j-" + tag;
        var unitEmail = TestCampaigns.Address("journey-unit", tag);
        var unitName = $"Công an huyện Tuy An ({id})";

        // The approvers this test gives the campaign (the sample's addresses are shared by every campaign made from it).
        var approvers = new Dictionary<string, string>
        {
            ["provincial"] = TestCampaigns.Address("journey-tinh-py", tag),
            ["ministry"] = TestCampaigns.Address("journey-bo", tag),
            ["front"] = TestCampaigns.Address("journey-mttq", tag),
        };

        string? ducId = null;
        await PageChecks.RunAsync(TestContext, async page =>
        {
            // 1. The organiser signs in by the emailed link (an organiser with no campaign yet lands on the console).
            await BrowserSignIn.SignInAsync(page, email);
            Assert.AreEqual("/organise", new Uri(page.Url).AbsolutePath);

            // 2. A campaign from the sample, with an id of its own.
            await page.Locator("#new-campaign").ClickAsync();
            await page.Locator("#id").WaitForAsync();
            await page.Locator("#id").FillAsync(id);
            await page.Locator("#name").FillAsync("Sơ kết 5 năm — hành trình của ban tổ chức");
            await page.Locator("#create").ClickAsync();
            await page.Locator("#notice").WaitForAsync();
            Assert.AreEqual($"/organise/campaigns/{id}/settings", new Uri(page.Url).AbsolutePath);

            // The console's home now lists it, to this organiser, in either language.
            await page.GotoAsync(Url("organise"));
            StringAssert.Contains(await page.Locator("table#campaigns").InnerTextAsync(), "Sơ kết 5 năm — hành trình của ban tổ chức");
            await PageChecks.AssertAccessibleAsync(page, "console home");
            await PageChecks.AssertEnglishSwitchAsync(page, "console home");
            await PageChecks.BackToVietnameseAsync(page);
            await page.GotoAsync(Url($"organise/campaigns/{id}/settings"));

            // Then its configuration, downloaded and uploaded again through the settings tab, edited:
            // THE TEST'S CLOCK — working days of two seconds (calendar.workingDayLength, test-only) and a
            // provincial deadline of one working day, so the provincial stage falls overdue while the test
            // watches; no scheduled reminders (the only reminder the approver gets is the organiser's);
            // approvers and decision registers of this campaign's own, so no other campaign made from the
            // sample shares its mail or its decision numbers.
            var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("#download").ClickAsync());
            var sample = JsonSerializer.Deserialize<Campaign>(await File.ReadAllTextAsync((await download.PathAsync())!), AwardsJson.Options)!;
            Assert.AreEqual(id, sample.Id);
            var configured = sample with
            {
                Calendar = (sample.Calendar ?? new CalendarSettings()) with { WorkingDayLength = TimeSpan.FromSeconds(2) },
                Stages =
                [
                    .. sample.Stages.Select(st => st with
                    {
                        DeadlineWorkingDays = st.Code == "provincial" ? 1 : st.DeadlineWorkingDays,
                        RemindAt = [],
                        Approvers = st.Scope == ApproverScope.ByProvince ? st.Approvers : [new(approvers[st.Code], st.Approvers[0].Name)],
                        ApproversByProvince = st.Scope == ApproverScope.ByProvince
                            ? st.ApproversByProvince.ToDictionary(p => p.Key, p => new List<Approver> { new(p.Key == "PY" ? approvers[st.Code] : TestCampaigns.Address("journey-tinh-" + p.Key.ToLowerInvariant(), tag), p.Value[0].Name) })
                            : st.ApproversByProvince,
                    }),
                ],
                AwardingBodies = [.. sample.AwardingBodies.Select(b => b with { Code = $"{b.Code}-{tag[..6].ToUpperInvariant()}" })],
            };
            await page.Locator("#file").SetInputFilesAsync(new FilePayload { Name = "cau-hinh.json", MimeType = "application/json", Buffer = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(configured, AwardsJson.Options)) });
            await page.Locator("#upload-button").ClickAsync();
            await page.Locator("#version-2").WaitForAsync();
            var campaign = await GetCampaignAsync(organiser, id);
            Assert.AreEqual(TimeSpan.FromSeconds(2), campaign.Calendar?.WorkingDayLength);
            Assert.AreEqual(1, campaign.FindStage("provincial")!.DeadlineWorkingDays);
            Assert.AreEqual(approvers["provincial"], TestCampaigns.ApproverOf(campaign, "provincial"));

            // 3. A unit invited on the units tab signs in from its mail, in a browser of its own.
            await page.GotoAsync(Url($"organise/campaigns/{id}/units"));
            await page.Locator("#unit-name").FillAsync(unitName);
            await page.Locator("#province").SelectOptionAsync("PY");
            await page.Locator("#email").FillAsync(unitEmail);
            await page.Locator("#invite-button").ClickAsync();
            await page.Locator("#done").WaitForAsync();
            StringAssert.Contains(await page.Locator("#units-table tr", new() { HasText = unitName }).InnerTextAsync(), unitEmail);

            string proposalId, duc, team;
            var dashboard = Url($"organise/campaigns/{id}");
            var (unitContext, unitPage) = await Browser.NewPageAsync();
            await using (unitContext)
            {
                var invitation = await Scenario.Mail.WaitForAsync(unitEmail, timeout: Patience);
                await unitPage.GotoAsync(SignInTests.SignInLink(invitation).AbsoluteUri);
                await unitPage.Locator("main").GetByRole(AriaRole.Button, new() { Name = "Đăng nhập", Exact = true }).ClickAsync();
                await unitPage.Locator("#unit").WaitForAsync();
                Assert.AreEqual(unitName, (await unitPage.Locator("#unit").InnerTextAsync()).Trim());

                // The unit's session opens no organiser page: a page that says so, itself accessible.
                var landing = unitPage.Url;
                Assert.AreEqual(403, (await unitPage.GotoAsync(dashboard))!.Status);
                await PageChecks.AssertAccessibleAsync(unitPage, "the console refusing a unit");
                await unitPage.GotoAsync(landing);

                // 4. The unit's proposal, all in its browser workspace: the cover documents, two nominees by the
                // form, each nominee's achievement report on the nominee's page, then Submit.
                (proposalId, var nominees) = await ProposeAsync(unitPage, id);
                duc = ducId = nominees[Duc];
                team = nominees[Team];

                // 5. The organiser watches: two drafts, not yet in review.
                await page.GotoAsync(dashboard);
                await ShowsAsync(page, "#status-table tr[data-status=draft] td", "2");
                Assert.AreEqual("0", await CellAsync(page, "#status-table tr[data-status=in-review] td"));
                Assert.AreEqual("2", await CellAsync(page, "#status-table tr[data-status=total] td"));

                await SubmitAsync(unitPage, proposalId);
            }

            // The provincial stage opens for both: the counts move from draft to in review.
            await organiser.WaitForAsync(duc, v => v.Nomination.Status == NominationStatus.InReview && v.Nomination.CurrentStage == "provincial" && v.Nomination.Round > 0, "in review at the provincial stage", Patience);
            await organiser.WaitForAsync(team, v => v.Nomination.Status == NominationStatus.InReview && v.Nomination.CurrentStage == "provincial" && v.Nomination.Round > 0, "in review at the provincial stage", Patience);
            await ShowsAsync(page, "#status-table tr[data-status=in-review] td", "2");
            Assert.AreEqual("0", await CellAsync(page, "#status-table tr[data-status=draft] td"));
            Assert.AreEqual("2", await StageCellAsync(page, "provincial", Waiting));

            // One working day (two seconds) later the stage is overdue: the dashboard lists it with its approver.
            await ShowsAsync(page, $"#stages-table tr[data-stage=provincial] td >> nth={Overdue}", "2");
            var overdue = page.Locator($"#overdue-table tr[data-nomination={duc}]");
            StringAssert.Contains(await overdue.InnerTextAsync(), approvers["provincial"]);
            Assert.AreEqual("2", await CellAsync(page, "#status-table tr[data-status=overdue] td"));

            // "Remind again": the provincial approver receives the reminder, with the stage's review link.
            var provincialApprover = approvers["provincial"];
            var request = await ReviewLinkAsync(provincialApprover, proposalId);
            var before = Scenario.Mail.To(provincialApprover).Count;
            await page.GetByRole(AriaRole.Button, new() { Name = $"Nhắc lại người thẩm định của {Duc}" }).ClickAsync();
            await page.Locator("#reminded").WaitForAsync();
            StringAssert.Contains(await page.Locator("#reminded").InnerTextAsync(), provincialApprover);
            var reminder = await Scenario.Mail.WaitForAsync(provincialApprover, m => (m.Subject ?? string.Empty).Contains("Nhắc", StringComparison.Ordinal), "the organiser's reminder", before, Patience);
            // Its link is the stage's review link for this proposal (signed afresh, so compared by what it opens).
            var reminded = MailCatcher.ReviewLink(reminder);
            Assert.AreEqual(proposalId, MailCatcher.ProposalOf(reminded));
            Assert.AreEqual("provincial", LinkPayload(reminded)["stage"]!.GetValue<string>());
            Assert.AreEqual(provincialApprover, LinkPayload(reminded)["approverEmail"]!.GetValue<string>());

            // Each stage's approver decides through the emailed link; the dashboard follows the proposal.
            await ApproveAsync(request);
            await organiser.WaitForAsync(duc, v => v.Nomination.CurrentStage == "ministry" && v.Nomination.Round > 0, "at the ministry", Patience);
            await organiser.WaitForAsync(team, v => v.Nomination.CurrentStage == "ministry" && v.Nomination.Round > 0, "at the ministry", Patience);
            await ShowsAsync(page, $"#stages-table tr[data-stage=ministry] td >> nth={Waiting}", "2");
            Assert.AreEqual("0", await StageCellAsync(page, "provincial", Waiting));
            Assert.AreEqual("2", await StageCellAsync(page, "provincial", Completed));

            await ApproveAsync(await ReviewLinkAsync(approvers["ministry"], proposalId));
            await organiser.WaitForAsync(duc, v => v.Nomination.CurrentStage == "front" && v.Nomination.Round > 0, "at the front", Patience);
            await organiser.WaitForAsync(team, v => v.Nomination.CurrentStage == "front" && v.Nomination.Round > 0, "at the front", Patience);
            await ShowsAsync(page, $"#stages-table tr[data-stage=front] td >> nth={Waiting}", "2");
            Assert.AreEqual("0", await StageCellAsync(page, "ministry", Waiting));
            Assert.AreEqual("2", await StageCellAsync(page, "ministry", Completed));

            await ApproveAsync(await ReviewLinkAsync(approvers["front"], proposalId));
            await organiser.WaitForAsync(duc, v => v.Nomination.Status == NominationStatus.Awarded, "awarded", Patience);
            await organiser.WaitForAsync(team, v => v.Nomination.Status == NominationStatus.Awarded, "awarded", Patience);
            await ShowsAsync(page, "#status-table tr[data-status=awarded] td", "2");
            Assert.AreEqual("0", await CellAsync(page, "#status-table tr[data-status=in-review] td"));
            Assert.AreEqual("2", await StageCellAsync(page, "front", Completed));
            Assert.AreEqual(1, await page.Locator("#no-overdue").CountAsync(), "nothing is overdue once every stage decided");

            // 6. The nominations tab finds Đặng Văn Đức typed without diacritics and with a plain d.
            await page.GotoAsync(Url($"organise/campaigns/{id}/nominations"));
            await page.Locator("#q").FillAsync("dang van duc");
            await page.Locator("#search").ClickAsync();
            await page.WaitForURLAsync("**q=dang*", new() { WaitUntil = WaitUntilState.DOMContentLoaded }); // the server-rendered result is whole then; "load" twice outlived 30 s here
            CollectionAssert.AreEqual(new[] { Duc }, (await page.Locator("#nominations tbody tr td:first-child").AllInnerTextsAsync()).Select(t => t.Trim()).ToArray());

            // 7. The awards tab: a decision for every awaiting award, issued with the number it previewed.
            var awards = Url($"organise/campaigns/{id}/awards");
            await page.GotoAsync(awards);
            Assert.AreEqual("Tổng cộng: 2 khen thưởng.", (await page.Locator("#total").InnerTextAsync()).Trim());
            await page.Locator("#issue-award").SelectOptionAsync("bk-mttq");
            await page.Locator("#prepare-decision").ClickAsync();
            await page.Locator("#preview-number").WaitForAsync();
            var previewed = (await page.Locator("#preview-number").InnerTextAsync()).Trim();
            StringAssert.Contains(await page.Locator("#awaiting").InnerTextAsync(), "1 tập thể, 1 cá nhân");
            Assert.IsTrue(await page.Locator("#scope-all").IsCheckedAsync(), "every awaiting award by default");
            await page.Locator("#issue").ClickAsync();
            await page.Locator("#done").WaitForAsync();
            Assert.AreEqual($"Đã ban hành quyết định số {previewed}.", (await page.Locator("#done").InnerTextAsync()).Trim());
            var decision = page.Locator("#decision-list tbody tr").First;
            Assert.AreEqual(previewed, (await decision.Locator("td.number").InnerTextAsync()).Trim(), "the number issued is the number previewed");

            // Its certificates: a PDF page for each, the names intact as pdftotext reads them.
            var pdfPages = await OutputTools.PdfPagesAsync(await DownloadAsync(page, decision.Locator("a.certificates")), TestContext.CancellationToken);
            Assert.HasCount(2, pdfPages);
            StringAssert.Contains(string.Join("\n", pdfPages), Duc);
            StringAssert.Contains(string.Join("\n", pdfPages), Team);

            // The XLSX list, opened by LibreOffice.
            var workbook = string.Join("\n", await OutputTools.SpreadsheetAsCsvAsync(await DownloadAsync(page, page.Locator("#export-xlsx")), "xlsx", TestContext.CancellationToken));
            StringAssert.Contains(workbook, Duc);
            StringAssert.Contains(workbook, Team);

            // 8. One award revoked with a reason: the awards tab and the dashboard count it.
            await page.Locator($"tr[data-id='{team}'] a.revoke").ClickAsync();
            await page.Locator("#reason").WaitForAsync();
            await page.Locator("#reason").FillAsync("Tập thể bị kỷ luật sau khi được khen thưởng.");
            await page.Locator("#confirm").CheckAsync();
            await page.Locator("#revoke").ClickAsync();
            await page.Locator("#done").WaitForAsync();
            Assert.AreEqual($"Đã thu hồi khen thưởng của {Team}.", (await page.Locator("#done").InnerTextAsync()).Trim());
            Assert.AreEqual("Tổng cộng: 1 khen thưởng.", (await page.Locator("#total").InnerTextAsync()).Trim());
            Assert.AreEqual(0, await page.Locator($"tr[data-id='{team}']").CountAsync(), "a revoked award leaves the list");

            await organiser.WaitForAsync(team, v => v.Nomination.Status == NominationStatus.Revoked, "revoked", Patience);
            await page.GotoAsync(dashboard);
            await ShowsAsync(page, "#status-table tr[data-status=revoked] td", "1");
            Assert.AreEqual("1", await CellAsync(page, "#status-table tr[data-status=awarded] td"));
            Assert.AreEqual("2", await CellAsync(page, "#status-table tr[data-status=total] td"));
        });

        var history = (await organiser.GetNominationAsync(ducId!)).History;
        Assert.IsTrue(history.Any(h => h.Action == AuditActions.Reminded && h.Actor == email && h.Stage == "provincial"), "the audit records who reminded");
    }

    // The stages table's columns (after the stage's name): waiting, returned, overdue, completed, median.
    private const int Waiting = 0, Overdue = 2, Completed = 3;

    // The unit's proposal through its workspace; returns the proposal's id and each nominee's id by name.
    private static async Task<(string ProposalId, Dictionary<string, string> Nominees)> ProposeAsync(IPage page, string campaignId)
    {
        await page.Locator("main a#workspace").ClickAsync();
        await page.Locator("#new-proposal").ClickAsync();
        await page.Locator($"#campaign-{campaignId}").CheckAsync();
        await page.Locator("#title").FillAsync("Tờ trình số 7/TTr-CAH");
        await page.Locator("#create").ClickAsync();
        await page.Locator("#notice").WaitForAsync();
        var proposalId = ProposalIdPattern().Match(page.Url).Groups[1].Value;

        // The sample's cover documents: proposal letter, nominee list, council minutes (a PDF is accepted for each).
        foreach (var type in new[] { "proposal-letter", "nominee-list", "council-minutes" })
        {
            await page.Locator($"#file-{type}").SetInputFilesAsync(new FilePayload { Name = type + ".pdf", MimeType = "application/pdf", Buffer = SampleDocuments.Pdf(type) });
            await page.Locator($"#document-{type} form.upload button[type=submit]").ClickAsync();
            await page.Locator($"#document-{type} ul.versions a").WaitForAsync();
        }

        // A date of birth of this run's own: a namesake in another test's campaign is not a duplicate.
        var born = new DateOnly(1960, 1, 1).AddDays(Random.Shared.Next(0, 365 * 30)).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        await AddNomineeAsync(page, "individual", Duc, born, "Trung tá, Đội trưởng Đội Cảnh sát hình sự");
        await AddNomineeAsync(page, "collective", Team, null, null);

        var rows = await page.Locator("#nominee-table tbody tr").EvaluateAllAsync<string[][]>("rows => rows.map(r => [r.id.substring('nominee-'.length), r.querySelector('th').innerText.trim()])");
        var nominees = rows.ToDictionary(r => r[1], r => r[0], StringComparer.Ordinal);
        CollectionAssert.AreEquivalent(new[] { Duc, Team }, nominees.Keys.ToArray());

        // Each nominee's achievement report on the nominee's own page (the sample has one per kind).
        foreach (var (name, type) in new[] { (Duc, "achievement-report-individual"), (Team, "achievement-report-collective") })
        {
            await page.GotoAsync(Url($"unit/nominations/{nominees[name]}"));
            var form = page.Locator($"#doc-{type} form.upload");
            await form.Locator("input[type=file]").SetInputFilesAsync(new FilePayload { Name = "Báo cáo thành tích.pdf", MimeType = "application/pdf", Buffer = SampleDocuments.Pdf("report " + name) });
            await form.Locator("button[type=submit]").ClickAsync();
            await page.Locator($"#versions-{type} tr[data-version='1']").WaitForAsync();
        }

        await page.GotoAsync(Url($"unit/proposals/{proposalId}"));
        return (proposalId, nominees);
    }

    private static async Task AddNomineeAsync(IPage page, string kind, string name, string? born, string? position)
    {
        var count = await page.Locator("#nominee-table tbody tr").CountAsync();
        await page.Locator($"#kind-{kind}").CheckAsync();
        await page.Locator("#awardCode").SelectOptionAsync("bk-mttq");
        await page.Locator("#nomineeName").FillAsync(name);
        if (born is not null)
        {
            await page.Locator("#dateOfBirth").FillAsync(born);
        }

        if (position is not null)
        {
            await page.Locator("#position").FillAsync(position);
        }

        await page.Locator("#achievementSummary").FillAsync("Có thành tích xuất sắc trong phong trào toàn dân bảo vệ an ninh Tổ quốc.");
        await page.Locator("#add-nominee-button").ClickAsync();
        await page.Locator("#notice").WaitForAsync();
        Assert.AreEqual(count + 1, await page.Locator("#nominee-table tbody tr").CountAsync(), name);
    }

    private static async Task SubmitAsync(IPage page, string proposalId)
    {
        await page.GotoAsync(Url($"unit/proposals/{proposalId}"));
        Assert.IsFalse(await page.Locator("#submit-button").IsDisabledAsync(), "nothing is missing: " + string.Join(" | ", await page.Locator("#submit-missing li").AllInnerTextsAsync()));

        // Should the product see a likely duplicate, it asks for a written justification: give one.
        foreach (var justification in await page.Locator("#submit textarea[name^='justification.']").AllAsync())
        {
            await justification.FillAsync("Không trùng: người khác cùng họ tên.");
        }

        await page.Locator("#submit-button").ClickAsync();
        await page.Locator("#notice").WaitForAsync();
    }

    // Reloads the page until a cell shows the expected text (the dashboard reads the same records the API does;
    // a poll with a limit, never a sleep to prove it).
    private static async Task ShowsAsync(IPage page, string selector, string expected)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            await page.ReloadAsync();
            var shown = await CellAsync(page, selector);
            if (shown == expected)
            {
                return;
            }

            Assert.IsLessThan(deadline, DateTime.UtcNow, $"{selector} showed {shown}, never {expected}");
            await Task.Delay(500);
        }
    }

    // The review link of a proposal's request to an approver (one message per proposal and stage).
    private static async Task<Uri> ReviewLinkAsync(string approver, string proposalId)
    {
        var mail = await Scenario.Mail.WaitForAsync(approver, m => MailCatcher.HasReviewLink(m) && MailCatcher.ProposalOf(MailCatcher.ReviewLink(m)) == proposalId, "a review request", timeout: Patience);
        return MailCatcher.ReviewLink(mail);
    }

    // The approver approves every nominee the review page shows ("approve all remaining on this page"), posting its form as the browser would.
    private static async Task ApproveAsync(Uri link)
    {
        using var anonymous = new AwardsClient(TestHost.Runner.BaseUrl, null);
        using var decided = await ReviewForm.PostAsync(anonymous.Http, link, [new("action", "approve-remaining")]);
        Assert.AreEqual(HttpStatusCode.SeeOther, decided.StatusCode, await decided.Content.ReadAsStringAsync());
    }

    // The signed payload of an emailed review link.
    private static JsonNode LinkPayload(Uri reviewLink) =>
        JsonNode.Parse(System.Buffers.Text.Base64Url.DecodeFromChars(Uri.UnescapeDataString(reviewLink.Segments[^1]).Split('.')[1]))!;

    private static async Task<string> IssueOrganiserKeyAsync(AwardsClient issuer, string email)
    {
        using var issued = await issuer.Http.PostAsJsonAsync("api/keys", new { role = "organiser", email });
        await AwardsClient.EnsureAsync(issued);
        return (await issued.Content.ReadFromJsonAsync<JsonObject>())!["key"]!.GetValue<string>();
    }

    private static async Task<Campaign> GetCampaignAsync(AwardsClient client, string id)
    {
        using var answer = await client.Http.GetAsync(new Uri($"api/campaigns/{id}", UriKind.Relative));
        await AwardsClient.EnsureAsync(answer);
        return (await answer.Content.ReadFromJsonAsync<Campaign>(AwardsJson.Options))!;
    }

    private static async Task<byte[]> DownloadAsync(IPage page, ILocator link)
    {
        var download = await page.RunAndWaitForDownloadAsync(() => link.ClickAsync());
        Assert.IsNull(await download.FailureAsync());
        return await File.ReadAllBytesAsync((await download.PathAsync())!);
    }

    private static Task<string> StageCellAsync(IPage page, string stage, int column) => CellAsync(page, $"#stages-table tr[data-stage={stage}] td >> nth={column}");

    private static async Task<string> CellAsync(IPage page, string selector) => (await page.Locator(selector).First.InnerTextAsync()).Trim();

    private static string Url(string path) => new Uri(TestHost.Runner.BaseUrl, path).AbsoluteUri;

    [GeneratedRegex(@"/unit/proposals/(prop-[a-z0-9]+)")]
    private static partial Regex ProposalIdPattern();
}
