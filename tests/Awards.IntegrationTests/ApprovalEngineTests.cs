using System.Net;
using System.Net.Http.Json;
using Awards.Domain;
using Awards.Storage;
using Awards.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Awards.IntegrationTests;

/// <summary>
/// Deadlines, reminders, escalation, several approvers and withdrawal. Durable timers fire in
/// real time on the AzureStorage backend, so these campaigns use the calendar's test knob that
/// makes a working day last seconds; nothing here sleeps for real days.
/// </summary>
[TestClass]
public sealed class ApprovalEngineTests
{
    private const string Nominee = "Trịnh Văn Quyết";

    [TestMethod]
    public async Task Reminders_come_at_their_points_and_the_deadline_escalates_but_nothing_is_decided_automatically()
    {
        var escalation = TestCampaigns.Address("truong-ban", Guid.NewGuid().ToString("N")[..8]);
        using var s = await Scenario.StartAsync("deadline", c => c with
        {
            Calendar = new CalendarSettings { WorkingDayLength = TimeSpan.FromSeconds(2) },
            Stages = [c.Stages[0] with { DeadlineWorkingDays = 4, RemindAt = [0.5], EscalationContact = new Approver(escalation, "Trưởng ban Thi đua tỉnh") }, .. c.Stages[1..]],
        });
        var id = await s.SubmitNewAsync(NomineeKind.Individual, Nominee);
        var approver = TestCampaigns.ApproverOf(s.Campaign, "provincial");
        await Scenario.Mail.WaitForAsync(approver);
        var request = Scenario.Mail.To(approver).First(m => (m.Subject ?? string.Empty).Contains("Đề nghị thẩm định", StringComparison.Ordinal)
            || (m.Subject ?? string.Empty).Contains("Nhắc thẩm định", StringComparison.Ordinal));
        var opened = (await s.Nominator.GetNominationAsync(id)).Nomination;
        Assert.IsNotNull(opened.DueAt, "the nomination shows its due date");
        Assert.AreEqual(TimeSpan.FromSeconds(8), opened.DueAt!.Value - opened.StageOpenedAt!.Value, "4 working days of 2 s");

        // By subject, not by order: the outbox sender may deliver a delayed request after the reminder.
        await Scenario.Mail.WaitForAsync(approver, count: 2, timeout: TimeSpan.FromSeconds(60));
        var reminder = Scenario.Mail.To(approver).Single(m => (m.Subject ?? string.Empty).Contains("Nhắc thẩm định", StringComparison.Ordinal));
        Assert.AreEqual(MailCatcher.ReviewLink(request), MailCatcher.ReviewLink(reminder), "the reminder carries the same link");
        Assert.IsTrue(reminder.Date >= opened.StageOpenedAt!.Value.AddSeconds(3), $"reminded at half-time, not before ({reminder.Date:O})");

        var escalated = await Scenario.Mail.WaitForAsync(escalation, timeout: TimeSpan.FromSeconds(30));
        StringAssert.Contains(escalated.Subject, "Quá hạn thẩm định");
        await Scenario.Mail.WaitForAsync(s.Campaign.OrganiserEmail!, timeout: TimeSpan.FromSeconds(30));
        // Two whole seconds of slack, no more: a queue message's visibility delay and a mail's Date header both
        // count whole seconds, so an escalation sent on time can read up to two seconds before the due instant.
        Assert.IsTrue(escalated.Date >= opened.DueAt!.Value.AddSeconds(-2), $"escalated at the deadline, not before (mail dated {escalated.Date:O}, due {opened.DueAt:O}, opened {opened.StageOpenedAt:O})");

        await Task.Delay(2000);
        var after = await s.Nominator.GetNominationAsync(id);
        Assert.AreEqual(NominationStatus.InReview, after.Nomination.Status, "nothing is approved or rejected automatically");
        CollectionAssert.IsSubsetOf(new[] { AuditActions.Reminded, AuditActions.Escalated }, after.History.Select(h => h.Action).ToList());

        using var late = await s.DecideAsync(MailCatcher.ReviewLink(request), "approve");
        Assert.AreEqual(HttpStatusCode.SeeOther, late.StatusCode, "a late decision still counts");
        await s.ReviewLinkAsync("ministry", Nominee);
    }

