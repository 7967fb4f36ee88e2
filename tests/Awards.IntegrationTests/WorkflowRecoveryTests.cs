using System.Diagnostics;
using System.Net;
using Awards.Domain;
using Awards.Storage;
using Awards.Testing;
using Awards.Workflow;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using DurableTask.AzureStorage;
using DurableTask.Core;
using DurableTask.Core.History;
using Microsoft.DurableTask.Converters;
using Microsoft.DurableTask;
using Microsoft.Extensions.DependencyInjection;

namespace Awards.IntegrationTests;

/// <summary>
/// No failure leaves a nomination silently stuck: a step that keeps failing stops it for an
/// organiser's attention and an organiser's retry goes on from there; an event whose raise was
/// lost is redelivered; a runner killed mid-work picks up within half a minute, doubling nothing.
/// </summary>
[TestClass]
public sealed class WorkflowRecoveryTests
{
    private const string Nominee = "Phạm Thị Hồng";

    [TestMethod]
    public async Task A_step_that_keeps_failing_marks_the_nomination_tells_the_organiser_and_an_organisers_retry_goes_on_from_there()
    {
        using var s = await Scenario.StartAsync("attention");
        var id = await s.SubmitNewAsync(NomineeKind.Individual, Nominee);
        await s.ReviewLinkAsync("provincial", Nominee);
        var (open, restore) = await LoseProposalAndApproveAsync(s, id);

        var stopped = await s.Organiser.WaitForAsync(id, v => v.Nomination.Attention is not null, "stopped for attention", TimeSpan.FromSeconds(90));
        Assert.AreEqual("OpenStage", stopped.Nomination.Attention!.Step);
        StringAssert.Contains(stopped.Nomination.Attention.Error, open.ProposalId, "the error says what is missing");
        Assert.IsTrue(stopped.History.Any(h => h.Action == AuditActions.NeedsAttention), "the history says so");
        var told = await Scenario.Mail.WaitForAsync(s.Campaign.OrganiserEmail!);
        StringAssert.Contains(told.Subject, Nominee, "the organiser is told which nomination stopped");
        StringAssert.Contains(told.TextBody, "/retry");

        // Only an organiser retries, and only a stopped workflow.
        using (var byUnit = await s.Nominator.Http.PostAsync(new Uri($"api/nominations/{id}/retry", UriKind.Relative), null))
        {
            Assert.AreEqual(HttpStatusCode.Forbidden, byUnit.StatusCode);
        }

        // The cause is fixed; the organiser retries: the stage opens and the ministry is asked.
        await restore();
        using (var retried = await s.Organiser.Http.PostAsync(new Uri($"api/nominations/{id}/retry", UriKind.Relative), null))
        {
            Assert.AreEqual(HttpStatusCode.Accepted, retried.StatusCode, await retried.Content.ReadAsStringAsync());
        }

        await s.ReviewLinkAsync("ministry", Nominee);
        var resumed = await s.Organiser.WaitForAsync(id, v => v.Nomination.Attention is null && v.Nomination.CurrentStage == "ministry", "resumed at the ministry");
        Assert.AreEqual(1, resumed.History.Count(h => h.Action == AuditActions.Approved), "the provincial approval is kept, once");
        Assert.IsTrue(resumed.History.Any(h => h.Action == AuditActions.Resumed && h.Actor == "bootstrap-organiser"), "the history says who retried");

        using (var nothingToRetry = await s.Organiser.Http.PostAsync(new Uri($"api/nominations/{id}/retry", UriKind.Relative), null))
        {
            Assert.AreEqual(HttpStatusCode.Conflict, nothingToRetry.StatusCode);
        }
    }

