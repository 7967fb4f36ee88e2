using System.Diagnostics;
using System.Globalization;
using System.Net;
using Awards.Domain;
using Awards.Hosting;
using Awards.Storage;
using Awards.Testing;
using Awards.Workflow;
using Azure.Data.Tables;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Awards.IntegrationTests;

/// <summary>
/// Reminders and deadlines from the due-time index (workflow version 5): never lost, never
/// doubled — across an outage, a decision at the moment the deadline falls due, a decision before
/// the reminders — while older instances keep their timers; and the sweep reads by partition,
/// never scanning the index. Campaigns use the calendar's test knob (a working day lasts seconds);
/// the sweep's own reading is driven by a hand-set clock.
/// </summary>
[TestClass]
public sealed class DueTimeTests
{
    private const string Nominee = "Đặng Thị Hạn";

    [TestMethod]
    public async Task A_deadline_that_passes_while_the_runner_is_down_escalates_once_after_the_restart()
    {
        var escalation = TestCampaigns.Address("truong-ban", Guid.NewGuid().ToString("N")[..8]);
        await using var runner = new RunnerProcess(TestHost.Storage, TestHost.Mail.Port, TestHost.NewTaskHub("outage"), TestHost.SigningKey, TestHost.OrganiserKey).Isolated();
        await runner.StartAsync();
        using var s = await Scenario.StartAsync("outage", c => c with
        {
            Calendar = new CalendarSettings { WorkingDayLength = TimeSpan.FromSeconds(2) },
            Stages = [c.Stages[0] with { DeadlineWorkingDays = 5, RemindAt = [0.6], EscalationContact = new Approver(escalation, "Trưởng ban Thi đua tỉnh") }, .. c.Stages[1..]],
        }, runner: runner);
        var id = await s.SubmitNewAsync(NomineeKind.Individual, Nominee);
        var link = await s.ReviewLinkAsync("provincial", Nominee);
        var opened = (await s.Nominator.GetNominationAsync(id)).Nomination;

        // Down before the reminder (at 6 s) and through the deadline (at 10 s).
        await runner.KillAsync();
        var killedAt = DateTimeOffset.UtcNow;
        var dueAt = opened.DueAt!.Value;
        Assert.AreEqual(TimeSpan.FromSeconds(10), dueAt - opened.StageOpenedAt!.Value);
        var pastDue = dueAt.AddSeconds(1) - DateTimeOffset.UtcNow;
        if (pastDue > TimeSpan.Zero)
        {
            // Time has to pass for the deadline to; nothing is concluded from this wait.
            await Task.Delay(pastDue);
        }

        await runner.StartAsync();
        var escalated = await Scenario.Mail.WaitForAsync(escalation, timeout: TimeSpan.FromSeconds(60));
        StringAssert.Contains(escalated.Subject, "Quá hạn thẩm định");

        // Approve after the escalation; once the next stage's request is out, the first round is over.
        using (var approved = await s.DecideAsync(link, "approve"))
        {
            Assert.AreEqual(HttpStatusCode.SeeOther, approved.StatusCode, "a late decision still counts");
        }

        await s.ReviewLinkAsync("ministry", Nominee);
        var history = (await s.Nominator.GetNominationAsync(id)).History;
        Assert.AreEqual(1, history.Count(h => h.Action == AuditActions.Escalated), "escalated once");
        Assert.AreEqual(1, Scenario.Mail.To(escalation).Count, "one escalation mail");
        if (killedAt < opened.StageOpenedAt!.Value.AddSeconds(5.5))
        {
            Assert.AreEqual(0, history.Count(h => h.Action == AuditActions.Reminded), "the reminder the deadline overtook during the outage is not sent late");
        }
    }

