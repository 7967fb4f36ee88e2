using Awards.Domain;
using Awards.Security;
using Awards.Storage;
using Awards.Workflow;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;

namespace Awards.Web.Api;

/// <summary>Body of <c>POST /api/proposals</c>.</summary>
/// <param name="CampaignId">The campaign.</param>
/// <param name="Title">Optional: the proposal letter's number and title, e.g. "Tờ trình số 12/TTr-CAT".</param>
public sealed record CreateProposalRequest(string CampaignId, string? Title);

/// <summary>A proposal as the API shows it.</summary>
/// <param name="Proposal">The proposal.</param>
/// <param name="Documents">Every version of its cover documents.</param>
/// <param name="MissingDocuments">Required cover documents not yet uploaded.</param>
/// <param name="Nominations">Its nominations, in vi-VN order.</param>
public sealed record ProposalView(Proposal Proposal, IReadOnlyList<DocumentView> Documents, IReadOnlyList<string> MissingDocuments, IReadOnlyList<Nomination> Nominations);

/// <summary>What importing a nominee list did: exactly which rows became which nominations, and why the others did not.</summary>
/// <param name="Created">Rows that became draft nominations.</param>
/// <param name="Errors">Rows refused, by row number (the header is row 1), with the reason.</param>
public sealed record NomineeListReport(IReadOnlyList<ImportedNominee> Created, IReadOnlyList<NomineeRowError> Errors);

/// <summary>A row of a nominee list that became a nomination.</summary>
/// <param name="RowNumber">The spreadsheet row.</param>
/// <param name="NominationId">The new nomination.</param>
/// <param name="NomineeName">The name as stored (NFC).</param>
/// <param name="PossibleDuplicates">Likely duplicates found (submitting needs a justification).</param>
public sealed record ImportedNominee(int RowNumber, string NominationId, string NomineeName, IReadOnlyList<DuplicateMatch> PossibleDuplicates);

