using System.Net;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Awards.Domain;
using Awards.Testing;
using Microsoft.Playwright;

namespace Awards.IntegrationTests;

/// <summary>
/// The nominee page (<c>/unit/nominations/{id}</c>) in Chromium, as a unit's clerk uses it: uploads
/// with a progress bar, a large file through a resumable session that survives a cut connection
/// and a reload, a return answered with a new version and a resubmission, a withdrawal, the
/// timeline of an awarded nominee, and the whole page without JavaScript.
/// </summary>
[TestClass]
public sealed partial class NominationPageTests
{
    private const string Report = "achievement-report";
    private const string Nominee = "Trương Thị Mai";

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task A_file_uploaded_with_the_script_shows_progress_to_the_end_and_its_version_and_the_page_passes_axe_in_both_languages()
    {
        using var s = await Scenario.StartAsync("nompage");
        var id = (await s.CreateDraftAsync(NomineeKind.Individual, Nominee)).Nomination.Id;
        var pdf = SampleDocuments.Pdf("Bao cao thanh tich ca nhan");

        await PageChecks.RunAsync(TestContext, async page =>
        {
            await SignInAsync(page, s);
            await page.GotoAsync(Url(id));
            Assert.AreEqual($"Hồ sơ đề nghị: {Nominee}", (await page.Locator("main h1").InnerTextAsync()).Trim());
            Assert.AreEqual(3, await page.Locator("#missing-list li").CountAsync(), "the three required documents are missing");
            await PageChecks.AssertAccessibleAsync(page, "nominee page (a draft)");

            // The file goes to the API in one PUT (not the form's own POST), with a progress bar that reaches the end.
            var puts = new List<string>();
            page.Request += (_, r) =>
            {
                if (r.Method == "PUT")
                {
                    puts.Add(r.Url);
                }
            };
            var form = page.Locator($"#doc-{Report} form.upload");
            await form.Locator("input[type=file]").SetInputFilesAsync(new FilePayload { Name = "Báo cáo thành tích.pdf", MimeType = "application/pdf", Buffer = pdf });
            await form.Locator("button[type=submit]").ClickAsync();
            await page.Locator($"#versions-{Report} tr[data-version='1']").WaitForAsync();
            Assert.AreEqual("100", await form.Locator("progress.upload-progress").EvaluateAsync<string>("p => String(p.value)"));
            Assert.IsTrue(await form.Locator("progress.upload-progress").IsVisibleAsync());
            StringAssert.Contains(await form.Locator("output.upload-status").InnerTextAsync(), "phiên bản 1");
            Assert.AreEqual($"/api/nominations/{id}/documents/{Report}", new Uri(puts.Single()).AbsolutePath);
            Assert.AreEqual(2, await page.Locator("#missing-list li").CountAsync(), "the list of what is missing was reloaded");

            // What the page lists is what was stored: name, size, date, hash prefix, and a logged link to read it.
            var stored = (await s.Nominator.GetNominationAsync(id)).Documents.Single(d => d.Type == Report);
            Assert.AreEqual(Convert.ToHexStringLower(SHA256.HashData(pdf)), stored.Sha256);
            var row = page.Locator($"#versions-{Report} tr[data-version='1']");
            Assert.AreEqual("Báo cáo thành tích.pdf", (await row.Locator("a.open").InnerTextAsync()).Trim());
            Assert.AreEqual($"/api/nominations/{id}/documents/{Report}/1", await row.Locator("a.open").GetAttributeAsync("href"));
            Assert.AreEqual(stored.Sha256[..12], (await row.Locator("code.sha").InnerTextAsync()).Trim());
            StringAssert.Matches(await row.Locator("time").InnerTextAsync(), DateTimePattern());

            await PageChecks.AssertAccessibleAsync(page, "nominee page after an upload");

            // On a phone (375 px) nothing but the tables' own scroll areas is wider than the screen.
            await page.SetViewportSizeAsync(375, 800);
            Assert.IsLessThanOrEqualTo(375, await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth"), "the page fits 375 px");
            await page.SetViewportSizeAsync(1280, 800);

            // The switch loads the page again, without the upload's progress and messages: compare the page as loaded.
            await page.ReloadAsync();
            await PageChecks.AssertEnglishSwitchAsync(page, "nominee page");
            await PageChecks.AssertAccessibleAsync(page, "nominee page (English)");
            await PageChecks.BackToVietnameseAsync(page);
        });

        // Without a session the page sends the visitor to sign in; another unit sees nothing of it.
        using var anonymous = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = TestHost.Runner.BaseUrl };
        using (var away = await anonymous.GetAsync(new Uri($"unit/nominations/{id}", UriKind.Relative)))
        {
            Assert.AreEqual(HttpStatusCode.SeeOther, away.StatusCode);
            Assert.AreEqual("/signin", away.Headers.Location!.OriginalString);
        }

        var otherKey = await s.Organiser.IssueNominatorKeyAsync(TestCampaigns.Address("other", s.Campaign.Id), "Công an tỉnh Thái Bình", "TB");
        using var other = s.Organiser.As(otherKey);
        using (var notTheirs = await other.Http.GetAsync(new Uri($"unit/nominations/{id}", UriKind.Relative)))
        {
            Assert.AreEqual(HttpStatusCode.NotFound, notTheirs.StatusCode);
            var html = await notTheirs.Content.ReadAsStringAsync();
            Assert.IsFalse(html.Contains(Nominee, StringComparison.Ordinal), "another unit's page names nothing of the nomination");
        }
    }

