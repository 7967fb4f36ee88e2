using System.Globalization;
using Awards.Domain;
using Awards.Hosting;
using Awards.Security;
using Awards.Storage;
using Awards.Workflow;
using Awards.Workflow.Activities;
using Azure;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;

namespace Awards.Web.Api;

/// <summary>The nominator's endpoints: create, read, upload documents, submit, resubmit.</summary>
public sealed class NominationApi(
    Authenticator auth,
    VisibleNominations visible,
    CampaignStore campaigns,
    NominationStore nominations,
    ProposalStore proposals,
    NominationDocumentApi documents,
    Submissions submissions,
    EventDelivery delivery,
    NomineeIndex nomineeIndex,
    ProposalService proposalService,
    NominationChanges changes,
    WorkflowRetries retries,
    TimeProvider time)
{
    private const int MaxBodyBytes = 64 * 1024;

    /// <summary><c>POST /api/nominations</c>: a nominator creates a nomination for their unit.</summary>
    public async Task<IResult> CreateAsync(HttpContext http)
    {
        var ct = http.RequestAborted;
        var (caller, denied) = await auth.AuthenticateNominatorAsync(http.Request, "Nominations are created", ct);
        if (caller is null)
        {
            return denied!;
        }

        var (body, problem) = await JsonBody.ReadAsync<CreateNominationRequest>(http.Request, MaxBodyBytes, ct);
        if (body is null)
        {
            return problem!;
        }

        var campaign = Ids.LooksValid(body.CampaignId) ? await campaigns.FindAsync(body.CampaignId, ct) : null;
        if (campaign is null)
        {
            return Problems.Field("campaignId", $"There is no campaign '{body.CampaignId}'. Check the id with the organiser.");
        }

        var errors = NomineeRules.Check(campaign, body, caller, time.GetUtcNow());
        Proposal? proposal = null;
        if (body.ProposalId is not null)
        {
            proposal = Ids.LooksValid(body.ProposalId) ? await proposals.FindAsync(body.ProposalId, ct) : null;
            if (proposal is null || proposal.CampaignId != campaign.Id || !caller.OwnsUnit(proposal.UnitName, proposal.ProvinceCode))
            {
                errors["proposalId"] = [$"Your unit has no proposal '{body.ProposalId}' in this campaign."];
            }
        }

        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }

        if (proposal is null)
        {
            var now = time.GetUtcNow();
            proposal = new Proposal { Id = Ids.New("prop"), CampaignId = campaign.Id, UnitName = caller.UnitName!, ProvinceCode = caller.ProvinceCode!, NominatorEmail = caller.Email, CreatedAt = now };
            await proposals.AddAsync(proposal, ct);
        }

        var nomination = await proposalService.AddNomineeAsync(campaign, proposal, body, caller, null, ct);
        AwardsTelemetry.Tag(nominationId: nomination.Id, proposalId: nomination.ProposalId);
        var view = await ViewAsync(nomination, campaign, ct);
        return Results.Json(view, AwardsJson.Options, statusCode: StatusCodes.Status201Created);
    }

    /// <summary><c>GET /api/nominations?campaignId=…</c>: organisers see all, nominators their unit's.</summary>
    public async Task<IResult> ListAsync(HttpContext http)
    {
        var ct = http.RequestAborted;
        var (caller, denied) = await auth.AuthenticateAsync(http.Request, ct);
        if (caller is null)
        {
            return denied!;
        }

        var campaignId = http.Request.Query["campaignId"].ToString();
        if (string.IsNullOrEmpty(campaignId))
        {
            return Problems.Field("campaignId", "Name the campaign: GET /api/nominations?campaignId=…");
        }

        if (!Ids.LooksValid(campaignId) || await campaigns.FindAsync(campaignId, ct) is not { } listed || (caller.Role == Role.Organiser && !caller.Organises(listed)))
        {
            return Problems.NotFound($"There is no campaign '{campaignId}'.");
        }

        var unit = caller.Role == Role.Organiser ? null : NominationStore.UnitKey(caller.UnitName ?? string.Empty, caller.ProvinceCode ?? string.Empty);
        var list = await nominations.ListByCampaignAsync(campaignId, unit, ct);
        return Results.Json(list, AwardsJson.Options);
    }

    /// <summary><c>GET /api/nominations/{id}</c>: status, current stage, documents, history.</summary>
    public async Task<IResult> GetAsync(HttpContext http, string id)
    {
        var ct = http.RequestAborted;
        var (nomination, problem) = await FindVisibleAsync(http, id, ct);
        if (nomination is null)
        {
            return problem!;
        }

        var campaign = await campaigns.FindAsync(nomination.CampaignId, ct);
        return Results.Json(await ViewAsync(nomination, campaign!, ct), AwardsJson.Options);
    }

    /// <summary>
    /// <c>PUT /api/nominations/{id}/documents/{documentType}</c>: the raw file as the body, its
    /// name in Content-Disposition. The content is validated while it streams into staged
    /// blocks, committed only when accepted, then recorded as a new version; a refused or
    /// failed upload leaves no blob, row or version behind (see <see cref="DocumentUploads"/>).
    /// </summary>
    public Task<IResult> UploadDocumentAsync(HttpContext http, string id, string documentType) =>
        documents.UploadAsync(http, id, documentType);

    /// <summary><c>POST /api/nominations/{id}/submit</c>: refuses an incomplete dossier, a closed intake or a full quota; otherwise starts the review.</summary>
    public async Task<IResult> SubmitAsync(HttpContext http, DurableTaskClient client, string id)
    {
        var ct = http.RequestAborted;
        var (nomination, problem) = await FindVisibleAsync(http, id, ct);
        if (nomination is null)
        {
            return problem!;
        }

        var caller = (Caller)http.Items[typeof(Caller)]!;
        var campaign = (await campaigns.FindAsync(nomination.CampaignId, ct))!;

        // A submit whose orchestration did not start (the process died in between) may be sent
        // again; so may a resubmission after a dossier-check return whose event was lost.
        if (nomination.Status == NominationStatus.InReview && nomination.Round == 0)
        {
            if (await client.GetInstanceAsync(nomination.Id, ct) is null)
            {
                await Submissions.StartAsync(nomination, client, ct);
            }
            else
            {
                await delivery.RedeliverNowAsync(client, nomination.Id, ct);
            }

            return Results.Json(await ViewAsync(nomination, campaign, ct), AwardsJson.Options, statusCode: StatusCodes.Status202Accepted);
        }

        if (nomination.Status != NominationStatus.Draft)
        {
            return Problems.Conflict($"The nomination was already submitted; it is {NominationChanges.Describe(nomination.Status)}.");
        }

        var (submit, badBody) = await ReadSubmitAsync(http.Request, ct);
        if (submit is null)
        {
            return badBody!;
        }

        var justifications = string.IsNullOrWhiteSpace(submit.DuplicateJustification)
            ? new Dictionary<string, string>()
            : new Dictionary<string, string> { [nomination.Id] = VietnameseText.Normalize(submit.DuplicateJustification)! };
        var proposal = (await proposals.FindAsync(nomination.ProposalId, ct))!;
        if (await submissions.CheckAsync(campaign, proposal, [nomination], justifications, ct) is { } refusal)
        {
            return Refused(refusal);
        }

        await submissions.SubmitAsync(campaign, proposal, [nomination], justifications, caller.Email, client, ct);
        nomination = (await nominations.FindAsync(nomination.Id, ct))!;
        return Results.Json(await ViewAsync(nomination, campaign, ct), AwardsJson.Options, statusCode: StatusCodes.Status202Accepted);
    }

    /// <summary><c>POST /api/nominations/{id}/resubmit</c>: after a return, with the dossier supplemented (the rules: <see cref="NominationChanges.ResubmitAsync"/>).</summary>
    public async Task<IResult> ResubmitAsync(HttpContext http, DurableTaskClient client, string id)
    {
        var ct = http.RequestAborted;
        var (nomination, problem) = await FindVisibleAsync(http, id, ct);
        if (nomination is null)
        {
            return problem!;
        }

        var caller = (Caller)http.Items[typeof(Caller)]!;
        return await AnswerAsync(await changes.ResubmitAsync(nomination, caller.Email, client, ct), StatusCodes.Status202Accepted, ct);
    }

    /// <summary><c>POST /api/nominations/{id}/withdraw</c>: the nominating unit withdraws a nomination not yet decided (body: reason).</summary>
    public Task<IResult> WithdrawAsync(HttpContext http, DurableTaskClient client, string id) => CloseAsync(http, client, id, DecisionOutcome.Withdraw);

    /// <summary><c>POST /api/nominations/{id}/cancel</c>: an organiser cancels a nomination not yet decided (body: reason).</summary>
    public Task<IResult> CancelAsync(HttpContext http, DurableTaskClient client, string id) => CloseAsync(http, client, id, DecisionOutcome.Cancel);

    /// <summary>Request body of a withdrawal or cancellation.</summary>
    /// <param name="Reason">Why; required.</param>
    public sealed record CloseRequest(string Reason);

    private async Task<IResult> CloseAsync(HttpContext http, DurableTaskClient client, string id, DecisionOutcome outcome)
    {
        var ct = http.RequestAborted;
        var (nomination, problem) = await FindVisibleAsync(http, id, ct);
        if (nomination is null)
        {
            return problem!;
        }

        var caller = (Caller)http.Items[typeof(Caller)]!;
        if (outcome == DecisionOutcome.Withdraw && caller.Role != Role.Nominator)
        {
            return Problems.Forbidden("Only the nominating unit withdraws its nomination; organisers cancel (POST …/cancel).");
        }

        if (outcome == DecisionOutcome.Cancel && caller.Role != Role.Organiser)
        {
            return Problems.Forbidden("Only organisers cancel a nomination; the nominating unit withdraws it (POST …/withdraw).");
        }

        var (body, bad) = await JsonBody.ReadAsync<CloseRequest>(http.Request, 16 * 1024, ct);
        if (body is null)
        {
            return bad!;
        }

        return await AnswerAsync(await changes.CloseAsync(nomination, caller, outcome, body.Reason, client, ct), StatusCodes.Status200OK, ct);
    }

    // A change's answer: the nomination's view with the status given, or the refusal as a problem document.
    private async Task<IResult> AnswerAsync(ChangeResult result, int status, CancellationToken ct)
    {
        if (result.Nomination is { } changed)
        {
            var campaign = (await campaigns.FindAsync(changed.CampaignId, ct))!;
            return Results.Json(await ViewAsync(changed, campaign, ct), AwardsJson.Options, statusCode: status);
        }

        var refusal = result.Refusal!;
        return refusal.Kind switch
        {
            ChangeRefusalKind.Incomplete => Refused(refusal.Incomplete!),
            ChangeRefusalKind.ReasonRequired => Problems.Field("reason", refusal.Detail),
            _ => Problems.Conflict(refusal.Detail),
        };
    }

    /// <summary>
    /// <c>POST /api/nominations/{id}/retry</c> (organisers): a workflow stopped for attention (a step
    /// that kept failing, see the nomination's <c>attention</c>) goes on from the step that stopped,
    /// once the cause is fixed; a workflow that ended in failure outright is started again at the
    /// stage round it was in, keeping every decision made.
    /// </summary>
    public async Task<IResult> RetryAsync(HttpContext http, DurableTaskClient client, string id)
    {
        var ct = http.RequestAborted;
        var (nomination, problem) = await FindVisibleAsync(http, id, ct);
        if (nomination is null)
        {
            return problem!;
        }

        var caller = (Caller)http.Items[typeof(Caller)]!;
        if (caller.Role != Role.Organiser)
        {
            return Problems.Forbidden("Only organisers retry a stopped workflow.");
        }

        if (await retries.RetryAsync(nomination, caller.Email, client, ct) == RetryOutcome.NothingToRetry)
        {
            return Problems.Conflict("The nomination's workflow has not stopped: there is nothing to retry.");
        }

        var campaign = (await campaigns.FindAsync(nomination.CampaignId, ct))!;
        return Results.Json(await ViewAsync(nomination, campaign, ct), AwardsJson.Options, statusCode: StatusCodes.Status202Accepted);
    }

    /// <summary>The problem document for a refused submission.</summary>
    internal static IResult Refused(SubmitRefusal refusal)
    {
        var extensions = new Dictionary<string, object?>();
        if (refusal.MissingDocuments is not null)
        {
            extensions["missingDocuments"] = refusal.MissingDocuments.SelectMany(kv => kv.Value).Distinct().ToArray();
            extensions["missingByNomination"] = refusal.MissingDocuments;
        }

        if (refusal.Duplicates is not null)
        {
            extensions["possibleDuplicates"] = refusal.Duplicates;
        }

        return Problems.Of(refusal.Duplicates is null ? StatusCodes.Status422UnprocessableEntity : StatusCodes.Status409Conflict, refusal.Title, refusal.Detail, extensions);
    }

    private async Task<(Nomination? Nomination, IResult? Problem)> FindVisibleAsync(HttpContext http, string id, CancellationToken ct)
    {
        var (nomination, caller, problem) = await visible.FindAsync(http, id, ct);
        http.Items[typeof(Caller)] = caller;
        return (nomination, problem);
    }

    private async Task<NominationView> ViewAsync(Nomination nomination, Campaign campaign, CancellationToken ct)
    {
        var documents = await nominations.ListDocumentsAsync(nomination.Id, ct);
        var history = await nominations.ListAuditAsync(nomination.Id, ct);
        return new NominationView(
            nomination,
            nomination.CurrentStage is null ? null : campaign.FindStage(nomination.CurrentStage)?.NameVi,
            [.. documents.Select(DocumentView.Of)],
            [.. DossierChecklist.Missing(campaign, nomination.Kind, documents).Select(m => m.Type)],
            history,
            nomination.Status == NominationStatus.Draft ? await nomineeIndex.FindAsync(nomination, ct) : []);
    }

    /// <summary>Reads a submit's optional body (justifications for likely duplicates).</summary>
    internal static async Task<(SubmitRequest? Body, IResult? Problem)> ReadSubmitAsync(HttpRequest request, CancellationToken ct)
    {
        // No body (or an empty one, whatever its declared type) means no justifications.
        if (request.ContentLength == 0 || (request.ContentLength is null && request.ContentType is null))
        {
            return (new SubmitRequest(null, null), null);
        }

        var (body, problem) = await JsonBody.ReadAsync<SubmitRequest>(request, 512 * 1024, ct);
        if (body is null)
        {
            return (null, problem);
        }

        var all = (body.Justifications ?? []).Values.Append(body.DuplicateJustification ?? string.Empty);
        return all.Any(ProposalService.IsTooLong)
            ? (null, Problems.Field("justifications", $"A justification has at most {WrittenReason.MaxLength} characters."))
            : (body, null);
    }
}
