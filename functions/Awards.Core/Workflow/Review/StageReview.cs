using System.Collections.Concurrent;
using System.Globalization;
using Awards.Domain;
using Awards.Hosting;
using Awards.Mail;
using Awards.Security;
using Awards.Storage;
using Awards.Workflow.Activities;
using Microsoft.DurableTask.Client;

namespace Awards.Workflow.Review;

/// <summary>Why a review link opens onto nothing to decide.</summary>
public enum ReviewRefusal
{
    /// <summary>Altered, or not made by this system.</summary>
    Invalid,

    /// <summary>Signed by us but past its expiry.</summary>
    Expired,

    /// <summary>The proposal or the stage no longer exists.</summary>
    Gone,

    /// <summary>The link's approver handed the decision to a colleague.</summary>
    HandedOver,

    /// <summary>Everything this link could decide has been decided (see the decided list).</summary>
    AllDecided,

    /// <summary>Nothing awaits this link: a newer link replaced it, or the round closed.</summary>
    NothingWaiting,
}

/// <summary>A nominee waiting for the link's decision, with exactly the document versions the page shows for it.</summary>
/// <param name="Nomination">The nomination, as read now.</param>
/// <param name="Documents">The newest version of each of its own documents.</param>
/// <param name="Seen">The versions an approver deciding from this page has seen: the proposal's cover documents and the nominee's own (e.g. <c>council-minutes v1, achievement-report-individual v2</c>).</param>
/// <param name="Earlier">The decisions already taken on it — earlier stages, and earlier rounds of this one (a return) — oldest first, with their reasons.</param>
public sealed record WaitingNominee(Nomination Nomination, IReadOnlyList<DocumentVersion> Documents, string Seen, IReadOnlyList<StageDecision> Earlier);

/// <summary>What a review link opens onto: the proposal, the stage, who the approver is, what waits for them and what was decided.</summary>
/// <param name="Token">The link's token.</param>
/// <param name="Claims">What the link is bound to.</param>
/// <param name="Proposal">The proposal.</param>
/// <param name="Campaign">The campaign version the page speaks of (the newest round's; each nominee's decision follows its own round's).</param>
/// <param name="Stage">The stage.</param>
/// <param name="Approver">The link's approver.</param>
/// <param name="CoverDocuments">The proposal's cover documents, newest version of each.</param>
/// <param name="Pending">The nominees this link may decide now.</param>
/// <param name="Decided">Decisions already taken at this stage for the wave.</param>
public sealed record ReviewDesk(
    string Token,
    ReviewLinkClaims Claims,
    Proposal Proposal,
    Campaign Campaign,
    StageDefinition Stage,
    Approver Approver,
    IReadOnlyList<DocumentVersion> CoverDocuments,
    IReadOnlyList<WaitingNominee> Pending,
    IReadOnlyList<(Nomination Nominee, StageDecision Decision)> Decided);

/// <summary>What opening a review link found: a desk to decide at, or why there is none (with what was decided, or to whom the decision was handed).</summary>
/// <param name="Desk">The desk, when something waits for this link.</param>
/// <param name="Refusal">Why nothing can be decided through it, otherwise.</param>
/// <param name="Claims">What the link is bound to (null when it is not a link of ours).</param>
/// <param name="Decided">Decisions already taken at this stage for the wave.</param>
/// <param name="HandedOver">The link's approver's delegation, when they handed the decision over.</param>
/// <param name="Stage">The stage, as the newest configuration names it (null when the link is not ours or the stage is gone).</param>
public sealed record ReviewOpening(ReviewDesk? Desk, ReviewRefusal? Refusal, ReviewLinkClaims? Claims, IReadOnlyList<(Nomination Nominee, StageDecision Decision)> Decided, Delegation? HandedOver, StageDefinition? Stage = null);

/// <summary>A nominee as the decision form showed it: its id, its stage round and the document versions on the page.</summary>
/// <param name="NominationId">The nomination.</param>
/// <param name="Round">Its stage round when shown.</param>
/// <param name="Seen">The document versions shown (<see cref="WaitingNominee.Seen"/>).</param>
public sealed record ShownNominee(string NominationId, int Round, string Seen)
{
    /// <summary>The hidden form value that carries it.</summary>
    public string FormValue => string.Create(CultureInfo.InvariantCulture, $"{NominationId}|{Round}|{Seen}");

