using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Awards.Domain;
using Awards.Testing;
using Awards.Web;
using Microsoft.Playwright;

namespace Awards.IntegrationTests;

/// <summary>
/// The Settings tab of the organisers' console, in Chromium against the runner: a campaign made
/// from the sample, its common fields edited by form (a new version listed with what changed),
/// refused edits and uploads that store nothing, a save based on an old version refused, a
/// configuration downloaded and uploaded; and every route of the tab refused to a unit's session
/// and to an organiser of another campaign.
/// </summary>
[TestClass]
public sealed class OrganiseSettingsTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task An_organiser_creates_a_campaign_from_the_sample_edits_it_by_form_and_by_uploaded_json_and_sees_each_version_with_its_changes()
    {
        using var bootstrap = TestHost.Organiser();
        var email = TestCampaigns.Address("settings-organiser", Guid.NewGuid().ToString("N")[..8]);
        using var organiser = bootstrap.As(await IssueOrganiserKeyAsync(bootstrap, email));
        var id = "s-" + Guid.NewGuid().ToString("N")[..10];
        var sample = CampaignSample.Load();

        await PageChecks.RunAsync(TestContext, async page =>
        {
            await BrowserSignIn.SignInAsync(page, email);
            await page.Locator("#new-campaign").WaitForAsync();

            // The new-campaign form is filled from the sample.
            await page.Locator("#new-campaign").ClickAsync();
            await page.Locator("#id").WaitForAsync();
            Assert.AreEqual(sample.Id, await page.Locator("#id").InputValueAsync());
            Assert.AreEqual(sample.Name, await page.Locator("#name").InputValueAsync());
            await PageChecks.AssertAccessibleAsync(page, "new campaign page");
            await page.SetViewportSizeAsync(375, 800);
            Assert.IsTrue(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= 375"), "the new campaign page fits 375 px");
            await page.SetViewportSizeAsync(1280, 800);
            await PageChecks.AssertEnglishSwitchAsync(page, "new campaign page");
            await PageChecks.BackToVietnameseAsync(page);

            // The sample's own id is taken (the runner loaded it): the error is at the field and nothing is created.
            await page.Locator("#create").ClickAsync();
            await page.Locator("#id-error").WaitForAsync();
            Assert.AreEqual("true", await page.Locator("#id").GetAttributeAsync("aria-invalid"));
            StringAssert.Contains(await page.Locator("#id").GetAttributeAsync("aria-describedby") ?? string.Empty, "id-error");

            await page.Locator("#id").FillAsync(id);
            await page.Locator("#name").FillAsync("Sơ kết 5 năm — đợt thử Phú Yên");
            await page.Locator("#create").ClickAsync();
            await page.Locator("#notice").WaitForAsync();
            Assert.AreEqual($"/organise/campaigns/{id}/settings", new Uri(page.Url).AbsolutePath);

            // Created through the API's code: the sample's configuration, the creator among its organisers.
            var created = await GetCampaignAsync(organiser, id);
            Assert.AreEqual(1, created.Version);
            Assert.AreEqual("Sơ kết 5 năm — đợt thử Phú Yên", created.Name);
            Assert.Contains(email, created.Organisers);
            Assert.HasCount(sample.Stages.Count, created.Stages);
            Assert.AreEqual(25, created.Stages[0].DeadlineWorkingDays);
            await PageChecks.AssertAccessibleAsync(page, "settings page");

            // More rows for the ministry's approvers keeps what was typed, then one edit saves version 2.
            await page.Locator("#stage-0-deadline").FillAsync("20");
            await page.Locator("#stage-0-approver-0-name").FillAsync("Hội đồng Thi đua – Khen thưởng tỉnh Phú Yên (mới)");
            Assert.AreEqual(0, await page.Locator("#stage-1-approver-3-email").CountAsync());
            await page.Locator("#stage-1-more").ClickAsync();
            await page.Locator("#stage-1-approver-3-email").WaitForAsync();
            Assert.AreEqual("20", await page.Locator("#stage-0-deadline").InputValueAsync(), "the typed deadline survives more rows");
            Assert.AreEqual(1, (await GetCampaignAsync(organiser, id)).Version, "more rows stores nothing");
            await page.Locator("#stage-1-approver-3-email").FillAsync("van-phong@bca.example.vn");
            await page.Locator("#stage-1-approver-3-name").FillAsync("Văn phòng Bộ Công an");
            await page.Locator("#award-0-quota-collective").FillAsync("30");
            await page.Locator("#stage-1-escalation-email").FillAsync("chanh-van-phong@bca.example.vn");
            await page.Locator("#stage-1-escalation-name").FillAsync("Chánh Văn phòng Bộ Công an");
            await page.Locator("#save").ClickAsync();
            await page.Locator("#notice").WaitForAsync();
            StringAssert.Contains(await page.Locator("#notice").InnerTextAsync(), "phiên bản 2");

            var second = await GetCampaignAsync(organiser, id);
            Assert.AreEqual(2, second.Version);
            Assert.AreEqual(20, second.Stages[0].DeadlineWorkingDays);
            Assert.AreEqual("Hội đồng Thi đua – Khen thưởng tỉnh Phú Yên (mới)", second.Stages[0].ApproversByProvince["PY"][0].Name);
            CollectionAssert.AreEqual(new[] { sample.Stages[1].Approvers[0].Email, "van-phong@bca.example.vn" }, second.Stages[1].Approvers.Select(a => a.Email).ToArray());
            Assert.AreEqual(sample.Stages[0].ApproversByProvince["TB"][0], second.Stages[0].ApproversByProvince["TB"][0], "what was not touched stays");
            Assert.AreEqual(new Approver("chanh-van-phong@bca.example.vn", "Chánh Văn phòng Bộ Công an"), second.Stages[1].EscalationContact);
            Assert.AreEqual(30, second.Awards[0].QuotaPerUnitByKind[NomineeKind.Collective]);
            Assert.AreEqual(sample.Awards[0].QuotaPerUnit, second.Awards[0].QuotaPerUnit);

            // The new version is listed with what changed, by whom.
            var listed = await page.Locator("#version-2").InnerTextAsync();
            StringAssert.Contains(listed, email);
            StringAssert.Contains(listed, "Giai đoạn «Cấp tỉnh» › thời hạn (ngày làm việc): 25 → 20");
            StringAssert.Contains(listed, "Hội đồng Thi đua – Khen thưởng tỉnh Phú Yên (mới)");
            StringAssert.Contains(listed, "van-phong@bca.example.vn");
            StringAssert.Contains(listed, "Giai đoạn «Bộ Công an» › người được báo khi quá hạn: thêm email: chanh-van-phong@bca.example.vn, họ tên: Chánh Văn phòng Bộ Công an");
            StringAssert.Contains(listed, $"Bằng khen «{sample.Awards[0].NameVi}» › chỉ tiêu theo đối tượng: thêm tập thể: 30");

            // An invalid edit: each error at its field, what was typed kept, nothing stored.
            await page.Locator("#stage-0-deadline").FillAsync("400");
            await page.Locator("#stage-2-approver-0-email").FillAsync("khong-phai-email");
            await page.Locator("#save").ClickAsync();
            await page.Locator("#error-summary").WaitForAsync();
            foreach (var field in new[] { "stage-0-deadline", "stage-2-approver-0-email" })
            {
                Assert.AreEqual("true", await page.Locator($"#{field}").GetAttributeAsync("aria-invalid"), field);
                var describedBy = await page.Locator($"#{field}").GetAttributeAsync("aria-describedby") ?? string.Empty;
                StringAssert.Contains(describedBy, field + "-error");
                Assert.IsTrue(await page.Locator($"#{field}-error").IsVisibleAsync(), field);
            }

            Assert.AreEqual("400", await page.Locator("#stage-0-deadline").InputValueAsync());
            Assert.AreEqual("khong-phai-email", await page.Locator("#stage-2-approver-0-email").InputValueAsync());
            Assert.AreEqual(2, (await GetCampaignAsync(organiser, id)).Version, "an invalid edit stores nothing");
            await PageChecks.AssertAccessibleAsync(page, "settings page with errors");

            // Meanwhile another organiser stores version 3: this form, based on version 2, is refused.
            using (var put = await organiser.Http.PutAsJsonAsync($"api/campaigns/{id}", second with { NameEn = "Changed elsewhere" }, AwardsJson.Options))
            {
                await AwardsClient.EnsureAsync(put);
            }

            await page.Locator("#stage-0-deadline").FillAsync("21");
            await page.Locator("#stage-2-approver-0-email").FillAsync(sample.Stages[2].Approvers[0].Email);
            await page.Locator("#save").ClickAsync();
            await page.Locator("#stale").WaitForAsync();
            StringAssert.Contains(await page.Locator("#stale").InnerTextAsync(), "phiên bản 2");
            var third = await GetCampaignAsync(organiser, id);
            Assert.AreEqual(3, third.Version);
            Assert.AreEqual(20, third.Stages[0].DeadlineWorkingDays, "the stale save changed nothing");
            Assert.AreEqual("20", await page.Locator("#stage-0-deadline").InputValueAsync(), "the page shows the current version");

            // An invalid configuration uploaded: every error listed by its JSON path at the file control, nothing stored.
            var json = JsonSerializer.SerializeToNode(third, AwardsJson.Options)!.AsObject();
            json["stages"]![1]!["deadlineWorkingDays"] = 0;
            json["awards"]![0]!["quotaPerUnit"] = -1;
            await UploadAsync(page, "cau-hinh-sai.json", json.ToJsonString());
            await page.Locator("#file-errors").WaitForAsync();
            var errors = await page.Locator("#file-errors").InnerTextAsync();
            StringAssert.Contains(errors, "stages[1].deadlineWorkingDays");
            StringAssert.Contains(errors, "awards[0].quotaPerUnit");
            Assert.AreEqual("true", await page.Locator("#file").GetAttributeAsync("aria-invalid"));
            StringAssert.Contains(await page.Locator("#file").GetAttributeAsync("aria-describedby") ?? string.Empty, "file-errors");
            await UploadAsync(page, "hong.json", "{ \"id\": ");
            await page.Locator("#file-errors").WaitForAsync();
            Assert.AreEqual(3, (await GetCampaignAsync(organiser, id)).Version, "invalid uploads store nothing");
            await PageChecks.AssertAccessibleAsync(page, "settings page with upload errors");

            // The current configuration downloads as JSON; edited and uploaded, it is version 4.
            var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("#download").ClickAsync());
            Assert.AreEqual($"{id}-v3.json", download.SuggestedFilename);
            var downloaded = JsonNode.Parse(await File.ReadAllTextAsync(await download.PathAsync()))!.AsObject();
            Assert.AreEqual(3, downloaded["version"]!.GetValue<int>());
            downloaded["stages"]![1]!["deadlineWorkingDays"] = 15;
            await UploadAsync(page, "cau-hinh.json", downloaded.ToJsonString());
            await page.Locator("#notice").WaitForAsync();
            var fourth = await GetCampaignAsync(organiser, id);
            Assert.AreEqual(4, fourth.Version);
            Assert.AreEqual(15, fourth.Stages[1].DeadlineWorkingDays);
            StringAssert.Contains(await page.Locator("#version-4").InnerTextAsync(), "Giai đoạn «Bộ Công an» › thời hạn (ngày làm việc): 25 → 15");
            StringAssert.Contains(await page.Locator("#version-3").InnerTextAsync(), "Changed elsewhere");

            // By keyboard: Enter in a field saves (the form's first button is Save).
            await page.Locator("#stage-2-deadline").FillAsync("30");
            await page.Locator("#stage-2-deadline").PressAsync("Enter");
            await page.Locator("#version-5").WaitForAsync();
            Assert.AreEqual(30, (await GetCampaignAsync(organiser, id)).Stages[2].DeadlineWorkingDays);

            await PageChecks.AssertAccessibleAsync(page, "settings page");
            await PageChecks.AssertEnglishSwitchAsync(page, "settings page");
            StringAssert.Contains(await page.Locator("#version-2").InnerTextAsync(), "Stage “Provincial” › deadline (working days): 25 → 20");
            await PageChecks.BackToVietnameseAsync(page);

            // Readable on a phone: nothing wider than a 375 px screen (wide tables scroll inside their box).
            await page.SetViewportSizeAsync(375, 800);
            var wide = await page.EvaluateAsync<string[]>("() => [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > 376 && !e.closest('.table-wrap')).map(e => e.tagName + '#' + e.id + '.' + e.className).slice(0, 5)");
            Assert.IsTrue(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= 375"), "the settings page fits 375 px; wider: " + string.Join(", ", wide));
        });
    }

    [TestMethod]
    public async Task A_quota_of_one_nominee_kind_refuses_a_submit_over_it_and_leaves_the_other_kind_free()
    {
        using var s = await Scenario.StartAsync("kindquota", c => c with { Awards = [c.Awards[0] with { QuotaPerUnitByKind = new() { [NomineeKind.Individual] = 1 } }, c.Awards[1]] });
        using (var first = await s.Nominator.SubmitAsync((await s.NominateAsync(NomineeKind.Individual, "Nguyễn Thị Lan")).Nomination.Id))
        {
            Assert.AreEqual(HttpStatusCode.Accepted, first.StatusCode, await first.Content.ReadAsStringAsync());
        }

        var second = (await s.NominateAsync(NomineeKind.Individual, "Trần Văn Bình")).Nomination.Id;
        using (var over = await s.Nominator.SubmitAsync(second))
        {
            Assert.AreEqual(HttpStatusCode.UnprocessableEntity, over.StatusCode);
            StringAssert.Contains((await AwardsClient.ProblemAsync(over))["detail"]!.GetValue<string>(), "tối đa 1 cá nhân");
        }

        Assert.AreEqual(NominationStatus.Draft, (await s.Nominator.GetNominationAsync(second)).Nomination.Status);
        using var collective = await s.Nominator.SubmitAsync((await s.NominateAsync(NomineeKind.Collective, "Công an phường 7")).Nomination.Id);
        Assert.AreEqual(HttpStatusCode.Accepted, collective.StatusCode, "collectives have no quota of their own");
    }

    [TestMethod]
    public async Task A_units_session_is_refused_on_every_settings_route_another_organiser_finds_nothing_and_gets_change_nothing()
    {
        using var s = await Scenario.StartAsync("settings-refused");
        var id = s.Campaign.Id;
        var origin = TestHost.Runner.BaseUrl.GetLeftPart(UriPartial.Authority);
        var newId = "r-" + Guid.NewGuid().ToString("N")[..10];
        var routes = new (string Method, string Path, Func<IAPIRequestContext, IFormData>? Form)[]
        {
            ("GET", "/organise/campaigns/new", null),
            ("POST", "/organise/campaigns", r => Form(r, ("id", newId), ("name", "Đợt không được tạo"))),
            ("GET", $"/organise/campaigns/{id}/settings", null),
            ("POST", $"/organise/campaigns/{id}/settings", r => Form(r, ("baseVersion", "1"), ("stage-0-deadline", "3"))),
            ("POST", $"/organise/campaigns/{id}/settings/upload", r => Upload(r, "1", JsonSerializer.Serialize(s.Campaign with { Name = "Bị đổi" }, AwardsJson.Options))),
            ("GET", $"/organise/campaigns/{id}/settings/configuration", null),
        };

        // A unit's session: 403 on every route, GET and POST alike.
        var (context, page) = await Browser.NewPageAsync();
        await using (context)
        {
            await BrowserSignIn.SignInAsync(page, s.NominatorEmail);
            foreach (var (method, path, form) in routes)
            {
                var answer = method == "GET"
                    ? await context.APIRequest.GetAsync(Url(path))
                    : await context.APIRequest.PostAsync(Url(path), new() { Multipart = form!(context.APIRequest), Headers = new Dictionary<string, string> { ["Origin"] = origin } });
                Assert.AreEqual(403, answer.Status, $"{method} {path} as a unit: {await answer.TextAsync()}");
                StringAssert.Contains(answer.Headers["content-type"], "text/html");
                StringAssert.Contains(await answer.TextAsync(), "id=\"refused\"");
            }
        }

        // An organiser who does not run the campaign: it does not exist for them.
        using var stranger = s.Organiser.As(await IssueOrganiserKeyAsync(s.Organiser, TestCampaigns.Address("stranger", id)));
        foreach (var (method, path, form) in routes.Where(r => r.Path.Contains(id, StringComparison.Ordinal)))
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), path.TrimStart('/'));
            if (form is not null)
            {
                request.Content = method == "POST" && path.EndsWith("/upload", StringComparison.Ordinal)
                    ? UploadContent("1", JsonSerializer.Serialize(s.Campaign with { Name = "Bị đổi" }, AwardsJson.Options))
                    : new FormUrlEncodedContent([new("baseVersion", "1"), new("stage-0-deadline", "3")]);
            }

            using var answer = await stranger.Http.SendAsync(request);
            Assert.AreEqual(HttpStatusCode.NotFound, answer.StatusCode, $"{method} {path} as another campaign's organiser");
        }

        // Nothing changed: still version 1 with its deadline, and no campaign was created.
        var after = await GetCampaignAsync(s.Organiser, id);
        Assert.AreEqual(1, after.Version);
        Assert.AreEqual(s.Campaign.Stages[0].DeadlineWorkingDays, after.Stages[0].DeadlineWorkingDays);
        Assert.AreEqual(s.Campaign.Name, after.Name);
        using (var missing = await s.Organiser.Http.GetAsync(new Uri($"api/campaigns/{newId}", UriKind.Relative)))
        {
            Assert.AreEqual(HttpStatusCode.NotFound, missing.StatusCode, "the unit created no campaign");
        }

        // The campaign's own organiser: every GET answers and changes nothing.
        foreach (var (_, path, _) in routes.Where(r => r.Method == "GET"))
        {
            using var answer = await s.Organiser.Http.GetAsync(new Uri(path.TrimStart('/'), UriKind.Relative));
            Assert.AreEqual(HttpStatusCode.OK, answer.StatusCode, path);
        }

        Assert.AreEqual(1, (await GetCampaignAsync(s.Organiser, id)).Version, "GET changes nothing");
    }

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

    private static async Task UploadAsync(IPage page, string name, string json)
    {
        await page.Locator("#file").SetInputFilesAsync(new FilePayload { Name = name, MimeType = "application/json", Buffer = Encoding.UTF8.GetBytes(json) });
        await page.Locator("#upload-button").ClickAsync();
    }

    private static IFormData Form(IAPIRequestContext request, params (string Name, string Value)[] fields)
    {
        var form = request.CreateFormData();
        foreach (var (name, value) in fields)
        {
            form.Set(name, value);
        }

        return form;
    }

    private static IFormData Upload(IAPIRequestContext request, string baseVersion, string json)
    {
        var form = request.CreateFormData();
        form.Set("baseVersion", baseVersion);
        form.Set("file", new FilePayload { Name = "cau-hinh.json", MimeType = "application/json", Buffer = Encoding.UTF8.GetBytes(json) });
        return form;
    }

    private static MultipartFormDataContent UploadContent(string baseVersion, string json) => new()
    {
        { new StringContent(baseVersion), "baseVersion" },
        { new ByteArrayContent(Encoding.UTF8.GetBytes(json)), "file", "cau-hinh.json" },
    };

    private static string Url(string path) => new Uri(TestHost.Runner.BaseUrl, path.TrimStart('/')).AbsoluteUri;
}
