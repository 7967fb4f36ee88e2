using System.Globalization;
using Awards.Documents;
using Awards.Domain;
using Awards.Security;
using Awards.Storage;
using Awards.Web.Api;
using Awards.Web.Pages.Workspace;
using Awards.Web.Resources;
using Awards.Workflow;
using Awards.Workflow.Activities;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Awards.Web.Pages;

/// <summary>
/// The nominating unit's workspace, proposals half: <c>/unit</c> (its proposals of every
/// campaign), <c>/unit/proposals/new</c> and <c>POST /unit/proposals</c> (start one),
/// <c>/unit/proposals/{id}</c> (cover documents, nominees, adding and importing nominees,
/// templates, submit and resubmit) and the forms' POST routes, and the campaign's templates.
/// Every rule is the API's (<see cref="ProposalService"/>, <see cref="NomineeRules"/>,
/// <see cref="DocumentUploads"/>); these handlers only read forms and answer with pages: a
/// success redirects (Post/Redirect/Get), a refusal shows the page again with each error at its
/// field. Signed-in units (session cookie) and unit keys (Bearer) alike; a GET without either
/// goes to <c>/signin</c>.
/// </summary>
public sealed class ProposalPages(
    Authenticator auth,
    ProposalService service,
    ProposalStore proposals,
    CampaignStore campaigns,
    NominationStore nominations,
    NomineeIndex nomineeIndex,
    DocumentUploads uploads,
    DocumentReads reads,
    CampaignTemplateApi templates,
    PageRenderer pages,
    IOptions<AwardsOptions> awards,
    TimeProvider time)
{
    // The page's forms carry a few short fields (and justifications for likely duplicates).
    private const int MaxFormBytes = 512 * 1024;

    // What a multipart body adds around its file: boundaries and part headers.
    private const long MultipartOverhead = 64 * 1024;

    // Reads of several nominees' documents at once, as the API's submit does.
    private const int Parallelism = 8;

    private const string NomineeForm = "nominee";

    /// <summary><c>GET /unit</c>: the unit's proposals of every campaign, newest first, with each one's progress and what it lacks.</summary>
    public async Task<IResult> HomeAsync(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        var ct = http.RequestAborted;
        var (unit, refusal) = await UnitAsync(http);
        if (unit is null)
        {
            return refusal!;
        }

        var listed = await proposals.ListByUnitAsync(unit.UnitName!, unit.ProvinceCode!, ct);
        var byCampaign = new Dictionary<string, (Campaign Campaign, ILookup<string, Nomination> Nominees)>(StringComparer.Ordinal);
        foreach (var campaignId in listed.Select(p => p.CampaignId).Distinct(StringComparer.Ordinal))
        {
            // One read of the campaign's nominations of this unit, whatever its number of proposals.
            var campaign = await campaigns.FindAsync(campaignId, ct);
            var nominees = await nominations.ListByCampaignAsync(campaignId, NominationStore.UnitKey(unit.UnitName!, unit.ProvinceCode!), ct);
            if (campaign is not null)
            {
                byCampaign[campaignId] = (campaign, nominees.ToLookup(n => n.ProposalId, StringComparer.Ordinal));
            }
        }

        var summaries = new ProposalSummary?[listed.Count];
        await Parallel.ForAsync(0, listed.Count, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = ct }, async (i, token) =>
        {
            var proposal = listed[i];
            if (!byCampaign.TryGetValue(proposal.CampaignId, out var found))
            {
                return;
            }

            var nominees = found.Nominees[proposal.Id].ToList();
            var open = nominees.Where(n => n.DossierOpen).ToList();

            // Only an open dossier can lack anything: a proposal all in review or decided needs no reads.
            IReadOnlyList<DocumentRequirement> cover = [];
            if (nominees.Count == 0 || open.Count > 0)
            {
                cover = DossierChecklist.MissingForProposal(found.Campaign, await nominations.ListDocumentsAsync(proposal.Id, token));
            }

            var lacking = 0;
            foreach (var n in open)
            {
                lacking += DossierChecklist.Missing(found.Campaign, n.Kind, await nominations.ListDocumentsAsync(n.Id, token)).Count > 0 ? 1 : 0;
            }

            summaries[i] = new ProposalSummary(proposal, found.Campaign, nominees, cover, lacking);
        });

        return await pages.PageAsync<UnitHomePage>(http, StatusCodes.Status200OK, new Dictionary<string, object?>
        {
            [nameof(UnitHomePage.UnitName)] = unit.UnitName,
            [nameof(UnitHomePage.ProvinceCode)] = unit.ProvinceCode,
            [nameof(UnitHomePage.Proposals)] = summaries.OfType<ProposalSummary>().ToList(),
        }, signedIn: unit.UnitName);
    }

    /// <summary><c>GET /unit/proposals/new</c>: the campaigns open to the unit's province and the proposal letter's title.</summary>
    public async Task<IResult> NewAsync(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        var (unit, refusal) = await UnitAsync(http);
        return unit is null ? refusal! : await NewPageAsync(http, unit, StatusCodes.Status200OK, FormState.None);
    }

    /// <summary><c>POST /unit/proposals</c> (<c>campaignId</c>, <c>title</c>): starts the proposal and goes to its page.</summary>
    public async Task<IResult> CreateAsync(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        var ct = http.RequestAborted;
        var (unit, refusal) = await UnitAsync(http);
        if (unit is null)
        {
            return refusal!;
        }

        var form = await ReadFormAsync(http);
        if (form is null)
        {
            return await NewPageAsync(http, unit, StatusCodes.Status400BadRequest, Unreadable("create"));
        }

        var values = Values(form, "campaignId", "title");
        var (proposal, errors) = await service.CreateAsync(unit, values["campaignId"], values["title"], ct);
        if (proposal is null)
        {
            var shown = errors.Keys.ToDictionary(
                k => k,
                k => k switch
                {
                    "campaignId" => WorkspaceTexts.ErrorCampaign,
                    "title" => Texts.Format(WorkspaceTexts.ErrorTitle, ProposalService.MaxTitleLength),
                    _ => errors[k][0],
                },
                StringComparer.Ordinal);
            return await NewPageAsync(http, unit, StatusCodes.Status400BadRequest, new FormState("create", values, shown));
        }

        return Html.SeeOther(http, $"/unit/proposals/{proposal.Id}?done=created");
    }

    /// <summary><c>GET /unit/proposals/{id}</c>: the proposal's page.</summary>
    public async Task<IResult> ShowAsync(HttpContext http, string id)
    {
        ArgumentNullException.ThrowIfNull(http);
        var (access, refusal) = await ProposalAsync(http, id);
        return access is null ? refusal! : await ProposalPageAsync(http, StatusCodes.Status200OK, access, FormState.None, null, NoticeOf(http.Request.Query));
    }

    /// <summary>
    /// <c>GET /unit/proposals/{id}/documents/{documentType}/{version}</c>: opens a cover document's
    /// version — the read is logged, then the browser goes to a link that works for minutes.
    /// </summary>
    public async Task<IResult> OpenDocumentAsync(HttpContext http, string id, string documentType, string version)
    {
        ArgumentNullException.ThrowIfNull(http);
        var ct = http.RequestAborted;
        var (access, refusal) = await ProposalAsync(http, id);
        if (access is null)
        {
            return refusal!;
        }

        var wanted = int.TryParse(version, NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            ? (await nominations.ListDocumentsAsync(access.Proposal.Id, ct)).FirstOrDefault(d => d.Type == documentType && d.Version == number)
            : null;
        if (wanted is null)
        {
            return await MessageAsync(http, StatusCodes.Status404NotFound, WorkspaceTexts.NotFoundTitle, WorkspaceTexts.DocumentNotFound, signIn: false, access.Caller);
        }

        return await LinkAsync(http, await reads.OpenAsync(access.Proposal.Id, wanted, access.Caller.Email, ct));
    }

    /// <summary>
    /// <c>POST /unit/proposals/{id}/documents/{documentType}</c> (multipart, field <c>file</c>): the
    /// upload form's own route, used when the upload script is not running. The file streams from
    /// the form straight into <see cref="DocumentUploads"/>, with every check of
    /// <c>PUT /api/proposals/{id}/documents/{documentType}</c>.
    /// </summary>
    public async Task<IResult> UploadDocumentAsync(HttpContext http, string id, string documentType)
    {
        ArgumentNullException.ThrowIfNull(http);
        var ct = http.RequestAborted;
        var (access, refusal) = await ProposalAsync(http, id);
        if (access is null)
        {
            return refusal!;
        }

        var requirement = access.Campaign.ProposalDocuments.FirstOrDefault(d => d.Type == documentType);
        if (requirement is null)
        {
            return await MessageAsync(http, StatusCodes.Status404NotFound, WorkspaceTexts.NotFoundTitle, WorkspaceTexts.DocumentNotFound, signIn: false, access.Caller);
        }

        FormState Refused(string message) => new("document", new Dictionary<string, string>(), new Dictionary<string, string> { ["file"] = message }, documentType);
        if (await service.CoverFrozenByAsync(access.Proposal, ct) is > 0 and var inReview)
        {
            return await ProposalPageAsync(http, StatusCodes.Status409Conflict, access, Refused(Texts.Format(WorkspaceTexts.CoverFrozen, inReview)));
        }

        // The file part streams through every check of the PUT (DocumentUploads, one implementation).
        var limit = uploads.SingleRequestLimit(requirement);
        var outcome = await uploads.UploadFormFileAsync(http.Request, access.Proposal.Id, requirement, access.Caller.Email, ct);
        if (outcome.Document is not null)
        {
            return Html.SeeOther(http, $"/unit/proposals/{access.Proposal.Id}?done=uploaded#document-{documentType}");
        }

        var why = outcome.Refusal!;
        var message = why.Kind switch
        {
            UploadRefusalKind.NoFile => WorkspaceTexts.ChooseFileFirst,
            UploadRefusalKind.Empty => WorkspaceTexts.FileEmpty,
            UploadRefusalKind.FileName => WorkspaceTexts.FileNameRefused,
            UploadRefusalKind.Unreadable => SiteTexts.UnreadableForm,
            UploadRefusalKind.TooLarge => Texts.Format(WorkspaceTexts.FileTooLarge, WorkspaceLabels.Size(limit)),
            UploadRefusalKind.WrongType or UploadRefusalKind.ContentType => Texts.Format(WorkspaceTexts.FileWrongType, WorkspaceLabels.Formats(requirement)),

            // The content checks write their reasons in both languages.
            _ => Texts.Format(WorkspaceTexts.FileRefused, Vietnamese(http) && why.DetailVi is { } vi ? vi : why.Detail),
        };
        return await ProposalPageAsync(http, why.Status, access, Refused(message));
    }

    /// <summary><c>POST /unit/proposals/{id}/nominees</c>: adds one nominee from the page's form, checked by <see cref="NomineeRules"/>.</summary>
    public async Task<IResult> AddNomineeAsync(HttpContext http, string id)
    {
        ArgumentNullException.ThrowIfNull(http);
        var ct = http.RequestAborted;
        var (access, refusal) = await ProposalAsync(http, id);
        if (access is null)
        {
            return refusal!;
        }

        var form = await ReadFormAsync(http);
        if (form is null)
        {
            return await ProposalPageAsync(http, StatusCodes.Status400BadRequest, access, Unreadable(NomineeForm));
        }

        var values = Values(form, "kind", "awardCode", "nomineeName", "dateOfBirth", "position", "achievementSummary");
        NomineeKind? kind = values["kind"] switch
        {
            "collective" => NomineeKind.Collective,
            "individual" => NomineeKind.Individual,
            _ => null,
        };
        var dateText = values["dateOfBirth"].Trim();
        DateOnly? dateOfBirth = DateOnly.TryParseExact(dateText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed) ? parsed : null;
        var request = new CreateNominationRequest(
            access.Campaign.Id, values["awardCode"], kind, values["nomineeName"], dateOfBirth, NullIfEmpty(values["position"]), NullIfEmpty(values["achievementSummary"]), access.Proposal.Id);
        var errors = NomineeRules.Check(access.Campaign, request, access.Caller, time.GetUtcNow());
        if (dateText.Length > 0 && dateOfBirth is null)
        {
            // A date the form's picker would not send: the rule's own message fits it.
            errors["dateOfBirth"] = ["not a date"];
        }

        if (errors.Count > 0)
        {
            return await ProposalPageAsync(http, StatusCodes.Status400BadRequest, access, new FormState(NomineeForm, values, FieldErrors(errors)));
        }

        var nomination = await service.AddNomineeAsync(access.Campaign, access.Proposal, request, access.Caller, null, ct);
        return Html.SeeOther(http, $"/unit/proposals/{access.Proposal.Id}?done=added#nominee-{nomination.Id}");
    }

    /// <summary>
    /// <c>POST /unit/proposals/{id}/import</c> (multipart, field <c>file</c>): imports a nominee list.
    /// All rows good: back to the page (Post/Redirect/Get). Some refused: the page with the report,
    /// row by row — the good rows were created and are listed; fix and import only the others.
    /// </summary>
    public async Task<IResult> ImportAsync(HttpContext http, string id)
    {
        ArgumentNullException.ThrowIfNull(http);
        var ct = http.RequestAborted;
        var (access, refusal) = await ProposalAsync(http, id);
        if (access is null)
        {
            return refusal!;
        }

        FormState Refused(string message) => new("import", new Dictionary<string, string>(), new Dictionary<string, string> { ["file"] = message });
        if (http.Request.ContentLength > NomineeListReader.MaxFileBytes + MultipartOverhead)
        {
            return await ProposalPageAsync(http, StatusCodes.Status413PayloadTooLarge, access, Refused(Texts.Format(WorkspaceTexts.FileTooLarge, WorkspaceLabels.Size(NomineeListReader.MaxFileBytes))));
        }

        NomineeImport import;
        try
        {
            var file = await FileSectionAsync(http.Request, ct);
            if (file is null)
            {
                return await ProposalPageAsync(http, StatusCodes.Status400BadRequest, access, Refused(WorkspaceTexts.ChooseFileFirst));
            }

            import = await service.ImportAsync(access, file.FileStream!, ct);
        }
        catch (Exception e) when (IsUnreadableBody(e, ct))
        {
            return await ProposalPageAsync(http, StatusCodes.Status400BadRequest, access, Refused(SiteTexts.UnreadableForm));
        }

        if (import.Errors.Count == 0 && import.Created.Count > 0)
        {
            return Html.SeeOther(http, string.Create(CultureInfo.InvariantCulture, $"/unit/proposals/{access.Proposal.Id}?done=imported&n={import.Created.Count}#nominees"));
        }

        var report = new ImportReportModel(
            import.Created.Count,
            [.. import.Errors.Select(e => new ImportRowLine(
                e.RowNumber,
                e.Column,
                import.RefusedFields.TryGetValue(e.RowNumber, out var fields) && e.Column is null
                    ? string.Join(" ", fields.Select(f => FieldError(f, e.Message)).Distinct(StringComparer.Ordinal))
                    : e.Message))]);
        var (status, message) = import.Format is null
            ? (StatusCodes.Status400BadRequest, WorkspaceTexts.ImportUnreadable)
            : import.Created.Count == 0
                ? (StatusCodes.Status400BadRequest, WorkspaceTexts.ImportNothingCreated)
                : (StatusCodes.Status422UnprocessableEntity, Texts.Format(WorkspaceTexts.ImportSomeRefused, import.Created.Count));
        return await ProposalPageAsync(http, status, access, Refused(message), report);
    }

    /// <summary>
    /// <c>POST /unit/proposals/{id}/submit</c> (fields <c>justification.{nominationId}</c> for likely
    /// duplicates): submits every draft nominee as one wave, under the API's rules.
    /// </summary>
    public async Task<IResult> SubmitAsync(HttpContext http, DurableTaskClient client, string id)
    {
        ArgumentNullException.ThrowIfNull(http);
        var ct = http.RequestAborted;
        var (access, refusal) = await ProposalAsync(http, id);
        if (access is null)
        {
            return refusal!;
        }

        const string Form = "submit";
        const string Prefix = "justification.";
        var form = await ReadFormAsync(http);
        if (form is null)
        {
            return await ProposalPageAsync(http, StatusCodes.Status400BadRequest, access, Unreadable(Form));
        }

        var values = form.Keys.Where(k => k.StartsWith(Prefix, StringComparison.Ordinal)).ToDictionary(k => k, k => form[k].ToString(), StringComparer.Ordinal);
        var tooLong = values.Where(kv => ProposalService.IsTooLong(kv.Value)).ToDictionary(kv => kv.Key, _ => Texts.Format(WorkspaceTexts.JustificationTooLong, WrittenReason.MaxLength), StringComparer.Ordinal);
        if (tooLong.Count > 0)
        {
            return await ProposalPageAsync(http, StatusCodes.Status400BadRequest, access, new FormState(Form, values, tooLong));
        }

        var justifications = values.Where(kv => !string.IsNullOrWhiteSpace(kv.Value)).ToDictionary(kv => kv.Key[Prefix.Length..], kv => kv.Value, StringComparer.Ordinal);
        var outcome = await service.SubmitAsync(access, justifications, client, ct);
        switch (outcome.Status)
        {
            case SubmitStatus.Submitted:
                return Html.SeeOther(http, $"/unit/proposals/{access.Proposal.Id}?done=submitted#nominees");
            case SubmitStatus.NothingToSubmit:
                return await ProposalPageAsync(http, StatusCodes.Status409Conflict, access, General(Form, values, WorkspaceTexts.NothingToSubmit));
            default:
                var refused = outcome.Refusal!;
                if (refused.Kind == SubmitRefusalKind.Duplicates && refused.Duplicates is { } duplicates)
                {
                    var errors = duplicates.Keys.ToDictionary(k => Prefix + k, _ => WorkspaceTexts.JustificationNeeded, StringComparer.Ordinal);
                    errors[string.Empty] = WorkspaceTexts.DuplicatesNeedJustification;
                    return await ProposalPageAsync(http, StatusCodes.Status409Conflict, access, new FormState(Form, values, errors));
                }

                return await ProposalPageAsync(http, StatusCodes.Status422UnprocessableEntity, access, General(Form, values, RefusalText(access.Campaign, refused)));
        }
    }

    /// <summary><c>POST /unit/proposals/{id}/resubmit</c>: every nominee returned for supplement goes back as one wave, once its dossier is complete.</summary>
    public async Task<IResult> ResubmitAsync(HttpContext http, DurableTaskClient client, string id)
    {
        ArgumentNullException.ThrowIfNull(http);
        var ct = http.RequestAborted;
        var (access, refusal) = await ProposalAsync(http, id);
        if (access is null)
        {
            return refusal!;
        }

        const string Form = "resubmit";
        var none = new Dictionary<string, string>();
        var outcome = await service.ResubmitAsync(access, client, ct);
        return outcome.Status switch
        {
            SubmitStatus.Submitted => Html.SeeOther(http, $"/unit/proposals/{access.Proposal.Id}?done=resubmitted#nominees"),
            SubmitStatus.NothingToSubmit => await ProposalPageAsync(http, StatusCodes.Status409Conflict, access, General(Form, none, WorkspaceTexts.NothingToResubmit)),
            _ => await ProposalPageAsync(http, StatusCodes.Status422UnprocessableEntity, access, General(Form, none, RefusalText(access.Campaign, outcome.Refusal!))),
        };
    }

    /// <summary>
    /// <c>GET /unit/campaigns/{campaignId}/templates/{name}</c>: the nominee list template made from
    /// the import's own headers (<c>danh-sach-de-nghi.csv</c>, UTF-8 with BOM; <c>danh-sach-de-nghi.xlsx</c>),
    /// or the organiser's template for a document type (the download is logged), for units of the campaign's provinces.
    /// </summary>
    public async Task<IResult> TemplateAsync(HttpContext http, string campaignId, string name)
    {
        ArgumentNullException.ThrowIfNull(http);
        var ct = http.RequestAborted;
        var (unit, refusal) = await UnitAsync(http);
        if (unit is null)
        {
            return refusal!;
        }

        var campaign = Ids.LooksValid(campaignId) ? await campaigns.FindAsync(campaignId, ct) : null;
        if (campaign is not null && campaign.Provinces.Any(p => p.Code == unit.ProvinceCode))
        {
            switch (name)
            {
                case NomineeListTemplate.CsvName:
                    return Download(http, NomineeListTemplate.Csv(), "text/csv; charset=utf-8", name);
                case NomineeListTemplate.XlsxName:
                    return Download(http, NomineeListTemplate.Xlsx(campaign), NomineeListTemplate.XlsxMediaType, name);
                default:
                    if (await templates.OpenAsync(campaign, name, unit.Email, ct) is { } link)
                    {
                        return await LinkAsync(http, link);
                    }

                    break;
            }
        }

        return await MessageAsync(http, StatusCodes.Status404NotFound, WorkspaceTexts.NotFoundTitle, WorkspaceTexts.TemplateNotFound, signIn: false, unit);
    }

    // The caller when it is a nominating unit. Otherwise what to answer: a GET without a sign-in
    // goes to the sign-in page; a POST is told to sign in; a request from another site (the
    // Authenticator's CSRF check), an organiser's key or a revoked one is refused with a page.
    private async Task<(Caller? Unit, IResult? Refusal)> UnitAsync(HttpContext http)
    {
        var (caller, denied) = await auth.AuthenticateAsync(http.Request, http.RequestAborted);
        if (caller is null)
        {
            if (denied is IStatusCodeHttpResult { StatusCode: StatusCodes.Status403Forbidden })
            {
                return (null, await MessageAsync(http, StatusCodes.Status403Forbidden, SiteTexts.RequestRefused, SiteTexts.CrossSiteRefused, signIn: false, null));
            }

            return HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method)
                ? (null, Html.SeeOther(http, "/signin"))
                : (null, await MessageAsync(http, StatusCodes.Status401Unauthorized, WorkspaceTexts.SignInTitle, WorkspaceTexts.SignInNeeded, signIn: true, null));
        }

        if (caller.Role != Role.Nominator || caller.UnitName is null || caller.ProvinceCode is null)
        {
            return (null, await MessageAsync(http, StatusCodes.Status403Forbidden, WorkspaceTexts.NotAUnitTitle, WorkspaceTexts.NotAUnit, signIn: false, null));
        }

        return (caller, null);
    }

    // The proposal when it is the signed-in unit's; another unit's reads as not there (404).
    private async Task<(ProposalAccess? Access, IResult? Refusal)> ProposalAsync(HttpContext http, string id)
    {
        var (unit, refusal) = await UnitAsync(http);
        if (unit is null)
        {
            return (null, refusal);
        }

        var access = await service.FindAsync(unit, id, reading: true, http.RequestAborted);
        return access is null
            ? (null, await MessageAsync(http, StatusCodes.Status404NotFound, WorkspaceTexts.NotFoundTitle, WorkspaceTexts.ProposalNotFound, signIn: false, unit))
            : (access, null);
    }

    private async Task<IResult> NewPageAsync(HttpContext http, Caller unit, int status, FormState form)
    {
        var now = time.GetUtcNow();
        var open = await campaigns.ListOpenAsync(unit.ProvinceCode!, now, http.RequestAborted);
        return await pages.PageAsync<NewProposalPage>(http, status, new Dictionary<string, object?>
        {
            [nameof(NewProposalPage.Model)] = new NewProposalModel(open, now, form),
        }, signedIn: unit.UnitName, returnTo: "/unit/proposals/new");
    }

    private async Task<IResult> ProposalPageAsync(HttpContext http, int status, ProposalAccess access, FormState form, ImportReportModel? report = null, string? notice = null)
    {
        var model = await ModelAsync(access, PageLanguage.Of(http.Request), http.RequestAborted);
        return await pages.PageAsync<ProposalPage>(http, status, new Dictionary<string, object?>
        {
            [nameof(ProposalPage.Model)] = model,
            [nameof(ProposalPage.Form)] = form,
            [nameof(ProposalPage.Report)] = report,
            [nameof(ProposalPage.Notice)] = notice,
        }, signedIn: access.Caller.UnitName, returnTo: HttpMethods.IsGet(http.Request.Method) ? null : $"/unit/proposals/{access.Proposal.Id}");
    }

    // Everything the proposal's page shows: reads of the proposal's documents, its nominees and the
    // campaign's templates at once, then each open dossier's documents and each draft's likely duplicates.
    private async Task<ProposalPageModel> ModelAsync(ProposalAccess access, Language language, CancellationToken ct)
    {
        var (proposal, campaign, _) = access;
        var documentsRead = nominations.ListDocumentsAsync(proposal.Id, ct);
        var nomineesRead = nominations.ListByProposalAsync(campaign.Id, proposal.Id, ct);
        var templatesRead = templates.ListAsync(campaign, ct);
        await Task.WhenAll(documentsRead, nomineesRead, templatesRead);
        var documents = await documentsRead;
        var nominees = await nomineesRead;

        var lines = new NomineeLine[nominees.Count];
        await Parallel.ForAsync(0, nominees.Count, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = ct }, async (i, token) =>
        {
            var n = nominees[i];
            IReadOnlyList<DocumentRequirement> missing = n.DossierOpen ? DossierChecklist.Missing(campaign, n.Kind, await nominations.ListDocumentsAsync(n.Id, token)) : [];
            IReadOnlyList<DuplicateMatch> duplicates = n.Status == NominationStatus.Draft ? await nomineeIndex.FindAsync(n, token) : [];
            lines[i] = new NomineeLine(n, missing, duplicates);
        });

        var links = new List<TemplateLink>
        {
            new(WorkspaceTexts.NomineeListTemplate, TemplateHref(campaign, NomineeListTemplate.XlsxName), "XLSX"),
            new(WorkspaceTexts.NomineeListTemplate, TemplateHref(campaign, NomineeListTemplate.CsvName), "CSV"),
        };
        links.AddRange((await templatesRead).Select(t => new TemplateLink(
            WorkspaceLabels.Label(campaign.Documents.First(d => d.Type == t.Type), language),
            TemplateHref(campaign, t.Type),
            t.Format is { } f ? DocumentInspector.ShortName(f) : t.ContentType)));

        return new ProposalPageModel(
            proposal,
            campaign,
            [.. campaign.ProposalDocuments.Select(r => new CoverDocument(r, [.. documents.Where(d => d.Type == r.Type).OrderBy(d => d.Version)], uploads.SingleRequestLimit(r)))],
            ProposalService.CoverFrozenBy(nominees),
            lines,
            links,
            awards.Value.MaxDocumentBytes,
            DateOnly.FromDateTime(VietnamTime.ToLocal(time.GetUtcNow()).DateTime));
    }

    private static string TemplateHref(Campaign campaign, string name) => $"/unit/campaigns/{campaign.Id}/templates/{Uri.EscapeDataString(name)}";

    private async Task<IResult> MessageAsync(HttpContext http, int status, string title, string message, bool signIn, Caller? signedIn) =>
        await pages.PageAsync<WorkspaceMessagePage>(http, status, new Dictionary<string, object?>
        {
            [nameof(WorkspaceMessagePage.Title)] = title,
            [nameof(WorkspaceMessagePage.Message)] = message,
            [nameof(WorkspaceMessagePage.SignIn)] = signIn,
            [nameof(WorkspaceMessagePage.Back)] = signedIn is not null,
        }, signedIn: signedIn?.UnitName, returnTo: HttpMethods.IsGet(http.Request.Method) ? null : "/unit");

    // A read link is a bearer credential for minutes: kept out of caches and Referer headers.
    private static Task<IResult> LinkAsync(HttpContext http, Uri link)
    {
        http.Response.Headers.CacheControl = "no-store";
        http.Response.Headers["Referrer-Policy"] = "no-referrer";
        return Task.FromResult(Results.Redirect(link.AbsoluteUri));
    }

    private static IResult Download(HttpContext http, byte[] content, string contentType, string fileName)
    {
        http.Response.Headers.ContentDisposition = ContentDisposition.Attachment(fileName);
        http.Response.Headers["X-Content-Type-Options"] = "nosniff";
        return Results.Bytes(content, contentType);
    }

    private static async Task<IFormCollection?> ReadFormAsync(HttpContext http) =>
        http.Request.HasFormContentType && http.Request.ContentLength is >= 0 and <= MaxFormBytes
            ? await FormBody.TryReadAsync(http.Request, http.RequestAborted)
            : null;

    private static Dictionary<string, string> Values(IFormCollection form, params string[] fields) =>
        fields.ToDictionary(f => f, f => form[f].ToString(), StringComparer.Ordinal);

    private static string? NullIfEmpty(string value) => string.IsNullOrWhiteSpace(value) ? null : value;

    private static FormState Unreadable(string form) => General(form, new Dictionary<string, string>(), SiteTexts.UnreadableForm);

    private static FormState General(string form, IReadOnlyDictionary<string, string> values, string message) =>
        new(form, values, new Dictionary<string, string> { [string.Empty] = message });

    // The rules' fields (NomineeRules) in the page's words; one the page does not know keeps the rule's own message.
    private static Dictionary<string, string> FieldErrors(Dictionary<string, string[]> errors)
    {
        var shown = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (field, messages) in errors)
        {
            var key = field is "kind" or "awardCode" or "nomineeName" or "dateOfBirth" or "position" or "achievementSummary" ? field : string.Empty;
            shown[key] = FieldError(field, messages.FirstOrDefault() ?? string.Empty);
        }

        return shown;
    }

    private static string FieldError(string field, string ruleMessage) => field switch
    {
        "kind" => WorkspaceTexts.ErrorKind,
        "awardCode" => WorkspaceTexts.ErrorAward,
        "nomineeName" => Texts.Format(WorkspaceTexts.ErrorName, NomineeRules.MaxNameLength),
        "dateOfBirth" => WorkspaceTexts.ErrorDateOfBirth,
        "position" => Texts.Format(WorkspaceTexts.ErrorPosition, NomineeRules.MaxPositionLength),
        "achievementSummary" => Texts.Format(WorkspaceTexts.ErrorSummary, NomineeRules.MaxSummaryLength),
        "campaignId" => WorkspaceTexts.ErrorCampaign,
        _ => ruleMessage,
    };

    // A submission refusal in the page's words: which rule, and the window or the rule's own detail.
    private static string RefusalText(Campaign campaign, SubmitRefusal refusal) => refusal.Kind switch
    {
        SubmitRefusalKind.Incomplete => WorkspaceTexts.DossierIncomplete,
        SubmitRefusalKind.Intake when campaign.Intake is { } w => Texts.Format(WorkspaceTexts.IntakeClosed, VietnameseText.FormatInstant(w.OpensAt), VietnameseText.FormatInstant(w.ClosesAt)),
        SubmitRefusalKind.Quota => Texts.Format(WorkspaceTexts.QuotaExceeded, refusal.Detail),
        SubmitRefusalKind.Duplicates => WorkspaceTexts.DuplicatesNeedJustification,
        _ => refusal.Detail,
    };

    private static string? NoticeOf(IQueryCollection query) => query["done"].ToString() switch
    {
        "created" => WorkspaceTexts.DoneCreated,
        "uploaded" => WorkspaceTexts.DoneUploaded,
        "added" => WorkspaceTexts.DoneAdded,
        "imported" when int.TryParse(query["n"], NumberStyles.None, CultureInfo.InvariantCulture, out var n) => Texts.Format(WorkspaceTexts.DoneImported, n),
        "submitted" => WorkspaceTexts.DoneSubmitted,
        "resubmitted" => WorkspaceTexts.DoneResubmitted,
        _ => null,
    };

    private static bool Vietnamese(HttpContext http) => PageLanguage.Of(http.Request) == Language.Vi;

    // The part of a multipart form named "file" that carries a file, positioned at its content;
    // null when the form has none. The parts before it are skipped unread.
    private static async Task<FileMultipartSection?> FileSectionAsync(HttpRequest request, CancellationToken ct)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var type)
            || !type.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
            || HeaderUtilities.RemoveQuotes(type.Boundary).Value is not { Length: > 0 and <= 70 } boundary)
        {
            throw new InvalidDataException("The form was not sent as multipart/form-data with a boundary.");
        }

        var reader = new MultipartReader(boundary, request.Body) { HeadersCountLimit = 16, HeadersLengthLimit = 16 * 1024 };
        while (await reader.ReadNextSectionAsync(ct) is { } section)
        {
            if (section.AsFileSection() is { Name: "file", FileStream: not null } file && !string.IsNullOrEmpty(file.FileName))
            {
                return file;
            }
        }

        return null;
    }

    // A form body that does not parse — not multipart, a broken part, one cut off — is the client's
    // mistake, answered with the page; the client going away is not, and is left to the host.
    private static bool IsUnreadableBody(Exception e, CancellationToken ct) =>
        e is InvalidDataException or BadHttpRequestException || (e is IOException && !ct.IsCancellationRequested);
}
