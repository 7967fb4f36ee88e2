using System.Globalization;
using Awards.Domain;
using Awards.Storage;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace Awards.Workflow;

/// <summary>Why a submission was refused; nothing was changed.</summary>
/// <param name="Title">Short title.</param>
/// <param name="Detail">What to do about it.</param>
/// <param name="MissingDocuments">Missing document types, by nomination id ("" for the proposal's cover documents).</param>
/// <param name="Duplicates">Likely duplicates without a justification, by nomination id.</param>
public sealed record SubmitRefusal(string Title, string Detail, IReadOnlyDictionary<string, string[]>? MissingDocuments = null, IReadOnlyDictionary<string, IReadOnlyList<DuplicateMatch>>? Duplicates = null)
{
    /// <summary>Which rule refused it (pages say it in their own words).</summary>
    public SubmitRefusalKind Kind { get; init; }
}

/// <summary>The rule a submission broke.</summary>
public enum SubmitRefusalKind
{
    /// <summary>A required document is missing (<see cref="SubmitRefusal.MissingDocuments"/>).</summary>
    Incomplete,

    /// <summary>Outside the campaign's intake window.</summary>
    Intake,

    /// <summary>Over the unit's quota for an award.</summary>
    Quota,

    /// <summary>Likely duplicates without a written justification (<see cref="SubmitRefusal.Duplicates"/>).</summary>
    Duplicates,
}

/// <summary>
/// Submitting and resubmitting nominations: the rules checked before anything changes (intake
/// window, complete dossier, quota), then one new wave of the proposal and one orchestration
/// (or resubmission event) per nomination. Used by the nomination and the proposal endpoints alike.
/// </summary>
public sealed class Submissions(NominationStore nominations, ProposalStore proposals, NomineeIndex nominees, EventDelivery delivery, TimeProvider time)
{
    private const int Parallelism = 8;

    /// <summary>Checks a batch of nominations of one proposal before it is submitted; null when it may go.</summary>
    /// <param name="campaign">The campaign's current version.</param>
    /// <param name="proposal">The proposal the batch belongs to.</param>
    /// <param name="batch">The nominations to submit.</param>
    /// <param name="justifications">Nomination id → written justification for submitting a likely duplicate anyway.</param>
    /// <param name="ct">Cancellation.</param>
    public async Task<SubmitRefusal?> CheckAsync(Campaign campaign, Proposal proposal, IReadOnlyList<Nomination> batch, IReadOnlyDictionary<string, string> justifications, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        if (campaign.Intake is { } window && !window.IsOpen(now))
        {
            return new SubmitRefusal(
                now < window.OpensAt ? "The intake has not opened yet." : "The intake has closed.",
                $"Đợt khen thưởng nhận hồ sơ từ {VietnameseText.FormatInstant(window.OpensAt)} đến {VietnameseText.FormatInstant(window.ClosesAt)} (giờ Việt Nam). " +
                $"This campaign takes submissions from {VietnameseText.FormatInstant(window.OpensAt)} to {VietnameseText.FormatInstant(window.ClosesAt)} (Vietnam time).")
            { Kind = SubmitRefusalKind.Intake };
        }

        if (await CheckDossierAsync(campaign, proposal, batch, ct) is { } incomplete)
        {
            return incomplete;
        }

        foreach (var group in batch.GroupBy(n => n.AwardCode, StringComparer.Ordinal))
        {
            var award = campaign.FindAward(group.Key);
            if (award?.QuotaPerUnit is not { } quota)
            {
                continue;
            }

            var already = await nominations.CountTowardsQuotaAsync(campaign.Id, NominationStore.UnitKey(proposal.UnitName, proposal.ProvinceCode), award.Code, ct);
            if (already + group.Count() > quota)
            {
                return OverQuota(award, quota, already, group.Count(), "hồ sơ", string.Empty);
            }
        }

        // The quota of each nominee kind, where an award sets one (e.g. at most 30 collectives and 20 individuals).
        foreach (var group in batch.GroupBy(n => n.AwardCode, StringComparer.Ordinal))
        {
            if (campaign.FindAward(group.Key) is not { QuotaPerUnitByKind.Count: > 0 } award)
            {
                continue;
            }

            var already = await nominations.CountTowardsQuotaByKindAsync(campaign.Id, NominationStore.UnitKey(proposal.UnitName, proposal.ProvinceCode), award.Code, ct);
            foreach (var kind in group.GroupBy(n => n.Kind))
            {
                if (award.QuotaPerUnitByKind.TryGetValue(kind.Key, out var quota) && already.GetValueOrDefault(kind.Key) + kind.Count() > quota)
                {
                    var (vi, en) = kind.Key == NomineeKind.Collective ? ("tập thể", "collectives ") : ("cá nhân", "individuals ");
                    return OverQuota(award, quota, already.GetValueOrDefault(kind.Key), kind.Count(), vi, en);
                }
            }
        }

        // No second award for the same achievement (Law 06/2022): a likely duplicate goes only with a written justification.
        var unjustified = new Dictionary<string, IReadOnlyList<DuplicateMatch>>(StringComparer.Ordinal);
        foreach (var n in batch)
        {
            var matches = await nominees.FindAsync(n, ct);
            if (matches.Count > 0 && string.IsNullOrWhiteSpace(justifications.GetValueOrDefault(n.Id)))
            {
                unjustified[n.Id] = matches;
            }
        }

        if (unjustified.Count > 0)
        {
            return new SubmitRefusal(
                "Likely duplicates need a written justification.",
                "Có hồ sơ có thể trùng; muốn nộp vẫn phải ghi lý do (duplicateJustification). Likely duplicates: "
                    + string.Join(" | ", unjustified.Select(u => $"{batch.First(n => n.Id == u.Key).NomineeName} — {string.Join("; ", u.Value.Select(m => m.Describe()))}")),
                Duplicates: unjustified)
            { Kind = SubmitRefusalKind.Duplicates };
        }

        return null;
    }