    /// <summary>Reads a form value written by <see cref="FormValue"/>; null when it is not one.</summary>
    public static ShownNominee? Parse(string? value)
    {
        var parts = (value ?? string.Empty).Split('|', 3);
        return parts.Length == 3 && Web.Ids.LooksValid(parts[0]) && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var round) && parts[2].Length <= 4000
            ? new ShownNominee(parts[0], round, parts[2])
            : null;
    }
}

/// <summary>One decision an approver chose for a nominee on the page.</summary>
/// <param name="NominationId">The nominee.</param>
/// <param name="Outcome">Approve, return or reject.</param>
/// <param name="Reason">The written reason (required for return and reject).</param>
public sealed record ReviewChoice(string NominationId, DecisionOutcome Outcome, string? Reason);

/// <summary>What a decision POST did.</summary>
/// <param name="Recorded">Decisions that took effect (or, at an allOf stage, approvals recorded).</param>
/// <param name="Lost">Nominees someone else decided first, with the winning decision.</param>
/// <param name="Changed">Nominees the form showed that are no longer as shown (decided, moved on, or their documents changed): nothing was decided for them.</param>
/// <param name="NowWaiting">Nominees waiting for this link that the form did not show (they arrived after the page was loaded): not decided, listed for the approver.</param>
public sealed record ReviewResult(
    IReadOnlyList<Nomination> Recorded,
    IReadOnlyList<(Nomination Nominee, StageDecision Winner)> Lost,
    IReadOnlyList<string> Changed,
    IReadOnlyList<Nomination> NowWaiting);