    [TestMethod]
    public async Task A_resubmission_after_a_dossier_check_return_whose_event_was_lost_is_redelivered()
    {
        using var s = await Scenario.StartAsync("lost-resubmit");

        // Two nominations whose workflows started while their dossiers lacked a document (as one
        // started by an older deploy could): the dossier check returns them (round 0, no stage).
        var views = new[] { await NominateWithoutReportAsync(s, "Hoàng Văn Một"), await NominateWithoutReportAsync(s, "Hoàng Văn Hai") };
        await using var workflows = WorkflowClients.On(TestHost.Runner);
        foreach (var v in views)
        {
            await workflows.Client.ScheduleNewOrchestrationInstanceAsync(
                nameof(NominationOrchestration),
                new NominationWorkflowInput(v.Nomination.Id, s.Campaign.Id, 1),
                new StartOrchestrationOptions(v.Nomination.Id) { Version = WorkflowVersions.Current });
        }

        foreach (var v in views)
        {
            var returned = await s.Nominator.WaitForAsync(v.Nomination.Id, x => x.Nomination.Status == NominationStatus.Returned, "returned by the dossier check");
            Assert.AreEqual(1, returned.Nomination.DossierReturns);
            await s.Nominator.UploadAllAsync(v.Nomination.Id, "achievement-report");
        }

        // Each is resubmitted by a process that stores the resubmission, then loses its backend before raising the event.
        await using var services = TestHost.SharedServices();
        await using var dead = WorkflowClients.Unreachable();
        var submissions = services.GetRequiredService<Submissions>();
        var store = services.GetRequiredService<NominationStore>();
        foreach (var v in views)
        {
            var proposal = (await services.GetRequiredService<ProposalStore>().FindAsync(v.Nomination.ProposalId, default))!;
            var n = (await store.FindAsync(v.Nomination.Id, default))!;
            await Assert.ThrowsExactlyAsync<Grpc.Core.RpcException>(() => submissions.ResubmitAsync(proposal, [n], s.NominatorEmail, dead.Client, default));
            Assert.AreEqual(NominationStatus.InReview, (await store.FindAsync(n.Id, default))!.Status, "the resubmission is stored");
        }

        // The unit presses submit again on the first: the lost event is raised at once.
        using (var again = await s.Nominator.SubmitAsync(views[0].Nomination.Id))
        {
            Assert.AreEqual(HttpStatusCode.Accepted, again.StatusCode);
        }

        await s.Nominator.WaitForAsync(views[0].Nomination.Id, v => v.Nomination.CurrentStage == "provincial", "the first one reaches the provincial stage");

        // Nobody touches the second: the redelivery sweep raises its event (after its 30 s grace).
        var stopwatch = Stopwatch.StartNew();
        try
        {
            await s.Nominator.WaitForAsync(views[1].Nomination.Id, v => v.Nomination.CurrentStage == "provincial", "the second one reaches the provincial stage by the sweep", TimeSpan.FromSeconds(120));
        }
        catch (TimeoutException e)
        {
            var marks = await store.UndeliveredEventsAsync(views[1].Nomination.Id, DateTimeOffset.MaxValue, default);
            var entries = await services.GetRequiredService<DeliveryIndex>().NotedBeforeAsync(DateTimeOffset.MaxValue, 1000, default);
            throw new AssertFailedException($"{e.Message}\nUndelivered marks: {string.Join(", ", marks.Select(m => $"{m.Key}@{m.MarkedAt:O}"))}; index entries: {entries.Count} ({string.Join(", ", entries.Where(x => x.NominationId == views[1].Nomination.Id).Select(x => x.Entry))})\nRunner output (end):\n{TestHost.Runner.Output[^Math.Min(6000, TestHost.Runner.Output.Length)..]}", e);
        }

        Assert.IsTrue(stopwatch.Elapsed >= TimeSpan.FromSeconds(15), "the sweep waits for the live request's grace period");
        foreach (var v in views)
        {
            Assert.IsEmpty(await store.UndeliveredEventsAsync(v.Nomination.Id, DateTimeOffset.MaxValue, default), "no undelivered mark is left");
            Assert.AreEqual(1, (await s.Nominator.GetNominationAsync(v.Nomination.Id)).History.Count(h => h.Action == AuditActions.Resubmitted), "resubmitted once");
        }
    }