    /// <summary>Checks that the proposal's cover documents and each nominee's documents are all there; null when complete.</summary>
    public async Task<SubmitRefusal?> CheckDossierAsync(Campaign campaign, Proposal proposal, IReadOnlyList<Nomination> batch, CancellationToken ct)
    {
        var missing = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var labels = new List<string>();
        var cover = DossierChecklist.MissingForProposal(campaign, await nominations.ListDocumentsAsync(proposal.Id, ct));
        if (cover.Count > 0)
        {
            missing[string.Empty] = [.. cover.Select(m => m.Type)];
            labels.AddRange(cover.Select(m => $"{m.LabelVi} / {m.LabelEn} ({m.Type}) — tờ trình / proposal"));
        }

        foreach (var n in batch)
        {
            var own = DossierChecklist.Missing(campaign, n.Kind, await nominations.ListDocumentsAsync(n.Id, ct));
            if (own.Count > 0)
            {
                missing[n.Id] = [.. own.Select(m => m.Type)];
                labels.AddRange(own.Select(m => $"{m.LabelVi} / {m.LabelEn} ({m.Type}) — {n.NomineeName}"));
            }
        }

        return missing.Count > 0
            ? new SubmitRefusal("The dossier is incomplete.", "Upload these documents first: " + string.Join("; ", labels) + ".", missing) { Kind = SubmitRefusalKind.Incomplete }
            : null;
    }

    /// <summary>Submits checked draft nominations as one new wave of their proposal and starts an orchestration for each.</summary>
    public async Task<int> SubmitAsync(Campaign campaign, Proposal proposal, IReadOnlyList<Nomination> drafts, IReadOnlyDictionary<string, string> justifications, string by, DurableTaskClient client, CancellationToken ct)
    {
        var wave = await proposals.NextWaveAsync(proposal.Id, ct);
        var at = time.GetUtcNow();
        await Parallel.ForEachAsync(drafts, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = ct }, async (draft, token) =>
        {
            var (n, applied) = await nominations.ApplyAsync(
                draft.Id,
                x => x.Status == NominationStatus.Draft ? x with { Status = NominationStatus.InReview, CampaignVersion = campaign.Version, Wave = wave } : x,
                new AuditEntry(at, by, AuditActions.Submitted, null, justifications.GetValueOrDefault(draft.Id),
                    string.Create(CultureInfo.InvariantCulture, $"campaign v{campaign.Version}; wave {wave}") + (justifications.ContainsKey(draft.Id) ? "; submitted despite a likely duplicate" : string.Empty)),
                "submitted",
                token);
            if (applied || await client.GetInstanceAsync(n.Id, token) is null)
            {
                await StartAsync(n, client, token);
            }
        });
        return wave;
    }

    /// <summary>Starts a submitted nomination's orchestration (also used to retry one whose start was lost).</summary>
    public static Task StartAsync(Nomination n, DurableTaskClient client, CancellationToken ct) =>
        client.ScheduleNewOrchestrationInstanceAsync(
            nameof(NominationOrchestration),
            new NominationWorkflowInput(n.Id, n.CampaignId, n.CampaignVersion),
            new StartOrchestrationOptions(n.Id) { Version = WorkflowVersions.Current },
            ct);

    /// <summary>The step of answering a nomination's latest return: its round, and for a dossier-check return (round 0) which return.</summary>
    public static string ResubmitStep(Nomination returned)
    {
        ArgumentNullException.ThrowIfNull(returned);
        return returned.Round == 0
            ? string.Create(CultureInfo.InvariantCulture, $"resubmit|0|{returned.DossierReturns}")
            : string.Create(CultureInfo.InvariantCulture, $"resubmit|{returned.Round}");
    }

    /// <summary>Resubmits nominations returned for supplement as one new wave and tells each orchestration (redelivered if the telling is lost).</summary>
    public async Task<int> ResubmitAsync(Proposal proposal, IReadOnlyList<Nomination> returned, string by, DurableTaskClient client, CancellationToken ct)
    {
        var wave = await proposals.NextWaveAsync(proposal.Id, ct);
        var at = time.GetUtcNow();
        await Parallel.ForEachAsync(returned, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = ct }, async (r, token) =>
        {
            await delivery.ApplyAndRaiseAsync(
                client,
                r.Id,
                x => x.Status == NominationStatus.Returned && x.Round == r.Round && x.DossierReturns == r.DossierReturns ? x with { Status = NominationStatus.InReview, Wave = wave } : x,
                new AuditEntry(at, by, AuditActions.Resubmitted, r.CurrentStage, null, string.Create(CultureInfo.InvariantCulture, $"wave {wave}")),
                ResubmitStep(r),
                new Resubmission(r.Round, by, at, Attempt: r.Round == 0 ? r.DossierReturns : 0),
                token);
        });
        return wave;
    }

    // A submit over a unit's quota for an award (in all: "hồ sơ", or of one kind), in both languages.
    private static SubmitRefusal OverQuota(AwardDefinition award, int quota, int already, int adding, string whatVi, string whatEn) =>
        new(
            "Over the unit's quota.",
            string.Create(CultureInfo.InvariantCulture,
                $"Mỗi đơn vị được đề nghị tối đa {quota} {whatVi} cho \"{award.NameVi}\"; đơn vị đã nộp {already}, lần này thêm {adding}. " +
                $"Each unit may submit at most {quota} {whatEn}for \"{award.NameEn}\"; yours has {already} submitted and this adds {adding}."))
        { Kind = SubmitRefusalKind.Quota };
}
