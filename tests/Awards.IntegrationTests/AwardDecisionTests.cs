using System.Net;
using System.Net.Http.Json;
using Awards.Domain;
using Awards.Storage;
using Awards.Testing;
using Awards.Web;
using Awards.Web.Api;
using Microsoft.Extensions.DependencyInjection;

namespace Awards.IntegrationTests;

/// <summary>
/// Where an organiser's work ends: award lists by awarding body and kind, numbered decisions in
/// each body's register, certificates anyone can verify, and revocation.
/// </summary>
[TestClass]
public sealed class AwardDecisionTests
{
    [TestMethod]
    public async Task Two_awarding_bodies_read_as_two_lists_each_with_its_collectives_and_individuals_in_Vietnamese_order()
    {
        using var s = await Scenario.StartAsync("lists");
        await AwardAsync(s, "bk-mttq", [(NomineeKind.Individual, "Trần Văn Ba"), (NomineeKind.Individual, "Đặng Thị An"), (NomineeKind.Collective, "Phòng Cảnh sát hình sự"), (NomineeKind.Individual, "Âu Văn Bình")]);
        await AwardAsync(s, "bk-bca", [(NomineeKind.Collective, "Ban Dân vận Tỉnh ủy"), (NomineeKind.Individual, "Lê Thị Hoa")]);

        var lists = await s.Organiser.AwardListsAsync(s.Campaign.Id);
        Assert.AreEqual(6, lists.Total);
        CollectionAssert.AreEqual(new[] { "Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam", "Bộ Công an" }, lists.Bodies.Select(b => b.AwardingBody).ToArray());
        var front = lists.Bodies[0];
        Assert.AreEqual(4, front.Total);
        CollectionAssert.AreEqual(new[] { NomineeKind.Collective, NomineeKind.Individual }, front.Lists.Select(l => l.Kind).ToArray());
        Assert.AreEqual(1, front.Lists[0].Count);
        CollectionAssert.AreEqual(new[] { "Âu Văn Bình", "Đặng Thị An", "Trần Văn Ba" }, front.Lists[1].Awards.Select(a => a.NomineeName).ToArray(), "Vietnamese order: Â after A, Đ after D");
        Assert.AreEqual(3, front.Lists[1].Count);
        Assert.AreEqual(2, lists.Bodies[1].Total);

        // Filters: kind, award, province, unit (typed without diacritics).
        Assert.AreEqual(4, (await s.Organiser.AwardListsAsync(s.Campaign.Id, "kind=individual")).Total);
        Assert.AreEqual(2, (await s.Organiser.AwardListsAsync(s.Campaign.Id, "award=bk-bca")).Total);
        Assert.AreEqual(6, (await s.Organiser.AwardListsAsync(s.Campaign.Id, "unit=cong%20an%20tinh%20phu%20yen")).Total);
        Assert.AreEqual(0, (await s.Organiser.AwardListsAsync(s.Campaign.Id, "province=TB")).Total);
        using var bad = await s.Organiser.Http.GetAsync(new Uri($"api/campaigns/{s.Campaign.Id}/awards?kind=group", UriKind.Relative));
        Assert.AreEqual(HttpStatusCode.BadRequest, bad.StatusCode);
        StringAssert.Contains((await AwardsClient.ProblemAsync(bad))["detail"]!.ToString(), "kind=collective");
    }