/// <summary>
/// A nominating unit's proposal letter (tờ trình) and its nominees: cover documents uploaded
/// once, nominees added one by one (<c>POST /api/nominations</c> with <c>proposalId</c>) or
/// from a nominee list, then submitted together as one wave — approvers get one email per
/// proposal and stage, not one per nominee.
/// </summary>
public sealed class ProposalApi(
    Authenticator auth,
    CampaignStore campaigns,
    ProposalStore proposals,
    NominationStore nominations,
    Submissions submissions,
    NomineeIndex nomineeIndex,
    DocumentUploads uploads,
    TimeProvider time)
{
    /// <summary><c>POST /api/proposals</c>: a nominator starts a proposal for their unit.</summary>
    public async Task<IResult> CreateAsync(HttpContext http)
    {
        var ct = http.RequestAborted;
        var (caller, denied) = await auth.AuthenticateNominatorAsync(http.Request, "Proposals are made", ct);
        if (caller is null)
        {
            return denied!;
        }

        var (body, problem) = await JsonBody.ReadAsync<CreateProposalRequest>(http.Request, 8 * 1024, ct);
        if (body is null)
        {
            return problem!;
        }

        var campaign = Ids.LooksValid(body.CampaignId) ? await campaigns.FindAsync(body.CampaignId, ct) : null;
        if (campaign is null)
        {
            return Problems.Field("campaignId", $"There is no campaign '{body.CampaignId}'. Check the id with the organiser.");
        }

        if (!campaign.Provinces.Any(p => p.Code == caller.ProvinceCode))
        {
            return Problems.Field("campaignId", $"Your unit's province '{caller.ProvinceCode}' does not take part in this campaign.");
        }

        var title = VietnameseText.Normalize(body.Title);
        if (title?.Length > 300)
        {
            return Problems.Field("title", "At most 300 characters.");
        }

        var proposal = new Proposal
        {
            Id = Ids.New("prop"),
            CampaignId = campaign.Id,
            UnitName = caller.UnitName!,
            ProvinceCode = caller.ProvinceCode!,
            NominatorEmail = caller.Email,
            Title = string.IsNullOrEmpty(title) ? null : title,
            CreatedAt = time.GetUtcNow(),
        };
        await proposals.AddAsync(proposal, ct);
        return Results.Json(await ViewAsync(proposal, campaign, ct), AwardsJson.Options, statusCode: StatusCodes.Status201Created);
    }

    /// <summary><c>GET /api/proposals/{id}</c>.</summary>
    public async Task<IResult> GetAsync(HttpContext http, string id)
    {
        var ct = http.RequestAborted;
        var (found, problem) = await FindAsync(http, id, ct);
        return found is null ? problem! : Results.Json(await ViewAsync(found.Value.Proposal, found.Value.Campaign, ct), AwardsJson.Options);
    }

    /// <summary>
    /// <c>PUT /api/proposals/{id}/documents/{documentType}</c>: a cover document (proposal letter,
    /// nominee list, council minutes) for all the proposal's nominees. Frozen while any nominee is
    /// in review; open again when the proposal is returned.
    /// </summary>
    public async Task<IResult> UploadDocumentAsync(HttpContext http, string id, string documentType)
    {
        var ct = http.RequestAborted;
        var (found, problem) = await FindAsync(http, id, ct);
        if (found is null)
        {
            return problem!;
        }

        var (proposal, campaign, caller) = found.Value;
        var requirement = campaign.ProposalDocuments.FirstOrDefault(d => d.Type == documentType);
        if (requirement is null)
        {
            return Problems.NotFound($"A proposal has no cover document '{documentType}'. Its cover documents are: {string.Join(", ", campaign.ProposalDocuments.Select(d => d.Type))}.");
        }

        var inReview = (await nominations.ListByProposalAsync(proposal.CampaignId, proposal.Id, ct)).Count(n => n.Status == NominationStatus.InReview);
        if (inReview > 0)
        {
            return Problems.Conflict($"The cover documents are frozen while {inReview} nominee(s) of this proposal are in review; they open again when the proposal is returned for supplement.");
        }

        return await uploads.UploadAsync(http.Request, proposal.Id, requirement, caller.Email, ct);
    }

    /// <summary>
    /// <c>POST /api/proposals/{id}/nominees</c>: the nominee list as the raw body (CSV in UTF-8 or
    /// XLSX, Vietnamese column headers). Every good row becomes a draft nomination of this
    /// proposal; bad rows are reported by row number and reason and never stop the good ones.
    /// </summary>
    public async Task<IResult> ImportNomineesAsync(HttpContext http, string id)
    {
        var ct = http.RequestAborted;
        var (found, problem) = await FindAsync(http, id, ct);
        if (found is null)
        {
            return problem!;
        }

        var (proposal, campaign, caller) = found.Value;
        if (http.Request.ContentLength > NomineeListReader.MaxFileBytes)
        {
            return Problems.Of(StatusCodes.Status413PayloadTooLarge, "The list is too large.", $"Send at most {NomineeListReader.MaxFileBytes} bytes; split a longer list into several proposals.");
        }

        var result = await NomineeListReader.ReadAsync(http.Request.Body, ct, DateOnly.FromDateTime(VietnamTime.ToLocal(time.GetUtcNow()).DateTime));
        if (result.Format is null)
        {
            return Problems.Validation(
                new Dictionary<string, string[]> { ["body"] = [.. result.Errors.Select(e => e.Message)] },
                "Send the nominee list as CSV (UTF-8) or XLSX with the Vietnamese column headers.");
        }

        var now = time.GetUtcNow();
        var errors = result.Errors.ToList();
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
                continue;
            }

            var nomination = NomineeRules.Create(campaign, proposal, request, caller, now);
            await nominations.CreateAsync(nomination, new AuditEntry(now, caller.Email, AuditActions.Created, null, null, $"campaign v{campaign.Version}; nominee list row {row.RowNumber}"), ct);
            created.Add(new ImportedNominee(row.RowNumber, nomination.Id, nomination.NomineeName, await nomineeIndex.FindAsync(nomination, ct)));
        }

        var report = new NomineeListReport(created, [.. errors.OrderBy(e => e.RowNumber)]);
        return created.Count > 0
            ? Results.Json(report, AwardsJson.Options, statusCode: StatusCodes.Status201Created)

            // Nothing created is an error like any other: a problem document, carrying the same report fields.
            : Problems.Of(StatusCodes.Status400BadRequest, "No nominee could be created.", "No row of the list could be read as a nominee; 'errors' names each row and why.",
                new Dictionary<string, object?> { ["created"] = report.Created, ["errors"] = report.Errors });
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

    /// <summary><c>POST /api/proposals/{id}/submit</c>: submits every draft nominee of the proposal as one wave, or none of them.</summary>
    public async Task<IResult> SubmitAsync(HttpContext http, DurableTaskClient client, string id)
    {
        var ct = http.RequestAborted;
        var (found, problem) = await FindAsync(http, id, ct);
        if (found is null)
        {
            return problem!;
        }

        var (proposal, campaign, caller) = found.Value;
        var drafts = (await nominations.ListByProposalAsync(proposal.CampaignId, proposal.Id, ct)).Where(n => n.Status == NominationStatus.Draft).ToList();
        if (drafts.Count == 0)
        {
            return Problems.Conflict("The proposal has no draft nominee to submit; add nominees first (POST /api/nominations with this proposalId, or a nominee list).");
        }

        var (submit, badBody) = await NominationApi.ReadSubmitAsync(http.Request, ct);
        if (submit is null)
        {
            return badBody!;
        }

        var justifications = (submit.Justifications ?? []).ToDictionary(kv => kv.Key, kv => VietnameseText.Normalize(kv.Value) ?? string.Empty, StringComparer.Ordinal);
        if (await submissions.CheckAsync(campaign, proposal, drafts, justifications, ct) is { } refusal)
        {
            return NominationApi.Refused(refusal);
        }

        await submissions.SubmitAsync(campaign, proposal, drafts, justifications, caller.Email, client, ct);
        return Results.Json(await ViewAsync((await proposals.FindAsync(id, ct))!, campaign, ct), AwardsJson.Options, statusCode: StatusCodes.Status202Accepted);
    }

    /// <summary><c>POST /api/proposals/{id}/resubmit</c>: every nominee returned for supplement goes back, as one wave.</summary>
    public async Task<IResult> ResubmitAsync(HttpContext http, DurableTaskClient client, string id)
    {
        var ct = http.RequestAborted;
        var (found, problem) = await FindAsync(http, id, ct);
        if (found is null)
        {
            return problem!;
        }

        var (proposal, campaign, caller) = found.Value;
        var returned = (await nominations.ListByProposalAsync(proposal.CampaignId, proposal.Id, ct)).Where(n => n.Status == NominationStatus.Returned).ToList();
        if (returned.Count == 0)
        {
            return Problems.Conflict("No nominee of this proposal is waiting for a resubmission.");
        }

        foreach (var version in returned.GroupBy(n => n.CampaignVersion))
        {
            var pinned = await campaigns.GetVersionAsync(campaign.Id, version.Key, ct);
            if (await submissions.CheckDossierAsync(pinned, proposal, [.. version], ct) is { } refusal)
            {
                return NominationApi.Refused(refusal);
            }
        }

        await submissions.ResubmitAsync(proposal, returned, caller.Email, client, ct);
        return Results.Json(await ViewAsync((await proposals.FindAsync(id, ct))!, campaign, ct), AwardsJson.Options, statusCode: StatusCodes.Status202Accepted);
    }

    /// <summary>The proposal if the caller's key may act on it: its own unit's nominator, or an organiser (reading).</summary>
    internal async Task<((Proposal Proposal, Campaign Campaign, Caller Caller)? Found, IResult? Problem)> FindAsync(HttpContext http, string id, CancellationToken ct)
    {
        var (caller, denied) = await auth.AuthenticateAsync(http.Request, ct);
        if (caller is null)
        {
            return (null, denied);
        }

        var proposal = Ids.LooksValid(id) ? await proposals.FindAsync(id, ct) : null;
        var mayAct = proposal is not null && (caller.OwnsUnit(proposal.UnitName, proposal.ProvinceCode) || (caller.Role == Role.Organiser && HttpMethods.IsGet(http.Request.Method)));
        if (!mayAct)
        {
            return (null, Problems.NotFound($"There is no proposal '{id}' that your key may see."));
        }

        var campaign = await campaigns.FindAsync(proposal!.CampaignId, ct);
        return ((proposal, campaign!, caller), null);
    }

    private async Task<ProposalView> ViewAsync(Proposal proposal, Campaign campaign, CancellationToken ct)
    {
        var documents = await nominations.ListDocumentsAsync(proposal.Id, ct);
        return new ProposalView(
            proposal,
            [.. documents.Select(DocumentView.Of)],
            [.. DossierChecklist.MissingForProposal(campaign, documents).Select(m => m.Type)],
            await nominations.ListByProposalAsync(proposal.CampaignId, proposal.Id, ct));
    }
}
