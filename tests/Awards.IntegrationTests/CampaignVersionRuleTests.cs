using System.Net;
using System.Net.Http.Json;
using Awards.Domain;
using Awards.Testing;
using Awards.Web;

namespace Awards.IntegrationTests;

/// <summary>One rule for campaign versions: a stage round keeps the version it opened under for everything in that round.</summary>
[TestClass]
public sealed class CampaignVersionRuleTests
{
    [TestMethod]
    public async Task An_approver_added_mid_round_does_not_change_who_must_approve_that_round_but_takes_part_in_the_next()
    {
        var second = TestCampaigns.Address("tinh-py-2", Guid.NewGuid().ToString("N")[..8]);
        var added = TestCampaigns.Address("tinh-py-3", Guid.NewGuid().ToString("N")[..8]);
        using var s = await Scenario.StartAsync("round-version", c => c with
        {
            Stages = [c.Stages[0] with { Mode = ApprovalMode.AllOf, ApproversByProvince = new() { ["PY"] = [.. c.Stages[0].ApproversByProvince["PY"], new(second, "Phó Chủ tịch Hội đồng")], ["TB"] = c.Stages[0].ApproversByProvince["TB"] } }, .. c.Stages[1..]],
        });
        const string nominee = "Lý Thị Vững";
        var id = await s.SubmitNewAsync(NomineeKind.Individual, nominee);
        var first = await s.ReviewLinkAsync("provincial", nominee);
        var other = MailCatcher.ReviewLink(await Scenario.Mail.WaitForAsync(second));

        // Mid-round, the organiser adds a third provincial approver (version 2).
        var edited = s.Campaign with
        {
            Stages = [s.Campaign.Stages[0] with { ApproversByProvince = new() { ["PY"] = [.. s.Campaign.Stages[0].ApproversByProvince["PY"], new(second, "Phó Chủ tịch Hội đồng"), new(added, "Ủy viên Hội đồng")], ["TB"] = s.Campaign.Stages[0].ApproversByProvince["TB"] } }, .. s.Campaign.Stages[1..]],
        };
        using (var put = await s.Organiser.Http.PutAsJsonAsync($"api/campaigns/{s.Campaign.Id}", edited, AwardsJson.Options))
        {
            Assert.AreEqual(HttpStatusCode.OK, put.StatusCode, await put.Content.ReadAsStringAsync());
        }

        // The two approvers the round opened with decide it; the one added later is not waited for.
        foreach (var link in new[] { first, other })
        {
            using var approved = await s.DecideAsync(link, "approve");
            Assert.AreEqual(HttpStatusCode.SeeOther, approved.StatusCode);
        }

        await s.ReviewLinkAsync("ministry", nominee);
        var view = await s.Nominator.GetNominationAsync(id);
        var opening = view.History.First(h => h.Action == AuditActions.StageOpened && h.Stage == "provincial");
        StringAssert.Contains(opening.Detail, "campaign v1", "the round opened under version 1");
        Assert.AreEqual(0, Scenario.Mail.To(added).Count, "the approver added mid-round was not asked for that round");

        // A round opened after the edit follows version 2: the new approver is asked too.
        const string later = "Lý Văn Sau";
        await s.SubmitNewAsync(NomineeKind.Individual, later);
        await s.ReviewLinkAsync("provincial", later);
        Assert.IsTrue(MailCatcher.HasReviewLink(await Scenario.Mail.WaitForAsync(added)), "the next round asks the added approver");
    }
}
