using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Awards.Domain;
using Awards.Testing;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Microsoft.Playwright;

namespace Awards.IntegrationTests;

/// <summary>
/// The nominating unit's workspace, proposals half, in Chromium against the runner, Azurite and
/// real SMTP: a unit signs in by the emailed link and does in the browser what needed curl —
/// start a proposal, upload its cover documents, import the nominee list, add a nominee, see
/// what is missing, submit — and the pages pass axe and the English switch.
/// </summary>
[TestClass]
public sealed partial class WorkspaceTests
{
    private const string Unit = "Công an tỉnh Phú Yên";

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task A_unit_signs_in_starts_a_proposal_uploads_imports_adds_and_submits_in_the_browser()
    {
        using var s = await Scenario.StartAsync("workspace", c => c with { Documents = TestCampaigns.CreateWithCoverDocuments("x").Documents });
        var born = DateOnly.ParseExact(s.BirthDate, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

        // A unit of its own: every other test's unit is "Công an tỉnh Phú Yên", and a workspace lists all of its unit's proposals.
        var email = TestCampaigns.Address("thi-dua", s.Campaign.Id);
        var unitName = $"Phòng Công tác Đảng và công tác chính trị, Công an tỉnh Phú Yên ({s.Campaign.Id})";
        using var unit = s.Organiser.As(await s.Organiser.IssueNominatorKeyAsync(email, unitName, "PY"));
        await PageChecks.RunAsync(TestContext, async page =>
        {
            await SignInAsync(page, email, unitName);

            // The workspace, empty: nothing yet, and the way to start.
            await page.Locator("main a#workspace").ClickAsync();
            await page.Locator("#no-proposals").WaitForAsync();
            Assert.AreEqual("/unit", new Uri(page.Url).AbsolutePath);
            await PageChecks.AssertAccessibleAsync(page, "workspace (empty)");
            await PageChecks.AssertEnglishSwitchAsync(page, "workspace (empty)");
            await PageChecks.BackToVietnameseAsync(page);

            // A new proposal, by keyboard alone: Tab to the campaigns, arrows to this one, Tab to the title, Enter.
            await page.Locator("#new-proposal").ClickAsync();
            await page.Locator("#create").WaitForAsync();
            await PageChecks.AssertAccessibleAsync(page, "new proposal page");
            await PageChecks.AssertEnglishSwitchAsync(page, "new proposal page");
            await PageChecks.BackToVietnameseAsync(page);
            Assert.AreEqual(1, await page.Locator($"#campaign-{s.Campaign.Id}").CountAsync(), "the campaign open to Phú Yên is offered");
            await TabUntilAsync(page, "() => document.activeElement.name === 'campaignId'");
            for (var i = 0; i < 500 && await ActiveIdAsync(page) != $"campaign-{s.Campaign.Id}"; i++)
            {
                await page.Keyboard.PressAsync("ArrowDown");
            }

            Assert.AreEqual($"campaign-{s.Campaign.Id}", await ActiveIdAsync(page));
            await page.Keyboard.PressAsync("Tab");
            Assert.AreEqual("title", await ActiveIdAsync(page));
            Assert.AreNotEqual("none", await page.EvaluateAsync<string>("() => getComputedStyle(document.activeElement).outlineStyle"), "the focused field shows its focus");
            await page.Keyboard.TypeAsync("Tờ trình số 12/TTr-CAT");
            await page.Keyboard.PressAsync("Enter");
            await page.Locator("#notice").WaitForAsync();
            var proposalId = ProposalIdPattern().Match(page.Url).Groups[1].Value;
            Assert.AreEqual("Tờ trình số 12/TTr-CAT", (await page.Locator("main h1").InnerTextAsync()).Trim());

            // Nothing to submit yet: a real disabled button.
            Assert.IsTrue(await page.Locator("#submit-button").IsDisabledAsync());
            await PageChecks.AssertAccessibleAsync(page, "new proposal's page");

            // The cover documents through the upload forms, which the upload script sends to the API
            // in one PUT with a progress bar. A file that is not a PDF is refused where it was chosen.
            await page.Locator("#file-proposal-letter").SetInputFilesAsync(new FilePayload { Name = "Tờ trình.pdf", MimeType = "application/pdf", Buffer = SampleDocuments.LinuxProgram() });
            var refused = await page.RunAndWaitForResponseAsync(() => page.Locator("#document-proposal-letter form.upload button[type=submit]").ClickAsync(), IsPut);
            Assert.AreEqual(422, refused.Status);
            await WaitForAsync(page, async () => (await page.Locator("#document-proposal-letter output.upload-status").InnerTextAsync()).Length > 0, "the refusal shown at the form");
            Assert.AreEqual(1, await page.Locator("#none-proposal-letter").CountAsync(), "the refused file left no version");
            await PageChecks.AssertAccessibleAsync(page, "proposal page with a refused upload");

            foreach (var (type, name) in new[] { ("proposal-letter", "Tờ trình số 12.pdf"), ("council-minutes", "Biên bản họp Hội đồng.pdf") })
            {
                await page.Locator($"#file-{type}").SetInputFilesAsync(new FilePayload { Name = name, MimeType = "application/pdf", Buffer = SampleDocuments.Pdf(type) });
                var uploaded = await page.RunAndWaitForResponseAsync(() => page.Locator($"#document-{type} form.upload button[type=submit]").ClickAsync(), IsPut);
                Assert.AreEqual(201, uploaded.Status, await BodyOfAsync(uploaded));
                await page.Locator($"#document-{type} ul.versions a").WaitForAsync();
                Assert.AreEqual("100", await page.Locator($"#document-{type} progress.upload-progress").EvaluateAsync<string>("p => String(p.value)"), "the progress bar reached the end");
                Assert.AreEqual($"Phiên bản 1: {name}", (await page.Locator($"#document-{type} ul.versions a").InnerTextAsync()).Trim());
            }

            // Each version opens: the read is logged and the browser goes to a short-lived link to the same bytes.
            var opened = await page.Context.APIRequest.GetAsync(await AbsoluteHrefAsync(page, "#document-council-minutes ul.versions a"), new() { MaxRedirects = 0 });
            Assert.AreEqual(302, opened.Status);
            var stored = await page.Context.APIRequest.GetAsync(opened.Headers["location"]);
            CollectionAssert.AreEqual(SampleDocuments.Pdf("council-minutes"), await stored.BodyAsync());

            // The nominee list with one bad row (row 3: an individual without a date of birth): the good rows are created, the bad one reported by number.
            var csv = "STT;Loại;Họ và tên / Tên tập thể;Ngày sinh;Chức vụ;Hình thức khen thưởng;Tóm tắt thành tích\n"
                + "1;Tập thể;Phòng Cảnh sát hình sự, Công an tỉnh Phú Yên;;;bk-mttq;Phối hợp xây dựng 12 mô hình tự quản\n"
                + "2;Cá nhân;Trương Văn Minh;;Thượng tá;bk-mttq;Chỉ đạo xây dựng 8 điển hình tiên tiến\n"
                + $"3;Cá nhân;Nguyễn Thị Ánh Tuyết;{born:dd/MM/yyyy};Đại úy;bk-mttq;Hướng dẫn 24 tổ tự quản\n";
            await page.Locator("#nominee-list").SetInputFilesAsync(new FilePayload { Name = "Danh sách.csv", MimeType = "text/csv", Buffer = [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(csv)] });
            var imported = await page.RunAndWaitForResponseAsync(() => page.Locator("#import-button").ClickAsync(), IsPost);
            Assert.AreEqual(422, imported.Status);
            await page.Locator("#import-report").WaitForAsync();
            var reportRows = page.Locator("#import-report tbody tr");
            Assert.AreEqual(1, await reportRows.CountAsync());
            Assert.AreEqual("3", (await reportRows.Locator("th").InnerTextAsync()).Trim());
            StringAssert.Contains(await reportRows.Locator("td.message").InnerTextAsync(), "Cá nhân phải có ngày sinh");
            StringAssert.StartsWith(await page.Locator("#import-summary").InnerTextAsync(), "Đã thêm 2 người được đề nghị");
            Assert.AreEqual(2, await page.Locator("#nominee-table tbody tr").CountAsync(), "the good rows are nominees now");
            await PageChecks.AssertAccessibleAsync(page, "proposal page with an import report");

            // One nominee by the form: a bad field is refused at its field and the form keeps what was typed.
            await page.Locator("#kind-individual").CheckAsync();
            await page.Locator("#awardCode").SelectOptionAsync("bk-mttq");
            await page.Locator("#nomineeName").FillAsync("Nguyễn Thị Ánh Tuyết");
            await page.Locator("#position").FillAsync("Đại úy, cán bộ Đội Xây dựng phong trào");
            var bad = await page.RunAndWaitForResponseAsync(() => page.Locator("#add-nominee-button").ClickAsync(), IsPost);
            Assert.AreEqual(400, bad.Status);
            await page.Locator("#dateOfBirth-error").WaitForAsync();
            Assert.AreEqual("true", await page.Locator("#dateOfBirth").GetAttributeAsync("aria-invalid"));
            StringAssert.Contains(await page.Locator("#dateOfBirth").GetAttributeAsync("aria-describedby") ?? string.Empty, "dateOfBirth-error");
            StringAssert.Contains(await page.Locator("#dateOfBirth-error").InnerTextAsync(), "Cá nhân cần ngày sinh");
            Assert.AreEqual("false", await page.Locator("#nomineeName").GetAttributeAsync("aria-invalid"));
            Assert.AreEqual("Nguyễn Thị Ánh Tuyết", await page.Locator("#nomineeName").InputValueAsync());
            Assert.IsTrue(await page.Locator("#kind-individual").IsCheckedAsync());
            await PageChecks.AssertAccessibleAsync(page, "proposal page with a refused nominee");
            await page.Locator("#dateOfBirth").FillAsync(s.BirthDate);
            var added = await page.RunAndWaitForResponseAsync(() => page.Locator("#add-nominee-button").ClickAsync(), IsPost);
            Assert.AreEqual(303, added.Status);
            await page.Locator("#notice").WaitForAsync();
            Assert.AreEqual(3, await page.Locator("#nominee-table tbody tr").CountAsync());

            // Submit stays disabled, and says what is missing: each nominee's achievement report.
            Assert.IsTrue(await page.Locator("#submit-button").IsDisabledAsync());
            var missing = await page.Locator("#submit-missing li").AllInnerTextsAsync();
            Assert.HasCount(3, missing, string.Join(" | ", missing));
            Assert.IsTrue(missing.All(m => m.StartsWith("Báo cáo thành tích (người được đề nghị: ", StringComparison.Ordinal)), string.Join(" | ", missing));

            // Each nominee's report through the API, as the nominee page uploads it (the session cookie, from this site).
            var ids = await page.Locator("#nominee-table tbody tr").EvaluateAllAsync<string[]>("rows => rows.map(r => r.id.substring('nominee-'.length))");
            foreach (var id in ids)
            {
                var put = await page.Context.APIRequest.PutAsync(Url($"api/nominations/{id}/documents/achievement-report"), new()
                {
                    DataByte = SampleDocuments.Pdf("report " + id),
                    Headers = new Dictionary<string, string>
                    {
                        ["Content-Type"] = "application/pdf",
                        ["Content-Disposition"] = $"attachment; filename*=UTF-8''{Uri.EscapeDataString("Báo cáo thành tích.pdf")}",
                        ["Origin"] = Origin,
                    },
                });
                Assert.AreEqual(201, put.Status, await put.TextAsync());
            }

            // Now Submit is enabled; the same person twice is a likely duplicate on both sides, each needing a written justification.
            await page.ReloadAsync();
            Assert.IsFalse(await page.Locator("#submit-button").IsDisabledAsync());
            Assert.AreEqual(0, await page.Locator("#submit-missing").CountAsync());
            var justifications = page.Locator("#submit textarea[name^='justification.']");
            Assert.AreEqual(2, await justifications.CountAsync(), "both records of the same person need a justification");
            Assert.IsTrue(await justifications.EvaluateAllAsync<bool>("els => els.every(e => e.required)"), "the browser asks for them before posting");
            await PageChecks.AssertAccessibleAsync(page, "proposal page ready to submit");

            // Without them the server refuses too (409), ties the error to each field, and submits nothing.
            var unjustified = await page.Context.APIRequest.PostAsync(Url($"unit/proposals/{proposalId}/submit"), new()
            {
                Form = page.Context.APIRequest.CreateFormData(),
                Headers = new Dictionary<string, string> { ["Origin"] = Origin },
                MaxRedirects = 0,
            });
            Assert.AreEqual(409, unjustified.Status);
            StringAssert.Contains(await unjustified.TextAsync(), "Hãy ghi lý do vẫn đề nghị người này.");
            Assert.AreEqual(NominationStatus.Draft, (await unit.GetNominationAsync(ids[0])).Nomination.Status);

            foreach (var textarea in await justifications.AllAsync())
            {
                await textarea.FillAsync("Hai dòng là cùng một người: danh sách và biểu mẫu; đề nghị một lần cho thành tích năm 2019.");
            }

            var submitted = await page.RunAndWaitForResponseAsync(() => page.Locator("#submit-button").ClickAsync(), IsPost);
            Assert.AreEqual(303, submitted.Status, await BodyOfAsync(submitted));
            await page.Locator("#notice").WaitForAsync();

            // The nominees are in review at the provincial stage, each with its due date (dd/mm/yyyy) — once the workflow has opened the stage.
            await WaitForAsync(page, async () => (await page.Locator("#nominee-table td.stage").AllInnerTextsAsync()).All(t => t.Trim() == "Cấp tỉnh"), "every nominee at the provincial stage");
            var statuses = await page.Locator("#nominee-table td.status").AllInnerTextsAsync();
            Assert.IsTrue(statuses.All(t => t.Trim() == "Đang thẩm định"), string.Join(" | ", statuses));
            var view = await unit.GetNominationAsync(ids[0]);
            var due = VietnameseText.FormatDate(DateOnly.FromDateTime(VietnamTime.ToLocal(view.Nomination.DueAt!.Value).DateTime));
            Assert.AreEqual(due, (await page.Locator($"#nominee-{ids[0]} td.due").InnerTextAsync()).Trim());
            Assert.IsTrue(await page.Locator("#submit-button").IsDisabledAsync(), "nothing is left to submit");
            Assert.AreEqual(1, await page.Locator("#cover-frozen").CountAsync(), "the cover documents are frozen during review");
            Assert.AreEqual(0, await page.Locator("form.upload").CountAsync());
            foreach (var id in ids)
            {
                Assert.AreEqual($"/unit/nominations/{id}", await page.Locator($"#nominee-{id} th a").GetAttributeAsync("href"));
            }

            await PageChecks.AssertAccessibleAsync(page, "submitted proposal's page");
            await PageChecks.AssertEnglishSwitchAsync(page, "submitted proposal's page");
            await PageChecks.BackToVietnameseAsync(page);

            // The provincial approver returns the whole proposal (a cover-document problem): the page shows the reason, opens the
            // cover documents again, and resubmits every returned nominee at once after a new version of the minutes.
            var reviewLink = await s.ProposalReviewLinkAsync("provincial", proposalId);
            using (var anonymous = s.Organiser.As(null))
            using (var decided = await ReviewForm.PostAsync(anonymous.Http, reviewLink, [new("action", "return-proposal"), new("proposalReason", "Biên bản họp thiếu chữ ký của Chủ tịch Hội đồng."), new("confirmed", "1")]))
            {
                Assert.AreEqual(HttpStatusCode.SeeOther, decided.StatusCode, await decided.Content.ReadAsStringAsync());
            }

            await WaitForAsync(page, async () => await page.Locator("#resubmit-button").CountAsync() == 1, "the resubmit form");
            StringAssert.Contains(await page.Locator($"#nominee-{ids[0]} td.status").InnerTextAsync(), "Lý do: Biên bản họp thiếu chữ ký của Chủ tịch Hội đồng.");
            Assert.AreEqual(0, await page.Locator("#cover-frozen").CountAsync(), "the cover documents open again on a return");
            await page.Locator("#file-council-minutes").SetInputFilesAsync(new FilePayload { Name = "Biên bản họp (có chữ ký).pdf", MimeType = "application/pdf", Buffer = SampleDocuments.Pdf("signed minutes") });
            await page.Locator("#document-council-minutes form.upload button[type=submit]").ClickAsync();
            await page.Locator("#document-council-minutes ul.versions li >> nth=1").WaitForAsync();
            await WaitForAsync(page, async () => !await page.Locator("#resubmit-button").IsDisabledAsync(), "the resubmit button enabled once the new version is in");
            Assert.IsFalse(await page.Locator("#resubmit-button").IsDisabledAsync());
            await PageChecks.AssertAccessibleAsync(page, "returned proposal's page");
            var resubmitted = await page.RunAndWaitForResponseAsync(() => page.Locator("#resubmit-button").ClickAsync(), IsPost);
            Assert.AreEqual(303, resubmitted.Status, await BodyOfAsync(resubmitted));
            await page.Locator("#notice").WaitForAsync();
            await WaitForAsync(page, async () => (await page.Locator("#nominee-table td.status").AllInnerTextsAsync()).All(t => t.Trim() == "Đang thẩm định"), "every nominee in review again");
            Assert.AreEqual(0, await page.Locator("#resubmit-button").CountAsync());

            // Readable at 375 px: the page itself does not scroll sideways (wide tables scroll in their own region).
            await page.SetViewportSizeAsync(375, 800);
            Assert.IsLessThanOrEqualTo(375, await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth"));
            await page.SetViewportSizeAsync(1280, 800);

            // The nominee list templates download: CSV with a byte order mark and the import's headers, XLSX readable with OpenXml.
            var csvTemplate = await DownloadAsync(page, "#template-links a[href$='danh-sach-de-nghi.csv']");
            CollectionAssert.AreEqual(Encoding.UTF8.GetPreamble(), csvTemplate[..3]);
            Assert.AreEqual(string.Join(";", NomineeListReader.TemplateHeaders), Encoding.UTF8.GetString(csvTemplate[3..]).TrimEnd());
            var xlsxTemplate = await DownloadAsync(page, "#template-links a[href$='danh-sach-de-nghi.xlsx']");
            CollectionAssert.AreEqual(NomineeListReader.TemplateHeaders.ToList(), HeaderRow(xlsxTemplate));

            // The workspace lists the proposal: its nominees in review, the stage with its due date, nothing missing.
            await page.GotoAsync(Url("unit"));
            var item = page.Locator($"#proposal-{proposalId}");
            Assert.AreEqual("Tờ trình số 12/TTr-CAT", (await item.Locator("h3").InnerTextAsync()).Trim());
            Assert.AreEqual("Đang thẩm định: 3", (await item.Locator("dd.nominee-status li").InnerTextAsync()).Trim());
            Assert.AreEqual($"Cấp tỉnh — hạn {due}", (await item.Locator("dd.stage li").InnerTextAsync()).Trim());
            Assert.AreEqual("Đủ tài liệu", (await item.Locator("dd.missing").InnerTextAsync()).Trim());
            await PageChecks.AssertAccessibleAsync(page, "workspace with a proposal");
            await PageChecks.AssertEnglishSwitchAsync(page, "workspace with a proposal");
            await PageChecks.BackToVietnameseAsync(page);

            // A proposal that is not there (or another unit's) is a page saying so.
            var missingPage = await page.GotoAsync(Url("unit/proposals/prop-nothinghere2345"));
            Assert.AreEqual(404, missingPage!.Status);
            await PageChecks.AssertAccessibleAsync(page, "proposal not found page");
            await PageChecks.AssertEnglishSwitchAsync(page, "proposal not found page");
        });
    }

    [TestMethod]
    public async Task Another_units_proposal_is_not_found_and_without_a_sign_in_the_workspace_sends_to_it()
    {
        using var s = await Scenario.StartAsync("workspaceacl");
        using var created = await s.Nominator.Http.PostAsJsonAsync("api/proposals", new { campaignId = s.Campaign.Id, title = "Tờ trình số 3/TTr-CAT" });
        await AwardsClient.EnsureAsync(created);
        var proposalId = (await created.Content.ReadFromJsonAsync<JsonObject>())!["proposal"]!["id"]!.GetValue<string>();

        // The unit's own key (Bearer works like the session) sees its proposal and lists it.
        using (var own = await s.Nominator.Http.GetAsync(new Uri($"unit/proposals/{proposalId}", UriKind.Relative)))
        {
            Assert.AreEqual(HttpStatusCode.OK, own.StatusCode);
            StringAssert.Contains(await own.Content.ReadAsStringAsync(), "Tờ trình số 3/TTr-CAT");
        }

        using (var list = await s.Nominator.Http.GetAsync(new Uri("unit", UriKind.Relative)))
        {
            StringAssert.Contains(await list.Content.ReadAsStringAsync(), $"id=\"proposal-{proposalId}\"", "a proposal made through the API is listed too");
        }

        // Another unit (Thái Bình) gets 404 pages, for reading and for every action, and changes nothing.
        var otherKey = await s.Organiser.IssueNominatorKeyAsync(TestCampaigns.Address("other", s.Campaign.Id), "Công an tỉnh Thái Bình", "TB");
        using var other = s.Organiser.As(otherKey);
        foreach (var (method, path) in new[]
        {
            ("GET", $"unit/proposals/{proposalId}"),
            ("GET", $"unit/proposals/{proposalId}/documents/proposal-letter/1"),
            ("POST", $"unit/proposals/{proposalId}/nominees"),
            ("POST", $"unit/proposals/{proposalId}/submit"),
            ("POST", $"unit/proposals/{proposalId}/resubmit"),
        })
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(path, UriKind.Relative));
            if (method == "POST")
            {
                request.Content = new FormUrlEncodedContent([new("kind", "collective"), new("awardCode", "bk-mttq"), new("nomineeName", "Phòng Tham mưu")]);
            }

            using var response = await other.Http.SendAsync(request);
            Assert.AreEqual(HttpStatusCode.NotFound, response.StatusCode, $"{method} {path}");
            Assert.AreEqual("text/html", response.Content.Headers.ContentType!.MediaType);
        }

        using (var view = await s.Nominator.Http.GetAsync(new Uri($"api/proposals/{proposalId}", UriKind.Relative)))
        {
            Assert.IsEmpty((await view.Content.ReadFromJsonAsync<JsonObject>())!["nominations"]!.AsArray(), "the other unit added no nominee");
        }

        // No sign-in: a GET goes to /signin, a POST is told to sign in; an organiser's key is not a unit's.
        using var anonymous = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = TestHost.Runner.BaseUrl };
        foreach (var path in new[] { "unit", "unit/proposals/new", $"unit/proposals/{proposalId}" })
        {
            using var response = await anonymous.GetAsync(new Uri(path, UriKind.Relative));
            Assert.AreEqual(HttpStatusCode.SeeOther, response.StatusCode, path);
            Assert.AreEqual("/signin", response.Headers.Location!.OriginalString);
        }