    [TestMethod]
    public async Task A_stage_reopened_after_its_days_ran_out_escalates_at_once_instead_of_waiting_silently()
    {
        var escalation = TestCampaigns.Address("truong-ban", Guid.NewGuid().ToString("N")[..8]);
        using var s = await Scenario.StartAsync("overdue", c => c with
        {
            Calendar = new CalendarSettings { WorkingDayLength = TimeSpan.FromSeconds(2) },
            Stages = [c.Stages[0] with { DeadlineWorkingDays = 1, RemindAt = [], EscalationContact = new Approver(escalation, "Trưởng ban Thi đua tỉnh") }, .. c.Stages[1..]],
        });
        var id = await s.SubmitNewAsync(NomineeKind.Individual, Nominee);
        var link = await s.ReviewLinkAsync("provincial", Nominee);
        var first = await s.Nominator.WaitForAsync(id, v => v.History.Any(h => h.Action == AuditActions.Escalated), "escalated in the first round");

        // Returned after its one working day was used up: when the dossier comes back the stage has no days left.
        // (A durable timer on Azurite may fire up to a second early, so the escalation alone does not prove the day passed.)
        var dayUsed = first.Nomination.StageOpenedAt!.Value + TimeSpan.FromSeconds(2.5) - DateTimeOffset.UtcNow;
        if (dayUsed > TimeSpan.Zero)
        {
            await Task.Delay(dayUsed);
        }

        using (var returned = await s.DecideAsync(link, "return", "Bổ sung bản sao quyết định khen thưởng năm trước."))
        {
            Assert.AreEqual(HttpStatusCode.SeeOther, returned.StatusCode);
        }

        using (var resubmitted = await s.Nominator.ResubmitAsync(id))
        {
            Assert.AreEqual(HttpStatusCode.Accepted, resubmitted.StatusCode);
        }

        var view = await s.Nominator.WaitForAsync(id, v => v.Nomination.Round == 2 && v.History.Count(h => h.Action == AuditActions.Escalated) == 2, "escalated again in the reopened round");
        Assert.AreEqual(view.Nomination.StageOpenedAt, view.Nomination.DueAt, "no days left: due the moment it reopened");
        await Scenario.Mail.WaitForAsync(escalation, count: 2);
        Assert.AreEqual(NominationStatus.InReview, view.Nomination.Status, "escalation decides nothing");
    }

    [TestMethod]
    public async Task A_decision_claimed_by_a_process_that_died_before_raising_its_event_still_reaches_the_workflow()
    {
        using var s = await Scenario.StartAsync("lost-event");
        var id = await s.SubmitNewAsync(NomineeKind.Individual, Nominee);
        await s.ReviewLinkAsync("provincial", Nominee);
        var open = (await s.Nominator.GetNominationAsync(id)).Nomination;

        // What the review page does before raising the event, done by a process that then dies:
        // the index entry and the claim are stored (the page would now say "decided") but the workflow is never told.
        await using (var services = TestHost.SharedServices())
        {
            var store = services.GetRequiredService<NominationStore>();
            await services.GetRequiredService<DeliveryIndex>().NoteAsync(id, DateTimeOffset.UtcNow, default);
            var approver = TestCampaigns.ApproverOf(s.Campaign, "provincial");
            var decision = new StageDecision("provincial", open.Round, DecisionOutcome.Approve, null, approver, "Hội đồng Thi đua – Khen thưởng tỉnh Phú Yên", DateTimeOffset.UtcNow, open.Wave);
            Assert.IsTrue((await store.ClaimDecisionAsync(id, decision, "-", default))?.Won, "the claim is stored");
        }

        // The runner's sweep finds the undelivered decision and raises it: the next stage opens.
        var moved = await s.Nominator.WaitForAsync(id, v => v.Nomination.CurrentStage == "ministry", "the ministry stage", TimeSpan.FromSeconds(150));
        Assert.AreEqual(NominationStatus.InReview, moved.Nomination.Status);
        Assert.AreEqual(1, moved.History.Count(h => h.Action == AuditActions.Approved), "approved once");

        // The sweep cleared the mark it delivered, and a decision whose page raised the event itself leaves none.
        using (var approved = await s.DecideAsync(await s.ReviewLinkAsync("ministry", Nominee), "approve"))
        {
            Assert.AreEqual(HttpStatusCode.SeeOther, approved.StatusCode);
        }

        await using (var services = TestHost.SharedServices())
        {
            var marks = await services.GetRequiredService<NominationStore>().UndeliveredEventsAsync(id, DateTimeOffset.MaxValue, default);
            Assert.IsEmpty(marks.Select(m => m.Key).ToList(), "no decision of this nomination is left marked undelivered");
        }
    }

