using Awards.Domain;
using Awards.Mail;
using Awards.Storage;
using Awards.Testing;
using Awards.Workflow;
using Awards.Workflow.Activities;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;

namespace Awards.IntegrationTests;

/// <summary>
/// The Durable runtime runs an activity at least once, and an episode executed again after a
/// crash hands it a new clock. Each step, run twice with clocks an hour apart, has one effect:
/// one audit row, one message, one list entry — keyed by what the step is, not by when it ran.
/// </summary>
[TestClass]
public sealed class ActivityIdempotenceTests
{
    [TestMethod]
    public async Task Every_step_run_twice_with_different_clocks_has_one_effect()
    {
        using var s = await Scenario.StartAsync("twice");
        var view = await s.NominateAsync(NomineeKind.Individual, "Trịnh Văn Hai Lần");
        var id = view.Nomination.Id;
        var version = s.Campaign.Version;

        await using var services = TestHost.SharedServices();
        var store = services.GetRequiredService<NominationStore>();
        var storage = services.GetRequiredService<AwardsStorage>();
        var t1 = DateTimeOffset.UtcNow;
        var t2 = t1.AddHours(1);
        var approver = TestCampaigns.ApproverOf(s.Campaign, "provincial");
        var returned = new StageDecision("provincial", 1, DecisionOutcome.Return, "Bổ sung bản sao quyết định.", approver, "Hội đồng tỉnh", t1, 0);
        StageOpened? opened = null;

        var steps = new (string Name, Func<DateTimeOffset, Task> Run)[]
        {
            ("ReturnIncompleteDossier", at => services.GetRequiredService<ReturnIncompleteDossier>().RunAsync(new IncompleteDossier(id, version, ["achievement-report"], at, 1))),
            ("OpenStage", async at =>
            {
                var result = await services.GetRequiredService<OpenStage>().RunAsync(new OpenStageInput(id, version, "provincial", 1, at));
                if (opened is not null)
                {
                    Assert.AreEqual(opened.DueAt, result.DueAt, "the second run keeps the first run's due date");
                    CollectionAssert.AreEqual(opened.RemindAt.ToList(), result.RemindAt.ToList(), "and its reminders");
                    Assert.AreEqual(opened.LinkExpiresAt, result.LinkExpiresAt);
                }

                opened = result;
            }),
            ("RemindApprovers", at => services.GetRequiredService<RemindApprovers>().RunAsync(new StageAlarm(id, "provincial", 1, 1, opened!, at))),
            ("EscalateStage", at => services.GetRequiredService<EscalateStage>().RunAsync(new StageAlarm(id, "provincial", 1, 0, opened!, at))),
            ("TellNominator", at => services.GetRequiredService<TellNominator>().RunAsync(new NominatorNotice(id, version, returned with { DecidedAt = at }))),
            ("MarkNeedsAttention", at => services.GetRequiredService<MarkNeedsAttention>().RunAsync(new AttentionNeeded(id, "OpenStage", "RequestFailedException: timeout", 1, at))),
            ("ClearAttention", at => services.GetRequiredService<ClearAttention>().RunAsync(new AttentionResolved(id, 1, "organiser@example.vn", at))),
            ("AddToAwardList", at => services.GetRequiredService<AddToAwardList>().RunAsync(new AwardInput(id, version, at))),
            ("CloseNomination", at => services.GetRequiredService<CloseNomination>().RunAsync(new Closing(id, "provincial", 1, DecisionOutcome.Withdraw, s.NominatorEmail, "Đơn vị rút hồ sơ.", at))),
        };

        foreach (var (name, run) in steps)
        {
            await run(t1);
            var once = await EffectsAsync(store, storage, s, id);
            await run(t2);
            var twice = await EffectsAsync(store, storage, s, id);
            Assert.AreEqual(once, twice, $"{name} run again an hour later changed something");
        }

        var entry = (await s.Organiser.AwardListAsync(s.Campaign.Id)).Single();
        Assert.AreEqual(t1, entry.AwardedAt, "the list keeps the first run's time");
        var audit = await store.ListAuditAsync(id, default);
        Assert.AreEqual(t1, audit.Single(a => a.Action == AuditActions.Awarded).At, "and so does the history");
    }

    // What a person could see of a nomination: its history, every message queued or sent about it, its list entries.
    private static async Task<string> EffectsAsync(NominationStore store, AwardsStorage storage, Scenario s, string id)
    {
        var audit = await store.ListAuditAsync(id, default);
        var addresses = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            s.NominatorEmail, s.Campaign.OrganiserEmail!, TestCampaigns.ApproverOf(s.Campaign, "provincial"),
        };
        if (s.Campaign.FindStage("provincial")?.EscalationContact is { } contact)
        {
            addresses.Add(contact.Email);
        }

        var mail = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var partition in new[] { MailDelivery.PendingPartition, MailDelivery.SentPartition })
        {
            await foreach (var row in storage.MailOutbox.QueryAsync<TableEntity>($"PartitionKey eq '{partition}'", select: ["RowKey", "To"]))
            {
                if (addresses.Contains(row.GetString("To") ?? string.Empty))
                {
                    mail.Add(row.RowKey);
                }
            }
        }

        var listed = (await s.Organiser.AwardListAsync(s.Campaign.Id)).Select(e => $"{e.NominationId}@{e.AwardedAt:O}");
        return $"{audit.Count} audit rows: {string.Join(", ", audit.Select(a => a.Action))}; {mail.Count} messages; list: {string.Join(", ", listed)}";
    }
}
