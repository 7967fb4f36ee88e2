using System.Net;
using Awards.Domain;
using Awards.Security;
using Awards.Testing;
using Microsoft.Extensions.Options;

namespace Awards.IntegrationTests;

/// <summary>Approval links: scanners may fetch them, people may forward, replay or alter them; only the right POST decides, once.</summary>
[TestClass]
public sealed class ReviewLinkSafetyTests
{
    private const string Nominee = "Nguyễn Thị Hồng Nhung";

    [TestMethod]
    public async Task Get_and_head_on_every_emailed_link_several_times_change_nothing()
    {
        using var s = await Scenario.StartAsync("scanner");
        var id = await s.SubmitNewAsync(NomineeKind.Individual, Nominee);
        using var anonymous = s.Organiser.As(null);
        foreach (var stage in new[] { "provincial", "ministry", "front" })
        {
            var link = await s.ReviewLinkAsync(stage, Nominee);
            var before = await s.SnapshotAsync(id);
            for (var i = 0; i < 3; i++)
            {
                using var get = await anonymous.Http.GetAsync(link);
                Assert.AreEqual(HttpStatusCode.OK, get.StatusCode);
                using var head = await anonymous.Http.SendAsync(new HttpRequestMessage(HttpMethod.Head, link));
                Assert.AreEqual(HttpStatusCode.OK, head.StatusCode);
                Assert.AreEqual("no-store", head.Headers.CacheControl?.ToString());
            }

            // Give a wrongly triggered workflow time to show itself.
            await Task.Delay(700);
            Assert.AreEqual(before, await s.SnapshotAsync(id), $"fetching the {stage} link changed the nomination");

            using var decided = await s.DecideAsync(link, "approve");
            Assert.AreEqual(HttpStatusCode.SeeOther, decided.StatusCode, "the link still works for the person after the robots");
        }

        await s.Nominator.WaitForAsync(id, v => v.Nomination.Status == NominationStatus.Awarded, "awarded");
    }

    [TestMethod]
    public async Task A_tampered_link_is_refused_and_changes_nothing()
    {
        using var s = await Scenario.StartAsync("tamper");
        var id = await s.SubmitNewAsync(NomineeKind.Individual, Nominee);
        var link = (await s.ReviewLinkAsync("provincial", Nominee)).AbsoluteUri;
        var before = await s.SnapshotAsync(id);
        var flipped = link[..^3] + (link[^3] == 'A' ? 'B' : 'A') + link[^2..];
        using var page = await s.DecideAsync(new Uri(flipped), "approve");
        Assert.AreEqual(HttpStatusCode.BadRequest, page.StatusCode);
        StringAssert.Contains(await page.Content.ReadAsStringAsync(), "không hợp lệ");
        Assert.AreEqual(before, await s.SnapshotAsync(id));
    }

    [TestMethod]
    public async Task An_expired_link_is_refused_with_a_page_that_says_so_and_changes_nothing()
    {
        using var s = await Scenario.StartAsync("expired");
        var id = await s.SubmitNewAsync(NomineeKind.Individual, Nominee);
        var approver = TestCampaigns.ApproverOf(s.Campaign, "provincial");
        await s.ReviewLinkAsync("provincial", Nominee);
        var before = await s.SnapshotAsync(id);

        // Signed with the runner's own key, for the open round, but already past its expiry.
        var proposal = (await s.Nominator.GetNominationAsync(id)).Nomination.ProposalId;
        var expired = Links().Issue(new ReviewLinkClaims(s.Campaign.Id, proposal, "provincial", 1, approver, DateTimeOffset.UtcNow.AddMinutes(-1)));
        using var page = await s.DecideAsync(new Uri(TestHost.Runner.BaseUrl, "review/" + expired), "approve");
        Assert.AreEqual(HttpStatusCode.Gone, page.StatusCode);
        StringAssert.Contains(await page.Content.ReadAsStringAsync(), "hết hạn");
        Assert.AreEqual(before, await s.SnapshotAsync(id));
    }

    [TestMethod]
    public async Task A_link_for_another_stage_is_refused_and_changes_nothing()
    {
        using var s = await Scenario.StartAsync("otherstage");
        var id = await s.SubmitNewAsync(NomineeKind.Individual, Nominee);
        await s.ReviewLinkAsync("provincial", Nominee);
        var before = await s.SnapshotAsync(id);
        var proposal = (await s.Nominator.GetNominationAsync(id)).Nomination.ProposalId;
        var ministry = Links().Issue(new ReviewLinkClaims(s.Campaign.Id, proposal, "ministry", 1, TestCampaigns.ApproverOf(s.Campaign, "ministry"), DateTimeOffset.UtcNow.AddDays(1)));
        using var page = await s.DecideAsync(new Uri(TestHost.Runner.BaseUrl, "review/" + ministry), "approve");
        Assert.AreEqual(HttpStatusCode.Gone, page.StatusCode);
        Assert.AreEqual(before, await s.SnapshotAsync(id));
    }

