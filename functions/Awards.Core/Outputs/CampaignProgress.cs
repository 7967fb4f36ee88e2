using Awards.Domain;
using Awards.Storage;
using Awards.Workflow.Activities;

namespace Awards.Outputs;

/// <summary>Counts of nominations by status.</summary>
/// <param name="Draft">Being prepared.</param>
/// <param name="InReview">At a stage.</param>
/// <param name="Returned">Back with the unit for supplement.</param>
/// <param name="Awarded">On the award list.</param>
/// <param name="Rejected">Not qualified.</param>
/// <param name="Withdrawn">Withdrawn by the unit.</param>
/// <param name="Cancelled">Cancelled by an organiser.</param>
/// <param name="Revoked">Awarded, then revoked.</param>
/// <param name="Overdue">In review past their stage's deadline.</param>
public sealed record StatusCounts(int Draft, int InReview, int Returned, int Awarded, int Rejected, int Withdrawn, int Cancelled, int Revoked, int Overdue)
{
    /// <summary>Counts over a set of nominations at <paramref name="now"/>.</summary>
    public static StatusCounts Of(IReadOnlyCollection<Nomination> nominations, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(nominations);
        int Count(NominationStatus s) => nominations.Count(n => n.Status == s);
        return new StatusCounts(
            Count(NominationStatus.Draft), Count(NominationStatus.InReview), Count(NominationStatus.Returned), Count(NominationStatus.Awarded),
            Count(NominationStatus.Rejected), Count(NominationStatus.Withdrawn), Count(NominationStatus.Cancelled), Count(NominationStatus.Revoked),
            nominations.Count(n => CampaignProgress.IsOverdue(n, now)));
    }

    /// <summary>All of them.</summary>
    public int Total => Draft + InReview + Returned + Awarded + Rejected + Withdrawn + Cancelled + Revoked;
}

/// <summary>One stage of the campaign: who is there now, how many are overdue, how long it takes.</summary>
/// <param name="Stage">Stage code.</param>
/// <param name="Name">Its Vietnamese name.</param>
/// <param name="InReview">Nominations waiting at it now.</param>
/// <param name="Returned">Nominations it returned that are back with their unit.</param>
/// <param name="Overdue">Waiting past the deadline.</param>
/// <param name="Completed">Nominations it has decided (approved or rejected) with a recorded duration.</param>
/// <param name="MedianWorkingDays">Median working days it took them (null until one completed).</param>
public sealed record StageProgress(string Stage, string Name, int InReview, int Returned, int Overdue, int Completed, double? MedianWorkingDays);

/// <summary>One province's nominations.</summary>
/// <param name="Code">Province code.</param>
/// <param name="Name">Its name.</param>
/// <param name="Counts">By status.</param>
/// <param name="SlowestStage">The stage its completed nominations took longest at (by median), if any.</param>
/// <param name="SlowestMedianWorkingDays">That median.</param>
public sealed record ProvinceProgress(string Code, string Name, StatusCounts Counts, string? SlowestStage, double? SlowestMedianWorkingDays);

/// <summary>One award and kind: how many, against the quota per unit.</summary>
/// <param name="AwardCode">The award.</param>
/// <param name="AwardName">Its name.</param>
/// <param name="Kind">Collective or individual.</param>
/// <param name="Counts">By status.</param>
/// <param name="QuotaPerUnit">Most nominations one unit may submit for the award (null: no limit).</param>
/// <param name="UnitsAtQuota">Units that have used their whole quota for the award.</param>
public sealed record AwardProgress(string AwardCode, string AwardName, NomineeKind Kind, StatusCounts Counts, int? QuotaPerUnit, int UnitsAtQuota);

/// <summary>A stage waiting past its deadline: whose, where, and who can move it.</summary>
/// <param name="NominationId">The nomination.</param>
/// <param name="NomineeName">Nominee.</param>
/// <param name="UnitName">Nominating unit.</param>
/// <param name="ProvinceCode">Province.</param>
/// <param name="ProposalId">Proposal.</param>
/// <param name="Stage">The stage.</param>
/// <param name="DueAt">When it was due.</param>
/// <param name="Approvers">Who must decide (as the round's campaign version names them).</param>
/// <param name="EscalationContact">Who is told after the deadline.</param>
/// <param name="Round">The stage round that waits (what a "remind again" names, so a round that moved on is not reminded).</param>
public sealed record OverdueStage(string NominationId, string NomineeName, string UnitName, string ProvinceCode, string ProposalId, string Stage, DateTimeOffset DueAt, IReadOnlyList<Approver> Approvers, Approver? EscalationContact, int Round = 0);