    [TestMethod]
    public async Task The_stage_clock_pauses_while_the_dossier_is_back_with_the_nominator()
    {
        using var s = await Scenario.StartAsync("pause", c => c with
        {
            Calendar = new CalendarSettings { WorkingDayLength = TimeSpan.FromSeconds(2) },
            Stages = [c.Stages[0] with { DeadlineWorkingDays = 30, RemindAt = [] }, .. c.Stages[1..]],
        });
        var id = await s.SubmitNewAsync(NomineeKind.Individual, Nominee);
        var link = await s.ReviewLinkAsync("provincial", Nominee);
        await Task.Delay(TimeSpan.FromSeconds(4.5));
        using (var returned = await s.DecideAsync(link, "return", "Bổ sung bản sao quyết định khen thưởng năm trước."))
        {
            Assert.AreEqual(HttpStatusCode.SeeOther, returned.StatusCode);
        }

        var atReturn = (await s.Nominator.GetNominationAsync(id)).Nomination;
        await Task.Delay(TimeSpan.FromSeconds(6));
        using (var resubmitted = await s.Nominator.ResubmitAsync(id))
        {
            Assert.AreEqual(HttpStatusCode.Accepted, resubmitted.StatusCode);
        }

        var view = await s.Nominator.WaitForAsync(id, v => v.Nomination.Round == 2 && v.Nomination.DueAt != atReturn.DueAt, "the stage reopened");
        var reopened = view.Nomination;
        var returnedAt = view.History.Single(h => h.Action == AuditActions.Returned).At;
        var used = (int)Math.Floor((returnedAt - atReturn.StageOpenedAt!.Value) / TimeSpan.FromSeconds(2));
        Assert.IsTrue(used >= 2, $"at least two 2-second working days passed before the return (used {used})");
        Assert.AreEqual(used, reopened.StageDaysUsed, "the days used before the return are kept");
        Assert.AreEqual(TimeSpan.FromSeconds(2 * (30 - used)), reopened.DueAt!.Value - reopened.StageOpenedAt!.Value, "the clock resumes with the days left; the 6 s with the nominator did not count");
    }

    [TestMethod]
    public async Task A_withdrawal_mid_stage_ends_the_nomination_kills_the_link_and_tells_the_approver()
    {
        using var s = await Scenario.StartAsync("withdraw");
        var id = await s.SubmitNewAsync(NomineeKind.Collective, "Công an phường Xuân Phú");
        var link = await s.ReviewLinkAsync("provincial", "Công an phường Xuân Phú");
        using (var withdrawn = await s.Nominator.Http.PostAsJsonAsync($"api/nominations/{id}/withdraw", new { reason = "Đơn vị rút để đề nghị ở đợt sau." }))
        {
            Assert.AreEqual(HttpStatusCode.OK, withdrawn.StatusCode, await withdrawn.Content.ReadAsStringAsync());
        }

        var approver = TestCampaigns.ApproverOf(s.Campaign, "provincial");
        var told = await Scenario.Mail.WaitForAsync(approver, count: 2);
        StringAssert.Contains(told.Subject, "Rút hồ sơ");
        var view = await s.Nominator.WaitForAsync(id, v => v.Nomination.Status == NominationStatus.Withdrawn, "withdrawn");
        Assert.AreEqual("Đơn vị rút để đề nghị ở đợt sau.", view.Nomination.LastReason);

        using var decide = await s.DecideAsync(link, "approve");
        Assert.AreEqual(HttpStatusCode.Conflict, decide.StatusCode, "the link no longer decides");
        Assert.AreEqual(NominationStatus.Withdrawn, (await s.Nominator.GetNominationAsync(id)).Nomination.Status);
        using var again = await s.Nominator.Http.PostAsJsonAsync($"api/nominations/{id}/withdraw", new { reason = "x" });
        Assert.AreEqual(HttpStatusCode.Conflict, again.StatusCode);
    }

