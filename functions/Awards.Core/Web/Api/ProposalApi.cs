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
    ProposalService service,
    CampaignStore campaigns,
    ProposalStore proposals,
    NominationStore nominations,
    DocumentUploads uploads)
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

        var (proposal, errors) = await service.CreateAsync(caller, body.CampaignId, body.Title, ct);
        if (proposal is null)
        {
            return errors.Count == 1 ? Problems.Field(errors.Keys.First(), errors.Values.First()[0]) : Problems.Validation(errors);
        }

        return Results.Json(await ViewAsync(proposal, (await campaigns.FindAsync(proposal.CampaignId, ct))!, ct), AwardsJson.Options, statusCode: StatusCodes.Status201Created);
    }

    /// <summary><c>GET /api/proposals/{id}</c>.</summary>
    public async Task<IResult> GetAsync(HttpContext http, string id)
    {
        var ct = http.RequestAborted;
        var (found, problem) = await FindAsync(http, id, ct);
        return found is null ? problem! : Results.Json(await ViewAsync(found.Proposal, found.Campaign, ct), AwardsJson.Options);
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

        var (proposal, campaign, caller) = found;
        var requirement = campaign.ProposalDocuments.FirstOrDefault(d => d.Type == documentType);
        if (requirement is null)
        {
            return Problems.NotFound($"A proposal has no cover document '{documentType}'. Its cover documents are: {string.Join(", ", campaign.ProposalDocuments.Select(d => d.Type))}.");
        }

        var inReview = await service.CoverFrozenByAsync(proposal, ct);
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

        if (http.Request.ContentLength > NomineeListReader.MaxFileBytes)
        {
            return Problems.Of(StatusCodes.Status413PayloadTooLarge, "The list is too large.", $"Send at most {NomineeListReader.MaxFileBytes} bytes; split a longer list into several proposals.");
        }

        var import = await service.ImportAsync(found, http.Request.Body, ct);
        if (import.Format is null)
        {
            return Problems.Validation(
                new Dictionary<string, string[]> { ["body"] = [.. import.Errors.Select(e => e.Message)] },
                "Send the nominee list as CSV (UTF-8) or XLSX with the Vietnamese column headers.");
        }

        var report = new NomineeListReport(import.Created, import.Errors);
        return import.Created.Count > 0
            ? Results.Json(report, AwardsJson.Options, statusCode: StatusCodes.Status201Created)

            // Nothing created is an error like any other: a problem document, carrying the same report fields.
            : Problems.Of(StatusCodes.Status400BadRequest, "No nominee could be created.", "No row of the list could be read as a nominee; 'errors' names each row and why.",
                new Dictionary<string, object?> { ["created"] = report.Created, ["errors"] = report.Errors });
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

        var (submit, badBody) = await NominationApi.ReadSubmitAsync(http.Request, ct);
        if (submit is null)
        {
            return badBody!;
        }

        var outcome = await service.SubmitAsync(found, submit.Justifications ?? [], client, ct);
        return outcome.Status switch
        {
            SubmitStatus.NothingToSubmit => Problems.Conflict("The proposal has no draft nominee to submit; add nominees first (POST /api/nominations with this proposalId, or a nominee list)."),
            SubmitStatus.Refused => NominationApi.Refused(outcome.Refusal!),
            _ => Results.Json(await ViewAsync((await proposals.FindAsync(id, ct))!, found.Campaign, ct), AwardsJson.Options, statusCode: StatusCodes.Status202Accepted),
        };
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

        var outcome = await service.ResubmitAsync(found, client, ct);
        return outcome.Status switch
        {
            SubmitStatus.NothingToSubmit => Problems.Conflict("No nominee of this proposal is waiting for a resubmission."),
            SubmitStatus.Refused => NominationApi.Refused(outcome.Refusal!),
            _ => Results.Json(await ViewAsync((await proposals.FindAsync(id, ct))!, found.Campaign, ct), AwardsJson.Options, statusCode: StatusCodes.Status202Accepted),
        };
    }

    /// <summary>The proposal if the caller's key may act on it: its own unit's nominator, or an organiser (reading).</summary>
    internal async Task<(ProposalAccess? Found, IResult? Problem)> FindAsync(HttpContext http, string id, CancellationToken ct)
    {
        var (caller, denied) = await auth.AuthenticateAsync(http.Request, ct);
        if (caller is null)
        {
            return (null, denied);
        }

        var found = await service.FindAsync(caller, id, HttpMethods.IsGet(http.Request.Method), ct);
        return found is null ? (null, Problems.NotFound($"There is no proposal '{id}' that your key may see.")) : (found, null);
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
