using System.Net;
using System.Net.Http.Json;
using Awards.Domain;
using Awards.Testing;
using MimeKit;

namespace Awards.IntegrationTests;

/// <summary>
/// Nominees of one proposal reach a stage at different moments (each was decided at the stage
/// before on its own). An approver decides exactly what their page showed; a nominee that
/// arrives after they acted is announced to them, never decided unseen and never left unannounced.
/// The late arrival is forced, not waited for: the provincial approver decides the second nominee
/// only after the ministry approver has acted.
/// </summary>
[TestClass]
public sealed class ReviewRaceTests
{
    private const string First = "Nguyễn Thị Lan";
    private const string Second = "Đặng Văn Hùng";

    [TestMethod]
    public async Task A_stale_page_decides_only_the_nominees_it_showed_and_says_which_others_now_wait()
    {
        using var s = await Scenario.StartAsync("stale-page");
        var (first, second) = await TwoNomineesInOneProposalAsync(s);
        var provincial = await s.ReviewLinkAsync("provincial", First);
        await ApproveOnlyAsync(s, provincial, first);
        var ministry = await s.ReviewLinkAsync("ministry", First);

        // The ministry approver loads the page while only the first nominee is there…
        using var approver = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        var shown = await ReviewForm.ShownAsync(approver, ministry);
        Assert.HasCount(1, shown, "the page shows the one nominee that has arrived");

        // …the second arrives (its provincial decision is taken now)…
        await ApproveOnlyAsync(s, provincial, second);
        await s.Nominator.WaitForAsync(second, v => v.Nomination.CurrentStage == "ministry", "the second nominee at the ministry");

        // …and the approver presses "approve all remaining" on the page loaded before.
        using var posted = await ReviewForm.PostAsync(approver, ministry, shown, [new("action", "approve-remaining")]);
        Assert.AreEqual(HttpStatusCode.SeeOther, posted.StatusCode, await posted.Content.ReadAsStringAsync());
        var location = posted.Headers.Location!.OriginalString;
        StringAssert.Contains(location, "arrived=" + second, "the answer names the nominee that arrived after the page was loaded");

        await s.Nominator.WaitForAsync(first, v => v.Nomination.CurrentStage == "front", "the first nominee moves on");
        var waiting = await s.Nominator.GetNominationAsync(second);
        Assert.AreEqual("ministry", waiting.Nomination.CurrentStage, "the nominee the page never showed is not decided");
        Assert.AreEqual(NominationStatus.InReview, waiting.Nomination.Status);
        Assert.IsFalse(waiting.History.Any(h => h.Stage == "ministry" && h.Action == AuditActions.Approved), "no decision recorded for it");

        // The page after the POST lists it, marked as just arrived.
        using var after = await approver.GetAsync(new Uri(ministry, location));
        var html = await after.Content.ReadAsStringAsync();
        StringAssert.Contains(html, Second);
        StringAssert.Contains(html, "Mới đến");
        StringAssert.Contains(html, "id=\"pending-count\">1<");

        // What the first nominee's audit says was seen is what the page showed.
        var approved = (await s.Nominator.GetNominationAsync(first)).History.Single(h => h.Stage == "ministry" && h.Action == AuditActions.Approved);
        StringAssert.Contains(approved.Detail, "seen: " + shown[0].Split('|')[2]);
    }

    [TestMethod]
    public async Task A_nominee_reaching_the_stage_after_the_approver_acted_sends_them_a_follow_up_request()
    {
        using var s = await Scenario.StartAsync("late-nominee");
        var (first, second) = await TwoNomineesInOneProposalAsync(s);
        var provincial = await s.ReviewLinkAsync("provincial", First);
        await ApproveOnlyAsync(s, provincial, first);

        // The ministry approver acts at once on the first email: only the first nominee is there.
        var ministry = await s.ReviewLinkAsync("ministry", First);
        using (var decided = await s.DecideAsync(ministry, null!, action: "approve-remaining"))
        {
            Assert.AreEqual(HttpStatusCode.SeeOther, decided.StatusCode);
            Assert.IsFalse(decided.Headers.Location!.OriginalString.Contains("arrived", StringComparison.Ordinal), "nothing else waited when they acted");
        }

        // Only now does the second nominee reach the ministry.
        await ApproveOnlyAsync(s, provincial, second);
        var ministryApprover = TestCampaigns.ApproverOf(s.Campaign, "ministry");
        var followUp = await WaitForSubjectAsync(ministryApprover, "Có thêm hồ sơ chờ thẩm định");
        Assert.IsTrue(MailCatcher.HasReviewLink(followUp), "the follow-up carries a link");
        Assert.HasCount(1, Scenario.Mail.To(ministryApprover).Where(m => (m.Subject ?? string.Empty).Contains("Có thêm hồ sơ", StringComparison.Ordinal)).ToList(), "one follow-up for one act");

        // The follow-up's page shows exactly the nominee waiting, and deciding it moves it on.
        var link = MailCatcher.ReviewLink(followUp);
        using var approver = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        var shown = await ReviewForm.ShownAsync(approver, link);
        Assert.HasCount(1, shown);
        StringAssert.StartsWith(shown[0], second + "|");
        using (var decided = await ReviewForm.PostAsync(approver, link, shown, [new("decision", "approve")]))
        {
            Assert.AreEqual(HttpStatusCode.SeeOther, decided.StatusCode);
        }

        await s.Nominator.WaitForAsync(second, v => v.Nomination.CurrentStage == "front", "the late nominee decided through the follow-up");
        var history = (await s.Nominator.GetNominationAsync(second)).History;
        Assert.IsTrue(history.Any(h => h.Action == AuditActions.FollowUpRequested && h.Stage == "ministry"), "its history says a follow-up request went out");
    }