/// <summary>
/// The approval policy of a review link, in one place: which nominees a link may decide (its
/// proposal's nominees waiting at its stage and wave, in rounds whose approvers — as the round's
/// campaign version names them, with their delegations — include the link's approver), anyOf
/// (the first decision decides) and allOf (every approver approves; the first return or reject
/// decides), deciding exactly what the page showed and nothing else, and handing over to a
/// colleague. Pages only show a <see cref="ReviewDesk"/> and post choices.
/// </summary>
public sealed class StageReview(
    ReviewLinks links,
    NominationStore nominations,
    CampaignStore campaigns,
    ProposalStore proposals,
    EventDelivery delivery,
    Mailer mailer,
    PublicLinks urls,
    TimeProvider time)
{
    // Reads of one proposal's nominees at once; a proposal may carry a few hundred.
    private const int Parallelism = 8;

    /// <summary>Opens a link: null desk with the reason when it has nothing to decide (the desk may still carry what was decided).</summary>
    public async Task<ReviewOpening> OpenAsync(string token, CancellationToken ct)
    {
        var (check, claims) = links.Read(token);
        if (check == LinkCheck.Tampered || claims is null)
        {
            return new(null, ReviewRefusal.Invalid, null, [], null);
        }

        // Signed by us (if perhaps expired): the request is about this proposal and stage.
        AwardsTelemetry.Tag(proposalId: claims.ProposalId, stage: claims.Stage);
        if (check == LinkCheck.Expired)
        {
            return new(null, ReviewRefusal.Expired, claims, [], null);
        }

        var proposalRead = proposals.FindAsync(claims.ProposalId, ct);
        var campaignRead = campaigns.FindAsync(claims.CampaignId, ct);
        var delegationsRead = proposals.ListDelegationsAsync(claims.ProposalId, claims.Stage, claims.Wave, ct);
        var coverRead = nominations.ListDocumentsAsync(claims.ProposalId, ct);

        // The link names the campaign and the proposal, so its nominees are listed in the same wave.
        var listRead = nominations.ListByProposalAsync(claims.CampaignId, claims.ProposalId, ct);
        await Task.WhenAll(proposalRead, campaignRead, delegationsRead, coverRead, listRead);
        var (proposal, latest, delegations) = (await proposalRead, await campaignRead, await delegationsRead);
        if (proposal is null || latest?.FindStage(claims.Stage) is null || proposal.CampaignId != claims.CampaignId)
        {
            return new(null, ReviewRefusal.Gone, claims, [], null);
        }

        if (delegations.FirstOrDefault(d => string.Equals(d.FromEmail, claims.ApproverEmail, StringComparison.OrdinalIgnoreCase)) is { } handedOver)
        {
            return new(null, ReviewRefusal.HandedOver, claims, [], handedOver);
        }

        // Each nominee's round follows the campaign version it opened under (see RoundCampaign).
        var approversByVersion = new ConcurrentDictionary<int, StageApprovers?>();
        async Task<StageApprovers?> ApproversOf(Nomination n)
        {
            var version = n.StageCampaignVersion > 0 ? n.StageCampaignVersion : latest.Version;
            if (!approversByVersion.TryGetValue(version, out var found))
            {
                var campaign = version == latest.Version ? latest : await campaigns.GetVersionAsync(latest.Id, version, ct);
                found = campaign.FindStage(claims.Stage) is { } s ? new StageApprovers(campaign, s, proposal.ProvinceCode, delegations) : null;
                approversByVersion[version] = found;
            }

            return found;
        }

        var cover = DossierChecklist.Latest(await coverRead);
        var all = await listRead;
        var pending = new ConcurrentBag<WaitingNominee>();
        var decided = new ConcurrentBag<(Nomination, StageDecision)>();
        await Parallel.ForEachAsync(all, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = ct }, async (listed, token) =>
        {
            // The index may trail the nomination row by a moment; the row and the claims decide.
            // Row, every stage's claims and the documents in one query: this stage's claims say
            // what was decided here, the others are the history the approver reads beside the
            // dossier; nearly every listed nominee is waiting, so its documents are rarely read in vain.
            var (row, allClaims, documents) = await nominations.ReadForReviewAsync(listed.Id, token);
            var fresh = row ?? listed;
            var stageClaims = allClaims.Where(c => c.Stage == claims.Stage).ToList();
            foreach (var c in stageClaims.Where(c => c.Wave == claims.Wave))
            {
                decided.Add((fresh, c));
            }

            if (fresh.Status != NominationStatus.InReview || fresh.CurrentStage != claims.Stage || fresh.Wave != claims.Wave || stageClaims.Any(c => c.Round == fresh.Round))
            {
                return;
            }

            var approvers = await ApproversOf(fresh);
            if (approvers is null || !approvers.MayDecide(claims.ApproverEmail))
            {
                return;
            }

            if (approvers.Stage.Mode == ApprovalMode.AllOf
                && (await nominations.ListApprovalsAsync(fresh.Id, claims.Stage, fresh.Round, token)).Contains(approvers.ActingFor(claims.ApproverEmail)))
            {
                return;
            }

            var own = DossierChecklist.Latest(documents);
            var earlier = allClaims.Where(c => !c.Closes).OrderBy(c => c.DecidedAt).ToList();
            pending.Add(new WaitingNominee(fresh, own, Seen(cover, own), earlier));
        });

        var decidedList = decided.OrderBy(d => d.Item1.NomineeName, VietnameseText.Collation).ToList();
        var pendingList = pending.OrderBy(p => p.Nomination.NomineeName, VietnameseText.Collation).ThenBy(p => p.Nomination.Id, StringComparer.Ordinal).ToList();
        if (pendingList.Count == 0)
        {
            return new(null, decidedList.Count > 0 ? ReviewRefusal.AllDecided : ReviewRefusal.NothingWaiting, claims, decidedList, null, latest.FindStage(claims.Stage));
        }

        // Who the link's approver is (their name on the page, in the audit and in mail): as the
        // newest round they may decide names them.
        var newest = await ApproversOf(pendingList.MaxBy(p => p.Nomination.StageCampaignVersion)!.Nomination);
        var approver = newest?.Find(claims.ApproverEmail) ?? new Approver(claims.ApproverEmail, claims.ApproverEmail);
        var desk = new ReviewDesk(token, claims, proposal, newest!.Campaign, newest.Stage, approver, cover, pendingList, decidedList);
        return new(desk, null, claims, decidedList, null, desk.Stage);
    }

    /// <summary>
    /// Notes, before anything is read for a decision, that the link's approver acts on this wave:
    /// a nominee that reaches the stage afterwards sends them a follow-up request (see <see cref="OpenStage"/>).
    /// </summary>
    public async Task<ReviewAct> NoteActAsync(ReviewLinkClaims claims, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(claims);
        var act = new ReviewAct(claims.Stage, claims.Wave, claims.ApproverEmail, Guid.NewGuid().ToString("N"), time.GetUtcNow());
        await proposals.MarkActedAsync(claims.ProposalId, act, ct);
        return act;
    }

    /// <summary>
    /// Decides exactly what the form showed: each chosen nominee that is still waiting as shown
    /// (same round, same documents) is claimed — or, at an allOf stage, its approval recorded and
    /// the round claimed by the last approver — and its workflow told. Nominees waiting that the
    /// form did not show are not decided; they are reported, and their approver gets a follow-up request.
    /// </summary>
    /// <param name="desk">The link's desk, opened after <paramref name="act"/> was noted.</param>
    /// <param name="act">This POST's act (<see cref="NoteActAsync"/>).</param>
    /// <param name="shown">What the form showed.</param>
    /// <param name="choices">What the approver chose, for nominees among <paramref name="shown"/>.</param>
    /// <param name="confirmation">Said in the audit of each decision (e.g. confirmed with a code).</param>
    /// <param name="client">The Durable Task client.</param>
    /// <param name="ct">Cancellation.</param>
    public async Task<ReviewResult> DecideAsync(ReviewDesk desk, ReviewAct act, IReadOnlyList<ShownNominee> shown, IReadOnlyList<ReviewChoice> choices, string confirmation, DurableTaskClient client, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(desk);
        ArgumentNullException.ThrowIfNull(shown);
        ArgumentNullException.ThrowIfNull(choices);
        var shownById = shown.GroupBy(s => s.NominationId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var waiting = desk.Pending.ToDictionary(p => p.Nomination.Id, StringComparer.Ordinal);
        var changed = new List<string>();
        var now = time.GetUtcNow();
        var recorded = new ConcurrentBag<Nomination>();
        var lost = new ConcurrentBag<(Nomination, StageDecision)>();
        var toDecide = new List<(WaitingNominee Nominee, ReviewChoice Choice)>();
        foreach (var choice in choices)
        {
            // Only what the page showed, as it showed it: same round, same document versions.
            if (!shownById.TryGetValue(choice.NominationId, out var s) || !waiting.TryGetValue(choice.NominationId, out var w)
                || w.Nomination.Round != s.Round || !string.Equals(w.Seen, s.Seen, StringComparison.Ordinal))
            {
                changed.Add(choice.NominationId);
                continue;
            }

            toDecide.Add((w, choice));
        }

        await Parallel.ForEachAsync(toDecide, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = ct }, async (item, token) =>
        {
            var (w, choice) = item;
            var n = w.Nomination;
            using var span = AwardsTelemetry.StartStep("Decide", n.Id, desk.Claims.ProposalId, desk.Claims.Stage, choice.Outcome);
            try
            {
                var decision = new StageDecision(desk.Claims.Stage, n.Round, choice.Outcome, choice.Reason, desk.Claims.ApproverEmail, desk.Approver.Name, now, desk.Claims.Wave);
                var seen = w.Seen + confirmation;
                if (choice.Outcome == DecisionOutcome.Approve && await AllOfApproversAsync(desk, n, token) is { } everyone)
                {
                    // allOf: this approval is recorded; the round is decided only when every approver has approved.
                    var approved = await nominations.RecordApprovalAsync(n.Id, decision, seen, everyone.Count, token);
                    if (!everyone.IsSubsetOf(approved))
                    {
                        recorded.Add(n);
                        return;
                    }

                    decision = decision with { ApproverName = $"{desk.Approver.Name} (cuối cùng trong {everyone.Count} người / last of {everyone.Count})" };
                }

                var claimed = await delivery.ClaimAsync(client, n.Id, decision, seen, token);
                if (claimed is { Won: true })
                {
                    recorded.Add(n);
                }
                else if (claimed is { } other)
                {
                    lost.Add((n, other.Decision));
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                span?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, e.Message);
                throw;
            }
        });

        // Waiting now but not on the form: they reached the stage after the page was loaded.
        var nowWaiting = desk.Pending.Where(p => !shownById.ContainsKey(p.Nomination.Id)).Select(p => p.Nomination).ToList();
        if (nowWaiting.Count > 0)
        {
            var token = links.Issue(desk.Claims);
            await mailer.SendOnceAsync(
                OpenStage.FollowUpKey(desk.Proposal.Id, act),
                MailTemplates.FollowUpRequest(desk.Approver, desk.Proposal, desk.Campaign, desk.Stage, urls.Review(token), nowWaiting.Min(n => n.DueAt) ?? now),
                ct);
        }

        return new ReviewResult([.. recorded], [.. lost], changed, nowWaiting);
    }

    /// <summary>
    /// Hands the link's decision to a colleague: this link dies (the delegation row), the
    /// colleague gets a link of their own, and the audit of each waiting nominee says who handed to whom.
    /// False when this approver had already delegated.
    /// </summary>
    public async Task<bool> DelegateAsync(ReviewDesk desk, Delegation delegation, string confirmation, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(desk);
        ArgumentNullException.ThrowIfNull(delegation);
        if (!await proposals.AddDelegationAsync(desk.Proposal.Id, delegation, ct))
        {
            return false;
        }

        await Parallel.ForEachAsync(desk.Pending, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = ct }, async (w, token) =>
            await nominations.ApplyAsync(
                w.Nomination.Id,
                x => x,
                new AuditEntry(delegation.At, desk.Claims.ApproverEmail, AuditActions.Delegated, desk.Claims.Stage, delegation.Note, $"{desk.Approver.Name} → {delegation.ToName} ({delegation.ToEmail}){confirmation}"),
                string.Create(CultureInfo.InvariantCulture, $"delegate|{desk.Claims.Stage}|{w.Nomination.Round}|{desk.Claims.ApproverEmail.ToLowerInvariant()}"),
                token));

        var link = urls.Review(links.Issue(desk.Claims with { ApproverEmail = delegation.ToEmail }));
        await mailer.SendOnceAsync(
            string.Create(CultureInfo.InvariantCulture, $"{desk.Proposal.Id}|{desk.Claims.Stage}|wave {desk.Claims.Wave}|{delegation.ToEmail}|delegated by {desk.Claims.ApproverEmail}"),
            MailTemplates.DelegatedReview(delegation, desk.Approver.Name, desk.Proposal, desk.Campaign, desk.Stage, link), ct);
        return true;
    }

    /// <summary>The versions a page shows for a nominee: the proposal's cover documents and its own.</summary>
    public static string Seen(IReadOnlyList<DocumentVersion> cover, IReadOnlyList<DocumentVersion> own) =>
        string.Join(", ", cover.Concat(own).Select(d => string.Create(CultureInfo.InvariantCulture, $"{d.Type} v{d.Version}")));

    // The approvers an allOf round needs (as its campaign version names them), or null at an anyOf stage.
    private async Task<IReadOnlySet<string>?> AllOfApproversAsync(ReviewDesk desk, Nomination n, CancellationToken ct)
    {
        var campaign = n.StageCampaignVersion > 0 && n.StageCampaignVersion != desk.Campaign.Version
            ? await campaigns.GetVersionAsync(desk.Campaign.Id, n.StageCampaignVersion, ct)
            : desk.Campaign;
        var stage = campaign.FindStage(desk.Claims.Stage) ?? desk.Stage;
        if (stage.Mode != ApprovalMode.AllOf)
        {
            return null;
        }

        var delegations = await proposals.ListDelegationsAsync(desk.Proposal.Id, desk.Claims.Stage, desk.Claims.Wave, ct);
        return new StageApprovers(campaign, stage, desk.Proposal.ProvinceCode, delegations).Everyone();
    }
}
