using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Awards.Domain;
using Awards.Testing;
using Awards.Web;
using Awards.Web.Api;

namespace Awards.IntegrationTests;

/// <summary>Real proposals carry many nominees; approvers get one email and one page per proposal and stage.</summary>
[TestClass]
public sealed class ProposalTests
{
    private static readonly TimeSpan Long = TimeSpan.FromMinutes(4);

    [TestMethod]
    [Timeout(600_000, CooperativeCancellation = true)]
    public async Task A_proposal_of_200_nominees_with_3_bad_rows_creates_197_and_the_approver_decides_them_from_one_page_per_stage()
    {
        using var s = await Scenario.StartAsync("bulk", c => TestCampaigns.CreateWithCoverDocuments("bulk"));
        var proposal = await CreateProposalAsync(s, "Tờ trình số 12/TTr-CAT");
        foreach (var type in new[] { "proposal-letter", "council-minutes" })
        {
            using var cover = await UploadCoverAsync(s, proposal, type);
            Assert.AreEqual(HttpStatusCode.Created, cover.StatusCode, await cover.Content.ReadAsStringAsync());
        }

        // 200 rows; rows 21, 101 and 181 (spreadsheet numbering, header = 1) are bad.
        var (csv, names) = NomineeList(200, badRows: [21, 101, 181]);
        using var import = new ByteArrayContent(csv);
        import.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        using var imported = await s.Nominator.Http.PostAsync(new Uri($"api/proposals/{proposal}/nominees", UriKind.Relative), import);
        Assert.AreEqual(HttpStatusCode.Created, imported.StatusCode, await imported.Content.ReadAsStringAsync());
        var report = (await imported.Content.ReadFromJsonAsync<NomineeListReport>(AwardsJson.Options))!;
        Assert.AreEqual(197, report.Created.Count, "the good rows are created");
        CollectionAssert.AreEqual(new[] { 21, 101, 181 }, report.Errors.Select(e => e.RowNumber).ToArray(), string.Join(" | ", report.Errors.Select(e => $"{e.RowNumber}: {e.Message}")));
        CollectionAssert.AreEquivalent(names.Where((_, i) => i + 2 is not (21 or 101 or 181)).ToArray(), report.Created.Select(c => c.NomineeName).ToArray(), "exactly the good rows, by name");

        await Parallel.ForEachAsync(report.Created, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (c, _) =>
        {
            using var up = await s.Nominator.UploadAsync(c.NominationId, "achievement-report", AwardsClient.SamplePdf(c.NomineeName), "Báo cáo thành tích.pdf");
            await AwardsClient.EnsureAsync(up);
        });

        using (var submitted = await s.Nominator.Http.PostAsync(new Uri($"api/proposals/{proposal}/submit", UriKind.Relative), null))
        {
            Assert.AreEqual(HttpStatusCode.Accepted, submitted.StatusCode, await submitted.Content.ReadAsStringAsync());
        }

        // Provincial stage: one email for the whole proposal, decided from one page in the browser.
        var provincial = TestCampaigns.ApproverOf(s.Campaign, "provincial");
        var link = MailCatcher.ReviewLink(await Scenario.Mail.WaitForAsync(provincial, timeout: Long));
        await WaitUntilPendingAsync(link, 197);
        var returned = report.Created.Take(5).ToList();
        var rejected = report.Created.Skip(5).Take(2).ToList();
        var (context, page) = await Browser.NewPageAsync();
        await using (context)
        {
            // 197 nominees on one page, on two shared cores: give the browser time.
            page.SetDefaultTimeout(240_000);
            await page.GotoAsync(link.AbsoluteUri);
            Assert.AreEqual("197", (await page.Locator("#pending-count").InnerTextAsync()).Trim());
            foreach (var r in returned)
            {
                var box = page.Locator($"fieldset[data-nomination='{r.NominationId}']");
                await box.Locator("input[value=return]").CheckAsync();
                await box.Locator("textarea").FillAsync($"Bổ sung xác nhận của Thủ trưởng đơn vị cho {r.NomineeName}.");
            }

            foreach (var r in rejected)
            {
                var box = page.Locator($"fieldset[data-nomination='{r.NominationId}']");
                await box.Locator("input[value=reject]").CheckAsync();
                await box.Locator("textarea").FillAsync("Thành tích đã được khen thưởng năm 2018.");
            }

            // The returns and rejects are confirmed on a page that lists exactly them; the approvals go with them.
            await page.Locator("button[value=approve-remaining]").ClickAsync();
            await page.Locator("#confirm").WaitForAsync(new() { Timeout = 120_000 });
            Assert.AreEqual(7, await page.Locator("table.confirm-list tbody tr").CountAsync(), "the confirmation lists the five returns and two rejects");
            await page.Locator("#confirm").ClickAsync();
            await page.Locator("#decided").WaitForAsync(new() { Timeout = 120_000 });
            Assert.AreEqual(197, await page.Locator("table.decisions tr").CountAsync() - 1, "the page lists every decision it took");
        }

        // Ministry and Front: again one email each, for the 190 approved; approve all remaining.
        foreach (var stage in new[] { "ministry", "front" })
        {
            var approver = TestCampaigns.ApproverOf(s.Campaign, stage);
            var stageLink = MailCatcher.ReviewLink(await Scenario.Mail.WaitForAsync(approver, timeout: Long));
            await WaitUntilPendingAsync(stageLink, 190);
            using var all = await s.DecideAsync(stageLink, null!, null, action: "approve-remaining");
            Assert.AreEqual(HttpStatusCode.SeeOther, all.StatusCode);
            Assert.AreEqual(1, Scenario.Mail.To(approver).Count, $"the {stage} approver gets one email for the proposal");
        }

        await WaitAsync(async () => (await s.Organiser.AwardListAsync(s.Campaign.Id)).Count == 190, "190 on the award list");
        Assert.AreEqual(1, Scenario.Mail.To(provincial).Count, "the provincial approver got one email, not one per nominee");
        foreach (var r in returned)
        {
            var view = await s.Nominator.GetNominationAsync(r.NominationId);
            Assert.AreEqual(NominationStatus.Returned, view.Nomination.Status);
            StringAssert.Contains(view.Nomination.LastReason, r.NomineeName);
            StringAssert.Contains(view.History.Last(h => h.Action == AuditActions.Returned).Detail, "seen: council-minutes v1, proposal-letter v1, achievement-report v1", "what the approver saw is recorded");
        }

        foreach (var r in rejected)
        {
            Assert.AreEqual(NominationStatus.Rejected, (await s.Nominator.GetNominationAsync(r.NominationId)).Nomination.Status);
        }

        // The five come back as one new wave: one new email to the provincial approver, listing just them.
        using (var resubmitted = await s.Nominator.Http.PostAsync(new Uri($"api/proposals/{proposal}/resubmit", UriKind.Relative), null))
        {
            Assert.AreEqual(HttpStatusCode.Accepted, resubmitted.StatusCode, await resubmitted.Content.ReadAsStringAsync());
        }

        var second = MailCatcher.ReviewLink(await Scenario.Mail.WaitForAsync(provincial, count: 2, timeout: Long));
        await WaitUntilPendingAsync(second, 5);
        Assert.AreEqual(2, Scenario.Mail.To(provincial).Count);
    }