    [TestMethod]
    public async Task A_decision_at_the_moment_the_deadline_falls_due_gives_exactly_one_outcome()
    {
        using var s = await Scenario.StartAsync("due-race", c => c with
        {
            Calendar = new CalendarSettings { WorkingDayLength = TimeSpan.FromSeconds(1) },
            Stages = [c.Stages[0] with { DeadlineWorkingDays = 4, RemindAt = [] }, .. c.Stages[1..]],
        });
        var names = Enumerable.Range(1, 6).Select(i => $"{Nominee} {i}").ToList();

        // Decisions posted from just before to just after each stage's deadline.
        var ids = await s.ApproveAroundAsync(names, n => n.DueAt!.Value);
        foreach (var (id, name) in ids.Zip(names))
        {
            await s.ReviewLinkAsync("ministry", name);
            var view = await s.Nominator.WaitForAsync(id, v => v.Nomination.CurrentStage == "ministry", "reached the ministry");
            Assert.AreEqual(NominationStatus.InReview, view.Nomination.Status);
            Assert.AreEqual(1, view.History.Count(h => h.Stage == "provincial" && h.Action is AuditActions.Approved or AuditActions.Rejected or AuditActions.Returned), $"{name}: one outcome at the provincial stage");
            Assert.AreEqual(2, view.History.Count(h => h.Action == AuditActions.StageOpened), $"{name}: the ministry stage opened once");
            Assert.IsLessThanOrEqualTo(1, view.History.Count(h => h.Action == AuditActions.Escalated), $"{name}: escalated at most once");
        }
    }

    [TestMethod]
    public async Task Reminders_stop_when_the_stage_is_decided()
    {
        using var s = await Scenario.StartAsync("remind-stop", c => c with
        {
            Calendar = new CalendarSettings { WorkingDayLength = TimeSpan.FromSeconds(8) },
            Stages = [c.Stages[0] with { DeadlineWorkingDays = 6, RemindAt = [0.5, 0.75] }, .. c.Stages[1..]],
        });
        var id = await s.SubmitNewAsync(NomineeKind.Individual, Nominee);
        var link = await s.ReviewLinkAsync("provincial", Nominee);
        var opened = (await s.Nominator.GetNominationAsync(id)).Nomination;
        using (var approved = await s.DecideAsync(link, "approve"))
        {
            Assert.AreEqual(HttpStatusCode.SeeOther, approved.StatusCode);
        }

        if (DateTimeOffset.UtcNow >= opened.StageOpenedAt!.Value.AddSeconds(24))
        {
            Assert.Inconclusive("The machine took longer than the 24 s to the first reminder to decide; nothing to learn from this run.");
        }

        await s.ReviewLinkAsync("ministry", Nominee);

        // The round's three alarms are in the index until the sweep, finding them due, drops them
        // (the round is decided) — wait for that, which is what the sweep does at their time.
        await using var services = TestHost.SharedServices();
        var table = services.GetRequiredService<AwardsStorage>().Alarms;
        var stopwatch = Stopwatch.StartNew();
        while (await RowsOfRoundAsync(table, TestHost.Runner.TaskHub, id, opened.Round, opened.StageOpenedAt!.Value, opened.DueAt!.Value) is var left && left > 0)
        {
            Assert.IsLessThan(TimeSpan.FromSeconds(120), stopwatch.Elapsed, $"{left} alarm rows of the decided round are still in the index");
            await Task.Delay(200);
        }

        Assert.IsGreaterThanOrEqualTo(opened.DueAt!.Value.AddSeconds(-1), DateTimeOffset.UtcNow, "the rows went when they fell due");
        using (var ministry = await s.DecideAsync(await s.ReviewLinkAsync("ministry", Nominee), "approve"))
        {
            Assert.AreEqual(HttpStatusCode.SeeOther, ministry.StatusCode);
        }

        await s.ReviewLinkAsync("front", Nominee);
        var history = (await s.Nominator.GetNominationAsync(id)).History;
        Assert.IsFalse(history.Any(h => h.Action is AuditActions.Reminded or AuditActions.Escalated && h.Stage == "provincial"), "no reminder or escalation after the decision");
        var approver = TestCampaigns.ApproverOf(s.Campaign, "provincial");
        Assert.IsFalse(Scenario.Mail.To(approver).Any(m => (m.Subject ?? string.Empty).Contains("Nhắc thẩm định", StringComparison.Ordinal) && MailCatcher.HasReviewLink(m) && MailCatcher.ProposalOf(MailCatcher.ReviewLink(m)) == opened.ProposalId), "no reminder mail");
    }