        using (var post = await anonymous.PostAsync(new Uri("unit/proposals", UriKind.Relative), new FormUrlEncodedContent([new("campaignId", s.Campaign.Id)])))
        {
            Assert.AreEqual(HttpStatusCode.Unauthorized, post.StatusCode);
            StringAssert.Contains(await post.Content.ReadAsStringAsync(), "href=\"/signin\"");
        }

        using (var organiser = await s.Organiser.Http.GetAsync(new Uri("unit", UriKind.Relative)))
        {
            Assert.AreEqual(HttpStatusCode.Forbidden, organiser.StatusCode);
        }

        // Starting a proposal in a campaign the unit's province is not in is refused at the field.
        var elsewhere = TestCampaigns.Create("workspacetb") with { Provinces = [new("TB", "Thái Bình")] };
        elsewhere = elsewhere with { Stages = [.. elsewhere.Stages.Select(st => st.Scope == ApproverScope.ByProvince ? st with { ApproversByProvince = new() { ["TB"] = st.ApproversByProvince["TB"] } } : st)] };
        using (var made = await s.Organiser.CreateCampaignAsync(elsewhere))
        {
            await AwardsClient.EnsureAsync(made);
        }

        using (var form = await s.Nominator.Http.GetAsync(new Uri("unit/proposals/new", UriKind.Relative)))
        {
            var html = await form.Content.ReadAsStringAsync();
            StringAssert.Contains(html, $"id=\"campaign-{s.Campaign.Id}\"");
            Assert.DoesNotContain($"id=\"campaign-{elsewhere.Id}\"", html, "a campaign without the unit's province is not offered");
        }