/// <summary>A campaign's progress: <c>GET /api/campaigns/{id}/progress</c>.</summary>
/// <param name="CampaignId">The campaign.</param>
/// <param name="AsOf">When it was counted.</param>
/// <param name="Totals">All nominations by status.</param>
/// <param name="Stages">Each stage of the campaign.</param>
/// <param name="Provinces">Each province of the campaign.</param>
/// <param name="Awards">Each award × kind.</param>
/// <param name="Overdue">The stages waiting past their deadline, oldest first.</param>
public sealed record ProgressReport(string CampaignId, DateTimeOffset AsOf, StatusCounts Totals, IReadOnlyList<StageProgress> Stages, IReadOnlyList<ProvinceProgress> Provinces, IReadOnlyList<AwardProgress> Awards, IReadOnlyList<OverdueStage> Overdue);

/// <summary>
/// Counts a campaign's progress from its nominations (one partition read of the campaign's index):
/// per stage and status, per province (with the slowest stage), per award × kind against the
/// quota, the overdue stages with their approvers and escalation contacts, and the median working
/// days each stage took (recorded on each nomination as it leaves a stage).
/// </summary>
public sealed class CampaignProgress(NominationStore nominations, CampaignStore campaigns, TimeProvider time)
{
    /// <summary>True when a nomination waits at a stage past its deadline.</summary>
    public static bool IsOverdue(Nomination n, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(n);
        return n.Status == NominationStatus.InReview && n.DueAt is { } due && due < now;
    }

    /// <summary>The report for a campaign.</summary>
    public async Task<ProgressReport> ReportAsync(Campaign campaign, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(campaign);
        var now = time.GetUtcNow();
        var all = await nominations.ReadCampaignIndexAsync(campaign.Id, null, ct);

        var stages = campaign.Stages.Select(s => new StageProgress(
            s.Code,
            s.NameVi,
            all.Count(n => n.Status == NominationStatus.InReview && n.CurrentStage == s.Code),
            all.Count(n => n.Status == NominationStatus.Returned && n.CurrentStage == s.Code),
            all.Count(n => n.CurrentStage == s.Code && IsOverdue(n, now)),
            all.Count(n => n.StageDays.ContainsKey(s.Code)),
            Median(all.Where(n => n.StageDays.ContainsKey(s.Code)).Select(n => n.StageDays[s.Code])))).ToList();

        var provinces = campaign.Provinces.Select(p =>
        {
            var mine = all.Where(n => n.ProvinceCode == p.Code).ToList();
            var slowest = campaign.Stages
                .Select(s => (Stage: s.Code, Median: Median(mine.Where(n => n.StageDays.ContainsKey(s.Code)).Select(n => n.StageDays[s.Code]))))
                .Where(x => x.Median is not null)
                .OrderByDescending(x => x.Median)
                .FirstOrDefault();
            return new ProvinceProgress(p.Code, p.Name, StatusCounts.Of(mine, now), slowest.Stage, slowest.Median);
        }).ToList();

        var awards = campaign.Awards.SelectMany(a => new[] { NomineeKind.Collective, NomineeKind.Individual }.Select(kind =>
        {
            var mine = all.Where(n => n.AwardCode == a.Code && n.Kind == kind).ToList();
            var atQuota = a.QuotaPerUnit is { } quota
                ? all.Where(n => n.AwardCode == a.Code && n.Status is not (NominationStatus.Draft or NominationStatus.Rejected))
                    .GroupBy(n => NominationStore.UnitKey(n.UnitName, n.ProvinceCode), StringComparer.Ordinal)
                    .Count(g => g.Count() >= quota)
                : 0;
            return new AwardProgress(a.Code, a.NameVi, kind, StatusCounts.Of(mine, now), a.QuotaPerUnit, atQuota);
        })).ToList();

        var overdue = new List<OverdueStage>();
        foreach (var n in all.Where(n => IsOverdue(n, now)).OrderBy(n => n.DueAt))
        {
            var round = await campaigns.ForRoundAsync(n, 0, ct);
            var stage = round.FindStage(n.CurrentStage!);
            overdue.Add(new OverdueStage(n.Id, n.NomineeName, n.UnitName, n.ProvinceCode, n.ProposalId, n.CurrentStage!, n.DueAt!.Value,
                stage is null ? [] : round.ApproversFor(stage, n.ProvinceCode), stage?.EscalationContact, n.Round));
        }

        return new ProgressReport(campaign.Id, now, StatusCounts.Of(all, now), stages, provinces, awards, overdue);
    }

    private static double? Median(IEnumerable<int> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? null : sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2.0;
    }
}
