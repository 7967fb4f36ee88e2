using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Awards.Domain;
using Awards.Outputs;
using Awards.Security;
using Awards.Testing;
using Awards.Web;
using Microsoft.Playwright;

namespace Awards.IntegrationTests;

/// <summary>
/// The organisers' console, dashboard and units tabs, in Chromium against the runner: the
/// dashboard shows the campaign's progress as the API reports it (tables and SVG charts), an
/// overdue stage with its approvers and a "remind again" that mails them the workflow's own
/// reminder; a unit invited by email signs in from the product's sign-in mail and its session
/// ends when its keys are revoked; a unit's session and an organiser of another campaign are
/// refused on every route.
/// </summary>
[TestClass]
public sealed class OrganiseDashboardTests
{
    private const string Waiting = "Lương Văn Chờ";

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task The_dashboard_shows_the_progress_of_the_api_as_tables_and_charts_and_reminds_an_overdue_stage_again()
    {
        // Working days of two seconds: the provincial stage (one day) falls due while the test watches.
        var escalation = TestCampaigns.Address("truong-ban", Guid.NewGuid().ToString("N")[..8]);
        using var s = await Scenario.StartAsync("dash", c => c with
        {
            Calendar = new CalendarSettings { WorkingDayLength = TimeSpan.FromSeconds(2) },
            Stages = [c.Stages[0] with { DeadlineWorkingDays = 1, EscalationContact = new Approver(escalation, "Trưởng ban Thi đua tỉnh") }, .. c.Stages[1..]],
        });
        await AwardDecisionTests.AwardAsync(s, "bk-mttq", [(NomineeKind.Collective, "Đội Cảnh sát giao thông")]);
        await s.NominateAsync(NomineeKind.Individual, "Lương Thị Nháp");
        var waiting = await s.SubmitNewAsync(NomineeKind.Individual, Waiting);
        var link = await s.ReviewLinkAsync("provincial", Waiting);
        var approver = TestCampaigns.ApproverOf(s.Campaign, "provincial");
        var report = await OverdueReportAsync(s);

        await PageChecks.RunAsync(TestContext, async page =>
        {
            await SignInAsOrganiserAsync(page, s);
            var response = await page.GotoAsync(Url($"organise/campaigns/{s.Campaign.Id}"));
            Assert.AreEqual(200, response!.Status);

            // The same figures as GET /api/campaigns/{id}/progress, in the tables…
            foreach (var (status, count) in new[] { ("draft", report.Totals.Draft), ("in-review", report.Totals.InReview), ("awarded", report.Totals.Awarded), ("overdue", report.Totals.Overdue), ("total", report.Totals.Total) })
            {
                Assert.AreEqual(count.ToString(CultureInfo.InvariantCulture), await CellAsync(page, $"#status-table tr[data-status={status}] td"), $"status {status}");
            }

            Assert.AreEqual(1, report.Totals.Awarded);
            Assert.AreEqual(1, report.Totals.Draft);
            var provincial = report.Stages.Single(x => x.Stage == "provincial");
            var row = page.Locator("#stages-table tr[data-stage=provincial] td");
            Assert.AreEqual(provincial.InReview.ToString(CultureInfo.InvariantCulture), (await row.Nth(0).InnerTextAsync()).Trim());
            Assert.AreEqual(provincial.Overdue.ToString(CultureInfo.InvariantCulture), (await row.Nth(2).InnerTextAsync()).Trim());
            Assert.AreEqual(provincial.Completed.ToString(CultureInfo.InvariantCulture), (await row.Nth(3).InnerTextAsync()).Trim());
            Assert.AreEqual(provincial.MedianWorkingDays!.Value.ToString("0.#", CultureInfo.GetCultureInfo("vi")), (await row.Nth(4).InnerTextAsync()).Trim(), "median working days");

            // …every province of the campaign, with or without nominations…
            Assert.AreEqual(s.Campaign.Provinces.Count, await page.Locator("#provinces-table tbody tr").CountAsync());
            Assert.AreEqual(report.Provinces.Single(p => p.Code == "PY").Counts.Total.ToString(CultureInfo.InvariantCulture), await CellAsync(page, "#provinces-table tr[data-province=PY] td"));
            Assert.AreEqual("0", await CellAsync(page, "#provinces-table tr[data-province=TB] td"));

            // …each award × kind against its quota…
            var individuals = report.Awards.Single(a => a.AwardCode == "bk-mttq" && a.Kind == NomineeKind.Individual);
            Assert.AreEqual((individuals.Counts.Total - individuals.Counts.Draft).ToString(CultureInfo.InvariantCulture), await CellAsync(page, "#awards-table tr[data-award=bk-mttq][data-kind=Individual] td.num"));

            // …and drawn by the server as SVG images with a title and the same numbers.
            var chart = page.Locator("#status-chart svg[role=img]");
            Assert.AreEqual("Số hồ sơ theo trạng thái", (await chart.Locator("title").TextContentAsync())!.Trim());
            Assert.AreEqual(report.Totals.Awarded.ToString(CultureInfo.InvariantCulture), await chart.Locator("g.awarded").GetAttributeAsync("data-value"));
            Assert.AreEqual(report.Stages.Count, await page.Locator("#stages-chart svg g.bar").CountAsync());
            Assert.AreEqual(report.Awards.Count, await page.Locator("#awards-chart svg g.bar").CountAsync());

            // The overdue stage: who must decide, who is told, and the button.
            var overdue = page.Locator($"#overdue-table tr[data-nomination={waiting}]");
            StringAssert.Contains(await overdue.InnerTextAsync(), approver);
            StringAssert.Contains(await overdue.InnerTextAsync(), escalation);
            await PageChecks.AssertAccessibleAsync(page, "dashboard");
            await page.SetViewportSizeAsync(375, 800);
            Assert.IsLessThanOrEqualTo(375, await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth"), "the dashboard fits 375 px");
            await page.SetViewportSizeAsync(1280, 900);
            await PageChecks.AssertEnglishSwitchAsync(page, "dashboard");
            await PageChecks.BackToVietnameseAsync(page);

            // Remind again: the approver gets the reminder with the stage's own review link, and the audit says who asked.
            // By keyboard alone: the button takes the focus and Enter presses it.
            var before = Scenario.Mail.To(approver).Count;
            await page.GetByRole(AriaRole.Button, new() { Name = $"Nhắc lại người thẩm định của {Waiting}" }).FocusAsync();
            await page.Keyboard.PressAsync("Enter");
            await page.Locator("#reminded").WaitForAsync();
            StringAssert.Contains(await page.Locator("#reminded").InnerTextAsync(), approver);
            Assert.AreEqual("Đã nhắc lại", (await overdue.Locator("p.reminded").InnerTextAsync()).Trim());
            var reminder = await Scenario.Mail.WaitForAsync(approver, before + 1);
            StringAssert.Contains(reminder.Subject, "Nhắc");
            Assert.AreEqual(link, MailCatcher.ReviewLink(reminder), "the reminder carries the stage's own review link");
            var history = (await s.Organiser.GetNominationAsync(waiting)).History;
            Assert.IsTrue(history.Any(h => h.Action == AuditActions.Reminded && h.Actor == s.Campaign.OrganiserEmail && h.Stage == "provincial"), "the audit records the organiser's reminder");

            // Once the stage is decided, the button on the page as it was shown is refused with a clear message; nothing is recorded.
            using (var approved = await s.DecideAsync(link, "approve"))
            {
                Assert.AreEqual(HttpStatusCode.SeeOther, approved.StatusCode);
            }

            var reminders = (await s.Organiser.GetNominationAsync(waiting)).History.Count(h => h.Action == AuditActions.Reminded);
            await page.GetByRole(AriaRole.Button, new() { Name = $"Nhắc lại người thẩm định của {Waiting}" }).ClickAsync();
            await page.Locator("#remind-error").WaitForAsync();
            StringAssert.Contains(await page.Locator("#remind-error").InnerTextAsync(), "cấp thẩm định này đã kết thúc");
            Assert.AreEqual(reminders, (await s.Organiser.GetNominationAsync(waiting)).History.Count(h => h.Action == AuditActions.Reminded));
        });
    }

    [TestMethod]
    public async Task An_organiser_invites_a_unit_which_signs_in_from_its_mail_and_revoking_its_keys_ends_its_session()
    {
        using var s = await Scenario.StartAsync("units");
        var unitEmail = TestCampaigns.Address("don-vi", s.Campaign.Id);
        const string Unit = "Công an huyện Đồng Xuân";
        await PageChecks.RunAsync(TestContext, async page =>
        {
            await SignInAsOrganiserAsync(page, s);
            var response = await page.GotoAsync(Url($"organise/campaigns/{s.Campaign.Id}/units"));
            Assert.AreEqual(200, response!.Status);
            StringAssert.Contains(await page.Locator("#units-table").InnerTextAsync(), "Công an tỉnh Phú Yên", "the scenario's unit holds a key for a province of the campaign");
            await PageChecks.AssertAccessibleAsync(page, "units page");
            await PageChecks.AssertEnglishSwitchAsync(page, "units page");
            await PageChecks.BackToVietnameseAsync(page);

            // Nothing filled in: each error at its field.
            await page.Locator("#invite-button").ClickAsync();
            await page.Locator("#invite-errors").WaitForAsync();
            foreach (var field in new[] { "unit-name", "province", "email" })
            {
                Assert.AreEqual("true", await page.Locator($"#{field}").GetAttributeAsync("aria-invalid"), field);
                Assert.AreEqual($"{field}-error", await page.Locator($"#{field}").GetAttributeAsync("aria-describedby"), field);
            }

            await PageChecks.AssertAccessibleAsync(page, "units page with errors");

            // A bad address and a province that is not the campaign's: those two only, the rest kept.
            await page.Locator("#unit-name").FillAsync(Unit);
            await page.Locator("#email").FillAsync("khong-phai-dia-chi");
            await page.EvaluateAsync("() => { const o = new Option('Hà Giang', 'HG', true, true); document.querySelector('#province').add(o); }");
            await page.Locator("#invite-button").ClickAsync();
            await page.Locator("#invite-errors").WaitForAsync();
            Assert.AreEqual("false", await page.Locator("#unit-name").GetAttributeAsync("aria-invalid"));
            Assert.AreEqual(Unit, await page.Locator("#unit-name").InputValueAsync());
            Assert.AreEqual("true", await page.Locator("#email").GetAttributeAsync("aria-invalid"));
            Assert.AreEqual("true", await page.Locator("#province").GetAttributeAsync("aria-invalid"));
            // The invitation: a nominator key and the product's sign-in mail.
            await page.Locator("#email").FillAsync(unitEmail);
            await page.Locator("#province").SelectOptionAsync("PY");
            await page.Locator("#language").SelectOptionAsync("en");
            await page.Locator("#invite-button").ClickAsync();
            await page.Locator("#done").WaitForAsync();
            var row = page.Locator("#units-table tr", new() { HasText = Unit });
            StringAssert.Contains(await row.InnerTextAsync(), "1 đang dùng, 0 đã thu hồi");
            StringAssert.Contains(await row.InnerTextAsync(), unitEmail);
            var mail = await Scenario.Mail.WaitForAsync(unitEmail);
            Assert.AreEqual("[Awards] Sign-in link", mail.Subject, "the product's sign-in mail, in the language chosen at the invitation");

            // The unit signs in from it in its own browser.
            var (unitContext, unitPage) = await Browser.NewPageAsync();
            await using (unitContext)
            {
                await unitPage.GotoAsync(SignInTests.SignInLink(mail).AbsoluteUri);
                await unitPage.Locator("main").GetByRole(AriaRole.Button, new() { Name = "Đăng nhập", Exact = true }).ClickAsync();
                await unitPage.Locator("#unit").WaitForAsync();
                Assert.AreEqual(Unit, (await unitPage.Locator("#unit").InnerTextAsync()).Trim());
                Assert.AreEqual(200, (await unitPage.GotoAsync(Url("unit")))!.Status);

                // Revoking asks for the confirmation first, then ends the unit's session.
                await row.GetByRole(AriaRole.Button).ClickAsync();
                await page.Locator("#units-table .field-error").WaitForAsync();
                var box = page.Locator("#units-table tr", new() { HasText = Unit }).Locator("input[type=checkbox]");
                Assert.AreEqual("true", await box.GetAttributeAsync("aria-invalid"));
                await box.FocusAsync();
                await page.Keyboard.PressAsync("Space");
                Assert.IsTrue(await box.IsCheckedAsync(), "the confirmation box is ticked by keyboard");
                await page.Keyboard.PressAsync("Tab");
                await page.Keyboard.PressAsync("Enter");
                await page.Locator("#done").WaitForAsync();
                StringAssert.Contains(await page.Locator("#units-table tr", new() { HasText = Unit }).InnerTextAsync(), "0 đang dùng, 1 đã thu hồi");

                await unitPage.GotoAsync(Url("unit"));
                Assert.AreEqual("/signin", new Uri(unitPage.Url).AbsolutePath, "the unit's session ended with its keys");
            }
        });
    }

    [TestMethod]
    public async Task A_units_session_is_refused_on_every_route_and_an_organiser_of_another_campaign_finds_nothing()
    {
        using var s = await Scenario.StartAsync("dash-refused");
        var waiting = await s.SubmitNewAsync(NomineeKind.Individual, Waiting);
        await s.ReviewLinkAsync("provincial", Waiting);
        using var raw = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = TestHost.Runner.BaseUrl };
        var cookie = await SessionCookieAsync(raw, s.NominatorEmail);
        var invited = TestCampaigns.Address("moi", s.Campaign.Id);
        var routes = Routes(s.Campaign.Id, waiting, invited);

        // A unit's session: a 403 page on each route, GET and POST, and nothing changed.
        var historyBefore = await RemindersAsync(s, waiting);
        foreach (var (method, path, form) in routes)
        {
            using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative)) { Content = form is null ? null : new FormUrlEncodedContent(form) };
            request.Headers.Add("Cookie", cookie);
            request.Headers.Add("Origin", TestHost.Runner.BaseUrl.GetLeftPart(UriPartial.Authority));
            using var response = await raw.SendAsync(request);
            Assert.AreEqual(HttpStatusCode.Forbidden, response.StatusCode, $"{method} {path}");
            Assert.AreEqual("text/html", response.Content.Headers.ContentType?.MediaType, $"{method} {path}");
            StringAssert.Contains(await response.Content.ReadAsStringAsync(), "id=\"refused\"", $"{method} {path}");
        }

        Assert.AreEqual(historyBefore, await RemindersAsync(s, waiting), "no reminder recorded");
        Assert.AreEqual(0, (await s.Organiser.Http.GetFromJsonAsync<JsonArray>($"api/keys?email={Uri.EscapeDataString(invited)}"))!.Count, "no key issued");
        using (var stillWorks = await s.Nominator.Http.GetAsync(new Uri($"api/nominations/{waiting}", UriKind.Relative)))
        {
            Assert.AreEqual(HttpStatusCode.OK, stillWorks.StatusCode, "the unit's key was not revoked");
        }

        // An organiser of another campaign: nothing to find, on any route.
        var stranger = TestCampaigns.Address("ban-khac", s.Campaign.Id);
        string strangerKey;
        using (var issued = await s.Organiser.Http.PostAsJsonAsync("api/keys", new { role = "organiser", email = stranger }))
        {
            await AwardsClient.EnsureAsync(issued);
            strangerKey = (await issued.Content.ReadFromJsonAsync<JsonObject>())!["key"]!.GetValue<string>();
        }

        foreach (var (method, path, form) in routes)
        {
            using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative)) { Content = form is null ? null : new FormUrlEncodedContent(form) };
            request.Headers.Authorization = new("Bearer", strangerKey);
            using var response = await raw.SendAsync(request);
            Assert.AreEqual(HttpStatusCode.NotFound, response.StatusCode, $"{method} {path}");
        }

        Assert.AreEqual(historyBefore, await RemindersAsync(s, waiting), "no reminder recorded");
        Assert.AreEqual(0, (await s.Organiser.Http.GetFromJsonAsync<JsonArray>($"api/keys?email={Uri.EscapeDataString(invited)}"))!.Count, "no key issued");

        // Nobody signed in: a page goes to /signin, an action is refused.
        foreach (var (method, path, form) in routes)
        {
            using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative)) { Content = form is null ? null : new FormUrlEncodedContent(form) };
            using var response = await raw.SendAsync(request);
            Assert.AreEqual(method == HttpMethod.Get ? HttpStatusCode.SeeOther : HttpStatusCode.Unauthorized, response.StatusCode, $"{method} {path}");
        }
    }

    private static (HttpMethod Method, string Path, Dictionary<string, string>? Form)[] Routes(string campaignId, string nominationId, string invited) =>
    [
        (HttpMethod.Get, $"organise/campaigns/{campaignId}", null),
        (HttpMethod.Post, $"organise/campaigns/{campaignId}/overdue/{nominationId}/remind", new() { ["stage"] = "provincial", ["round"] = "1" }),
        (HttpMethod.Get, $"organise/campaigns/{campaignId}/units", null),
        (HttpMethod.Post, $"organise/campaigns/{campaignId}/units", new() { ["unitName"] = "Công an huyện Sơn Hòa", ["provinceCode"] = "PY", ["email"] = invited, ["language"] = "vi" }),
        (HttpMethod.Post, $"organise/campaigns/{campaignId}/units/revoke", new() { ["unit"] = "PY|cong an tinh phu yen", ["confirm"] = "yes" }),
    ];

    // Waits until the API reports the provincial stage overdue (working days of two seconds), then returns that report.
    internal static async Task<ProgressReport> OverdueReportAsync(Scenario s)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            var report = (await s.Organiser.Http.GetFromJsonAsync<ProgressReport>($"api/campaigns/{s.Campaign.Id}/progress", AwardsJson.Options))!;
            if (report.Overdue.Count > 0)
            {
                return report;
            }

            Assert.IsLessThan(deadline, DateTime.UtcNow, "the stage never fell overdue");
            await Task.Delay(250);
        }
    }

    // Signs the page's browser in as the campaign's organiser: an organiser key for the address the
    // campaign names, then a sign-in link to it (as mailed), then the page's button.
    private static async Task SignInAsOrganiserAsync(IPage page, Scenario s)
    {
        var email = s.Campaign.OrganiserEmail!;
        using (var issued = await s.Organiser.Http.PostAsJsonAsync("api/keys", new { role = "organiser", email }))
        {
            await AwardsClient.EnsureAsync(issued);
        }

        await page.GotoAsync(Url("signin/" + SignInTests.Links().Issue(email).Token));
        await page.Locator("main").GetByRole(AriaRole.Button, new() { Name = "Đăng nhập", Exact = true }).ClickAsync();
        await page.Locator("#campaigns, #no-campaigns").First.WaitForAsync();
        Assert.AreEqual("/organise", new Uri(page.Url).AbsolutePath);
    }

    private static async Task<string> SessionCookieAsync(HttpClient raw, string email)
    {
        using var response = await raw.PostAsync(new Uri("signin/" + SignInTests.Links().Issue(email).Token, UriKind.Relative), new FormUrlEncodedContent([]));
        Assert.AreEqual(HttpStatusCode.SeeOther, response.StatusCode, await response.Content.ReadAsStringAsync());
        return response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(SignInSessions.CookieName + "=", StringComparison.Ordinal)).Split(';')[0];
    }

    private static async Task<int> RemindersAsync(Scenario s, string id) =>
        (await s.Organiser.GetNominationAsync(id)).History.Count(h => h.Action == AuditActions.Reminded);

    private static async Task<string> CellAsync(IPage page, string selector) => (await page.Locator(selector).First.InnerTextAsync()).Trim();

    private static string Url(string path) => new Uri(TestHost.Runner.BaseUrl, path).AbsoluteUri;
}