        using (var refusedCreate = await s.Nominator.Http.PostAsync(new Uri("unit/proposals", UriKind.Relative), new FormUrlEncodedContent([new("campaignId", elsewhere.Id), new("title", "Tờ trình")])))
        {
            Assert.AreEqual(HttpStatusCode.BadRequest, refusedCreate.StatusCode);
            var html = await refusedCreate.Content.ReadAsStringAsync();
            StringAssert.Contains(html, "id=\"campaignId-error\"");
            StringAssert.Contains(html, "Hãy chọn một đợt khen thưởng mà tỉnh của đơn vị tham gia.");
        }
    }

    [TestMethod]
    public async Task Campaigns_open_to_the_unit_are_offered_with_their_window_and_closed_ones_are_not()
    {
        using var organiser = TestHost.Organiser();
        var now = DateTimeOffset.UtcNow;
        var open = TestCampaigns.Create("wsopen") with { Intake = new IntakeWindow(now.AddDays(-1), now.AddDays(10)) };
        var later = TestCampaigns.Create("wslater") with { Intake = new IntakeWindow(now.AddDays(5), now.AddDays(30)) };
        var closed = TestCampaigns.Create("wsclosed") with { Intake = new IntakeWindow(now.AddDays(-30), now.AddDays(-1)) };
        foreach (var c in new[] { open, later, closed })
        {
            using var made = await organiser.CreateCampaignAsync(c);
            await AwardsClient.EnsureAsync(made);
        }

        var key = await organiser.IssueNominatorKeyAsync(TestCampaigns.Address("nominator", open.Id), Unit, "PY");
        using var unit = organiser.As(key);
        using (var page = await unit.Http.GetAsync(new Uri("unit/proposals/new", UriKind.Relative)))
        {
            var html = await page.Content.ReadAsStringAsync();
            StringAssert.Contains(html, $"id=\"campaign-{open.Id}\"");
            StringAssert.Contains(html, "Đang nhận hồ sơ đến " + VietnameseText.FormatInstant(open.Intake!.ClosesAt));
            StringAssert.Contains(html, $"id=\"campaign-{later.Id}\"");
            StringAssert.Contains(html, "Nhận hồ sơ từ " + VietnameseText.FormatInstant(later.Intake!.OpensAt));
            Assert.DoesNotContain($"id=\"campaign-{closed.Id}\"", html, "a closed campaign is not offered");
        }

        // A new version that closes the open one takes it off the list.
        using (var closing = await organiser.Http.PutAsJsonAsync($"api/campaigns/{open.Id}", open with { Intake = new IntakeWindow(now.AddDays(-2), now.AddMinutes(-1)) }, Awards.Web.AwardsJson.Options))
        {
            await AwardsClient.EnsureAsync(closing);
        }

        using (var page = await unit.Http.GetAsync(new Uri("unit/proposals/new", UriKind.Relative)))
        {
            Assert.DoesNotContain($"id=\"campaign-{open.Id}\"", await page.Content.ReadAsStringAsync());
        }
    }

    [TestMethod]
    public async Task An_organisers_document_template_is_checked_like_a_document_listed_on_the_proposal_page_and_downloads()
    {
        using var s = await Scenario.StartAsync("wstemplate");
        var docx = SampleDocuments.Docx("Mẫu báo cáo thành tích tập thể");

        // Checked like any document: a program is refused and leaves nothing; a unit may not upload one.
        using (var program = await PutTemplateAsync(s.Organiser, s.Campaign.Id, "achievement-report", SampleDocuments.WindowsProgram(), "Mẫu.docx"))
        {
            Assert.AreEqual(HttpStatusCode.UnprocessableEntity, program.StatusCode);
        }

        using (var byUnit = await PutTemplateAsync(s.Nominator, s.Campaign.Id, "achievement-report", docx, "Mẫu.docx"))
        {
            Assert.AreEqual(HttpStatusCode.Forbidden, byUnit.StatusCode);
        }

        using (var unknown = await PutTemplateAsync(s.Organiser, s.Campaign.Id, "no-such-document", docx, "Mẫu.docx"))
        {
            Assert.AreEqual(HttpStatusCode.NotFound, unknown.StatusCode);
        }

        using (var uploaded = await PutTemplateAsync(s.Organiser, s.Campaign.Id, "achievement-report", docx, "Mẫu báo cáo thành tích.docx"))
        {
            Assert.AreEqual(HttpStatusCode.Created, uploaded.StatusCode, await uploaded.Content.ReadAsStringAsync());
        }

        // The proposal page lists it; the unit downloads it (through a logged, short-lived link).
        using var created = await s.Nominator.Http.PostAsJsonAsync("api/proposals", new { campaignId = s.Campaign.Id });
        var proposalId = (await created.Content.ReadFromJsonAsync<JsonObject>())!["proposal"]!["id"]!.GetValue<string>();
        var href = $"/unit/campaigns/{s.Campaign.Id}/templates/achievement-report";
        using (var page = await s.Nominator.Http.GetAsync(new Uri($"unit/proposals/{proposalId}", UriKind.Relative)))
        {
            var html = await page.Content.ReadAsStringAsync();
            StringAssert.Contains(html, $"href=\"{href}\"");
            StringAssert.Contains(html, "Báo cáo thành tích (DOCX)");
        }

        using var redirect = await s.Nominator.Http.GetAsync(new Uri(href.TrimStart('/'), UriKind.Relative));
        Assert.AreEqual(HttpStatusCode.Redirect, redirect.StatusCode);
        using var blob = new HttpClient();
        CollectionAssert.AreEqual(docx, await blob.GetByteArrayAsync(redirect.Headers.Location));

        // The generated templates open: an XLSX filled in with the header row reads back through the import.
        using var xlsx = await s.Nominator.Http.GetAsync(new Uri($"unit/campaigns/{s.Campaign.Id}/templates/danh-sach-de-nghi.xlsx", UriKind.Relative));
        Assert.AreEqual(NomineeListTemplate.XlsxMediaType, xlsx.Content.Headers.ContentType!.MediaType);
        var bytes = await xlsx.Content.ReadAsByteArrayAsync();
        using (var document = SpreadsheetDocument.Open(new MemoryStream(bytes), false))
        {
            var sheets = document.WorkbookPart!.Workbook.Sheets!.Elements<Sheet>().Select(x => x.Name!.Value).ToList();
            CollectionAssert.AreEqual(new[] { "Danh sách", "Hướng dẫn" }, sheets);
        }

        Assert.IsEmpty(NomineeListReader.Read(new MemoryStream(bytes)).Errors, "the blank template is a valid list");

        // Unknown names are 404 pages.
        using var none = await s.Nominator.Http.GetAsync(new Uri($"unit/campaigns/{s.Campaign.Id}/templates/evidence", UriKind.Relative));
        Assert.AreEqual(HttpStatusCode.NotFound, none.StatusCode);
    }

    private static string Origin => TestHost.Runner.BaseUrl.GetLeftPart(UriPartial.Authority);

    private static string Url(string path) => new Uri(TestHost.Runner.BaseUrl, path).AbsoluteUri;

    private static bool IsPost(IResponse response) => response.Request.Method == "POST" && response.Request.IsNavigationRequest;

    private static bool IsPut(IResponse response) => response.Request.Method == "PUT";

    // A redirect has no body to show; anything else shows why it was not one.
    private static async Task<string> BodyOfAsync(IResponse response) => response.Status is >= 300 and < 400 ? string.Empty : await response.TextAsync();

    private static Task<string> ActiveIdAsync(IPage page) => page.EvaluateAsync<string>("() => document.activeElement.id");

    private static async Task TabUntilAsync(IPage page, string condition)
    {
        for (var i = 0; i < 40; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            if (await page.EvaluateAsync<bool>(condition))
            {
                return;
            }
        }

        Assert.Fail("Tab never reached " + condition);
    }

    private static async Task<string> AbsoluteHrefAsync(IPage page, string selector) =>
        new Uri(new Uri(page.Url), await page.Locator(selector).First.GetAttributeAsync("href")).AbsoluteUri;

    private static async Task<byte[]> DownloadAsync(IPage page, string selector)
    {
        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator(selector).ClickAsync());
        return await File.ReadAllBytesAsync((await download.PathAsync())!);
    }

    private static List<string> HeaderRow(byte[] xlsx)
    {
        using var document = SpreadsheetDocument.Open(new MemoryStream(xlsx), false);
        var workbook = document.WorkbookPart!;
        var first = workbook.Workbook.Sheets!.Elements<Sheet>().First();
        var sheet = (WorksheetPart)workbook.GetPartById(first.Id!.Value!);
        var row = sheet.Worksheet.Descendants<Row>().First();
        return [.. row.Elements<Cell>().Select(c => c.InlineString?.InnerText ?? c.CellValue?.Text ?? string.Empty)];
    }

    // Polls what the page shows (reloading it) until the workflow has moved; never a bare sleep.
    private static async Task WaitForAsync(IPage page, Func<Task<bool>> shown, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!await shown())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"The page never showed {what}.");
            }

            await Task.Delay(300);
            await page.ReloadAsync();
        }
    }

    private static async Task<HttpResponseMessage> PutTemplateAsync(AwardsClient client, string campaignId, string type, byte[] content, string fileName)
    {
        using var body = new ByteArrayContent(content);
        body.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        body.Headers.TryAddWithoutValidation("Content-Disposition", $"attachment; filename*=UTF-8''{Uri.EscapeDataString(fileName)}");
        return await client.Http.PutAsync(new Uri($"api/campaigns/{campaignId}/templates/{type}", UriKind.Relative), body);
    }

    private static async Task SignInAsync(IPage page, string email, string unitName)
    {
        await BrowserSignIn.SignInAsync(page, email);
        Assert.AreEqual(unitName, (await page.Locator("#unit").InnerTextAsync()).Trim());
    }

    [GeneratedRegex(@"/unit/proposals/(prop-[a-z0-9]+)")]
    private static partial Regex ProposalIdPattern();
}
