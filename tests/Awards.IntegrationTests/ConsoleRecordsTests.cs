using System.Net;
using System.Net.Http.Json;
using Awards.Domain;
using Awards.Outputs.Exports;
using Awards.Testing;
using Microsoft.Playwright;

namespace Awards.IntegrationTests;

/// <summary>
/// The organisers' console's nominations and awards tabs in Chromium: an organiser signed in by
/// the emailed link finds a nominee by a name typed without diacritics, filters, opens one (its
/// documents through the logged read route, the read log, the history, the audit verdict) and
/// cancels it; issues a decision whose previewed number is the number it gets, downloads its
/// certificates and the XLSX list, revokes an award and sees the counts change. A unit's session
/// is refused on every route of the two tabs and changes nothing; another campaign's organiser
/// finds nothing.
/// </summary>
[TestClass]
public sealed class ConsoleRecordsTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task An_organiser_finds_a_nominee_typed_without_diacritics_filters_opens_the_record_and_cancels_it_with_a_reason()
    {
        var (s, organiser) = await StartAsync("records-noms");
        using var scenario = s;
        var duc = await s.SubmitNewAsync(NomineeKind.Individual, "Đặng Văn Đức");
        var team = await s.SubmitNewAsync(NomineeKind.Collective, "Phòng An ninh đối nội");
        var mai = (await s.NominateAsync(NomineeKind.Individual, "Trần Thị Mai")).Nomination.Id;
        await s.Nominator.WaitForAsync(duc, v => v.Nomination.Status == NominationStatus.InReview && v.Nomination.Round > 0, "its first stage open");
        await s.Nominator.WaitForAsync(team, v => v.Nomination.Round > 0, "its first stage open");

        await PageChecks.RunAsync(TestContext, async page =>
        {
            await SignInAsync(page, organiser);
            var list = Url($"organise/campaigns/{s.Campaign.Id}/nominations");
            Assert.AreEqual(200, (await page.GotoAsync(list))!.Status);
            CollectionAssert.AreEquivalent(new[] { "Đặng Văn Đức", "Phòng An ninh đối nội", "Trần Thị Mai" }, await NamesAsync(page));
            await PageChecks.AssertAccessibleAsync(page, "console nominations");
            await PageChecks.AssertEnglishSwitchAsync(page, "console nominations");
            await PageChecks.BackToVietnameseAsync(page);

            // The name typed without diacritics and with a plain d finds Đặng Văn Đức.
            await page.Locator("#q").FillAsync("dang van duc");
            await page.Locator("#search").ClickAsync();
            await page.WaitForURLAsync("**q=dang*", new() { WaitUntil = WaitUntilState.DOMContentLoaded }); // the server-rendered result is whole then; "load" twice outlived 30 s here
            CollectionAssert.AreEqual(new[] { "Đặng Văn Đức" }, await NamesAsync(page));
            StringAssert.Contains(await page.Locator("#found").InnerTextAsync(), "1");

            // By status, from the labelled select: the draft is left out.
            await page.Locator("#clear").ClickAsync();
            await page.WaitForURLAsync(list);
            await page.GetByLabel("Trạng thái").SelectOptionAsync(nameof(NominationStatus.InReview));
            await page.Locator("#search").ClickAsync();
            await page.WaitForURLAsync("**status=InReview*");
            CollectionAssert.AreEqual(new[] { "Đặng Văn Đức", "Phòng An ninh đối nội" }, await NamesAsync(page), "in review, in Vietnamese order");
            Assert.AreEqual("Đang xét duyệt", (await page.Locator("#nominations tbody tr").First.Locator("td.status").InnerTextAsync()).Trim());

            // One nomination: details, every document version, the read log, the history and the audit verdict.
            await page.GetByRole(AriaRole.Link, new() { Name = "Đặng Văn Đức", Exact = true }).ClickAsync();
            await page.Locator("#nominee-name").WaitForAsync();
            StringAssert.EndsWith(page.Url, $"/nominations/{duc}");
            Assert.AreEqual(TestCampaigns.RequiredDocuments.Length, await page.Locator("#dossier a.open").CountAsync(), "every uploaded version is listed");
            Assert.AreEqual(1, await page.Locator("#no-reads").CountAsync(), "nobody read anything yet");
            Assert.AreEqual("true", await page.Locator("#audit-verdict").GetAttributeAsync("data-verified"));
            StringAssert.Contains(await page.Locator("#audit").InnerTextAsync(), "Gửi hồ sơ");

            // Opening a version goes through the logged read route: the organiser shows in the read log.
            var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("#dossier a.open").First.ClickAsync());
            Assert.IsFalse(string.IsNullOrEmpty(download.SuggestedFilename));
            await page.ReloadAsync();
            StringAssert.Contains(await page.Locator("#read-log td.reader").First.InnerTextAsync(), organiser);
            await PageChecks.AssertAccessibleAsync(page, "console nomination");
            await PageChecks.AssertEnglishSwitchAsync(page, "console nomination");
            await PageChecks.BackToVietnameseAsync(page);

            // Cancel with a reason and the confirmation, by keyboard.
            await page.Locator("#reason").FillAsync("Đơn vị đề nghị nhầm đối tượng.");
            await page.Locator("#confirm").FocusAsync();
            await page.Keyboard.PressAsync("Space");
            await page.Locator("#cancel").FocusAsync();
            await page.Keyboard.PressAsync("Enter");
            await page.Locator("#done").WaitForAsync();
            Assert.AreEqual("Đã hủy hồ sơ.", (await page.Locator("#done").InnerTextAsync()).Trim());

            // The open round is closed through the stage's claim; the workflow ends the nomination.
            await s.Nominator.WaitForAsync(duc, v => v.Nomination.Status == NominationStatus.Cancelled, "cancelled");
            await page.ReloadAsync();
            Assert.AreEqual("Ban tổ chức đã hủy", (await page.Locator("#status").InnerTextAsync()).Trim());
            StringAssert.Contains(await page.Locator("#audit tr[data-action='cancelled']").InnerTextAsync(), "Đơn vị đề nghị nhầm đối tượng.");
            Assert.AreEqual(1, await page.Locator("#ended").CountAsync(), "no cancel form on an ended nomination");
            await PageChecks.AssertAccessibleAsync(page, "console nomination after cancelling");

            // Readable at 375 px: nothing wider than the screen but the tables' own scroll areas.
            await page.SetViewportSizeAsync(375, 800);
            await page.GotoAsync(list);
            Assert.IsTrue(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= 375"), "the list fits a phone's width");
        });

        var cancelled = await s.Nominator.GetNominationAsync(duc);
        Assert.AreEqual(NominationStatus.Cancelled, cancelled.Nomination.Status);
        Assert.IsTrue(cancelled.History.Any(h => h.Action == AuditActions.Cancelled && h.Actor == organiser), "the history says who cancelled");
        Assert.AreEqual(NominationStatus.Draft, (await s.Nominator.GetNominationAsync(mai)).Nomination.Status);
    }

    [TestMethod]
    public async Task An_organiser_issues_a_decision_with_the_previewed_number_downloads_certificates_and_the_list_and_revokes_an_award()
    {
        var (s, organiser) = await StartAsync("records-awards");
        using var scenario = s;
        var ids = await AwardDecisionTests.AwardAsync(s, "bk-mttq", [(NomineeKind.Individual, "Nguyễn Thị Đào"), (NomineeKind.Individual, "Lê Văn Bình"), (NomineeKind.Collective, "Phòng Cảnh sát giao thông")]);
        var (dao, binh, team) = (ids[0], ids[1], ids[2]);

        await PageChecks.RunAsync(TestContext, async page =>
        {
            await SignInAsync(page, organiser);
            var awards = Url($"organise/campaigns/{s.Campaign.Id}/awards");
            Assert.AreEqual(200, (await page.GotoAsync(awards))!.Status);
            Assert.AreEqual("Tổng cộng: 3 khen thưởng.", (await page.Locator("#total").InnerTextAsync()).Trim());
            await PageChecks.AssertAccessibleAsync(page, "console awards");
            await PageChecks.AssertEnglishSwitchAsync(page, "console awards");
            await PageChecks.BackToVietnameseAsync(page);

            // The XLSX list through the export link, with the session: a workbook that opens with the names intact.
            var xlsxHref = (await page.Locator("#export-xlsx").GetAttributeAsync("href"))!;
            var xlsx = await DownloadAsync(page, page.Locator("#export-xlsx"));
            await using (var response = await page.Context.APIRequest.GetAsync(Url(xlsxHref.TrimStart('/'))))
            {
                Assert.AreEqual(200, response.Status);
                Assert.AreEqual(AwardListXlsx.ContentType, response.Headers["content-type"]);
            }

            var sheets = await OutputTools.SpreadsheetAsCsvAsync(xlsx, "xlsx", TestContext.CancellationToken);
            var workbook = string.Join("\n", sheets);
            foreach (var name in new[] { "Nguyễn Thị Đào", "Lê Văn Bình", "Phòng Cảnh sát giao thông" })
            {
                StringAssert.Contains(workbook, name);
            }

            // Prepare a decision: the number it will get; issue it for two of the three.
            await page.Locator("#issue-award").SelectOptionAsync("bk-mttq");
            await page.Locator("#prepare-decision").ClickAsync();
            await page.Locator("#preview-number").WaitForAsync();
            var previewed = (await page.Locator("#preview-number").InnerTextAsync()).Trim();
            StringAssert.Contains(await page.Locator("#awaiting").InnerTextAsync(), "1 tập thể, 2 cá nhân");
            await PageChecks.AssertAccessibleAsync(page, "console new decision");
            await PageChecks.AssertEnglishSwitchAsync(page, "console new decision");
            await PageChecks.BackToVietnameseAsync(page);
            await page.Locator("#scope-chosen").CheckAsync();
            await page.Locator($"#pick-{dao}").CheckAsync();
            await page.Locator($"#pick-{team}").CheckAsync();
            await page.Locator("#issue").ClickAsync();
            await page.Locator("#done").WaitForAsync();
            Assert.AreEqual($"Đã ban hành quyết định số {previewed}.", (await page.Locator("#done").InnerTextAsync()).Trim());
            var row = page.Locator("#decision-list tbody tr").First;
            Assert.AreEqual(previewed, (await row.Locator("td.number").InnerTextAsync()).Trim(), "the number issued is the number previewed");

            // Its certificates, with the session: a PDF with a page for each of the two.
            var certificatesHref = (await row.Locator("a.certificates").GetAttributeAsync("href"))!;
            var certificates = await DownloadAsync(page, row.Locator("a.certificates"));
            await using (var response = await page.Context.APIRequest.GetAsync(Url(certificatesHref.TrimStart('/'))))
            {
                Assert.AreEqual(200, response.Status);
                Assert.AreEqual("application/pdf", response.Headers["content-type"]);
            }

            var pdfPages = await OutputTools.PdfPagesAsync(certificates, TestContext.CancellationToken);
            Assert.HasCount(2, pdfPages);
            StringAssert.Contains(string.Join("\n", pdfPages), "Nguyễn Thị Đào");
            Assert.IsFalse(string.Join("\n", pdfPages).Contains("Lê Văn Bình", StringComparison.Ordinal), "Lê Văn Bình is not in this decision");

            // Revoke Nguyễn Thị Đào's award: a reason and a confirmation; the counts change.
            await page.Locator($"tr[data-id='{dao}'] a.revoke").ClickAsync();
            await page.Locator("#reason").WaitForAsync();
            await PageChecks.AssertAccessibleAsync(page, "console revoke");
            await PageChecks.AssertEnglishSwitchAsync(page, "console revoke");
            await PageChecks.BackToVietnameseAsync(page);
            await page.Locator("#reason").FillAsync("Hồ sơ thành tích không đúng sự thật.");
            await page.Locator("#confirm").CheckAsync();
            await page.Locator("#revoke").ClickAsync();
            await page.Locator("#done").WaitForAsync();
            Assert.AreEqual("Đã thu hồi khen thưởng của Nguyễn Thị Đào.", (await page.Locator("#done").InnerTextAsync()).Trim());
            Assert.AreEqual("Tổng cộng: 2 khen thưởng.", (await page.Locator("#total").InnerTextAsync()).Trim());
            Assert.AreEqual(0, await page.Locator($"tr[data-id='{dao}']").CountAsync(), "a revoked award leaves the list");

            // With revoked awards included it is back, marked.
            await page.Locator("#includeRevoked").CheckAsync();
            await page.Locator("#filter").ClickAsync();
            await page.Locator($"tr[data-id='{dao}'] .revoked-mark").WaitForAsync();
            Assert.AreEqual("Tổng cộng: 3 khen thưởng.", (await page.Locator("#total").InnerTextAsync()).Trim());

            await page.SetViewportSizeAsync(375, 800);
            await page.ReloadAsync();
            Assert.IsTrue(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= 375"), "the awards tab fits a phone's width");
        });

        Assert.AreEqual(2, (await s.Organiser.AwardListsAsync(s.Campaign.Id)).Total);
        Assert.AreEqual(NominationStatus.Revoked, (await s.Nominator.GetNominationAsync(dao)).Nomination.Status);
        Assert.AreEqual(NominationStatus.Awarded, (await s.Nominator.GetNominationAsync(binh)).Nomination.Status);
    }

    [TestMethod]
    public async Task A_units_session_is_refused_on_every_route_of_the_two_tabs_and_changes_nothing_and_another_campaigns_organiser_finds_nothing()
    {
        var (s, organiser) = await StartAsync("records-refused");
        using var scenario = s;
        var awarded = (await AwardDecisionTests.AwardAsync(s, "bk-mttq", [(NomineeKind.Individual, "Võ Thị Sáu")]))[0];
        var draft = (await s.NominateAsync(NomineeKind.Individual, "Hoàng Văn Thụ")).Nomination.Id;

        using var raw = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = TestHost.Runner.BaseUrl };
        var unit = await CookieAsync(raw, s.NominatorEmail);
        var stranger = TestCampaigns.Address("organiser-elsewhere", s.Campaign.Id);
        await IssueOrganiserKeyAsync(s, stranger);
        var elsewhere = await CookieAsync(raw, stranger);
        var mine = await CookieAsync(raw, organiser);

        // Every route of the two tabs, as the runner maps them (a new one joins this list by itself).
        var routes = RunnerRouteTable.Read()
            .Where(r => r.Pattern.StartsWith("/organise/campaigns/{campaignId}/", StringComparison.Ordinal) && r.Pattern.Split('/')[4] is "nominations" or "awards" or "decisions")
            .ToList();
        Assert.HasCount(9, routes, string.Join(", ", routes));
        string Target(string pattern) => pattern
            .Replace("{campaignId}", s.Campaign.Id, StringComparison.Ordinal)
            .Replace("{nominationId}", pattern.Contains("/awards/", StringComparison.Ordinal) ? awarded : draft, StringComparison.Ordinal)
            .TrimStart('/');

        foreach (var (method, pattern) in routes)
        {
            // The forms filled in as an organiser would: were the refusal missing, each would change something.
            var form = new[] { ("reason", "Thử."), ("confirm", "yes"), ("award", "bk-mttq"), ("scope", "all") };
            using (var refused = await SendAsync(raw, method, Target(pattern), unit, form))
            {
                Assert.AreEqual(HttpStatusCode.Forbidden, refused.StatusCode, $"{method} {pattern} with a unit's session");
                Assert.AreEqual("text/html", refused.Content.Headers.ContentType?.MediaType, $"{method} {pattern}: a page");
                StringAssert.Contains(await refused.Content.ReadAsStringAsync(), "id=\"refused\"");
            }

            using (var notFound = await SendAsync(raw, method, Target(pattern), elsewhere, form))
            {
                Assert.AreEqual(HttpStatusCode.NotFound, notFound.StatusCode, $"{method} {pattern} by an organiser of another campaign");
            }

            using (var anonymous = await SendAsync(raw, method, Target(pattern), null, form))
            {
                Assert.AreEqual(method == "GET" ? HttpStatusCode.SeeOther : HttpStatusCode.Unauthorized, anonymous.StatusCode, $"{method} {pattern} signed out");
            }

            if (method == "POST")
            {
                // The organiser's own session, from another site: refused before anything is read.
                using var crossSite = await SendAsync(raw, method, Target(pattern), mine, form, origin: "https://evil.example");
                Assert.AreEqual(HttpStatusCode.Forbidden, crossSite.StatusCode, $"{method} {pattern} cross-site");
            }
        }

        // Nothing changed: the award stands, the draft is a draft, no decision was issued.
        Assert.AreEqual(NominationStatus.Awarded, (await s.Nominator.GetNominationAsync(awarded)).Nomination.Status);
        Assert.AreEqual(NominationStatus.Draft, (await s.Nominator.GetNominationAsync(draft)).Nomination.Status);
        Assert.AreEqual(1, (await s.Organiser.AwardListsAsync(s.Campaign.Id)).Total);
        using (var decisions = await s.Organiser.Http.GetAsync(new Uri($"api/campaigns/{s.Campaign.Id}/decisions", UriKind.Relative)))
        {
            Assert.AreEqual("[]", (await decisions.Content.ReadAsStringAsync()).Trim());
        }

        // The organiser's own forms refuse bad input at the field and change nothing either.
        using (var noReason = await SendAsync(raw, "POST", $"organise/campaigns/{s.Campaign.Id}/awards/{awarded}/revoke", mine, [("reason", "  "), ("confirm", "yes")]))
        {
            Assert.AreEqual(HttpStatusCode.BadRequest, noReason.StatusCode);
            var html = await noReason.Content.ReadAsStringAsync();
            StringAssert.Contains(html, "id=\"reason-error\"");
            StringAssert.Contains(html, "aria-describedby=\"revoke-text reason-error\"");
        }

        using (var unconfirmed = await SendAsync(raw, "POST", $"organise/campaigns/{s.Campaign.Id}/nominations/{draft}/cancel", mine, [("reason", "Nhầm.")]))
        {
            Assert.AreEqual(HttpStatusCode.BadRequest, unconfirmed.StatusCode);
            StringAssert.Contains(await unconfirmed.Content.ReadAsStringAsync(), "id=\"confirm-error\"");
        }

        using (var noneChosen = await SendAsync(raw, "POST", $"organise/campaigns/{s.Campaign.Id}/decisions", mine, [("award", "bk-mttq"), ("scope", "chosen"), ("date", "31/12/2026")]))
        {
            Assert.AreEqual(HttpStatusCode.Conflict, noneChosen.StatusCode);
            var html = await noneChosen.Content.ReadAsStringAsync();
            StringAssert.Contains(html, "id=\"nominations-error\"");
            StringAssert.Contains(html, "id=\"date-error\"");
        }

        using (var badFilter = await SendAsync(raw, "GET", $"organise/campaigns/{s.Campaign.Id}/nominations?status=Lost", mine, []))
        {
            Assert.AreEqual(HttpStatusCode.BadRequest, badFilter.StatusCode);
            StringAssert.Contains(await badFilter.Content.ReadAsStringAsync(), "aria-describedby=\"status-error\"");
        }

        Assert.AreEqual(NominationStatus.Awarded, (await s.Nominator.GetNominationAsync(awarded)).Nomination.Status);
        Assert.AreEqual(NominationStatus.Draft, (await s.Nominator.GetNominationAsync(draft)).Nomination.Status);

        // The decision outputs answer another campaign's organiser as not found, like the decision itself.
        using (var issued = await s.Organiser.Http.PostAsJsonAsync($"api/campaigns/{s.Campaign.Id}/decisions", new { awardCode = "bk-mttq" }))
        {
            await AwardsClient.EnsureAsync(issued);
        }

        using var listed = await s.Organiser.Http.GetAsync(new Uri($"api/campaigns/{s.Campaign.Id}/decisions", UriKind.Relative));
        var decisionId = System.Text.Json.Nodes.JsonNode.Parse(await listed.Content.ReadAsStringAsync())!.AsArray()[0]!["id"]!.GetValue<string>();
        foreach (var output in new[] { "document", "certificates" })
        {
            using var theirs = await SendAsync(raw, "GET", $"api/decisions/{decisionId}/{output}", elsewhere, []);
            Assert.AreEqual(HttpStatusCode.NotFound, theirs.StatusCode, $"{output} for another campaign's organiser");
            using var ours = await SendAsync(raw, "GET", $"api/decisions/{decisionId}/{output}", mine, []);
            Assert.AreEqual(HttpStatusCode.OK, ours.StatusCode, $"{output} with the organiser's session");
        }
    }

    [TestMethod]
    public async Task A_nomination_stopped_for_attention_shows_its_step_and_the_consoles_retry_goes_on_from_there()
    {
        var (s, organiser) = await StartAsync("records-retry");
        using var scenario = s;
        const string Nominee = "Phạm Văn Đồng";
        var id = await s.SubmitNewAsync(NomineeKind.Individual, Nominee);
        await s.ReviewLinkAsync("provincial", Nominee);
        var (_, restore) = await WorkflowRecoveryTests.LoseProposalAndApproveAsync(s, id);
        await s.Organiser.WaitForAsync(id, v => v.Nomination.Attention is not null, "stopped for attention", TimeSpan.FromSeconds(90));

        await PageChecks.RunAsync(TestContext, async page =>
        {
            await SignInAsync(page, organiser);
            await page.GotoAsync(Url($"organise/campaigns/{s.Campaign.Id}/nominations/{id}"));
            StringAssert.Contains(await page.Locator("#attention-text").InnerTextAsync(), "OpenStage");
            await PageChecks.AssertAccessibleAsync(page, "console nomination stopped for attention");
            await PageChecks.AssertEnglishSwitchAsync(page, "console nomination stopped for attention");
            await PageChecks.BackToVietnameseAsync(page);

            // The cause is fixed; the organiser retries from the page.
            await restore();
            await page.Locator("#retry").ClickAsync();
            await page.Locator("#done").WaitForAsync();
            Assert.AreEqual("Đã yêu cầu quy trình chạy tiếp.", (await page.Locator("#done").InnerTextAsync()).Trim());
        });

        var resumed = await s.Organiser.WaitForAsync(id, v => v.Nomination.Attention is null && v.Nomination.CurrentStage == "ministry", "resumed at the ministry");
        Assert.IsTrue(resumed.History.Any(h => h.Action == AuditActions.Resumed && h.Actor == organiser), "the history says the organiser retried");

        // Nothing stopped any more: the page says so at the button, and nothing is started.
        using var raw = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = TestHost.Runner.BaseUrl };
        using var again = await SendAsync(raw, "POST", $"organise/campaigns/{s.Campaign.Id}/nominations/{id}/retry", await CookieAsync(raw, organiser), []);
        Assert.AreEqual(HttpStatusCode.Conflict, again.StatusCode);
        StringAssert.Contains(await again.Content.ReadAsStringAsync(), "id=\"retry-error\"");
    }

    // A campaign that names its organiser, and that organiser's key (to sign in with).
    private static async Task<(Scenario Scenario, string Organiser)> StartAsync(string tag)
    {
        string? email = null;
        var s = await Scenario.StartAsync(tag, c =>
        {
            email = TestCampaigns.Address("organiser", c.Id);
            return c with { Organisers = [email] };
        });
        await IssueOrganiserKeyAsync(s, email!);
        return (s, email!);
    }

    private static async Task IssueOrganiserKeyAsync(Scenario s, string email)
    {
        using var issued = await s.Organiser.Http.PostAsJsonAsync("api/keys", new { role = "organiser", email });
        await AwardsClient.EnsureAsync(issued);
    }

    // The organiser signs in the way they would: the address, the emailed link, the button.
    private static Task SignInAsync(IPage page, string email) => BrowserSignIn.SignInAsync(page, email);

    // A session cookie for the address, through a fresh sign-in link (the Cookie header's value).
    private static async Task<string> CookieAsync(HttpClient raw, string email)
    {
        using var response = await raw.PostAsync(new Uri("signin/" + SignInTests.Links().Issue(email).Token, UriKind.Relative), new FormUrlEncodedContent([]));
        Assert.AreEqual(HttpStatusCode.SeeOther, response.StatusCode, await response.Content.ReadAsStringAsync());
        return response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(Awards.Security.SignInSessions.CookieName + "=", StringComparison.Ordinal)).Split(';')[0];
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient raw, string method, string target, string? cookie, IEnumerable<(string Name, string Value)> form, string? origin = null)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(target, UriKind.Relative));
        if (method == "POST")
        {
            request.Content = new FormUrlEncodedContent(form.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)));
            request.Headers.Add("Origin", origin ?? TestHost.Runner.BaseUrl.GetLeftPart(UriPartial.Authority));
        }

        if (cookie is not null)
        {
            request.Headers.Add("Cookie", cookie);
        }

        return await raw.SendAsync(request);
    }

    private static async Task<byte[]> DownloadAsync(IPage page, ILocator link)
    {
        var download = await page.RunAndWaitForDownloadAsync(() => link.ClickAsync());
        Assert.IsNull(await download.FailureAsync());
        await using var stream = await download.CreateReadStreamAsync();
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }

    private static async Task<string[]> NamesAsync(IPage page) =>
        [.. (await page.Locator("#nominations tbody tr td:first-child").AllInnerTextsAsync()).Select(t => t.Trim())];

    private static string Url(string path) => new Uri(TestHost.Runner.BaseUrl, path).AbsoluteUri;
}