    [TestMethod]
    public async Task Twenty_decisions_issued_at_once_get_twenty_consecutive_numbers_and_a_failed_issue_leaves_no_gap()
    {
        using var s = await Scenario.StartAsync("register");
        var ids = await AwardAsync(s, "bk-mttq", [.. Enumerable.Range(1, 20).Select(i => (NomineeKind.Individual, $"Nguyễn Văn Số {i:D2}"))]);

        using (var preview = await s.Organiser.Http.GetAsync(new Uri($"api/campaigns/{s.Campaign.Id}/decisions/preview?award=bk-mttq", UriKind.Relative)))
        {
            var p = await preview.Content.ReadFromJsonAsync<Awards.Outputs.IssuePreview>(AwardsJson.Options);
            Assert.AreEqual("1/QĐ-MTTW", p!.Number);
            Assert.AreEqual(20, p.Individuals);
        }

        var issued = await Task.WhenAll(ids.Select(async id =>
        {
            using var response = await s.Organiser.Http.PostAsJsonAsync($"api/campaigns/{s.Campaign.Id}/decisions", new { awardCode = "bk-mttq", nominationIds = new[] { id } });
            Assert.AreEqual(HttpStatusCode.Created, response.StatusCode, await response.Content.ReadAsStringAsync());
            return (await response.Content.ReadFromJsonAsync<DecisionView>(AwardsJson.Options))!.Decision;
        }));
        CollectionAssert.AreEquivalent(Enumerable.Range(1, 20).ToList(), issued.Select(d => d.Sequence).ToList(), "20 distinct, consecutive places");
        Assert.IsTrue(issued.All(d => d.Number == $"{d.Sequence}/QĐ-MTTW"));

        // An issue that fails when it stores (a title no row can hold): nothing numbered, nothing stored.
        var register = s.Campaign.AwardingBodies[0].Code;
        await using (var services = TestHost.SharedServices())
        {
            var store = services.GetRequiredService<DecisionStore>();
            var year = issued[0].Year;
            await Assert.ThrowsAsync<Azure.Data.Tables.TableTransactionFailedException>(() => store.AddNextAsync(register, year, n => issued[0] with { Id = DecisionStore.IdOf(register, year, n), Sequence = n, Title = new string('x', 70_000) }, default));
            Assert.AreEqual(21, await store.PeekNextAsync(register, year, default), "the failed issue took no number");
            Assert.IsNull(await store.FindAsync(DecisionStore.IdOf(register, year, 21), default));
        }

        // Every award is in a decision now: there is nothing left to issue.
        using var none = await s.Organiser.Http.PostAsJsonAsync($"api/campaigns/{s.Campaign.Id}/decisions", new { awardCode = "bk-mttq" });
        Assert.AreEqual(HttpStatusCode.Conflict, none.StatusCode);
        var list = await s.Organiser.AwardListAsync(s.Campaign.Id);
        Assert.IsTrue(list.All(e => e.DecisionNumber is not null && e.VerificationCode is not null), "every award shows its decision and has a code");

        // The unit is told of each decision that names its nominees.
        var told = await Scenario.Mail.WaitForAsync(s.NominatorEmail, count: 20 + 20);
        Assert.AreEqual(20, Scenario.Mail.To(s.NominatorEmail).Count(m => (m.Subject ?? string.Empty).Contains("Quyết định khen thưởng số", StringComparison.Ordinal)));
        _ = told;
    }