    [TestMethod]
    public async Task A_runner_killed_right_after_approve_all_at_the_last_stage_finishes_within_half_a_minute_of_its_restart_and_awards_each_once()
    {
        await using var runner = new RunnerProcess(TestHost.Storage, TestHost.Mail.Port, TestHost.NewTaskHub("crash"), TestHost.SigningKey, TestHost.OrganiserKey).Isolated();
        await runner.StartAsync();
        using var s = await Scenario.StartAsync("crash-front", runner: runner);
        string[] names = ["Vũ Văn Một", "Vũ Văn Hai", "Vũ Văn Ba", "Vũ Văn Bốn", "Vũ Văn Năm"];
        var first = await s.NominateAsync(NomineeKind.Individual, names[0]);
        var ids = new List<string> { first.Nomination.Id };
        foreach (var name in names[1..])
        {
            ids.Add((await s.NominateAsync(NomineeKind.Individual, name, proposalId: first.Nomination.ProposalId)).Nomination.Id);
        }

        using (var submitted = await s.Nominator.Http.PostAsync(new Uri($"api/proposals/{first.Nomination.ProposalId}/submit", UriKind.Relative), null))
        {
            await AwardsClient.EnsureAsync(submitted);
        }

        foreach (var stage in new[] { "provincial", "ministry" })
        {
            var link = await s.ReviewLinkAsync(stage, names[0]);
            await WaitAllAsync(s, ids, v => v.Nomination.CurrentStage == stage && v.Nomination.Status == NominationStatus.InReview, $"all at {stage}");
            using var decided = await s.DecideAsync(link, null!, action: "approve-remaining");
            Assert.AreEqual(HttpStatusCode.SeeOther, decided.StatusCode);
        }

        var front = await s.ReviewLinkAsync("front", names[0]);
        await WaitAllAsync(s, ids, v => v.Nomination.CurrentStage == "front" && v.Nomination.Status == NominationStatus.InReview, "all at the Front");
        using (var decided = await s.DecideAsync(front, null!, action: "approve-remaining"))
        {
            Assert.AreEqual(HttpStatusCode.SeeOther, decided.StatusCode);
            await runner.KillAsync();
        }

        await runner.StartAsync();
        var restarted = Stopwatch.StartNew();
        foreach (var id in ids)
        {
            await s.Nominator.WaitForAsync(id, v => v.Nomination.Status == NominationStatus.Awarded, "awarded after the restart", TimeSpan.FromSeconds(30) - restarted.Elapsed);
        }

        var awardedMail = await WaitForCountAsync(() => names.Count(n => s.NominatorMail(n).Any(m => (m.Subject ?? string.Empty).Contains("Được khen thưởng", StringComparison.Ordinal))), names.Length, TimeSpan.FromSeconds(30) - restarted.Elapsed);
        Assert.AreEqual(names.Length, awardedMail, "every awarded mail went out within half a minute of the restart");

        foreach (var id in ids)
        {
            var view = await s.Nominator.GetNominationAsync(id);
            Assert.AreEqual(1, view.History.Count(h => h.Action == AuditActions.Awarded), $"{view.Nomination.NomineeName}: awarded once in its history");
            Assert.AreEqual(1, view.History.Count(h => h.Action == AuditActions.Approved && h.Stage == "front"), "approved once at the Front");
        }

        Assert.HasCount(names.Length, await s.Organiser.AwardListAsync(s.Campaign.Id), "each on the list once");
    }

    [TestMethod]
    public async Task A_start_message_received_a_second_time_holds_nothing_back_and_leaves_the_queue()
    {
        // Its own runner and task hub: this test stops the process and writes into its queues.
        await using var runner = new RunnerProcess(TestHost.Storage, TestHost.Mail.Port, TestHost.NewTaskHub("dupstart"), TestHost.SigningKey, TestHost.OrganiserKey).Isolated();
        await runner.StartAsync();
        using var s = await Scenario.StartAsync("dup-start", c => c with { Stages = [c.Stages[0] with { RemindAt = [0.5] }, .. c.Stages[1..]] }, runner: runner);
        var id = await s.SubmitNewAsync(NomineeKind.Individual, Nominee);
        var link = await s.ReviewLinkAsync("provincial", Nominee);
        var opened = (await s.Nominator.GetNominationAsync(id)).Nomination;
        await runner.StopAsync(TimeSpan.FromSeconds(60));

        // What an overloaded backend delivers: the workflow's start message a second time (its
        // first copy was processed, but its queue visibility ran out before it was deleted), in
        // one batch with the stage's first reminder, as the due-time sweep raises it.
        var backend = new AzureStorageOrchestrationService(new AzureStorageOrchestrationServiceSettings
        {
            TaskHubName = runner.TaskHub,
            StorageAccountClientProvider = new StorageAccountClientProvider(TestHost.Storage),
            PartitionCount = 1,
        });
        var state = (await backend.GetOrchestrationStateAsync(id, allExecutions: false)).Single();
        var instance = state.OrchestrationInstance;
        var reminder = new AlarmRaised("provincial", opened.Round, 1, opened.StageOpenedAt!.Value + ((opened.DueAt!.Value - opened.StageOpenedAt.Value) / 2));
        await backend.SendTaskOrchestrationMessageBatchAsync(
            new TaskMessage
            {
                OrchestrationInstance = instance,
                Event = new ExecutionStartedEvent(-1, state.Input) { OrchestrationInstance = instance, Name = state.Name, Version = state.Version },
            },
            new TaskMessage
            {
                OrchestrationInstance = new OrchestrationInstance { InstanceId = id },
                Event = new EventRaisedEvent(-1, JsonDataConverter.Default.Serialize(reminder)) { Name = WorkflowEvents.Alarm },
            });

        await runner.StartAsync();
        var approver = TestCampaigns.ApproverOf(s.Campaign, "provincial");
        var reminded = await Scenario.Mail.WaitForAsync(approver, m => (m.Subject ?? string.Empty).Contains("Nhắc thẩm định", StringComparison.Ordinal), "the reminder batched with the second start message", timeout: TimeSpan.FromSeconds(30));
        Assert.IsTrue(MailCatcher.HasReviewLink(reminded), "the reminder carries a review link");

        using (var approved = await s.DecideAsync(link, "approve"))
        {
            Assert.AreEqual(HttpStatusCode.SeeOther, approved.StatusCode);
        }

        await s.ReviewLinkAsync("ministry", Nominee);
        var view = await s.Nominator.WaitForAsync(id, v => v.Nomination.CurrentStage == "ministry", "on to the ministry");
        Assert.AreEqual(1, view.History.Count(h => h.Action == AuditActions.Reminded), "reminded once");
        Assert.AreEqual(1, view.History.Count(h => h.Action == AuditActions.StageOpened && h.Stage == "provincial"), "the second start message started nothing again");

        // The second copy is gone from the queue, not retried with back-off for ever.
        var queues = new QueueServiceClient(TestHost.Storage);
        await Eventually.UntilAsync(
            async () =>
            {
                var left = 0;
                await foreach (var q in queues.GetQueuesAsync(prefix: runner.TaskHub.ToLowerInvariant() + "-"))
                {
                    left += (await queues.GetQueueClient(q.Name).GetPropertiesAsync()).Value.ApproximateMessagesCount;
                }

                return left;
            },
            left => left == 0,
            TimeSpan.FromSeconds(30),
            left => $"no message is left in the task hub's queues ({left} left):\n" + runner.Output);
        StringAssert.Contains(runner.Output, $"Dropped a second start message of workflow {id}", "the runner says what it dropped");
        Assert.DoesNotContain("Multiple ExecutionStartedEvent", runner.Output);
    }

