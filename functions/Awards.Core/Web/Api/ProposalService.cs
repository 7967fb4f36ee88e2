using Awards.Domain;
using Awards.Security;
using Awards.Storage;
using Awards.Workflow;
using Microsoft.DurableTask.Client;

namespace Awards.Web.Api;

/// <summary>A proposal a caller may act on, with its campaign's current version.</summary>
/// <param name="Proposal">The proposal.</param>
/// <param name="Campaign">Its campaign (current version).</param>
/// <param name="Caller">Who acts.</param>
public sealed record ProposalAccess(Proposal Proposal, Campaign Campaign, Caller Caller);

/// <summary>What importing a nominee list did, for the API's report and the workspace's table alike.</summary>
/// <param name="Format">The format the file was read as; null when it was neither CSV nor XLSX.</param>
/// <param name="Created">Rows that became draft nominations.</param>
/// <param name="Errors">Rows (or the file) refused, by row number, with the reason.</param>
/// <param name="RefusedFields">For rows refused by the nominee rules (<see cref="NomineeRules"/>) rather than by the reader: row → the fields at fault.</param>
public sealed record NomineeImport(NomineeListFormat? Format, IReadOnlyList<ImportedNominee> Created, IReadOnlyList<NomineeRowError> Errors, IReadOnlyDictionary<int, IReadOnlyList<string>> RefusedFields);

/// <summary>How a submission or resubmission of a proposal ended.</summary>
public enum SubmitStatus
{
    /// <summary>Submitted: a new wave started.</summary>
    Submitted,

    /// <summary>Nothing to submit (no draft), or to resubmit (no returned nominee).</summary>
    NothingToSubmit,

    /// <summary>Refused by a rule (<see cref="SubmitOutcome.Refusal"/>); nothing changed.</summary>
    Refused,
}

/// <summary>The outcome of submitting or resubmitting a proposal.</summary>
/// <param name="Status">What happened.</param>
/// <param name="Refusal">Why it was refused, when it was.</param>
/// <param name="Wave">The new wave, when submitted.</param>
public sealed record SubmitOutcome(SubmitStatus Status, SubmitRefusal? Refusal = null, int Wave = 0);