    [TestMethod]
    public async Task A_likely_duplicate_typed_differently_is_shown_and_submitting_it_needs_a_recorded_justification()
    {
        using var s = await Scenario.StartAsync("dup");
        var first = await s.NominateAsync(NomineeKind.Individual, "Đỗ Thị Hường");
        Assert.AreEqual(0, first.PossibleDuplicates.Count);

        foreach (var typed in new[] { "Đỗ Thị Hường".Normalize(NormalizationForm.FormD), "Do Thi Huong", "DO THỊ HƯỜNG" })
        {
            var again = await s.NominateAsync(NomineeKind.Individual, typed);
            Assert.IsTrue(again.PossibleDuplicates.Any(d => d.NominationId == first.Nomination.Id), $"'{typed}' is found as a duplicate of {first.Nomination.Id}");
        }

        var candidate = (await s.NominateAsync(NomineeKind.Individual, "Do Thi Huong")).Nomination.Id;
        using (var refused = await s.Nominator.SubmitAsync(candidate))
        {
            Assert.AreEqual(HttpStatusCode.Conflict, refused.StatusCode);
            var problem = await AwardsClient.ProblemAsync(refused);
            StringAssert.Contains(problem["detail"]!.GetValue<string>(), first.Nomination.Id, "the message names the matching nomination");
        }

        Assert.AreEqual(NominationStatus.Draft, (await s.Nominator.GetNominationAsync(candidate)).Nomination.Status, "nothing changed");
        const string why = "Cùng họ tên, ngày sinh nhưng là hai thành tích khác nhau (2017 và 2018).";
        using (var accepted = await s.Nominator.Http.PostAsJsonAsync($"api/nominations/{candidate}/submit", new { duplicateJustification = why }))
        {
            Assert.AreEqual(HttpStatusCode.Accepted, accepted.StatusCode, await accepted.Content.ReadAsStringAsync());
        }

        var view = await s.Nominator.GetNominationAsync(candidate);
        Assert.AreEqual(why, view.History.Single(h => h.Action == AuditActions.Submitted).Reason, "the justification is recorded");
    }