    private static async Task<Awards.Web.Api.NominationView> NominateWithoutReportAsync(Scenario s, string name)
    {
        var view = await s.Nominator.CreateNominationAsync(new
        {
            campaignId = s.Campaign.Id,
            awardCode = "bk-mttq",
            kind = "individual",
            nomineeName = name,
            dateOfBirth = s.BirthDate,
            position = "Đại úy",
            achievementSummary = "Có thành tích xuất sắc.",
        });
        await s.Nominator.UploadAllAsync(view.Nomination.Id, [.. TestCampaigns.RequiredDocuments.Where(d => d != "achievement-report")]);
        return view;
    }

    private static async Task WaitAllAsync(Scenario s, IEnumerable<string> ids, Func<Awards.Web.Api.NominationView, bool> condition, string what, TimeSpan? timeout = null)
    {
        foreach (var id in ids)
        {
            await s.Nominator.WaitForAsync(id, condition, what, timeout);
        }
    }

    private static async Task<int> WaitForCountAsync(Func<int> count, int expected, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + (timeout > TimeSpan.Zero ? timeout : TimeSpan.Zero);
        while (count() < expected && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        return count();
    }

    /// <summary>
    /// Loses the proposal's row of a nomination at its provincial stage (a person deleted it by
    /// hand, a restore went wrong) and approves the stage as the review page does (claim, then
    /// raise, through the runner's own backend): opening the next stage cannot read the proposal,
    /// so the workflow stops for attention. Returns the nomination as it was and what puts the row back.
    /// </summary>
    internal static async Task<(Nomination Open, Func<Task> Restore)> LoseProposalAndApproveAsync(Scenario s, string id)
    {
        var open = (await s.Nominator.GetNominationAsync(id)).Nomination;
        await using var services = TestHost.SharedServices();
        var proposals = services.GetRequiredService<AwardsStorage>().Proposals;
        var row = (await proposals.GetEntityAsync<TableEntity>(open.ProposalId, "proposal")).Value;
        await proposals.DeleteEntityAsync(open.ProposalId, "proposal");
        await using var workflows = WorkflowClients.On(TestHost.Runner);
        var approver = TestCampaigns.ApproverOf(s.Campaign, "provincial");
        var decision = new StageDecision("provincial", open.Round, DecisionOutcome.Approve, null, approver, "Hội đồng tỉnh", DateTimeOffset.UtcNow, open.Wave);
        Assert.IsTrue((await services.GetRequiredService<EventDelivery>().ClaimAsync(workflows.Client, id, decision, "-", default))?.Won);
        return (open, async () =>
        {
            await using var again = TestHost.SharedServices();
            await again.GetRequiredService<AwardsStorage>().Proposals.AddEntityAsync(row);
        });
    }
}
