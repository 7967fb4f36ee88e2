using System.Net;
using Awards.Domain;
using Awards.Testing;
using Awards.Workflow;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace Awards.IntegrationTests;

/// <summary>An instance keeps the workflow version it started under after the procedure changes.</summary>
[TestClass]
public sealed class WorkflowVersionTests
{
    [TestMethod]
    public async Task A_nomination_started_under_the_first_workflow_version_runs_it_beside_one_on_the_current_version()
    {
        using var s = await Scenario.StartAsync("version-wf", c => c with
        {
            Calendar = new CalendarSettings { WorkingDayLength = TimeSpan.FromSeconds(2) },
            Stages = [c.Stages[0] with { DeadlineWorkingDays = 2, RemindAt = [0.5] }, .. c.Stages[1..]],
        });

        // Current version, started the normal way.
        const string current = "Nguyễn Văn Hiện";
        var currentId = await s.SubmitNewAsync(NomineeKind.Individual, current);

        // The first version, as an instance started before deadlines existed would be: started on
        // the runner's own Durable Task backend with the version it would have recorded.
        const string legacy = "Trần Thị Cũ";
        var legacyId = (await s.NominateAsync(NomineeKind.Individual, legacy)).Nomination.Id;
        await using var workflows = WorkflowClients.On(TestHost.Runner);
        var client = workflows.Client;
        await client.ScheduleNewOrchestrationInstanceAsync(
            nameof(NominationOrchestration),
            new NominationWorkflowInput(legacyId, s.Campaign.Id, 1),
            new StartOrchestrationOptions(legacyId) { Version = WorkflowVersions.WithoutDeadlines });

        var legacyLink = await s.ReviewLinkAsync("provincial", legacy);
        await s.ReviewLinkAsync("provincial", current);

        // Past the current version's reminder (2 s) and deadline (4 s).
        try
        {
            await s.Nominator.WaitForAsync(currentId, v => v.History.Any(h => h.Action == AuditActions.Escalated), "escalated", TimeSpan.FromSeconds(240));
        }
        catch (TimeoutException e)
        {
            var state = await client.GetInstanceAsync(currentId, getInputsAndOutputs: true);
            throw new AssertFailedException($"{e.Message} Orchestration: {state?.RuntimeStatus}, updated {state?.LastUpdatedAt:O}, failure {state?.FailureDetails}, custom {state?.SerializedCustomStatus}\nRunner output (end):\n{TestHost.Runner.Output[^Math.Min(4000, TestHost.Runner.Output.Length)..]}", e);
        }
        await Task.Delay(TimeSpan.FromSeconds(3));
        var legacyView = await s.Nominator.GetNominationAsync(legacyId);
        Assert.IsFalse(legacyView.History.Any(h => h.Action is AuditActions.Reminded or AuditActions.Escalated), "the first version has no deadlines, reminders or escalation");
        var approver = TestCampaigns.ApproverOf(s.Campaign, "provincial");
        var legacyProposal = legacyView.Nomination.ProposalId;
        Assert.AreEqual(1, Scenario.Mail.To(approver).Where(MailCatcher.HasReviewLink).Count(m => MailCatcher.ProposalOf(MailCatcher.ReviewLink(m)) == legacyProposal), "one request, no reminder");

        using (var decided = await s.DecideAsync(legacyLink, "approve"))
        {
            Assert.AreEqual(HttpStatusCode.SeeOther, decided.StatusCode);
        }

        await s.ReviewLinkAsync("ministry", legacy);
    }
}
