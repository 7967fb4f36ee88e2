using System.Diagnostics;
using System.Net;
using System.Text;
using Awards.Domain;
using Awards.Testing;

namespace Awards.IntegrationTests;

/// <summary>Nominations travel provincial → ministry → Front by the links in the emails, to the award list.</summary>
[TestClass]
public sealed class NominationJourneyTests
{
    private const string Collective = "Phòng Cảnh sát quản lý hành chính về trật tự xã hội, Công an tỉnh Phú Yên";
    private const string Individual = "Đỗ Thị Hường";

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task A_collective_and_an_individual_go_through_all_three_stages_by_email_links_and_reach_the_award_list()
    {
        using var s = await Scenario.StartAsync("journey");

        // The individual's name arrives in NFD, as some keyboards send it; it must be stored in NFC.
        var collectiveId = await s.SubmitNewAsync(NomineeKind.Collective, Collective);
        var individualId = await s.SubmitNewAsync(NomineeKind.Individual, Individual.Normalize(NormalizationForm.FormD));

        var (context, page) = await Browser.NewPageAsync();
        await using (context)
        {
            foreach (var stage in new[] { "provincial", "ministry", "front" })
            {
                // The collective: in a real browser, as an approver would.
                var link = await s.ReviewLinkAsync(stage, Collective);
                await page.GotoAsync(link.AbsoluteUri);
                Assert.AreEqual(Collective, (await page.Locator(".nominee-name").InnerTextAsync()).Trim());
                Assert.AreEqual(3, await page.Locator("a.document").CountAsync(), "every dossier document is offered for download");
                var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("a.document").First.ClickAsync());
                StringAssert.EndsWith(download.SuggestedFilename, ".pdf", "the document downloads under its own name");
                await page.Locator("input[value=approve]").CheckAsync();
                await page.Locator("button[value=decide]").ClickAsync();
                await page.Locator("#decided").WaitForAsync();
                StringAssert.Contains(await page.Locator("table.decisions").InnerTextAsync(), "phê duyệt", "the page shows what was decided");

                // The individual: by plain HTTP, GET then the form's POST.
                var other = await s.ReviewLinkAsync(stage, Individual);
                using var shown = await s.Organiser.As(null).Http.GetAsync(other);
                Assert.AreEqual(HttpStatusCode.OK, shown.StatusCode);
                StringAssert.Contains(await shown.Content.ReadAsStringAsync(), Individual);
                using var decided = await s.DecideAsync(other, "approve");
                Assert.AreEqual(HttpStatusCode.SeeOther, decided.StatusCode);
            }
        }

        await s.Nominator.WaitForAsync(collectiveId, v => v.Nomination.Status == NominationStatus.Awarded, "awarded");
        var individual = await s.Nominator.WaitForAsync(individualId, v => v.Nomination.Status == NominationStatus.Awarded, "awarded");
        Assert.AreEqual(Individual, individual.Nomination.NomineeName, "stored in NFC");
        CollectionAssert.AreEqual(
            new[] { AuditActions.Created, AuditActions.DocumentUploaded, AuditActions.DocumentUploaded, AuditActions.DocumentUploaded, AuditActions.Submitted,
                    AuditActions.StageOpened, AuditActions.Approved, AuditActions.StageOpened, AuditActions.Approved, AuditActions.StageOpened, AuditActions.Approved, AuditActions.Awarded },
            individual.History.Select(h => h.Action).ToArray(),
            "the history shows every transition once, in order");

        using (var reads = await s.Organiser.Http.GetAsync(new Uri($"api/nominations/{collectiveId}/document-reads", UriKind.Relative)))
        {
            var readLog = await reads.Content.ReadAsStringAsync();
            foreach (var stage in new[] { "provincial", "ministry", "front" })
            {
                StringAssert.Contains(readLog, TestCampaigns.ApproverOf(s.Campaign, stage), "each approver's read is logged");
            }
        }

