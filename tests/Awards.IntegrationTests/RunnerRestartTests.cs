using System.Net;
using Awards.Domain;
using Awards.Testing;

namespace Awards.IntegrationTests;

/// <summary>State lives in storage: a runner killed mid-workflow picks up where it was.</summary>
[TestClass]
public sealed class RunnerRestartTests
{
    [TestMethod]
    public async Task A_runner_killed_while_a_nomination_waits_at_the_ministry_resumes_and_the_emailed_link_still_works()
    {
        // Its own runner and task hub: this test kills the process.
        await using var runner = new RunnerProcess(TestHost.Storage, TestHost.Mail.Port, TestHost.NewTaskHub("restart"), TestHost.SigningKey, TestHost.OrganiserKey).Isolated();
        await runner.StartAsync();
        using var s = await Scenario.StartAsync("restart", runner: runner);
        const string nominee = "Lê Văn Thành";
        var id = await s.SubmitNewAsync(NomineeKind.Individual, nominee);
        using (var approved = await s.DecideAsync(await s.ReviewLinkAsync("provincial", nominee), "approve"))
        {
            Assert.AreEqual(HttpStatusCode.SeeOther, approved.StatusCode);
        }

        var ministryLink = await s.ReviewLinkAsync("ministry", nominee);
        var before = await s.Nominator.GetNominationAsync(id);

        await runner.KillAsync();
        await runner.StartAsync();

        using (var decided = await s.DecideAsync(ministryLink, "approve"))
        {
            Assert.AreEqual(HttpStatusCode.SeeOther, decided.StatusCode, "the link emailed before the kill still decides");
        }

        using (var front = await s.DecideAsync(await s.ReviewLinkAsync("front", nominee), "approve"))
        {
            Assert.AreEqual(HttpStatusCode.SeeOther, front.StatusCode);
        }

        var after = await s.Nominator.WaitForAsync(id, v => v.Nomination.Status == NominationStatus.Awarded, "awarded");
        var beforeHistory = before.History.Select(h => $"{h.At:O} {h.Action} {h.Stage}").ToList();
        CollectionAssert.AreEqual(beforeHistory, after.History.Take(beforeHistory.Count).Select(h => $"{h.At:O} {h.Action} {h.Stage}").ToList(), "nothing recorded before the kill is lost or changed");
        Assert.AreEqual(after.History.Count, after.History.Select(h => $"{h.At:O} {h.Action} {h.Stage}").Distinct().Count(), "nothing is doubled");
        Assert.AreEqual(1, Scenario.Mail.To(TestCampaigns.ApproverOf(s.Campaign, "ministry")).Count, "the ministry was asked once, not again after the restart");
        Assert.AreEqual(1, (await s.Organiser.AwardListAsync(s.Campaign.Id)).Count);
    }

    [TestMethod]
    public async Task A_runner_that_started_Azurite_stops_it_when_asked_to_stop()
    {
        int[] ports = [10000, 10001, 10002];
        if (ports.Any(Awards.LocalRunner.Azurite.IsListening))
        {
            Assert.Inconclusive("A storage emulator already listens on 10000–10002 (a developer's own): the runner would use it and start none.");
        }

        // Development storage, the README's way: the runner starts an Azurite of its own.
        await using var runner = new RunnerProcess("UseDevelopmentStorage=true", TestHost.Mail.Port, TestHost.NewTaskHub("azstop"), TestHost.SigningKey, TestHost.OrganiserKey).Isolated();
        await runner.StartAsync();
        Assert.IsTrue(ports.All(Awards.LocalRunner.Azurite.IsListening), "the runner started Azurite on 10000–10002");

        await runner.StopAsync(TimeSpan.FromSeconds(60));
        Assert.IsFalse(ports.Any(Awards.LocalRunner.Azurite.IsListening), "after the runner stopped, nothing holds the ports:\n" + runner.Output);
    }
}
