using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Awards.Domain;
using Awards.Hosting;
using Awards.Mail;
using Awards.Storage;
using Awards.Testing;
using Awards.Web;
using Awards.Web.Api;
using Awards.Workflow;
using Awards.Workflow.Activities;
using Azure.Data.Tables;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Awards.IntegrationTests;

/// <summary>
/// Reliable mail and events (issue 4, items 6 and 7): an SMTP outage delays mail and loses none,
/// a workflow step that runs more than once queues one message, and fifty clicks on one link at
/// once decide once. Real Azurite, real SMTP, real runner processes.
/// </summary>
[TestClass]
public sealed class MailReliabilityTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task Mail_queued_while_the_smtp_server_refuses_is_all_delivered_once_when_it_comes_back()
    {
        // Its own runner with its own tables, so its mail outbox holds only this test's mail (the
        // shared runners' senders never take it, and its sender never holds theirs). Its SMTP port
        // is bound but not listening: every connection is refused, and no one else takes the port
        // before the server comes back on it.
        using var reserved = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        reserved.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var smtpPort = ((IPEndPoint)reserved.LocalEndPoint!).Port;
        var prefix = "smtpdown" + Guid.NewGuid().ToString("N")[..8];
        await using var runner = new RunnerProcess(TestHost.Storage, smtpPort, TestHost.NewTaskHub("smtpdown"), TestHost.SigningKey, TestHost.OrganiserKey)
            .WithSetting("Awards__Storage__NamePrefix", prefix);
        await runner.StartAsync();
        var outbox = new TableClient(TestHost.Storage, prefix + "MailOutbox");
        using var s = await Scenario.StartAsync("smtpdown", runner: runner);
        var provincial = TestCampaigns.ApproverOf(s.Campaign, "provincial");
        var ministry = TestCampaigns.ApproverOf(s.Campaign, "ministry");

        const string first = "Trần Văn Khải";
        const string second = "Đỗ Thị Mai Hương";
        var outage = Stopwatch.StartNew();
        var firstId = await s.SubmitNewAsync(NomineeKind.Individual, first);

        // The sender tries at once, is refused, and backs off 10 s: wait for its second refusal (~12 s in).
        await Eventually.UntilAsync(
            () => RowsAsync(outbox, MailDelivery.PendingPartition),
            rows => rows.Count(r => r.GetString("To") == provincial) == 1 && rows.All(r => r.GetInt32("Attempts") >= 2),
            TimeSpan.FromSeconds(60),
            rows => "the first review request was not retried: " + Describe(rows) + "\n" + runner.Output);

        // A second nomination during the outage.
        var secondId = await s.SubmitNewAsync(NomineeKind.Individual, second);
        var queued = await Eventually.UntilAsync(
            () => RowsAsync(outbox, MailDelivery.PendingPartition),
            rows => rows.Count(r => r.GetString("To") == provincial) == 2 && rows.All(r => r.GetInt32("Attempts") >= 1),
            TimeSpan.FromSeconds(60),
            rows => "the second review request was not tried: " + Describe(rows) + "\n" + runner.Output);

        // The workflow did not wait on SMTP: both stages are open, nothing is marked sent, every row says why it waits.
        foreach (var id in new[] { firstId, secondId })
        {
            var v = await s.Nominator.GetNominationAsync(id);
            Assert.AreEqual(NominationStatus.InReview, v.Nomination.Status);
            Assert.AreEqual("provincial", v.Nomination.CurrentStage);
        }

        Assert.IsEmpty(await RowsAsync(outbox, MailDelivery.SentPartition), "nothing can have been sent while the server refused");
        Assert.IsTrue(queued.All(r => !string.IsNullOrEmpty(r.GetString("LastError"))), Describe(queued));
        var attemptsDuringOutage = queued.Select(r => r.GetInt32("Attempts") ?? 0).ToList();
        var expected = queued.Select(r => Mailer.MessageIdOf(r.RowKey)).ToHashSet(StringComparer.Ordinal);

        // The server comes back on the same port.
        reserved.Dispose();
        using var mail = new MailCatcher(smtpPort);
        var outageLength = outage.Elapsed;
        var back = Stopwatch.StartNew();
        await Eventually.UntilAsync(
            () => Task.FromResult(mail.All.Select(m => m.MessageId ?? string.Empty).ToHashSet(StringComparer.Ordinal)),
            ids => expected.IsSubsetOf(ids),
            TimeSpan.FromSeconds(60),
            ids => $"after 60 s only {ids.Count} of {expected.Count} queued messages arrived.\n{runner.Output}");
        var deliveredAfter = back.Elapsed;
        await Eventually.UntilAsync(
            () => RowsAsync(outbox, MailDelivery.PendingPartition),
            rows => rows.Count == 0,
            TimeSpan.FromSeconds(30),
            rows => "delivered rows stay pending: " + Describe(rows));

        // Both review requests, one per proposal; each links to its own nominee's proposal.
        var firstProposal = (await s.Nominator.GetNominationAsync(firstId)).Nomination.ProposalId;
        var secondProposal = (await s.Nominator.GetNominationAsync(secondId)).Nomination.ProposalId;
        var links = mail.To(provincial).Select(MailCatcher.ReviewLink).ToList();
        CollectionAssert.AreEquivalent(new[] { firstProposal, secondProposal }, links.Select(MailCatcher.ProposalOf).ToList());

        // The mail that came back still works, and the sender carries on normally afterwards.
        using (var approved = await s.DecideAsync(links.Single(l => MailCatcher.ProposalOf(l) == firstProposal), "approve"))
        {
            Assert.AreEqual(HttpStatusCode.SeeOther, approved.StatusCode);
        }

        await mail.WaitForAsync(ministry, 1, TimeSpan.FromSeconds(60));
        await Eventually.UntilAsync(
            () => RowsAsync(outbox, MailDelivery.PendingPartition),
            rows => rows.Count == 0,
            TimeSpan.FromSeconds(30),
            rows => "rows stay pending: " + Describe(rows));

        // Longer than a few sender rounds (it looks every second): a second delivery would show by now.
        await Task.Delay(TimeSpan.FromSeconds(3), TestContext.CancellationToken);

        // Every row the outbox holds was delivered exactly once, counted by Message-ID; nothing else arrived.
        var sent = await RowsAsync(outbox, MailDelivery.SentPartition);
        var received = mail.All.GroupBy(m => m.MessageId, StringComparer.Ordinal).ToDictionary(g => g.Key ?? "(none)", g => g.Count(), StringComparer.Ordinal);
        Assert.IsTrue(received.Values.All(c => c == 1), "a message arrived twice: " + string.Join(", ", received.Where(r => r.Value > 1).Select(r => $"{r.Key} ×{r.Value}")));
        CollectionAssert.AreEquivalent(sent.Select(r => Mailer.MessageIdOf(r.RowKey)).ToList(), received.Keys.ToList(), "what arrived is exactly what the outbox marked sent");
        Assert.IsTrue(expected.IsSubsetOf(received.Keys), "every message queued during the outage arrived");
        Assert.AreEqual(2, mail.To(provincial).Count);
        Assert.AreEqual(1, mail.To(ministry).Count);

        // The nominations' histories lost nothing and doubled nothing.
        var firstView = await s.Nominator.WaitForAsync(firstId, v => v.Nomination.CurrentStage == "ministry", "at the ministry");
        var secondView = await s.Nominator.GetNominationAsync(secondId);
        foreach (var (view, opened) in new[] { (firstView, new[] { "provincial", "ministry" }), (secondView, new[] { "provincial" }) })
        {
            Assert.AreEqual(1, view.History.Count(h => h.Action == AuditActions.Submitted), view.Nomination.NomineeName);
            CollectionAssert.AreEqual(opened, view.History.Where(h => h.Action == AuditActions.StageOpened).Select(h => h.Stage).ToList(), view.Nomination.NomineeName);
            Assert.AreEqual(view.History.Count, view.History.Select(h => $"{h.At:O} {h.Action} {h.Stage}").Distinct().Count(), "nothing is doubled");
        }

        Assert.AreEqual(1, firstView.History.Count(h => h.Action == AuditActions.Approved && h.Stage == "provincial"));
        Assert.AreEqual(NominationStatus.InReview, secondView.Nomination.Status);

        TestContext.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"SMTP refused for {outageLength.TotalSeconds:0.0} s; {expected.Count} queued message(s) (attempts before the server came back: {string.Join(", ", attemptsDuringOutage)}) all arrived {deliveredAfter.TotalSeconds:0.0} s after it did; attempts recorded on the sent rows: {string.Join(", ", sent.Select(r => r.GetInt32("Attempts")))}; {received.Count} message(s) in all, none twice."));
    }

    [TestMethod]
    public async Task A_stage_opening_run_twice_at_once_and_again_later_queues_one_message_and_records_one_step()
    {
        // A nomination the test runner submitted and opened at the provincial stage; the activities
        // below run in this process, on the runner's own tables (prefix "awards") and keys, without
        // a sender of their own: whatever they queue, the runner's sender delivers to the test SMTP server.
        using var s = await Scenario.StartAsync("twice");
        const string nominee = "Vũ Minh Tuấn";
        var id = await s.SubmitNewAsync(NomineeKind.Individual, nominee);
        await s.ReviewLinkAsync("provincial", nominee);
        var provincial = TestCampaigns.ApproverOf(s.Campaign, "provincial");
        var ministry = TestCampaigns.ApproverOf(s.Campaign, "ministry");
        var before = (await s.Nominator.GetNominationAsync(id)).Nomination;
        Assert.AreEqual(1, before.Round);

        await using var services = TestHost.SharedServices();
        var outbox = services.GetRequiredService<Awards.Storage.AwardsStorage>().MailOutbox;

        // 1. The step the runner already completed, run again with the input the orchestration gave
        //    it (at-least-once: a worker that died before recording the result runs it again).
        var replay = new OpenStageInput(id, before.CampaignVersion, "provincial", before.Round, before.StageOpenedAt ?? throw new AssertFailedException("no opening time"));
        var replayed = await services.GetRequiredService<OpenStage>().RunAsync(replay);
        Assert.AreEqual(before.DueAt, replayed.DueAt, "a second run keeps the deadline the first decided");

        // 2. The next step (what the orchestration runs after a provincial approval), two runs at once, then one more.
        var next = new OpenStageInput(id, before.CampaignVersion, "ministry", before.Round + 1, DateTimeOffset.UtcNow);
        var concurrent = await Task.WhenAll(
            services.GetRequiredService<OpenStage>().RunAsync(next),
            services.GetRequiredService<OpenStage>().RunAsync(next));
        var later = await services.GetRequiredService<OpenStage>().RunAsync(next);
        foreach (var result in new[] { concurrent[1], later })
        {
            Assert.AreEqual(concurrent[0].DueAt, result.DueAt, "every run decides the same deadline");
            Assert.AreEqual(concurrent[0].LinkExpiresAt, result.LinkExpiresAt);
            CollectionAssert.AreEqual(concurrent[0].RemindAt.ToList(), result.RemindAt.ToList());
            Assert.AreEqual(1, result.Approvers);
        }

        // One row in the outbox for the ministry's request (pending or already sent), delivered once.
        // (Counted by key: the runner's sender may be between writing the "sent" row and deleting the "pending" one.)
        var atFirst = await RowsToAsync(outbox, ministry);
        Assert.HasCount(1, atFirst.Select(r => r.RowKey).Distinct().ToList(), "one message queued: " + Describe(atFirst));
        await Scenario.Mail.WaitForAsync(ministry, 1, TimeSpan.FromSeconds(60));
        var rows = await Eventually.UntilAsync(
            () => RowsToAsync(outbox, ministry),
            r => r.All(x => x.PartitionKey == MailDelivery.SentPartition),
            TimeSpan.FromSeconds(30),
            r => "the row stays pending: " + Describe(r));
        await Task.Delay(TimeSpan.FromSeconds(3), TestContext.CancellationToken);
        Assert.HasCount(1, rows, Describe(rows));
        Assert.HasCount(1, Scenario.Mail.To(ministry), "the ministry is asked once");
        Assert.AreEqual(Mailer.MessageIdOf(rows[0].RowKey), Scenario.Mail.To(ministry)[0].MessageId);
        Assert.HasCount(1, Scenario.Mail.To(provincial), "the replayed provincial step sent nothing again");
        Assert.HasCount(1, await RowsToAsync(outbox, provincial));

        // One audit entry per step, and the log still verifies (concurrent appends did not fork the chain).
        var view = await s.Nominator.GetNominationAsync(id);
        Assert.AreEqual("ministry", view.Nomination.CurrentStage);
        Assert.AreEqual(next.Round, view.Nomination.Round);
        Assert.AreEqual(next.OpenedAt, view.Nomination.StageOpenedAt);
        CollectionAssert.AreEqual(
            new[] { "provincial", "ministry" },
            view.History.Where(h => h.Action == AuditActions.StageOpened).Select(h => h.Stage).ToList(),
            string.Join("\n", view.History.Select(h => $"{h.At:O} {h.Action} {h.Stage} {h.Detail}")));
        using var response = await s.Organiser.Http.GetAsync(new Uri($"api/nominations/{id}/audit", UriKind.Relative), TestContext.CancellationToken);
        await AwardsClient.EnsureAsync(response);
        var log = JsonSerializer.Deserialize<AuditLogView>(await response.Content.ReadAsStringAsync(TestContext.CancellationToken), AwardsJson.Options)!;
        Assert.IsTrue(log.Verified, log.Problem);
        Assert.HasCount(view.History.Count, log.Entries);
    }

    [TestMethod]
    public async Task Fifty_decisions_posted_at_once_on_one_stage_apply_one_and_tell_the_other_49_who_decided()
    {
        using var s = await Scenario.StartAsync("race50");
        const string nominee = "Hoàng Thị Thu Trang";
        var id = await s.SubmitNewAsync(NomineeKind.Individual, nominee);
        var link = await s.ReviewLinkAsync("provincial", nominee);
        var approver = TestCampaigns.ApproverOf(s.Campaign, "provincial");

        // Fifty at once, approvals and rejects mixed.
        var clock = Stopwatch.StartNew();
        var responses = await Task.WhenAll(Enumerable.Range(0, 50)
            .Select(i => i % 2 == 0 ? s.DecideAsync(link, "approve") : s.DecideAsync(link, "reject", "Không đủ điều kiện / not qualified")));
        var took = clock.Elapsed;
        try
        {
            var codes = responses.Select(r => r.StatusCode).ToList();
            var summary = string.Join(", ", codes.GroupBy(c => c).Select(g => $"{(int)g.Key} ×{g.Count()}"));
            Assert.AreEqual(1, codes.Count(c => c == HttpStatusCode.SeeOther), $"exactly one applies (got {summary})");
            Assert.AreEqual(49, codes.Count(c => c == HttpStatusCode.Conflict), $"the others are refused (got {summary})");
            var winnerApproved = codes.IndexOf(HttpStatusCode.SeeOther) % 2 == 0;
            var outcome = winnerApproved ? "phê duyệt" : "không đủ điều kiện";
            foreach (var loser in responses.Where(r => r.StatusCode == HttpStatusCode.Conflict))
            {
                var page = await loser.Content.ReadAsStringAsync(TestContext.CancellationToken);
                StringAssert.Contains(page, $"Hội đồng Thi đua – Khen thưởng tỉnh Phú Yên ({approver})", "a loser is told who decided");
                StringAssert.Contains(page, outcome, "a loser is told what was decided");
            }

            var view = await s.Nominator.WaitForAsync(
                id,
                v => winnerApproved ? v.Nomination.CurrentStage == "ministry" : v.Nomination.Status == NominationStatus.Rejected,
                winnerApproved ? "at the ministry" : "rejected");
            Assert.AreEqual(1, view.History.Count(h => h.Stage == "provincial" && h.Action is AuditActions.Approved or AuditActions.Rejected), "exactly one decision recorded");
            TestContext.WriteLine(string.Create(CultureInfo.InvariantCulture, $"50 concurrent POSTs answered in {took.TotalMilliseconds:0} ms: {summary}; the winner {outcome}."));
        }
        finally
        {
            foreach (var r in responses)
            {
                r.Dispose();
            }
        }
    }

    /// <summary>The shared services as both hosts build them, in this process, on the test runner's tables and keys; no mail sender.</summary>
    [TestMethod]
    public async Task The_outbox_delivers_due_messages_oldest_first()
    {
        // Its own storage prefix: no runner's sender touches this outbox, so only our delivery round does.
        await using var provider = TestHost.SharedServices("order" + Guid.NewGuid().ToString("N")[..8]);
        await provider.GetRequiredService<AwardsStorage>().EnsureCreatedAsync(default);
        var mailer = provider.GetRequiredService<Mailer>();
        var to = TestCampaigns.Address("order", Guid.NewGuid().ToString("N")[..8]);

        // Two keys whose outbox rows sort the other way round from the order they are queued in.
        var first = "first|" + Guid.NewGuid().ToString("N");
        var second = Enumerable.Range(0, 1000).Select(i => $"second|{i}")
            .First(k => string.CompareOrdinal(Mailer.OutboxKey(k), Mailer.OutboxKey(first)) < 0);
        await mailer.SendOnceAsync(first, new OutgoingMail(to, "A", "Thứ nhất / first", "1", "<p>1</p>"), default);
        await Task.Delay(50);
        await mailer.SendOnceAsync(second, new OutgoingMail(to, "A", "Thứ hai / second", "2", "<p>2</p>"), default);

        Assert.AreEqual(2, await provider.GetRequiredService<MailDelivery>().DeliverDueAsync(default));
        await Scenario.Mail.WaitForAsync(to, count: 2);
        CollectionAssert.AreEqual(new[] { "Thứ nhất / first", "Thứ hai / second" }, Scenario.Mail.To(to).Select(m => m.Subject).ToArray(), "queued first, delivered first");
    }

    private static async Task<List<TableEntity>> RowsAsync(TableClient outbox, string partition)
    {
        var rows = new List<TableEntity>();
        await foreach (var row in outbox.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {partition}")))
        {
            rows.Add(row);
        }

        return rows;
    }

    private static async Task<List<TableEntity>> RowsToAsync(TableClient outbox, string to)
    {
        var rows = new List<TableEntity>();
        await foreach (var row in outbox.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"To eq {to}")))
        {
            rows.Add(row);
        }

        return rows;
    }

    private static string Describe(IEnumerable<TableEntity> rows) =>
        "[" + string.Join("; ", rows.Select(r => $"{r.PartitionKey}/{r.RowKey[..8]} to {r.GetString("To")} attempts {r.GetInt32("Attempts")} due {r.GetDateTimeOffset("DueAt"):O} error {r.GetString("LastError")}")) + "]";
}