    [TestMethod]
    public async Task An_organiser_cancels_a_returned_nomination_and_its_workflow_ends()
    {
        using var s = await Scenario.StartAsync("cancel");
        var id = await s.SubmitNewAsync(NomineeKind.Individual, Nominee);
        using (var returned = await s.DecideAsync(await s.ReviewLinkAsync("provincial", Nominee), "return", "Thiếu biên bản."))
        {
            Assert.AreEqual(HttpStatusCode.SeeOther, returned.StatusCode);
        }

        await s.Nominator.WaitForAsync(id, v => v.Nomination.Status == NominationStatus.Returned, "returned");
        using (var byNominator = await s.Nominator.Http.PostAsJsonAsync($"api/nominations/{id}/cancel", new { reason = "x" }))
        {
            Assert.AreEqual(HttpStatusCode.Forbidden, byNominator.StatusCode, "nominators withdraw, organisers cancel");
        }

        using (var cancelled = await s.Organiser.Http.PostAsJsonAsync($"api/nominations/{id}/cancel", new { reason = "Trùng với hồ sơ đã được khen thưởng." }))
        {
            Assert.AreEqual(HttpStatusCode.OK, cancelled.StatusCode, await cancelled.Content.ReadAsStringAsync());
        }

        await s.WaitForNominatorMailAsync(Nominee, "Hủy hồ sơ");
        using var resubmit = await s.Nominator.ResubmitAsync(id);
        Assert.AreEqual(HttpStatusCode.Conflict, resubmit.StatusCode);
        Assert.AreEqual(NominationStatus.Cancelled, (await s.Nominator.GetNominationAsync(id)).Nomination.Status);
    }

    [TestMethod]
    public async Task With_several_approvers_the_first_decision_decides_and_the_others_are_told()
    {
        var second = TestCampaigns.Address("tinh-py-2", Guid.NewGuid().ToString("N")[..8]);
        using var s = await Scenario.StartAsync("anyof", c => c with
        {
            Stages = [c.Stages[0] with { ApproversByProvince = new() { ["PY"] = [.. c.Stages[0].ApproversByProvince["PY"], new(second, "Phó Chủ tịch Hội đồng")], ["TB"] = c.Stages[0].ApproversByProvince["TB"] } }, .. c.Stages[1..]],
        });
        var id = await s.SubmitNewAsync(NomineeKind.Individual, Nominee);
        var first = await s.ReviewLinkAsync("provincial", Nominee);
        var other = MailCatcher.ReviewLink(await Scenario.Mail.WaitForAsync(second));
        using (var decided = await s.DecideAsync(first, "approve"))
        {
            Assert.AreEqual(HttpStatusCode.SeeOther, decided.StatusCode);
        }

        var told = await Scenario.Mail.WaitForAsync(second, count: 2);
        StringAssert.Contains(told.Subject, "Đã có quyết định");
        using var late = await s.DecideAsync(other, "reject", "Không đồng ý.");
        Assert.AreEqual(HttpStatusCode.Conflict, late.StatusCode, "the other approver's link no longer decides");
        await s.ReviewLinkAsync("ministry", Nominee);
        Assert.AreEqual(1, (await s.Nominator.GetNominationAsync(id)).History.Count(h => h.Stage == "provincial" && h.Action is AuditActions.Approved or AuditActions.Rejected));
    }

    [TestMethod]
    public async Task With_all_of_several_approvers_everyone_must_approve_and_the_first_return_decides()
    {
        var second = TestCampaigns.Address("tinh-py-2", Guid.NewGuid().ToString("N")[..8]);
        using var s = await Scenario.StartAsync("allof", c => c with
        {
            Stages = [c.Stages[0] with { Mode = ApprovalMode.AllOf, ApproversByProvince = new() { ["PY"] = [.. c.Stages[0].ApproversByProvince["PY"], new(second, "Phó Chủ tịch Hội đồng")], ["TB"] = c.Stages[0].ApproversByProvince["TB"] } }, .. c.Stages[1..]],
        });
        var id = await s.SubmitNewAsync(NomineeKind.Individual, Nominee);
        var first = await s.ReviewLinkAsync("provincial", Nominee);
        var other = MailCatcher.ReviewLink(await Scenario.Mail.WaitForAsync(second));
        using (var one = await s.DecideAsync(first, "approve"))
        {
            Assert.AreEqual(HttpStatusCode.SeeOther, one.StatusCode);
        }

        // One approval of two claims nothing and raises nothing: the state after the 303 is final.
        var waiting = await s.Nominator.GetNominationAsync(id);
        Assert.IsTrue(waiting.History.Any(h => h.Action == AuditActions.ApprovalRecorded), "the first approval is recorded");
        Assert.AreEqual("provincial", waiting.Nomination.CurrentStage, "one approval of two does not decide");
        Assert.AreEqual(NominationStatus.InReview, waiting.Nomination.Status);
        Assert.AreEqual(0, Scenario.Mail.To(TestCampaigns.ApproverOf(s.Campaign, "ministry")).Count);

        using (var two = await s.DecideAsync(other, "approve"))
        {
            Assert.AreEqual(HttpStatusCode.SeeOther, two.StatusCode);
        }

        await s.ReviewLinkAsync("ministry", Nominee);

        // A second nominee: the first return decides, whatever the other approver thinks.
        var next = await s.SubmitNewAsync(NomineeKind.Individual, "Lò Văn Páo");
        var nextFirst = await s.ReviewLinkAsync("provincial", "Lò Văn Páo");
        using (var returned = await s.DecideAsync(nextFirst, "return", "Thiếu xác nhận của cấp ủy."))
        {
            Assert.AreEqual(HttpStatusCode.SeeOther, returned.StatusCode);
        }

        await s.Nominator.WaitForAsync(next, v => v.Nomination.Status == NominationStatus.Returned, "returned by the first return");
    }

