using System.Globalization;
using Awards.Domain;
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
    CampaignStore campaigns,
    NominationStore nominations,
    ProposalStore proposals,
    DocumentBlobs blobs,
    IOptions<AwardsOptions> options,
    TimeProvider time)
{
    private const int MaxBodyBytes = 64 * 1024;
    private const int MaxContentTypeLength = 200;

    /// <summary><c>POST /api/nominations</c>: a nominator creates a nomination for their unit.</summary>
    public async Task<IResult> CreateAsync(HttpContext http)
    {
        var ct = http.RequestAborted;
        var (caller, denied) = await auth.AuthenticateAsync(http.Request, ct);
        if (caller is null)
        {
            return denied!;
        }

        if (caller.Role != Role.Nominator || caller.UnitName is null || caller.ProvinceCode is null)
        {
            return Problems.Forbidden("Nominations are created with a nominating unit's key (POST /api/keys with role \"nominator\").");
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

        var errors = new Dictionary<string, string[]>();
        var name = VietnameseText.Normalize(body.NomineeName);
        var position = VietnameseText.Normalize(body.Position);
        var summary = VietnameseText.Normalize(body.AchievementSummary);
        if (campaign.FindAward(body.AwardCode ?? string.Empty) is null)
        {
            errors["awardCode"] = [$"The campaign has no award '{body.AwardCode}'. It has: {string.Join(", ", campaign.Awards.Select(a => a.Code))}."];
        }

        if (body.Kind is null)
        {
            errors["kind"] = ["Say whether the nominee is a \"collective\" or an \"individual\"."];
        }

        if (string.IsNullOrEmpty(name) || name.Length > 200)
        {
            errors["nomineeName"] = ["Give the nominee's name (1–200 characters)."];
        }

        if (body.Kind == NomineeKind.Individual)
        {
            var today = DateOnly.FromDateTime(VietnamTime.ToLocal(time.GetUtcNow()).DateTime);
            if (body.DateOfBirth is not { } dob || dob.Year < 1900 || dob >= today)
            {
                errors["dateOfBirth"] = ["Give an individual's date of birth as yyyy-MM-dd, in the past."];
            }
        }
        else if (body.DateOfBirth is not null)
        {
            errors["dateOfBirth"] = ["A collective has no date of birth."];
        }

        if (position?.Length > 200)
        {
            errors["position"] = ["At most 200 characters."];
        }

        if (summary?.Length > 4000)
        {
            errors["achievementSummary"] = ["At most 4000 characters; put the full report in the achievement-report document."];
        }

        if (!campaign.Provinces.Any(p => p.Code == caller.ProvinceCode))
        {
            errors["campaignId"] = [$"Your unit's province '{caller.ProvinceCode}' does not take part in this campaign."];
        }

        Proposal? proposal = null;
        if (body.ProposalId is not null)
        {
            proposal = Ids.LooksValid(body.ProposalId) ? await proposals.FindAsync(campaign.Id, body.ProposalId, ct) : null;
            if (proposal is null || NominationStore.UnitKey(proposal.UnitName, proposal.ProvinceCode) != NominationStore.UnitKey(caller.UnitName, caller.ProvinceCode))
            {
                errors["proposalId"] = [$"Your unit has no proposal '{body.ProposalId}' in this campaign."];
            }
        }

        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }

        var now = time.GetUtcNow();
        if (proposal is null)
        {
            proposal = new Proposal { Id = Ids.New("prop"), CampaignId = campaign.Id, UnitName = caller.UnitName, ProvinceCode = caller.ProvinceCode, NominatorEmail = caller.Email, CreatedAt = now };
            await proposals.AddAsync(proposal, ct);
        }

        var nomination = new Nomination
        {
            Id = Ids.New("nom"),
            CampaignId = campaign.Id,
            AwardCode = body.AwardCode!,
            ProposalId = proposal.Id,
            Kind = body.Kind!.Value,
            NomineeName = name!,
            DateOfBirth = body.DateOfBirth,
            Position = position,
            AchievementSummary = summary,
            UnitName = caller.UnitName,
            ProvinceCode = caller.ProvinceCode,
            NominatorEmail = caller.Email,
            CreatedAt = now,
            UpdatedAt = now,
        };
        await nominations.CreateAsync(nomination, new AuditEntry(now, caller.Email, AuditActions.Created, null, null, $"campaign v{campaign.Version}"), ct);
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

        if (!Ids.LooksValid(campaignId) || await campaigns.FindAsync(campaignId, ct) is null)
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
    /// name in Content-Disposition. Streams to a new blob, then records a new version; an
    /// upload that fails leaves no version behind.
    /// </summary>
    public async Task<IResult> UploadDocumentAsync(HttpContext http, string id, string documentType)
    {
        var ct = http.RequestAborted;
        var (nomination, problem) = await FindVisibleAsync(http, id, ct);
        if (nomination is null)
        {
            return problem!;
        }

        var caller = (Caller)http.Items[typeof(Caller)]!;
        var campaign = (await campaigns.FindAsync(nomination.CampaignId, ct))!;
        var requirement = campaign.DocumentsFor(nomination.Kind).FirstOrDefault(d => d.Type == documentType);
        if (requirement is null)
        {
            return Problems.NotFound($"A {nomination.Kind.ToString().ToLowerInvariant()} nomination has no document type '{documentType}'. The checklist has: {string.Join(", ", campaign.DocumentsFor(nomination.Kind).Select(d => d.Type))}.");
        }

        if (!nomination.DossierOpen)
        {
            return Problems.Conflict($"The dossier is frozen while the nomination is {Describe(nomination.Status)}; documents can change only before submission or after a return for supplement.");
        }

        var (fileName, nameError) = ContentDisposition.ReadFileName(http.Request.Headers.ContentDisposition);
        if (fileName is null)
        {
            return Problems.Field("Content-Disposition", nameError!);
        }

        var contentType = http.Request.ContentType;
        if (string.IsNullOrWhiteSpace(contentType) || contentType.Length > MaxContentTypeLength)
        {
            return Problems.Field("Content-Type", "Send the file's media type in Content-Type, e.g. application/pdf.");
        }

        var max = options.Value.MaxDocumentBytes;
        if (http.Request.ContentLength > max)
        {
            return TooLarge(max);
        }

        if (http.Request.ContentLength == 0)
        {
            return Problems.Field("body", "The file is empty.");
        }

        StoredBlob stored;
        try
        {
            stored = await blobs.UploadAsync($"nominations/{nomination.Id}", http.Request.Body, contentType, max, ct);
        }
        catch (DocumentTooLargeException)
        {
            return TooLarge(max);
        }

        if (stored.Size == 0)
        {
            await blobs.DeleteAsync(stored.BlobName, CancellationToken.None);
            return Problems.Field("body", "The file is empty.");
        }

        try
        {
            for (var attempt = 0; ; attempt++)
            {
                var existing = await nominations.ListDocumentsAsync(nomination.Id, ct);
                var version = existing.Where(d => d.Type == documentType).Select(d => d.Version).DefaultIfEmpty(0).Max() + 1;
                var now = time.GetUtcNow();
                var document = new DocumentVersion
                {
                    Type = documentType,
                    Version = version,
                    FileName = fileName,
                    ContentType = contentType,
                    Size = stored.Size,
                    Sha256 = stored.Sha256,
                    BlobName = stored.BlobName,
                    UploadedBy = caller.Email,
                    UploadedAt = now,
                };
                try
                {
                    await nominations.AddDocumentVersionAsync(nomination.Id, document,
                        new AuditEntry(now, caller.Email, AuditActions.DocumentUploaded, null, null, string.Create(CultureInfo.InvariantCulture, $"{documentType} v{version}: {fileName}")), ct);
                    return Results.Json(DocumentView.Of(document), AwardsJson.Options, statusCode: StatusCodes.Status201Created);
                }
                catch (Azure.Data.Tables.TableTransactionFailedException e) when (e.Status == StatusCodes.Status409Conflict && attempt < 5)
                {
                    // Two uploads of the same type at once: take the next number.
                }
            }
        }
        catch
        {
            // Nothing recorded it: take the blob away again so no orphan stays behind.
            await blobs.DeleteAsync(stored.BlobName, CancellationToken.None);
            throw;
        }
    }

    /// <summary><c>POST /api/nominations/{id}/submit</c>: refuses an incomplete dossier; otherwise starts the review.</summary>
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
        var input = new NominationWorkflowInput(nomination.Id, campaign.Id, campaign.Version);

        // A submit whose orchestration did not start (the process died in between) may be sent again.
        if (nomination.Status == NominationStatus.InReview && nomination.Round == 0)
        {
            if (await client.GetInstanceAsync(nomination.Id, ct) is null)
            {
                await client.ScheduleNewOrchestrationInstanceAsync(nameof(NominationOrchestration), input, new StartOrchestrationOptions(nomination.Id), ct);
            }

            return Results.Json(await ViewAsync(nomination, campaign, ct), AwardsJson.Options, statusCode: StatusCodes.Status202Accepted);
        }

        if (nomination.Status != NominationStatus.Draft)
        {
            return Problems.Conflict($"The nomination was already submitted; it is {Describe(nomination.Status)}.");
        }

        var missing = await MissingAsync(nomination, campaign, ct);
        if (missing is not null)
        {
            return missing;
        }

        try
        {
            (nomination, _) = await nominations.ApplyAsync(
                nomination.Id,
                n => n.Status == NominationStatus.Draft ? n with { Status = NominationStatus.InReview } : throw new NominationStateException("The nomination was submitted meanwhile."),
                new AuditEntry(time.GetUtcNow(), caller.Email, AuditActions.Submitted, null, null, $"campaign v{campaign.Version}"),
                "submitted",
                ct);
        }
        catch (NominationStateException e)
        {
            return Problems.Conflict(e.Message);
        }

        await client.ScheduleNewOrchestrationInstanceAsync(nameof(NominationOrchestration), input, new StartOrchestrationOptions(nomination.Id), ct);
        return Results.Json(await ViewAsync(nomination, campaign, ct), AwardsJson.Options, statusCode: StatusCodes.Status202Accepted);
    }

    /// <summary><c>POST /api/nominations/{id}/resubmit</c>: after a return, with the dossier supplemented.</summary>
    public async Task<IResult> ResubmitAsync(HttpContext http, DurableTaskClient client, string id)
    {
        var ct = http.RequestAborted;
        var (nomination, problem) = await FindVisibleAsync(http, id, ct);
        if (nomination is null)
        {
            return problem!;
        }

        var caller = (Caller)http.Items[typeof(Caller)]!;
        var campaign = (await campaigns.FindAsync(nomination.CampaignId, ct))!;

        // A resubmission whose event was not delivered (the process died in between) may be sent again.
        var retry = nomination.Status == NominationStatus.InReview && nomination.CurrentStage is not null
            && await nominations.FindClaimAsync(nomination.Id, nomination.CurrentStage, nomination.Round, ct) is { Outcome: DecisionOutcome.Return };
        if (!retry)
        {
            if (nomination.Status != NominationStatus.Returned)
            {
                return Problems.Conflict($"Only a nomination returned for supplement can be resubmitted; this one is {Describe(nomination.Status)}.");
            }

            var missing = await MissingAsync(nomination, campaign, ct);
            if (missing is not null)
            {
                return missing;
            }

            var returnedRound = nomination.Round;
            try
            {
                (nomination, _) = await nominations.ApplyAsync(
                    nomination.Id,
                    n => n.Status == NominationStatus.Returned && n.Round == returnedRound
                        ? n with { Status = NominationStatus.InReview }
                        : throw new NominationStateException("The nomination was resubmitted meanwhile."),
                    new AuditEntry(time.GetUtcNow(), caller.Email, AuditActions.Resubmitted, nomination.CurrentStage),
                    string.Create(CultureInfo.InvariantCulture, $"resubmit|{returnedRound}"),
                    ct);
            }
            catch (NominationStateException e)
            {
                return Problems.Conflict(e.Message);
            }
        }

        await client.RaiseEventAsync(nomination.Id, WorkflowEvents.Resubmitted, new Resubmission(nomination.Round, caller.Email, time.GetUtcNow()), ct);
        return Results.Json(await ViewAsync(nomination, campaign, ct), AwardsJson.Options, statusCode: StatusCodes.Status202Accepted);
    }

    private async Task<IResult?> MissingAsync(Nomination nomination, Campaign campaign, CancellationToken ct)
    {
        var missing = DossierChecklist.Missing(campaign, nomination.Kind, await nominations.ListDocumentsAsync(nomination.Id, ct));
        return missing.Count == 0
            ? null
            : Problems.Of(
                StatusCodes.Status422UnprocessableEntity,
                "The dossier is incomplete.",
                "Upload these documents first: " + string.Join("; ", missing.Select(m => $"{m.LabelVi} / {m.LabelEn} ({m.Type})")) + ".",
                new Dictionary<string, object?> { ["missingDocuments"] = missing.Select(m => m.Type).ToArray() });
    }

    private async Task<(Nomination? Nomination, IResult? Problem)> FindVisibleAsync(HttpContext http, string id, CancellationToken ct)
    {
        var (caller, denied) = await auth.AuthenticateAsync(http.Request, ct);
        if (caller is null)
        {
            return (null, denied);
        }

        http.Items[typeof(Caller)] = caller;
        var nomination = Ids.LooksValid(id) ? await nominations.FindAsync(id, ct) : null;

        // Another unit's nomination reads as not found: its existence is not the caller's business.
        if (nomination is null || !caller.MaySee(nomination))
        {
            return (null, Problems.NotFound($"There is no nomination '{id}' that your key may see."));
        }

        return (nomination, null);
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
            history);
    }

    private static IResult TooLarge(long max) =>
        Problems.Of(StatusCodes.Status413PayloadTooLarge, "The file is too large.", $"One upload may carry at most {max} bytes ({max / 1_000_000} MB). Reduce the file (e.g. scan at a lower resolution).");

    private static string Describe(NominationStatus status) => status switch
    {
        NominationStatus.Draft => "still a draft",
        NominationStatus.InReview => "in review",
        NominationStatus.Returned => "returned for supplement",
        NominationStatus.Rejected => "rejected",
        _ => "awarded",
    };
}

/// <summary>A change that the nomination's current state does not allow.</summary>
public sealed class NominationStateException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    public NominationStateException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public NominationStateException()
    {
    }

    /// <summary>Creates the exception.</summary>
    public NominationStateException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