    [TestMethod]
    public async Task A_large_file_cut_off_half_way_resumes_after_a_reload_with_only_the_missing_blocks_and_keeps_its_hash()
    {
        using var s = await Scenario.StartAsync("nomresume");
        var id = (await s.CreateDraftAsync(NomineeKind.Individual, Nominee)).Nomination.Id;

        // Above the single-request cap: it must go through an upload session, in 1 MiB blocks.
        var file = SampleDocuments.Pdf(7_000_000, "Ho so lon quet");
        var blocks = (file.Length + TestHost.SessionBlockSize - 1) / TestHost.SessionBlockSize;
        Assert.IsGreaterThan(TestHost.MaxDocumentBytes, file.Length);
        var folder = Directory.CreateTempSubdirectory("awards-upload-");
        var path = Path.Combine(folder.FullName, "Báo cáo thành tích (bản quét).pdf");
        await File.WriteAllBytesAsync(path, file);
        try
        {
            await PageChecks.RunAsync(TestContext, async page =>
            {
                await SignInAsync(page, s);
                await page.GotoAsync(Url(id));

                // The connection drops after three blocks: every later block PUT fails.
                var passed = 0;
                await page.RouteAsync(url => url.Contains("comp=block", StringComparison.Ordinal), async route =>
                {
                    if (route.Request.Method == "PUT" && Interlocked.Increment(ref passed) > 3)
                    {
                        await route.AbortAsync("connectionreset");
                        return;
                    }

                    await route.ContinueAsync();
                });
                var form = page.Locator($"#doc-{Report} form.upload");
                await form.Locator("input[type=file]").SetInputFilesAsync(path);
                await form.Locator("button[type=submit]").ClickAsync();
                var status = form.Locator("output.upload-status");
                await Assertions.Expect(status).ToContainTextAsync("Mất kết nối. Phần đã gửi được giữ lại", new() { Timeout = 60_000 });
                Assert.AreEqual("true", await form.Locator("input[type=file]").GetAttributeAsync("aria-invalid"));
                Assert.IsEmpty((await s.Nominator.GetNominationAsync(id)).Documents, "nothing is recorded until the session is committed");

                // Later, the connection is back: the clerk reloads the page and chooses the same file again.
                await page.UnrouteAllAsync();
                await page.ReloadAsync();
                var resumedPuts = 0;
                page.Request += (_, r) =>
                {
                    if (r.Method == "PUT" && r.Url.Contains("comp=block", StringComparison.Ordinal))
                    {
                        Interlocked.Increment(ref resumedPuts);
                    }
                };
                form = page.Locator($"#doc-{Report} form.upload");
                await form.Locator("input[type=file]").SetInputFilesAsync(path);
                await Assertions.Expect(form.Locator("output.upload-status")).ToContainTextAsync("đã được tải lên dở");
                await form.Locator("button[type=submit]").ClickAsync();
                await page.Locator($"#versions-{Report} tr[data-version='1']").WaitForAsync(new() { Timeout = 120_000 });
                Assert.AreEqual("100", await form.Locator("progress.upload-progress").EvaluateAsync<string>("p => String(p.value)"));
                Assert.AreEqual(blocks - 3, resumedPuts, $"only the blocks storage lacked were sent again ({blocks} in all)");
                Assert.IsLessThan(blocks, resumedPuts);
                Assert.AreEqual("Báo cáo thành tích (bản quét).pdf", (await page.Locator($"#versions-{Report} a.open").InnerTextAsync()).Trim());
                Assert.AreEqual(0, await page.EvaluateAsync<int>("() => Object.keys(localStorage).filter(k => k.startsWith('awards-upload|')).length"), "the finished session is forgotten");
            });

            var stored = (await s.Nominator.GetNominationAsync(id)).Documents.Single(d => d.Type == Report);
            Assert.AreEqual(Convert.ToHexStringLower(SHA256.HashData(file)), stored.Sha256);
            Assert.AreEqual(file.Length, stored.Size);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [TestMethod]
    public async Task A_returned_nominee_shows_the_reason_first_takes_a_new_version_and_is_resubmitted()
    {
        const string Name = "Nguyễn Thị Đào";
        const string Reason = "Bổ sung bản sao quyết định khen thưởng năm trước.";
        using var s = await Scenario.StartAsync("nomreturn");
        await PageChecks.RunAsync(TestContext, async page =>
        {
            await SignInAsync(page, s);
            var id = await s.SubmitNewAsync(NomineeKind.Individual, Name);
            using (var returned = await s.DecideAsync(await s.ReviewLinkAsync("provincial", Name), "return", Reason))
            {
                Assert.AreEqual(HttpStatusCode.SeeOther, returned.StatusCode);
            }

            await s.Nominator.WaitForAsync(id, v => v.Nomination.Status == NominationStatus.Returned, "returned");
            await page.GotoAsync(Url(id));

            // The first thing under the title is the return and its reason.
            Assert.AreEqual("returned", await page.Locator("main > *").Nth(1).GetAttributeAsync("id"));
            Assert.AreEqual(Reason, (await page.Locator("#return-reason").InnerTextAsync()).Trim());
            StringAssert.Contains(await page.Locator("#returned").InnerTextAsync(), "Cấp tỉnh");
            Assert.AreEqual("Bị trả lại để bổ sung", (await page.Locator("#status").InnerTextAsync()).Trim());
            await PageChecks.AssertAccessibleAsync(page, "nominee page (returned)");

            var form = page.Locator($"#doc-{Report} form.upload");
            await form.Locator("input[type=file]").SetInputFilesAsync(new FilePayload { Name = "Báo cáo bổ sung.pdf", MimeType = "application/pdf", Buffer = SampleDocuments.Pdf("Bao cao bo sung") });
            await form.Locator("button[type=submit]").ClickAsync();
            await page.Locator($"#versions-{Report} tr[data-version='2']").WaitForAsync();
            Assert.AreEqual(1, await page.Locator($"#versions-{Report} tr[data-version='1']").CountAsync(), "the earlier version is kept");

            await page.Locator("#resubmit").ClickAsync();
            await page.Locator("#done").WaitForAsync();
            StringAssert.Contains(await page.Locator("#done").InnerTextAsync(), "Đã nộp lại hồ sơ");
            Assert.AreEqual(0, await page.Locator("#returned").CountAsync(), "no return is shown once resubmitted");
            Assert.AreEqual(0, await page.Locator("form.upload").CountAsync(), "the dossier is frozen again");
            Assert.AreEqual(1, await page.Locator("ol.timeline li[data-kind='Resubmitted']").CountAsync());
            StringAssert.Contains(await page.Locator("ol.timeline li[data-kind='Returned']").InnerTextAsync(), Reason);

            var view = await s.Nominator.GetNominationAsync(id);
            Assert.AreEqual(NominationStatus.InReview, view.Nomination.Status);
            Assert.AreEqual(2, view.Nomination.Wave, "the resubmission is a new wave");

            // The stage that returned it gets a new request for the same nominee.
            Assert.IsNotNull(await s.ReviewLinkAsync("provincial", Name, nth: 2));
        });
    }

    [TestMethod]
    public async Task Withdrawing_needs_a_reason_and_a_confirmation_then_ends_the_nomination()
    {
        using var s = await Scenario.StartAsync("nomwithdraw");
        var id = (await s.CreateDraftAsync(NomineeKind.Individual, Nominee)).Nomination.Id;
        const string Reason = "Cá nhân đã nghỉ hưu, đơn vị đề nghị ở đợt sau.";
        await PageChecks.RunAsync(TestContext, async page =>
        {
            await SignInAsync(page, s);
            await page.GotoAsync(Url(id));

            // A form sent without the box ticked (a browser that does not check 'required') is refused at the box, keeping the reason.
            var origin = TestHost.Runner.BaseUrl.GetLeftPart(UriPartial.Authority);
            var refused = await page.APIRequest.PostAsync(Url(id) + "/withdraw", new()
            {
                Form = page.APIRequest.CreateFormData().Append("reason", Reason),
                Headers = new Dictionary<string, string> { ["Origin"] = origin },
                MaxRedirects = 0,
            });
            Assert.AreEqual(400, refused.Status);
            var html = await refused.TextAsync();
            StringAssert.Contains(html, "id=\"confirm-error\"");
            StringAssert.Contains(html, "aria-describedby=\"confirm-error\"");
            StringAssert.Contains(html, Reason);
            Assert.AreEqual(NominationStatus.Draft, (await s.Nominator.GetNominationAsync(id)).Nomination.Status, "nothing changed");

            // By keyboard alone: the reason, Tab to the box, Space, Tab to the button, Enter.
            await page.Locator("#reason").FocusAsync();
            await page.Keyboard.TypeAsync(Reason);
            await page.Keyboard.PressAsync("Tab");
            Assert.AreEqual("confirm", await page.EvaluateAsync<string>("() => document.activeElement.id"));
            await page.Keyboard.PressAsync("Space");
            await page.Keyboard.PressAsync("Tab");
            Assert.AreEqual("withdraw", await page.EvaluateAsync<string>("() => document.activeElement.id"));
            Assert.AreNotEqual("none", await page.EvaluateAsync<string>("() => getComputedStyle(document.activeElement).outlineStyle"), "the focused button shows its focus");
            await page.Keyboard.PressAsync("Enter");
            await page.Locator("#done").WaitForAsync();
            Assert.AreEqual("Đã rút", (await page.Locator("#status").InnerTextAsync()).Trim());
            StringAssert.Contains(await page.Locator("ol.timeline li[data-kind='Withdrawn']").InnerTextAsync(), Reason);
            Assert.AreEqual(0, await page.Locator("form.withdraw").CountAsync());
            await PageChecks.AssertAccessibleAsync(page, "nominee page (withdrawn)");
        });

        var view = await s.Nominator.GetNominationAsync(id);
        Assert.AreEqual(NominationStatus.Withdrawn, view.Nomination.Status);
        Assert.AreEqual(Reason, view.Nomination.LastReason);
    }

    [TestMethod]
    public async Task After_the_three_approvals_the_timeline_shows_each_stage_and_the_award()
    {
        const string Name = "Phòng Cảnh sát giao thông";
        using var s = await Scenario.StartAsync("nomaward");
        await PageChecks.RunAsync(TestContext, async page =>
        {
            await SignInAsync(page, s);
            var id = await s.SubmitNewAsync(NomineeKind.Collective, Name);
            foreach (var stage in new[] { "provincial", "ministry", "front" })
            {
                using var approved = await s.DecideAsync(await s.ReviewLinkAsync(stage, Name), "approve");
                Assert.AreEqual(HttpStatusCode.SeeOther, approved.StatusCode, stage);
            }

            await s.Nominator.WaitForAsync(id, v => v.Nomination.Status == NominationStatus.Awarded, "awarded", TimeSpan.FromSeconds(90));
            await page.GotoAsync(Url(id));
            Assert.AreEqual("Đã được khen thưởng", (await page.Locator("#status").InnerTextAsync()).Trim());
            var timeline = page.Locator("ol.timeline");
            Assert.AreEqual(3, await timeline.Locator("li[data-kind='StageOpened']").CountAsync());
            Assert.AreEqual(3, await timeline.Locator("li[data-kind='Approved']").CountAsync());
            StringAssert.Contains(await timeline.Locator("li[data-kind='Approved']").First.InnerTextAsync(), "Người quyết định: Hội đồng Thi đua – Khen thưởng tỉnh Phú Yên");
            StringAssert.Matches(await timeline.Locator("li[data-kind='StageOpened'] .due").First.InnerTextAsync(), DateTimePattern());
            Assert.AreEqual(
                "Được khen thưởng: Bằng khen của Ủy ban Trung ương MTTQ Việt Nam",
                (await timeline.Locator("li[data-kind='Awarded'] .event").InnerTextAsync()).Trim());
            Assert.AreEqual(0, await page.Locator("form").Filter(new() { Has = page.Locator("input[type=file], textarea") }).CountAsync(), "nothing is left to change");
            await PageChecks.AssertAccessibleAsync(page, "nominee page (awarded)");
            await PageChecks.AssertEnglishSwitchAsync(page, "nominee page (awarded)");
            Assert.AreEqual(
                "Awarded: Certificate of merit of the Front",
                (await page.Locator("ol.timeline li[data-kind='Awarded'] .event").InnerTextAsync()).Trim());
            await PageChecks.BackToVietnameseAsync(page);
        });
    }

    [TestMethod]
    public async Task Without_JavaScript_the_form_uploads_through_the_page_and_a_refused_file_is_explained_at_its_field()
    {
        using var s = await Scenario.StartAsync("nomnojs");
        var id = (await s.CreateDraftAsync(NomineeKind.Individual, Nominee)).Nomination.Id;
        var pdf = SampleDocuments.Pdf("Bao cao khong dung script");
        IReadOnlyList<BrowserContextCookiesResult> session = [];
        await PageChecks.RunAsync(TestContext, async page =>
        {
            // Signing in works without script too: it is forms and links.
            await SignInAsync(page, s);
            await page.GotoAsync(Url(id));
            var form = page.Locator($"#doc-{Report} form.upload");
            await form.Locator("input[type=file]").SetInputFilesAsync(new FilePayload { Name = "Báo cáo.pdf", MimeType = "application/pdf", Buffer = pdf });
            await form.Locator("button[type=submit]").ClickAsync();
            await page.Locator("#done").WaitForAsync();
            Assert.AreEqual("Đã tải lên Báo cáo thành tích, phiên bản 1.", (await page.Locator("#done").InnerTextAsync()).Trim());
            Assert.AreEqual($"/unit/nominations/{id}", new Uri(page.Url).AbsolutePath, "Post/Redirect/Get: a reload does not post again");
            Assert.AreEqual("Báo cáo.pdf", (await page.Locator($"#versions-{Report} tr[data-version='1'] a.open").InnerTextAsync()).Trim());

            // A program dressed as a PDF is refused at the field, in Vietnamese, and nothing is kept.
            form = page.Locator($"#doc-{Report} form.upload");
            await form.Locator("input[type=file]").SetInputFilesAsync(new FilePayload { Name = "Báo cáo (2).pdf", MimeType = "application/pdf", Buffer = SampleDocuments.LinuxProgram() });
            await form.Locator("button[type=submit]").ClickAsync();
            var error = page.Locator($"#file-{Report}-error");
            await error.WaitForAsync();
            StringAssert.Contains(await error.InnerTextAsync(), "Tệp");
            var input = page.Locator($"#file-{Report}");
            Assert.AreEqual("true", await input.GetAttributeAsync("aria-invalid"));
            StringAssert.Contains(await input.GetAttributeAsync("aria-describedby") ?? string.Empty, $"file-{Report}-error");
            Assert.AreEqual(0, await page.Locator($"#versions-{Report} tr[data-version='2']").CountAsync());
            session = await page.Context.CookiesAsync();
        }, javaScript: false);

        // The same answer checked by axe (which needs script): a browser whose upload.js did not load falls back to the form too.
        await PageChecks.RunAsync(TestContext, async page =>
        {
            await page.Context.AddCookiesAsync(session.Select(c => new Microsoft.Playwright.Cookie { Name = c.Name, Value = c.Value, Domain = c.Domain, Path = c.Path, HttpOnly = c.HttpOnly, SameSite = c.SameSite }));
            await page.RouteAsync("**/assets/upload.js*", route => route.AbortAsync("blockedbyclient"));
            await page.GotoAsync(Url(id));
            var form = page.Locator($"#doc-{Report} form.upload");
            await form.Locator("input[type=file]").SetInputFilesAsync(new FilePayload { Name = "Báo cáo (3).pdf", MimeType = "application/pdf", Buffer = SampleDocuments.LinuxProgram() });
            await form.Locator("button[type=submit]").ClickAsync();
            await page.Locator($"#file-{Report}-error").WaitForAsync();
            await PageChecks.AssertAccessibleAsync(page, "nominee page with a refused upload (no script)");
        });

        var stored = (await s.Nominator.GetNominationAsync(id)).Documents;
        Assert.AreEqual(Convert.ToHexStringLower(SHA256.HashData(pdf)), stored.Single().Sha256, "only the accepted file was kept");
    }

    // Signs the page's browser in as the scenario's unit the way a clerk does.
    private static Task SignInAsync(IPage page, Scenario s) => BrowserSignIn.SignInAsync(page, s.NominatorEmail);

    private static string Url(string id) => new Uri(TestHost.Runner.BaseUrl, $"unit/nominations/{id}").AbsoluteUri;

    [GeneratedRegex(@"\d{2}/\d{2}/\d{4} \d{2}:\d{2}")]
    private static partial Regex DateTimePattern();
}