    [TestMethod]
    public async Task Submits_outside_the_intake_window_or_over_the_units_quota_are_refused_saying_which()
    {
        using var closed = await Scenario.StartAsync("closed", c => c with { Intake = new IntakeWindow(DateTimeOffset.UtcNow.AddDays(-30), DateTimeOffset.UtcNow.AddDays(-1)) });
        var late = (await closed.NominateAsync(NomineeKind.Collective, "Công an xã An Phú")).Nomination.Id;
        using (var refused = await closed.Nominator.SubmitAsync(late))
        {
            Assert.AreEqual(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
            StringAssert.Contains((await AwardsClient.ProblemAsync(refused))["title"]!.GetValue<string>(), "intake has closed");
        }

        using var quota = await Scenario.StartAsync("quota", c => c with { Awards = [c.Awards[0] with { QuotaPerUnit = 1 }, c.Awards[1]] });
        using (var ok = await quota.Nominator.SubmitAsync((await quota.NominateAsync(NomineeKind.Collective, "Công an phường 1")).Nomination.Id))
        {
            Assert.AreEqual(HttpStatusCode.Accepted, ok.StatusCode);
        }

        var second = (await quota.NominateAsync(NomineeKind.Collective, "Công an phường 2")).Nomination.Id;
        using var over = await quota.Nominator.SubmitAsync(second);
        Assert.AreEqual(HttpStatusCode.UnprocessableEntity, over.StatusCode);
        StringAssert.Contains((await AwardsClient.ProblemAsync(over))["detail"]!.GetValue<string>(), "tối đa 1");
        Assert.AreEqual(NominationStatus.Draft, (await quota.Nominator.GetNominationAsync(second)).Nomination.Status);
    }

    [TestMethod]
    public async Task A_new_campaign_version_gives_stages_not_yet_opened_the_new_approvers_and_the_nomination_keeps_its_version()
    {
        using var s = await Scenario.StartAsync("version");
        var id = await s.SubmitNewAsync(NomineeKind.Individual, "Phạm Văn Hùng");
        await s.ReviewLinkAsync("provincial", "Phạm Văn Hùng");

        var newApprover = TestCampaigns.Address("bo-moi", s.Campaign.Id);
        var updated = s.Campaign with
        {
            Stages = [.. s.Campaign.Stages.Select(st => st.Code == "ministry" ? st with { Approvers = [new(newApprover, "Vụ Thi đua – Khen thưởng, Bộ Công an")] } : st)],
        };
        using (var put = await s.Organiser.Http.PutAsJsonAsync($"api/campaigns/{s.Campaign.Id}", updated, AwardsJson.Options))
        {
            Assert.AreEqual(HttpStatusCode.OK, put.StatusCode, await put.Content.ReadAsStringAsync());
            Assert.AreEqual(2, (await put.Content.ReadFromJsonAsync<Campaign>(AwardsJson.Options))!.Version);
        }

        using (var approved = await s.DecideAsync(await s.ReviewLinkAsync("provincial", "Phạm Văn Hùng"), "approve"))
        {
            Assert.AreEqual(HttpStatusCode.SeeOther, approved.StatusCode);
        }

        await Scenario.Mail.WaitForAsync(newApprover);
        Assert.AreEqual(0, Scenario.Mail.To(TestCampaigns.ApproverOf(s.Campaign, "ministry")).Count, "the replaced approver is not asked");
        Assert.AreEqual(1, (await s.Nominator.GetNominationAsync(id)).Nomination.CampaignVersion, "the nomination keeps the version it was submitted under");
    }

    private static async Task<string> CreateProposalAsync(Scenario s, string title)
    {
        using var created = await s.Nominator.Http.PostAsJsonAsync("api/proposals", new { campaignId = s.Campaign.Id, title });
        await AwardsClient.EnsureAsync(created);
        return (await created.Content.ReadFromJsonAsync<ProposalView>(AwardsJson.Options))!.Proposal.Id;
    }

    private static async Task<HttpResponseMessage> UploadCoverAsync(Scenario s, string proposal, string type)
    {
        using var body = new ByteArrayContent(AwardsClient.SamplePdf(type));
        body.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        body.Headers.TryAddWithoutValidation("Content-Disposition", $"attachment; filename*=UTF-8''{Uri.EscapeDataString(type + " – tờ trình.pdf")}");
        return await s.Nominator.Http.PutAsync(new Uri($"api/proposals/{proposal}/documents/{type}", UriKind.Relative), body);
    }

    /// <summary>A nominee list as a unit would type it: UTF-8 with BOM, Vietnamese headers; the given spreadsheet rows broken.</summary>
    private static (byte[] Csv, List<string> Names) NomineeList(int count, int[] badRows)
    {
        string[] family = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý"];
        string[] middle = ["Văn", "Thị", "Hữu", "Đức", "Minh", "Ngọc", "Thanh", "Quốc"];
        string[] given = ["An", "Bình", "Cường", "Dũng", "Đạt", "Hường", "Hải", "Hạnh", "Khánh", "Linh", "Mai", "Nam", "Oanh", "Phúc", "Quân", "Sơn", "Thảo", "Uyên", "Vinh", "Yến"];
        var names = new List<string>();
        var text = new StringBuilder("STT,Loại,Họ và tên / Tên tập thể,Ngày sinh,Chức vụ,Hình thức khen thưởng,Tóm tắt thành tích\r\n");
        for (var i = 0; i < count; i++)
        {
            var row = i + 2;
            var collective = i % 10 == 9;
            var name = collective ? $"Đội Cảnh sát khu vực số {i + 1}, Công an tỉnh Phú Yên" : $"{family[i % family.Length]} {middle[i % middle.Length]} {given[i % given.Length]} {i + 1}";
            var dob = collective ? string.Empty : $"{1 + (i % 28):00}/{1 + (i % 12):00}/{1970 + (i % 30)}";
            if (row == badRows[0])
            {
                dob = "31/02/1980";
            }
            else if (row == badRows[1])
            {
                name = string.Empty;
            }
            else if (row == badRows[2])
            {
                collective = false;
                dob = string.Empty;
            }

            names.Add(name);
            text.Append(i + 1).Append(',').Append(collective ? "Tập thể" : "Cá nhân").Append(",\"").Append(name).Append("\",").Append(dob)
                .Append(collective ? "," : ",Thiếu tá").Append(",bk-mttq,\"Có thành tích xuất sắc, tiêu biểu\"\r\n");
        }

        return ([.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text.ToString())], names);
    }

    private static async Task WaitUntilPendingAsync(Uri link, int count)
    {
        using var http = new HttpClient();
        string last = string.Empty;
        await WaitAsync(async () =>
        {
            last = await http.GetStringAsync(link);
            return last.Contains($"id=\"pending-count\">{count}<", StringComparison.Ordinal);
        }, $"{count} nominees pending at {link}");
    }

    private static async Task WaitAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + Long;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("Timed out waiting for: " + what);
            }

            await Task.Delay(500);
        }
    }
}