/// <summary>
/// What a nominating unit does with a proposal, once, for every way it arrives: the HTTP API
/// (<see cref="ProposalApi"/>, <see cref="NominationApi"/>) and the unit's workspace pages
/// (<see cref="Pages.ProposalPages"/>) call these and only differ in how they answer.
/// </summary>
public sealed class ProposalService(
    CampaignStore campaigns,
    ProposalStore proposals,
    NominationStore nominations,
    Submissions submissions,
    NomineeIndex nomineeIndex,
    TimeProvider time)
{
    /// <summary>Longest proposal title (the letter's number and subject).</summary>
    public const int MaxTitleLength = 300;

    /// <summary>True when a written justification for a likely duplicate is too long to keep.</summary>
    public static bool IsTooLong(string? justification) => justification?.Length > WrittenReason.MaxLength;

    /// <summary>
    /// Starts a proposal of the caller's unit in a campaign its province takes part in. Returns
    /// the proposal, or the fields at fault (<c>campaignId</c>, <c>title</c>) with what to do.
    /// </summary>
    public async Task<(Proposal? Proposal, Dictionary<string, string[]> Errors)> CreateAsync(Caller caller, string? campaignId, string? title, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var campaign = Ids.LooksValid(campaignId) ? await campaigns.FindAsync(campaignId!, ct) : null;
        if (campaign is null)
        {
            errors["campaignId"] = [$"There is no campaign '{campaignId}'. Check the id with the organiser."];
        }
        else if (!campaign.Provinces.Any(p => p.Code == caller.ProvinceCode))
        {
            errors["campaignId"] = [$"Your unit's province '{caller.ProvinceCode}' does not take part in this campaign."];
        }

        var normalized = VietnameseText.Normalize(title);
        if (normalized?.Length > MaxTitleLength)
        {
            errors["title"] = [$"At most {MaxTitleLength} characters."];
        }

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        var proposal = new Proposal
        {
            Id = Ids.New("prop"),
            CampaignId = campaign!.Id,
            UnitName = caller.UnitName!,
            ProvinceCode = caller.ProvinceCode!,
            NominatorEmail = caller.Email,
            Title = string.IsNullOrEmpty(normalized) ? null : normalized,
            CreatedAt = time.GetUtcNow(),
        };
        await proposals.AddAsync(proposal, ct);
        return (proposal, errors);
    }

    /// <summary>
    /// The proposal when <paramref name="caller"/> may act on it: a nominator of its own unit, or
    /// an organiser only <paramref name="reading"/>. Anyone else's reads as not there (null).
    /// </summary>
    public async Task<ProposalAccess?> FindAsync(Caller caller, string id, bool reading, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var proposal = Ids.LooksValid(id) ? await proposals.FindAsync(id, ct) : null;
        var mayAct = proposal is not null && (caller.OwnsUnit(proposal.UnitName, proposal.ProvinceCode) || (caller.Role == Role.Organiser && reading));
        if (!mayAct)
        {
            return null;
        }

        var campaign = await campaigns.FindAsync(proposal!.CampaignId, ct);
        return new ProposalAccess(proposal, campaign!, caller);
    }

    /// <summary>
    /// How many nominees of the proposal are in review: while any is, its cover documents are
    /// frozen (they open again when the proposal is returned for supplement). 0 means open.
    /// </summary>
    public async Task<int> CoverFrozenByAsync(Proposal proposal, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(proposal);
        return CoverFrozenBy(await nominations.ListByProposalAsync(proposal.CampaignId, proposal.Id, ct));
    }

    /// <summary>The rule of <see cref="CoverFrozenByAsync"/> applied to the proposal's nominees already read.</summary>
    public static int CoverFrozenBy(IEnumerable<Nomination> nominees) => nominees.Count(n => n.Status == NominationStatus.InReview);

    /// <summary>Creates a draft nominee of the proposal from a request that passed <see cref="NomineeRules.Check"/>, with its first audit row.</summary>
    /// <param name="campaign">The campaign.</param>
    /// <param name="proposal">The proposal it joins.</param>
    /// <param name="request">The checked request.</param>
    /// <param name="caller">Who adds it.</param>
    /// <param name="origin">How it arrived, for the audit row (e.g. "nominee list row 4"); null for one by one.</param>
    /// <param name="ct">Cancellation.</param>
    public async Task<Nomination> AddNomineeAsync(Campaign campaign, Proposal proposal, CreateNominationRequest request, Caller caller, string? origin, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(campaign);
        ArgumentNullException.ThrowIfNull(caller);
        var now = time.GetUtcNow();
        var nomination = NomineeRules.Create(campaign, proposal, request, caller, now);
        var detail = $"campaign v{campaign.Version}" + (origin is null ? string.Empty : "; " + origin);
        await nominations.CreateAsync(nomination, new AuditEntry(now, caller.Email, AuditActions.Created, null, null, detail), ct);
        return nomination;
    }

    /// <summary>
    /// Reads a nominee list (CSV or XLSX; format from the content) and makes every good row a
    /// draft nominee of the proposal; bad rows are reported by row number and never stop the good ones.
    /// </summary>
    public async Task<NomineeImport> ImportAsync(ProposalAccess access, Stream content, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(access);
        var (proposal, campaign, caller) = access;
        var now = time.GetUtcNow();
        var result = await NomineeListReader.ReadAsync(content, ct, DateOnly.FromDateTime(VietnamTime.ToLocal(now).DateTime));
        if (result.Format is null)
        {
            return new NomineeImport(null, [], result.Errors, new Dictionary<int, IReadOnlyList<string>>());
        }

        var errors = result.Errors.ToList();
        var refusedFields = new Dictionary<int, IReadOnlyList<string>>();
        var created = new List<ImportedNominee>();
        foreach (var row in result.Rows)
        {
            var awardCode = AwardOf(campaign, row.AwardCode);
            if (awardCode is null)
            {
                errors.Add(new NomineeRowError(row.RowNumber, "Hình thức khen thưởng",
                    $"Không rõ hình thức khen thưởng \"{row.AwardCode}\" / Unknown award; use one of: {string.Join(", ", campaign.Awards.Select(a => a.Code))}."));
                continue;
            }

            var request = new CreateNominationRequest(campaign.Id, awardCode, row.Kind, row.Name, row.DateOfBirth, row.Position, row.AchievementSummary, proposal.Id);
            var refused = NomineeRules.Check(campaign, request, caller, now);
            if (refused.Count > 0)
            {
                errors.Add(new NomineeRowError(row.RowNumber, null, string.Join(" ", refused.SelectMany(e => e.Value))));
                refusedFields[row.RowNumber] = [.. refused.Keys];
                continue;
            }

            var nomination = await AddNomineeAsync(campaign, proposal, request, caller, $"nominee list row {row.RowNumber}", ct);
            created.Add(new ImportedNominee(row.RowNumber, nomination.Id, nomination.NomineeName, await nomineeIndex.FindAsync(nomination, ct)));
        }

        return new NomineeImport(result.Format, created, [.. errors.OrderBy(e => e.RowNumber)], refusedFields);
    }

    /// <summary>
    /// Submits every draft nominee of the proposal as one wave, or none of them: the intake
    /// window, the complete dossier, the quota and likely duplicates (each needs a written
    /// justification, <paramref name="justifications"/> by nomination id) are checked first.
    /// </summary>
    public async Task<SubmitOutcome> SubmitAsync(ProposalAccess access, IReadOnlyDictionary<string, string> justifications, DurableTaskClient client, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(access);
        var (proposal, campaign, caller) = access;
        var drafts = (await nominations.ListByProposalAsync(proposal.CampaignId, proposal.Id, ct)).Where(n => n.Status == NominationStatus.Draft).ToList();
        if (drafts.Count == 0)
        {
            return new SubmitOutcome(SubmitStatus.NothingToSubmit);
        }

        var normalized = justifications.ToDictionary(kv => kv.Key, kv => VietnameseText.Normalize(kv.Value) ?? string.Empty, StringComparer.Ordinal);
        if (await submissions.CheckAsync(campaign, proposal, drafts, normalized, ct) is { } refusal)
        {
            return new SubmitOutcome(SubmitStatus.Refused, refusal);
        }

        return new SubmitOutcome(SubmitStatus.Submitted, Wave: await submissions.SubmitAsync(campaign, proposal, drafts, normalized, caller.Email, client, ct));
    }

    /// <summary>Resubmits every nominee of the proposal returned for supplement, as one wave, once each one's dossier (under the campaign version it was submitted with) is complete.</summary>
    public async Task<SubmitOutcome> ResubmitAsync(ProposalAccess access, DurableTaskClient client, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(access);
        var (proposal, campaign, caller) = access;
        var returned = (await nominations.ListByProposalAsync(proposal.CampaignId, proposal.Id, ct)).Where(n => n.Status == NominationStatus.Returned).ToList();
        if (returned.Count == 0)
        {
            return new SubmitOutcome(SubmitStatus.NothingToSubmit);
        }

        foreach (var version in returned.GroupBy(n => n.CampaignVersion))
        {
            var pinned = await campaigns.GetVersionAsync(campaign.Id, version.Key, ct);
            if (await submissions.CheckDossierAsync(pinned, proposal, [.. version], ct) is { } refusal)
            {
                return new SubmitOutcome(SubmitStatus.Refused, refusal);
            }
        }

        return new SubmitOutcome(SubmitStatus.Submitted, Wave: await submissions.ResubmitAsync(proposal, returned, caller.Email, client, ct));
    }

    /// <summary>The award a list row names (by code or by Vietnamese name, folded); the campaign's only award when the column is empty.</summary>
    private static string? AwardOf(Campaign campaign, string? named)
    {
        if (string.IsNullOrWhiteSpace(named))
        {
            return campaign.Awards.Count == 1 ? campaign.Awards[0].Code : null;
        }

        return campaign.Awards.FirstOrDefault(a => a.Code == named.Trim() || VietnameseText.SameFolded(a.NameVi, named))?.Code;
    }
}