    [TestMethod]
    public async Task A_revoked_award_leaves_the_lists_shows_revoked_on_its_decision_and_its_verify_page_and_a_forged_code_is_not_found()
    {
        using var s = await Scenario.StartAsync("revoke");
        var ids = await AwardAsync(s, "bk-mttq", [(NomineeKind.Individual, "Hồ Thị Giả"), (NomineeKind.Individual, "Hồ Văn Thật")]);
        using var issued = await s.Organiser.Http.PostAsJsonAsync($"api/campaigns/{s.Campaign.Id}/decisions", new { awardCode = "bk-mttq", signerName = "Trần Thanh Mẫn" });
        Assert.AreEqual(HttpStatusCode.Created, issued.StatusCode, await issued.Content.ReadAsStringAsync());
        var view = (await issued.Content.ReadFromJsonAsync<DecisionView>(AwardsJson.Options))!;
        Assert.AreEqual(2, view.Members.Count);
        var fake = view.Members.Single(m => m.NomineeName == "Hồ Thị Giả");
        var code = fake.VerificationCode!;

        using var http = new HttpClient { BaseAddress = TestHost.Runner.BaseUrl };
        var before = await http.GetStringAsync(new Uri($"verify/{code}", UriKind.Relative));
        StringAssert.Contains(before, "Hồ Thị Giả");
        StringAssert.Contains(before, view.Decision.Number);
        StringAssert.Contains(before, "Còn hiệu lực");
        Assert.IsFalse(before.Contains(s.BirthDate, StringComparison.Ordinal), "no date of birth on the public page");
        StringAssert.Contains(await http.GetStringAsync(new Uri($"verify/{code.Replace("-", string.Empty, StringComparison.Ordinal).ToLowerInvariant()}", UriKind.Relative)), "Hồ Thị Giả", "a code typed in lower case without dashes is found");

        using (var revoked = await s.Organiser.Http.PostAsJsonAsync($"api/nominations/{fake.NominationId}/revoke", new { reason = "Hồ sơ thành tích bị làm giả." }))
        {
            Assert.AreEqual(HttpStatusCode.OK, revoked.StatusCode, await revoked.Content.ReadAsStringAsync());
        }

        var lists = await s.Organiser.AwardListsAsync(s.Campaign.Id);
        Assert.AreEqual(1, lists.Total, "the revoked award leaves the list");
        Assert.AreEqual(2, (await s.Organiser.AwardListsAsync(s.Campaign.Id, "includeRevoked=true")).Total, "asked for, it is there, marked");
        var after = await http.GetAsync(new Uri($"verify/{code}", UriKind.Relative));
        var afterHtml = await after.Content.ReadAsStringAsync();
        StringAssert.Contains(afterHtml, "Đã bị thu hồi ngày");
        Assert.IsFalse(afterHtml.Contains("làm giả", StringComparison.Ordinal), "the reason stays with the organisers");
        var decision = await s.Organiser.Http.GetFromJsonAsync<DecisionView>($"api/decisions/{view.Decision.Id}", AwardsJson.Options);
        Assert.IsNotNull(decision!.Members.Single(m => m.NominationId == fake.NominationId).RevokedAt, "the decision shows it revoked");
        var history = (await s.Organiser.GetNominationAsync(fake.NominationId)).History;
        Assert.IsTrue(history.Any(h => h.Action == AuditActions.Revoked && h.Reason == "Hồ sơ thành tích bị làm giả."), "the audit keeps it");

        using var forged = await http.GetAsync(new Uri("verify/ABCD-EFGH-JKMN-PQRS", UriKind.Relative));
        Assert.AreEqual(HttpStatusCode.NotFound, forged.StatusCode);
        StringAssert.Contains(await forged.Content.ReadAsStringAsync(), "Không có bằng khen nào mang mã này");
        using var garbage = await http.GetAsync(new Uri("verify/%3Cscript%3E", UriKind.Relative));
        Assert.AreEqual(HttpStatusCode.NotFound, garbage.StatusCode);
    }

    /// <summary>Nominates, submits and approves through every stage of the award's chain; returns the ids, all awarded.</summary>
    internal static async Task<IReadOnlyList<string>> AwardAsync(Scenario s, string award, IReadOnlyList<(NomineeKind Kind, string Name)> nominees)
    {
        var first = await s.NominateAsync(nominees[0].Kind, nominees[0].Name, award);
        var ids = new List<string> { first.Nomination.Id };
        foreach (var (kind, name) in nominees.Skip(1))
        {
            ids.Add((await s.NominateAsync(kind, name, award, proposalId: first.Nomination.ProposalId)).Nomination.Id);
        }

        // Tests share one storage account, so an earlier test's award of the same name and unit is a
        // likely duplicate here: the proposal says why it is nominated anyway, as a unit would.
        using (var submitted = await s.Nominator.Http.PostAsJsonAsync($"api/proposals/{first.Nomination.ProposalId}/submit", new { justifications = ids.ToDictionary(id => id, _ => "Thành tích của đợt này, khác đợt trước.") }))
        {
            await AwardsClient.EnsureAsync(submitted);
        }

        foreach (var stage in s.Campaign.ChainOf(s.Campaign.FindAward(award)!))
        {
            var link = await s.ReviewLinkAsync(stage, nominees[0].Name);
            foreach (var id in ids)
            {
                await s.Nominator.WaitForAsync(id, v => v.Nomination.CurrentStage == stage && v.Nomination.Status == NominationStatus.InReview, $"at {stage}");
            }

            using var decided = await s.DecideAsync(link, null!, action: "approve-remaining");
            Assert.AreEqual(HttpStatusCode.SeeOther, decided.StatusCode);
        }

        foreach (var id in ids)
        {
            await s.Nominator.WaitForAsync(id, v => v.Nomination.Status == NominationStatus.Awarded, "awarded");
        }

        return ids;
    }
}