    [TestMethod]
    public async Task A_used_link_says_who_decided_and_when_and_cannot_decide_again()
    {
        using var s = await Scenario.StartAsync("reuse");
        var id = await s.SubmitNewAsync(NomineeKind.Individual, Nominee);
        var link = await s.ReviewLinkAsync("provincial", Nominee);
        using (var first = await s.DecideAsync(link, "approve"))
        {
            Assert.AreEqual(HttpStatusCode.SeeOther, first.StatusCode);
        }

        await s.ReviewLinkAsync("ministry", Nominee);
        var before = await s.SnapshotAsync(id);
        using var again = await s.DecideAsync(link, "reject", "Thử lại / trying again");
        Assert.AreEqual(HttpStatusCode.Conflict, again.StatusCode);
        var html = await again.Content.ReadAsStringAsync();
        StringAssert.Contains(html, "Hội đồng Thi đua – Khen thưởng tỉnh Phú Yên", "names who decided");
        StringAssert.Contains(html, "phê duyệt", "and what");
        Assert.AreEqual(before, await s.SnapshotAsync(id));
    }

    [TestMethod]
    public async Task Return_or_reject_without_a_reason_is_refused_and_changes_nothing()
    {
        using var s = await Scenario.StartAsync("noreason");
        var id = await s.SubmitNewAsync(NomineeKind.Individual, Nominee);
        var link = await s.ReviewLinkAsync("provincial", Nominee);
        var before = await s.SnapshotAsync(id);
        foreach (var decision in new[] { "return", "reject" })
        {
            using var page = await s.DecideAsync(link, decision, "   ");
            Assert.AreEqual(HttpStatusCode.BadRequest, page.StatusCode);
            StringAssert.Contains(await page.Content.ReadAsStringAsync(), "phải ghi rõ lý do");
        }

        using (var unknown = await s.DecideAsync(link, "maybe"))
        {
            Assert.AreEqual(HttpStatusCode.BadRequest, unknown.StatusCode);
        }

        Assert.AreEqual(before, await s.SnapshotAsync(id));
        using var approved = await s.DecideAsync(link, "approve");
        Assert.AreEqual(HttpStatusCode.SeeOther, approved.StatusCode, "the link still works after the refusals");
    }

    [TestMethod]
    public async Task Decisions_posted_at_once_for_the_same_stage_take_effect_exactly_once_and_the_others_are_told_who_decided()
    {
        using var s = await Scenario.StartAsync("race");
        var id = await s.SubmitNewAsync(NomineeKind.Individual, Nominee);
        var link = await s.ReviewLinkAsync("provincial", Nominee);

        // Ten at once, approvals and rejects mixed: the interleavings where one reads the
        // state the winner just wrote are the ones that matter.
        var posts = Enumerable.Range(0, 10)
            .Select(i => i % 2 == 0 ? s.DecideAsync(link, "approve") : s.DecideAsync(link, "reject", "Không đủ điều kiện / not qualified"))
            .ToList();
        var responses = await Task.WhenAll(posts);
        var codes = responses.Select(r => r.StatusCode).ToList();
        Assert.AreEqual(1, codes.Count(c => c == HttpStatusCode.SeeOther), $"exactly one wins (got {string.Join(", ", codes)})");
        Assert.AreEqual(9, codes.Count(c => c == HttpStatusCode.Conflict), $"the others are told (got {string.Join(", ", codes)})");
        foreach (var loser in responses.Where(r => r.StatusCode == HttpStatusCode.Conflict))
        {
            StringAssert.Contains(await loser.Content.ReadAsStringAsync(), "Hội đồng Thi đua – Khen thưởng tỉnh Phú Yên", "a loser is told who decided");
        }

        var winnerApproved = codes.IndexOf(HttpStatusCode.SeeOther) % 2 == 0;
        foreach (var r in responses)
        {
            r.Dispose();
        }

        await Task.Delay(1500);
        var view = await s.Nominator.GetNominationAsync(id);
        Assert.AreEqual(1, view.History.Count(h => h.Stage == "provincial" && h.Action is AuditActions.Approved or AuditActions.Rejected), "exactly one decision recorded");
        if (winnerApproved)
        {
            await s.ReviewLinkAsync("ministry", Nominee);
            Assert.AreEqual(0, s.NominatorMail(Nominee).Count, "the losing rejects sent nothing");
        }
        else
        {
            Assert.AreEqual(NominationStatus.Rejected, view.Nomination.Status);
            Assert.AreEqual(0, Scenario.Mail.To(TestCampaigns.ApproverOf(s.Campaign, "ministry")).Count, "the losing approvals opened nothing");
        }
    }

    private static ReviewLinks Links() => new(
        Options.Create(new LinkSigningOptions { ActiveKeyId = "test", SigningKeys = { ["test"] = TestHost.SigningKey } }),
        TimeProvider.System);
}