        var list = await s.Organiser.AwardListAsync(s.Campaign.Id);
        CollectionAssert.AreEquivalent(new[] { Collective, Individual }, list.Select(e => e.NomineeName).ToArray());
        var awardedMail = await s.WaitForNominatorMailAsync(Individual, "Được khen thưởng");
        StringAssert.Contains(awardedMail.TextBody, "Bằng khen của Ủy ban Trung ương MTTQ Việt Nam", "the nominator is told which award");

        var csv = await s.Organiser.AwardListCsvAsync(s.Campaign.Id);
        CollectionAssert.AreEqual(new byte[] { 0xEF, 0xBB, 0xBF }, csv[..3], "CSV starts with the UTF-8 BOM");
        var text = Encoding.UTF8.GetString(csv, 3, csv.Length - 3);
        StringAssert.Contains(text, Collective);
        StringAssert.Contains(text, Individual);

        var roundTripped = await LibreOfficeRoundTripAsync(csv);
        StringAssert.Contains(roundTripped, Collective);
        StringAssert.Contains(roundTripped, Individual);
        StringAssert.Contains(roundTripped, "Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam");
    }

    [TestMethod]
    public async Task A_return_with_a_reason_reaches_the_nominator_and_after_a_new_version_and_resubmit_the_same_stage_gets_a_new_link_and_the_old_one_is_dead()
    {
        using var s = await Scenario.StartAsync("return");
        var id = await s.SubmitNewAsync(NomineeKind.Individual, "Trần Văn Đức");
        var provincial = await s.ReviewLinkAsync("provincial", "Trần Văn Đức");
        using (var approved = await s.DecideAsync(provincial, "approve"))
        {
            Assert.AreEqual(HttpStatusCode.SeeOther, approved.StatusCode);
        }

        var ministry = await s.ReviewLinkAsync("ministry", "Trần Văn Đức");
        const string reason = "Báo cáo thành tích chưa có xác nhận của Thủ trưởng đơn vị; đề nghị bổ sung.";
        using (var returned = await s.DecideAsync(ministry, "return", reason))
        {
            Assert.AreEqual(HttpStatusCode.SeeOther, returned.StatusCode);
        }

        var notice = await s.WaitForNominatorMailAsync("Trần Văn Đức", "Trả lại, bổ sung hồ sơ");
        StringAssert.Contains(notice.TextBody, reason, "the nominator reads the approver's reason");
        var page = new Uri(TestHost.Runner.BaseUrl, "unit/nominations/" + Uri.EscapeDataString(id)).AbsoluteUri;
        StringAssert.Contains(notice.TextBody, page, "the notice leads to the nomination's page in the unit's workspace");
        StringAssert.Contains(notice.HtmlBody, $"href=\"{page}\"");
        Assert.DoesNotContain("/api/", notice.TextBody + notice.HtmlBody, "a unit's mail never leads to the JSON API");
        var afterReturn = await s.Nominator.GetNominationAsync(id);
        Assert.AreEqual(NominationStatus.Returned, afterReturn.Nomination.Status);
        Assert.AreEqual(reason, afterReturn.Nomination.LastReason);

        using (var upload = await s.Nominator.UploadAsync(id, "achievement-report", AwardsClient.SamplePdf("v2 with confirmation"), "Báo cáo thành tích (có xác nhận).pdf"))
        {
            Assert.AreEqual(HttpStatusCode.Created, upload.StatusCode);
        }

        using (var resubmitted = await s.Nominator.ResubmitAsync(id))
        {
            Assert.AreEqual(HttpStatusCode.Accepted, resubmitted.StatusCode);
        }

        var newLink = await s.ReviewLinkAsync("ministry", "Trần Văn Đức", nth: 2);
        Assert.AreNotEqual(ministry, newLink, "the reopened stage sends a new link");

        using var anonymous = s.Organiser.As(null);
        using (var oldPage = await anonymous.Http.GetAsync(ministry))
        {
            StringAssert.Contains(await oldPage.Content.ReadAsStringAsync(), "trả lại để bổ sung", "the old link says it was decided, and how");
        }

        using (var oldPost = await s.DecideAsync(ministry, "approve"))
        {
            Assert.AreEqual(HttpStatusCode.Conflict, oldPost.StatusCode, "the old link cannot decide again");
        }

        using var newPage = await anonymous.Http.GetAsync(newLink);
        var html = await newPage.Content.ReadAsStringAsync();
        StringAssert.Contains(html, "Báo cáo thành tích (có xác nhận).pdf", "the approver sees the new version");
        StringAssert.Contains(html, reason, "and the earlier decision with its reason");

        var view = await s.Nominator.GetNominationAsync(id);
        Assert.AreEqual(2, view.Documents.Count(d => d.Type == "achievement-report"), "the old version is kept");
        Assert.AreEqual(NominationStatus.InReview, view.Nomination.Status);
        Assert.AreEqual("ministry", view.Nomination.CurrentStage);
    }

    [TestMethod]
    public async Task A_reject_with_a_reason_ends_the_nomination_and_it_never_reaches_the_award_list()
    {
        using var s = await Scenario.StartAsync("reject");
        var id = await s.SubmitNewAsync(NomineeKind.Collective, "Đội Cảnh sát giao thông số 2");
        var link = await s.ReviewLinkAsync("provincial", "Đội Cảnh sát giao thông số 2");
        const string reason = "Thành tích đã được khen thưởng tại Quyết định 163/QĐ-UBND ngày 05/03/2019.";
        using (var rejected = await s.DecideAsync(link, "reject", reason))
        {
            Assert.AreEqual(HttpStatusCode.SeeOther, rejected.StatusCode);
        }

        var notice = await s.WaitForNominatorMailAsync("Đội Cảnh sát giao thông số 2", "Không đủ điều kiện");
        StringAssert.Contains(notice.TextBody, reason);

        var view = await s.Nominator.WaitForAsync(id, v => v.Nomination.Status == NominationStatus.Rejected, "rejected");
        Assert.AreEqual(reason, view.History.Single(h => h.Action == AuditActions.Rejected).Reason);

        using (var resubmit = await s.Nominator.ResubmitAsync(id))
        {
            Assert.AreEqual(HttpStatusCode.Conflict, resubmit.StatusCode, "a rejected nomination cannot come back");
        }

        await Task.Delay(1500);
        Assert.AreEqual(0, (await s.Organiser.AwardListAsync(s.Campaign.Id)).Count);
        Assert.AreEqual(0, Scenario.Mail.To(TestCampaigns.ApproverOf(s.Campaign, "ministry")).Count, "the next stage never hears of it");
    }

    /// <summary>
    /// CSV → XLSX → CSV through LibreOffice. Headless conversion skips the import dialog that
    /// detects the BOM, so the import filter names UTF-8 (76) as that dialog would select it.
    /// </summary>
    private async Task<string> LibreOfficeRoundTripAsync(byte[] csv)
    {
        var folder = Directory.CreateTempSubdirectory("awards-lo-").FullName;
        var csvPath = Path.Combine(folder, "danh-sach.csv");
        await File.WriteAllBytesAsync(csvPath, csv, TestContext.CancellationToken);
        var profile = "file://" + Path.Combine(folder, "profile");
        await RunAsync("libreoffice", $"--headless -env:UserInstallation={profile} --infilter=CSV:44,34,76,1 --convert-to xlsx --outdir {folder}/xlsx {csvPath}");
        await RunAsync("libreoffice", $"--headless -env:UserInstallation={profile} --convert-to csv:\"Text - txt - csv (StarCalc)\":44,34,76 --outdir {folder}/back {folder}/xlsx/danh-sach.xlsx");
        return await File.ReadAllTextAsync(Path.Combine(folder, "back", "danh-sach.csv"), Encoding.UTF8, TestContext.CancellationToken);
    }

    private async Task RunAsync(string file, string arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var output = await process.StandardOutput.ReadToEndAsync(TestContext.CancellationToken) + await process.StandardError.ReadToEndAsync(TestContext.CancellationToken);
        await process.WaitForExitAsync(TestContext.CancellationToken);
        Assert.AreEqual(0, process.ExitCode, output);
    }
}