    [TestMethod]
    public async Task Delegating_kills_the_old_link_gives_the_colleague_a_new_one_and_the_audit_says_who_to_whom()
    {
        using var s = await Scenario.StartAsync("delegate");
        var id = await s.SubmitNewAsync(NomineeKind.Individual, Nominee);
        var link = await s.ReviewLinkAsync("provincial", Nominee);
        var colleague = TestCampaigns.Address("pho-ban", s.Campaign.Id);
        using (var delegated = await PostFormAsync(new Uri(link.AbsoluteUri + "/delegate"), new() { ["email"] = colleague, ["name"] = "Lê Thị Phó Ban", ["note"] = "Tôi đi công tác, nhờ chị xử lý." }))
        {
            Assert.AreEqual(HttpStatusCode.OK, delegated.StatusCode, await delegated.Content.ReadAsStringAsync());
        }

        using (var old = await s.DecideAsync(link, "approve"))
        {
            Assert.AreEqual(HttpStatusCode.Gone, old.StatusCode, "the old link dies");
        }

        var handed = await Scenario.Mail.WaitForAsync(colleague);
        StringAssert.Contains(handed.Subject, "Được ủy quyền thẩm định");
        using (var decided = await s.DecideAsync(MailCatcher.ReviewLink(handed), "approve"))
        {
            Assert.AreEqual(HttpStatusCode.SeeOther, decided.StatusCode, "the colleague's link decides");
        }

        await s.ReviewLinkAsync("ministry", Nominee);
        var history = (await s.Nominator.GetNominationAsync(id)).History;
        var entry = history.Single(h => h.Action == AuditActions.Delegated);
        StringAssert.Contains(entry.Detail, colleague);
        Assert.AreEqual(TestCampaigns.ApproverOf(s.Campaign, "provincial"), entry.Actor);
        Assert.AreEqual(colleague, history.Single(h => h.Action == AuditActions.Approved).Actor);
    }

    private static async Task<HttpResponseMessage> PostFormAsync(Uri url, Dictionary<string, string> fields)
    {
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        return await ReviewForm.PostAsync(http, url, fields);
    }

    [TestMethod]
    public async Task Decisions_that_arrive_around_a_reminder_are_never_lost()
    {
        // Reminders at 40% of a 5 s stage; decisions posted from just before to just after it,
        // so some land while the reminder activity runs and the timer is being handled.
        using var s = await Scenario.StartAsync("race-timer", c => c with
        {
            Calendar = new CalendarSettings { WorkingDayLength = TimeSpan.FromSeconds(1) },
            Stages = [c.Stages[0] with { DeadlineWorkingDays = 5, RemindAt = [0.4] }, .. c.Stages[1..]],
        });
        var names = Enumerable.Range(1, 6).Select(i => $"{Nominee} {i}").ToList();
        var ids = await s.ApproveAroundAsync(names, n => n.StageOpenedAt!.Value.AddSeconds(2));
        foreach (var id in ids)
        {
            await s.Nominator.WaitForAsync(id, v => v.Nomination.CurrentStage == "ministry", "reached the ministry");
        }
    }
}