    [TestMethod]
    public async Task A_form_that_does_not_say_what_it_showed_decides_nothing()
    {
        using var s = await Scenario.StartAsync("unshown");
        var id = await s.SubmitNewAsync(NomineeKind.Individual, First);
        var link = await s.ReviewLinkAsync("provincial", First);
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        using (var blind = await http.PostAsync(link, new FormUrlEncodedContent([new("decision", "approve")])))
        {
            Assert.AreEqual(HttpStatusCode.BadRequest, blind.StatusCode);
            StringAssert.Contains(await blind.Content.ReadAsStringAsync(), "Hãy tải lại trang");
        }

        // A shown nominee whose documents are not what the form says (a forged or outdated form) is not decided either.
        var shown = await ReviewForm.ShownAsync(http, link);
        var forged = shown[0][..shown[0].LastIndexOf('v')] + "v9";
        using (var stale = await ReviewForm.PostAsync(http, link, [forged], [new("decision", "approve")]))
        {
            Assert.AreEqual(HttpStatusCode.Conflict, stale.StatusCode);
            StringAssert.Contains(await stale.Content.ReadAsStringAsync(), "Chưa có quyết định nào được ghi nhận");
        }

        var view = await s.Nominator.GetNominationAsync(id);
        Assert.AreEqual("provincial", view.Nomination.CurrentStage);
        Assert.IsFalse(view.History.Any(h => h.Action == AuditActions.Approved), "nothing was decided");
    }

    /// <summary>Two nominees of one proposal, submitted together (one wave).</summary>
    private static async Task<(string First, string Second)> TwoNomineesInOneProposalAsync(Scenario s)
    {
        var first = await s.NominateAsync(NomineeKind.Individual, First);
        var second = await s.NominateAsync(NomineeKind.Individual, Second, proposalId: first.Nomination.ProposalId);
        using var submitted = await s.Nominator.Http.PostAsync(new Uri($"api/proposals/{first.Nomination.ProposalId}/submit", UriKind.Relative), JsonContent.Create(new { justifications = new Dictionary<string, string>() }));
        await AwardsClient.EnsureAsync(submitted);

        // The proposal's review request goes out when the first of its nominees reaches the stage:
        // wait until both are there, so the page the tests load shows both.
        foreach (var id in new[] { first.Nomination.Id, second.Nomination.Id })
        {
            await s.Nominator.WaitForAsync(id, v => v.Nomination.CurrentStage == "provincial" && v.Nomination.Round > 0, "at the provincial stage");
        }

        return (first.Nomination.Id, second.Nomination.Id);
    }

    /// <summary>The provincial approver approves one nominee of the proposal and leaves the other waiting.</summary>
    private static async Task ApproveOnlyAsync(Scenario s, Uri provincial, string nominationId)
    {
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        using var decided = await ReviewForm.PostAsync(http, provincial, [new($"decision.{nominationId}", "approve"), new("action", "decide")]);
        Assert.AreEqual(HttpStatusCode.SeeOther, decided.StatusCode, await decided.Content.ReadAsStringAsync());
    }

    private static async Task<MimeMessage> WaitForSubjectAsync(string address, string subjectPart)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            if (Scenario.Mail.To(address).FirstOrDefault(m => (m.Subject ?? string.Empty).Contains(subjectPart, StringComparison.Ordinal)) is { } found)
            {
                return found;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"No message to {address} with '{subjectPart}' in its subject. Runner output:\n{TestHost.Runner.Output}");
            }

            await Task.Delay(100);
        }
    }
}
