using System.Net.Http.Json;
using Awards.Domain;
using Awards.Outputs;
using Awards.Testing;
using Awards.Web;

namespace Awards.IntegrationTests;

/// <summary>What organisers watch: counts per stage, province and award, what is overdue and who can move it, how long stages take.</summary>
[TestClass]
public sealed class CampaignProgressTests
{
    [TestMethod]
    public async Task Progress_counts_stages_provinces_and_awards_names_the_overdue_stage_with_its_approvers_and_reports_stage_medians()
    {
        // Working days of two seconds: the provincial stage (one day) falls due while the test watches.
        using var s = await Scenario.StartAsync("progress", c => c with
        {
            Calendar = new CalendarSettings { WorkingDayLength = TimeSpan.FromSeconds(2) },
            Stages = [c.Stages[0] with { DeadlineWorkingDays = 1 }, .. c.Stages[1..]],
        });
        await AwardDecisionTests.AwardAsync(s, "bk-mttq", [(NomineeKind.Individual, "Lương Thị Một"), (NomineeKind.Collective, "Đội Cảnh sát giao thông")]);
        var waiting = await s.SubmitNewAsync(NomineeKind.Individual, "Lương Văn Chờ");

        var report = await OrganiseDashboardTests.OverdueReportAsync(s);

        Assert.AreEqual(2, report.Totals.Awarded);
        Assert.AreEqual(1, report.Totals.InReview);
        Assert.AreEqual(1, report.Totals.Overdue);
        var overdue = report.Overdue.Single();
        Assert.AreEqual(waiting, overdue.NominationId);
        Assert.AreEqual("provincial", overdue.Stage);
        CollectionAssert.AreEqual(new[] { TestCampaigns.ApproverOf(s.Campaign, "provincial") }, overdue.Approvers.Select(a => a.Email).ToArray(), "who can move it");

        var provincial = report.Stages.Single(x => x.Stage == "provincial");
        Assert.AreEqual(1, provincial.InReview);
        Assert.AreEqual(1, provincial.Overdue);
        Assert.AreEqual(2, provincial.Completed);
        Assert.IsNotNull(provincial.MedianWorkingDays, "a stage that decided nominations reports how long it took");
        Assert.IsNotNull(report.Stages.Single(x => x.Stage == "front").MedianWorkingDays, "the last stage too");

        var py = report.Provinces.Single(p => p.Code == "PY");
        Assert.AreEqual(3, py.Counts.Total);
        Assert.AreEqual(1, py.Counts.Overdue);
        Assert.IsNotNull(py.SlowestStage);
        Assert.AreEqual(0, report.Provinces.Single(p => p.Code == "TB").Counts.Total);

        var individuals = report.Awards.Single(a => a.AwardCode == "bk-mttq" && a.Kind == NomineeKind.Individual);
        Assert.AreEqual(1, individuals.Counts.Awarded);
        Assert.AreEqual(1, individuals.Counts.InReview);
        Assert.AreEqual(1, report.Awards.Single(a => a.AwardCode == "bk-mttq" && a.Kind == NomineeKind.Collective).Counts.Awarded);
    }
}
