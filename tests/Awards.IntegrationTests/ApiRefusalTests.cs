using System.Net;
using System.Net.Http.Json;
using Awards.Domain;
using Awards.Testing;

namespace Awards.IntegrationTests;

/// <summary>Bad requests get a problem document a person can act on, and change nothing.</summary>
[TestClass]
public sealed class ApiRefusalTests
{
    [TestMethod]
    public async Task Submitting_with_a_required_document_missing_is_refused_naming_the_document_and_starts_nothing()
    {
        using var s = await Scenario.StartAsync("missing");
        var view = await s.Nominator.CreateNominationAsync(new { campaignId = s.Campaign.Id, awardCode = "bk-mttq", kind = "collective", nomineeName = "Công an phường 7" });
        var id = view.Nomination.Id;
        await s.Nominator.UploadAllAsync(id, "proposal-letter", "achievement-report");
        var before = await s.SnapshotAsync(id);

        using var response = await s.Nominator.SubmitAsync(id);
        Assert.AreEqual(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.AreEqual("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await AwardsClient.ProblemAsync(response);
        StringAssert.Contains(problem["detail"]!.GetValue<string>(), "Biên bản họp Hội đồng Thi đua – Khen thưởng");
        Assert.AreEqual("council-minutes", problem["missingDocuments"]![0]!.GetValue<string>());

        await Task.Delay(1000);
        Assert.AreEqual(before, await s.SnapshotAsync(id));
        Assert.AreEqual(0, Scenario.Mail.To(TestCampaigns.ApproverOf(s.Campaign, "provincial")).Count, "no approver was asked");
    }

    [TestMethod]
    public async Task An_unknown_campaign_is_refused_with_a_clear_message()
    {
        using var s = await Scenario.StartAsync("unknowncamp");
        using var create = await s.Nominator.PostNominationAsync(new { campaignId = "khong-ton-tai", awardCode = "bk-mttq", kind = "collective", nomineeName = "Công an phường 7" });
        Assert.AreEqual(HttpStatusCode.BadRequest, create.StatusCode);
        var problem = await AwardsClient.ProblemAsync(create);
        StringAssert.Contains(problem["errors"]!["campaignId"]![0]!.GetValue<string>(), "khong-ton-tai");

        using var get = await s.Organiser.Http.GetAsync(new Uri("api/campaigns/khong-ton-tai", UriKind.Relative));
        Assert.AreEqual(HttpStatusCode.NotFound, get.StatusCode);
        Assert.AreEqual("application/problem+json", get.Content.Headers.ContentType?.MediaType);
    }

    [TestMethod]
    public async Task A_wrong_or_missing_key_is_refused_with_401_and_changes_nothing()
    {
        using var s = await Scenario.StartAsync("wrongkey");
        var id = (await s.NominateAsync(NomineeKind.Collective, "Công an xã Hòa Xuân Tây")).Nomination.Id;
        var before = await s.SnapshotAsync(id);
        using var wrong = s.Organiser.As("awk_not-a-real-key");
        using var missing = s.Organiser.As(null);
        foreach (var client in new[] { wrong, missing })
        {
            using var submit = await client.SubmitAsync(id);
            Assert.AreEqual(HttpStatusCode.Unauthorized, submit.StatusCode);
            Assert.AreEqual("application/problem+json", submit.Content.Headers.ContentType?.MediaType);
            Assert.IsTrue(submit.Headers.WwwAuthenticate.Any(h => h.Scheme == "Bearer"));
        }

        Assert.AreEqual(before, await s.SnapshotAsync(id));
    }

    [TestMethod]
    public async Task A_nominator_cannot_read_or_change_another_units_nomination()
    {
        using var s = await Scenario.StartAsync("otherunit");
        var id = (await s.NominateAsync(NomineeKind.Collective, "Công an xã Hòa Xuân Tây")).Nomination.Id;
        var before = await s.SnapshotAsync(id);
        var otherKey = await s.Organiser.IssueNominatorKeyAsync(TestCampaigns.Address("other", s.Campaign.Id), "UB MTTQ tỉnh Thái Bình", "TB");
        using var other = s.Organiser.As(otherKey);

        using var read = await other.Http.GetAsync(new Uri($"api/nominations/{id}", UriKind.Relative));
        Assert.AreEqual(HttpStatusCode.NotFound, read.StatusCode);
        using var upload = await other.UploadAsync(id, "evidence", AwardsClient.SamplePdf("x"), "x.pdf");
        Assert.AreEqual(HttpStatusCode.NotFound, upload.StatusCode);
        using var submit = await other.SubmitAsync(id);
        Assert.AreEqual(HttpStatusCode.NotFound, submit.StatusCode);
        using var list = await other.Http.GetAsync(new Uri($"api/nominations?campaignId={s.Campaign.Id}", UriKind.Relative));
        Assert.AreEqual("[]", await list.Content.ReadAsStringAsync(), "the other unit's list is empty");

        Assert.AreEqual(before, await s.SnapshotAsync(id));
        using var own = await s.Nominator.Http.GetAsync(new Uri($"api/nominations?campaignId={s.Campaign.Id}", UriKind.Relative));
        StringAssert.Contains(await own.Content.ReadAsStringAsync(), id, "the own unit sees it");
    }

    [TestMethod]
    public async Task An_invalid_campaign_configuration_is_refused_naming_each_bad_field()
    {
        using var organiser = TestHost.Organiser();
        var campaign = TestCampaigns.Create("badconfig");
        campaign = campaign with
        {
            Awards = [campaign.Awards[0] with { StageChain = ["provincial", "bo-ngoai-giao"] }],
            Stages = [campaign.Stages[0] with { ApproversByProvince = new() { ["PY"] = [new("not-an-email", "Ai đó")] } }, .. campaign.Stages[1..]],
        };
        using var response = await organiser.CreateCampaignAsync(campaign);
        Assert.AreEqual(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await AwardsClient.ProblemAsync(response))["errors"]!.AsObject();
        Assert.IsTrue(errors.ContainsKey("awards[0].stageChain[1]"), string.Join(", ", errors.Select(e => e.Key)));
        Assert.IsTrue(errors.ContainsKey("stages[0].approversByProvince.PY[0].email"));
        Assert.IsTrue(errors.ContainsKey("stages[0].approversByProvince"), "province TB has no approver");

        using var get = await organiser.Http.GetAsync(new Uri($"api/campaigns/{campaign.Id}", UriKind.Relative));
        Assert.AreEqual(HttpStatusCode.NotFound, get.StatusCode, "nothing was stored");
    }

    [TestMethod]
    public async Task Malformed_json_and_wrong_roles_get_problem_documents_not_errors()
    {
        using var s = await Scenario.StartAsync("malformed");
        using var broken = new StringContent("{\"campaignId\": \"x\", \"kind\": 7", System.Text.Encoding.UTF8, "application/json");
        using var response = await s.Nominator.Http.PostAsync(new Uri("api/nominations", UriKind.Relative), broken);
        Assert.AreEqual(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.AreEqual("application/problem+json", response.Content.Headers.ContentType?.MediaType);

        using var byNominator = await s.Nominator.CreateCampaignAsync(TestCampaigns.Create("byNominator".ToLowerInvariant()));
        Assert.AreEqual(HttpStatusCode.Forbidden, byNominator.StatusCode);

        using var awardsByNominator = await s.Nominator.Http.GetAsync(new Uri($"api/campaigns/{s.Campaign.Id}/awards", UriKind.Relative));
        Assert.AreEqual(HttpStatusCode.Forbidden, awardsByNominator.StatusCode);

        using var noRole = await s.Organiser.Http.PostAsJsonAsync("api/keys", new { email = "a@example.vn" });
        Assert.AreEqual(HttpStatusCode.BadRequest, noRole.StatusCode, "a key without a role is refused rather than made an organiser's");
    }

    [TestMethod]
    public async Task The_dossier_is_frozen_after_submission()
    {
        using var s = await Scenario.StartAsync("frozen");
        var id = await s.SubmitNewAsync(NomineeKind.Collective, "Công an huyện Tuy An");
        var before = (await s.Nominator.GetNominationAsync(id)).Documents.Count;
        using var upload = await s.Nominator.UploadAsync(id, "evidence", AwardsClient.SamplePdf("late"), "Minh chứng.pdf");
        Assert.AreEqual(HttpStatusCode.Conflict, upload.StatusCode);
        Assert.AreEqual(before, (await s.Nominator.GetNominationAsync(id)).Documents.Count);
        using var again = await s.Nominator.SubmitAsync(id);
        Assert.AreEqual(HttpStatusCode.Accepted, again.StatusCode, "a repeated submit is harmless");
        await s.ReviewLinkAsync("provincial", "Công an huyện Tuy An");
        await Task.Delay(1000);
        Assert.AreEqual(1, Scenario.Mail.To(TestCampaigns.ApproverOf(s.Campaign, "provincial")).Count, "and asks the approver only once");
    }

    [TestMethod]
    public async Task A_document_over_the_limit_is_refused_and_leaves_no_version()
    {
        using var s = await Scenario.StartAsync("toolarge");
        var id = (await s.Nominator.CreateNominationAsync(new { campaignId = s.Campaign.Id, awardCode = "bk-mttq", kind = "collective", nomineeName = "Công an huyện Đồng Xuân" })).Nomination.Id;
        using var tooLarge = await s.Nominator.UploadAsync(id, "evidence", new byte[TestHost.MaxDocumentBytes + 1], "Ảnh hiện trường.pdf");
        Assert.AreEqual(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);
        StringAssert.Contains((await AwardsClient.ProblemAsync(tooLarge))["detail"]!.GetValue<string>(), TestHost.MaxDocumentBytes.ToString(System.Globalization.CultureInfo.InvariantCulture));
        using var empty = await s.Nominator.UploadAsync(id, "evidence", [], "Trống.pdf");
        Assert.AreEqual(HttpStatusCode.BadRequest, empty.StatusCode);
        using var sneaky = await s.Nominator.UploadAsync(id, "evidence", AwardsClient.SamplePdf("x"), "../../x.pdf");
        Assert.AreEqual(HttpStatusCode.BadRequest, sneaky.StatusCode);
        Assert.AreEqual(0, (await s.Nominator.GetNominationAsync(id)).Documents.Count);
        using var atLimit = await s.Nominator.UploadAsync(id, "evidence", SampleDocuments.Pdf(TestHost.MaxDocumentBytes), "Đúng giới hạn.pdf");
        Assert.AreEqual(HttpStatusCode.Created, atLimit.StatusCode, "exactly the limit is accepted");
    }
}