    [TestMethod]
    public async Task An_instance_of_the_previous_version_keeps_its_timers_writes_no_alarm_rows_and_completes()
    {
        var escalation = TestCampaigns.Address("truong-ban", Guid.NewGuid().ToString("N")[..8]);
        using var s = await Scenario.StartAsync("version-4", c => c with
        {
            Calendar = new CalendarSettings { WorkingDayLength = TimeSpan.FromSeconds(2) },
            Stages = [c.Stages[0] with { DeadlineWorkingDays = 5, RemindAt = [0.5], EscalationContact = new Approver(escalation, "Trưởng ban Thi đua tỉnh") }, .. c.Stages[1..]],
        });
        const string legacy = "Trần Văn Bốn";
        var legacyId = (await s.NominateAsync(NomineeKind.Individual, legacy)).Nomination.Id;
        await using var workflows = WorkflowClients.On(TestHost.Runner);
        await workflows.Client.ScheduleNewOrchestrationInstanceAsync(
            nameof(NominationOrchestration),
            new NominationWorkflowInput(legacyId, s.Campaign.Id, 1),
            new StartOrchestrationOptions(legacyId) { Version = WorkflowVersions.StopsForAttention });

        var link = await s.ReviewLinkAsync("provincial", legacy);
        var view = await s.Nominator.WaitForAsync(legacyId, v => v.History.Any(h => h.Action == AuditActions.Escalated), "escalated by its own timer", TimeSpan.FromSeconds(90));
        Assert.AreEqual(1, view.History.Count(h => h.Action == AuditActions.Escalated), "escalated once, by its own timer");

        // (Its reminder is sent unless the deadline had passed too by the time its timer's turn came — version 4's rule.)
        Assert.IsLessThanOrEqualTo(1, view.History.Count(h => h.Action == AuditActions.Reminded));

        await using var services = TestHost.SharedServices();
        var rows = await CountRowsAsync(services.GetRequiredService<AwardsStorage>().Alarms, legacyId);
        Assert.AreEqual(0, rows, "a version 4 round writes nothing to the due-time index");

        foreach (var stage in new[] { "provincial", "ministry", "front" })
        {
            using var decided = await s.DecideAsync(stage == "provincial" ? link : await s.ReviewLinkAsync(stage, legacy), "approve");
            Assert.AreEqual(HttpStatusCode.SeeOther, decided.StatusCode, stage);
        }

        await s.Nominator.WaitForAsync(legacyId, v => v.Nomination.Status == NominationStatus.Awarded, "awarded under version 4");
        var state = await workflows.Client.WaitForInstanceCompletionAsync(legacyId, getInputsAndOutputs: true);
        Assert.AreEqual(OrchestrationRuntimeStatus.Completed, state.RuntimeStatus, state.FailureDetails?.ErrorMessage);
    }

    [TestMethod]
    public async Task The_sweep_reads_only_due_buckets_one_partition_per_query_and_an_outages_backlog_bucket_by_bucket()
    {
        var clock = new HandSetClock(new DateTimeOffset(2026, 12, 1, 8, 0, 30, TimeSpan.Zero));
        var hub = TestHost.NewTaskHub("sweep");
        await using var services = Services(clock, hub);
        await services.GetRequiredService<AwardsStorage>().EnsureCreatedAsync(default);
        var index = services.GetRequiredService<AlarmIndex>();
        var sweep = services.GetRequiredService<StageAlarms>();
        await using var workflows = WorkflowClients.Unreachable();

        // 3 alarms due now; 200 due tomorrow in two minutes' buckets; none of their nominations
        // exists, so each is dropped when read (and nothing needs raising).
        for (var i = 0; i < 3; i++)
        {
            await index.ScheduleAsync($"now-{i}", "provincial", 1, [(0, clock.GetUtcNow())], default);
        }

        var tomorrow = new DateTimeOffset(2026, 12, 2, 9, 0, 10, TimeSpan.Zero);
        for (var i = 0; i < 100; i++)
        {
            await index.ScheduleAsync($"later-{i}", "provincial", 1, [(1, tomorrow), (0, tomorrow.AddMinutes(90))], default);
        }

        var first = await sweep.SweepAsync(workflows.Client, default);
        Assert.AreEqual(3, first.Dropped);
        Assert.AreEqual(3, first.EntitiesRead, "only the due bucket's rows are read");
        Assert.IsLessThanOrEqualTo(3, first.Buckets, "the buckets from the cursor to now, no more");
        foreach (var filter in first.Filters)
        {
            StringAssert.Matches(filter, new System.Text.RegularExpressions.Regex($"^PartitionKey eq '{hub}\\|\\d{{12}}'$"), "one partition per query");
        }

        // A minute later nothing is due: the sweep reads a bucket or two and no row.
        clock.Set(clock.GetUtcNow().AddMinutes(1));
        var idle = await sweep.SweepAsync(workflows.Client, default);
        Assert.AreEqual(0, idle.EntitiesRead);

        // An outage until noon tomorrow: the backlog is read bucket by bucket, oldest first, each row once.
        var from = (await index.ReadCursorAsync(default))!.Value;
        clock.Set(new DateTimeOffset(2026, 12, 2, 12, 0, 0, TimeSpan.Zero));
        var reports = new List<AlarmSweepReport>();
        do
        {
            reports.Add(await sweep.SweepAsync(workflows.Client, default));
        }
        while (reports[^1].NextDue is { } next && next <= clock.GetUtcNow() && reports.Count < 100);

        var filters = reports.SelectMany(r => r.Filters).ToList();
        var minutes = (int)((AlarmIndex.BucketOf(clock.GetUtcNow()) - from) / TimeSpan.FromMinutes(1)) + 1;
        Assert.HasCount(minutes, filters, "one query per minute of the backlog");
        CollectionAssert.AllItemsAreUnique(filters, "no bucket read twice");
        Assert.AreEqual(200, reports.Sum(r => r.EntitiesRead), "each row read once");
        Assert.AreEqual(200, reports.Sum(r => r.Dropped));
        Assert.AreEqual(AlarmIndex.BucketOf(clock.GetUtcNow() - AlarmIndex.CursorLag), await index.ReadCursorAsync(default), "the cursor trails now by the lag");
    }

    private static ServiceProvider Services(TimeProvider clock, string hub)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = TestHost.Storage,
            ["Awards:Storage:NamePrefix"] = "sweep" + Guid.NewGuid().ToString("N")[..8],
            ["Awards:TaskHub"] = hub,
            ["Awards:Links:ActiveKeyId"] = "test",
            ["Awards:Links:SigningKeys:test"] = TestHost.SigningKey,
            ["Awards:Audit:ActiveKeyId"] = "test",
            ["Awards:Audit:Keys:test"] = RunnerProcess.AuditKeyFor(TestHost.SigningKey),
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(clock);
        services.AddAwards(configuration);
        return services.BuildServiceProvider();
    }

    // The rows of one round, read the way the sweep reads: by the minute buckets they can be in.
    private static async Task<int> RowsOfRoundAsync(TableClient table, string hub, string nominationId, int round, DateTimeOffset from, DateTimeOffset to)
    {
        var count = 0;
        for (var bucket = AlarmIndex.BucketOf(from); bucket <= AlarmIndex.BucketOf(to).AddMinutes(1); bucket = bucket.AddMinutes(1))
        {
            var partition = hub + "|" + bucket.ToString("yyyyMMddHHmm", CultureInfo.InvariantCulture);
            for (var number = 0; number <= 2; number++)
            {
                if ((await table.GetEntityIfExistsAsync<TableEntity>(partition, AlarmIndex.RowKey(nominationId, round, number))).HasValue)
                {
                    count++;
                }
            }
        }

        return count;
    }

    // Test-side look over the whole index for one nomination's rows (the product never does this).
    private static async Task<int> CountRowsAsync(TableClient table, string nominationId)
    {
        var count = 0;
        await foreach (var row in table.QueryAsync<TableEntity>($"RowKey ge '{nominationId}|' and RowKey lt '{nominationId}|~'", select: ["RowKey"]))
        {
            count++;
        }

        return count;
    }

    /// <summary>A clock the test moves by hand.</summary>
    private sealed class HandSetClock(DateTimeOffset start) : TimeProvider
    {
        private DateTimeOffset now = start;

        public override DateTimeOffset GetUtcNow() => now;

        public void Set(DateTimeOffset at) => now = at;
    }
}
