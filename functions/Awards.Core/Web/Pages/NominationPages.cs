using Awards.Domain;
using Awards.Security;
using Awards.Storage;
using Awards.Web.Api;
using Awards.Web.Pages.Nominations;
using Awards.Web.Resources;
using Awards.Workflow;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;

namespace Awards.Web.Pages;

/// <summary>
/// The nominee page of a signed-in unit, <c>/unit/nominations/{id}</c>: a return's reason first,
/// the nominee's details, the checklist with every version and an upload form per document type,
/// what is still missing, resubmit and withdraw, and the timeline. Its forms post to
/// <c>…/documents/{type}</c> (the upload without script; <c>upload.js</c> sends files to the API
/// instead, with progress and resumable sessions), <c>…/resubmit</c> and <c>…/withdraw</c>, each
/// through the same code as the API's endpoint; a change answers Post/Redirect/Get, a refusal the
/// page again with the error at its field. Only the owning unit's session sees it: no session goes
/// to <c>/signin</c>, another unit's nomination is not found.
/// </summary>
public sealed class NominationPages(
    VisibleNominations visible,
    SignInSessions sessions,
    CampaignStore campaigns,
    NominationStore nominations,
    ProposalStore proposals,
    NominationDocumentApi documents,
    DocumentUploads uploads,
    Submissions submissions,
    NominationChanges changes,
    PageRenderer pages)
{
    // The withdraw form carries a reason (at most WrittenReason.MaxLength characters) and a box.
    private const int MaxFormBytes = 32 * 1024;

    /// <summary>The page's path for a nomination.</summary>
    public static string PathOf(string nominationId) => "/unit/nominations/" + Uri.EscapeDataString(nominationId);

    /// <summary><c>GET /unit/nominations/{id}</c>: the page (<c>?done=uploaded&amp;type=…</c>, <c>resubmitted</c>, <c>withdrawn</c> after a change).</summary>
    public async Task<IResult> ShowAsync(HttpContext http, string id)
    {
        ArgumentNullException.ThrowIfNull(http);
        var (caller, nomination, answer) = await OpenAsync(http, id, changing: false);
        if (nomination is null)
        {
            return answer!;
        }

        var done = http.Request.Query["done"].ToString() switch
        {
            "uploaded" => Done.Uploaded,
            "resubmitted" => Done.Resubmitted,
            "withdrawn" => Done.Withdrawn,
            _ => (Done?)null,
        };
        return await PageAsync(http, caller!, nomination, StatusCodes.Status200OK, null, done, http.Request.Query["type"].ToString());
    }

    /// <summary>
    /// <c>POST /unit/nominations/{id}/documents/{documentType}</c> (multipart, field <c>file</c>):
    /// the upload without script, through the same checks, staging and inspection as
    /// <c>PUT /api/nominations/{id}/documents/{documentType}</c>.
    /// </summary>
    public async Task<IResult> UploadAsync(HttpContext http, string id, string documentType)
    {
        ArgumentNullException.ThrowIfNull(http);
        var ct = http.RequestAborted;
        var (caller, nomination, answer) = await OpenAsync(http, id, changing: true);
        if (nomination is null)
        {
            return answer!;
        }

        var (requirement, refusal, _) = await documents.WritableAsync(nomination, documentType, ct);
        switch (refusal)
        {
            case DossierWriteRefusal.UnknownType:
                return await MessageAsync(http, StatusCodes.Status404NotFound, NominationTexts.NoSuchDocumentTitle, NominationTexts.NoSuchDocument, caller!.UnitName, PathOf(nomination.Id));
            case DossierWriteRefusal.Frozen:
                return await PageAsync(http, caller!, nomination, StatusCodes.Status409Conflict, new PageProblem(PageProblem.Page, NominationTexts.DossierFrozen));
        }

        var outcome = await uploads.UploadFormFileAsync(http.Request, nomination.Id, requirement!, caller!.Email, ct);
        if (outcome.Document is not null)
        {
            return Html.SeeOther(http, $"{PathOf(nomination.Id)}?done=uploaded&type={Uri.EscapeDataString(requirement!.Type)}#doc-{requirement.Type}");
        }

        var why = outcome.Refusal!;
        var message = why.Kind switch
        {
            UploadRefusalKind.NoFile => NominationTexts.ChooseFile,
            UploadRefusalKind.Empty => NominationTexts.EmptyFile,
            UploadRefusalKind.FileName => NominationTexts.BadFileName,
            UploadRefusalKind.Unreadable => SiteTexts.UnreadableForm,
            UploadRefusalKind.TooLarge => Texts.Format(NominationTexts.TooLargeForForm, Megabytes(uploads.SingleRequestLimit(requirement!)), Megabytes(uploads.DocumentLimit(requirement!))),

            // The content checks and the type checks write their reasons in both languages.
            _ => PageLanguage.Of(http.Request) == Language.Vi && why.DetailVi is { } vi ? vi : why.Detail,
        };
        return await PageAsync(http, caller, nomination, why.Status, new PageProblem(PageProblem.File, message, requirement!.Type));
    }

    /// <summary><c>POST /unit/nominations/{id}/resubmit</c>: resubmits a returned nomination whose dossier is complete again.</summary>
    public async Task<IResult> ResubmitAsync(HttpContext http, DurableTaskClient client, string id)
    {
        ArgumentNullException.ThrowIfNull(http);
        var ct = http.RequestAborted;
        var (caller, nomination, answer) = await OpenAsync(http, id, changing: true);
        if (nomination is null)
        {
            return answer!;
        }

        var result = await changes.ResubmitAsync(nomination, caller!.Email, client, ct);
        if (result.Refusal is not { } refusal)
        {
            return Html.SeeOther(http, PathOf(nomination.Id) + "?done=resubmitted");
        }

        var (status, message) = refusal.Kind == ChangeRefusalKind.Incomplete
            ? (StatusCodes.Status422UnprocessableEntity, NominationTexts.ResubmitIncomplete)
            : (StatusCodes.Status409Conflict, NominationTexts.CannotResubmit);
        return await PageAsync(http, caller, (await nominations.FindAsync(nomination.Id, ct))!, status, new PageProblem(PageProblem.Resubmit, message));
    }

    /// <summary><c>POST /unit/nominations/{id}/withdraw</c> (fields <c>reason</c>, <c>confirm=yes</c>): the unit withdraws a nomination not yet decided.</summary>
    public async Task<IResult> WithdrawAsync(HttpContext http, DurableTaskClient client, string id)
    {
        ArgumentNullException.ThrowIfNull(http);
        var ct = http.RequestAborted;
        var (caller, nomination, answer) = await OpenAsync(http, id, changing: true);
        if (nomination is null)
        {
            return answer!;
        }

        var form = http.Request.HasFormContentType && http.Request.ContentLength is >= 0 and <= MaxFormBytes ? await FormBody.TryReadAsync(http.Request, ct) : null;
        if (form is null)
        {
            return await PageAsync(http, caller!, nomination, StatusCodes.Status400BadRequest, new PageProblem(PageProblem.Withdraw, SiteTexts.UnreadableForm));
        }

        var reason = form["reason"].ToString();
        var problems = new List<PageProblem>();
        if (NominationChanges.WrittenReasonOf(reason) is null)
        {
            problems.Add(new PageProblem(PageProblem.Reason, Texts.Format(NominationTexts.WithdrawReasonRequired, WrittenReason.MaxLength)));
        }

        if (form["confirm"].ToString() != "yes")
        {
            problems.Add(new PageProblem(PageProblem.Confirm, NominationTexts.WithdrawConfirmRequired));
        }

        if (problems.Count == 0)
        {
            var result = await changes.CloseAsync(nomination, caller!, DecisionOutcome.Withdraw, reason, client, ct);
            if (result.Refusal is not { } refusal)
            {
                return Html.SeeOther(http, PathOf(nomination.Id) + "?done=withdrawn");
            }

            problems.Add(refusal.Kind switch
            {
                ChangeRefusalKind.ReasonRequired => new PageProblem(PageProblem.Reason, Texts.Format(NominationTexts.WithdrawReasonRequired, WrittenReason.MaxLength)),
                ChangeRefusalKind.DecidedMeanwhile when refusal.Decision is { } won => new PageProblem(PageProblem.Withdraw,
                    Texts.Format(NominationTexts.DecidedMeanwhile, won.ApproverName, VietnameseText.FormatInstant(won.DecidedAt))),
                ChangeRefusalKind.NotSettled => new PageProblem(PageProblem.Withdraw, NominationTexts.TryAgainShortly),
                ChangeRefusalKind.Final => new PageProblem(PageProblem.Withdraw, NominationTexts.AlreadyEnded),
                _ => new PageProblem(PageProblem.Withdraw, NominationTexts.ChangedMeanwhile),
            });
            nomination = (await nominations.FindAsync(nomination.Id, ct))!;
        }

        var status = problems.Any(p => p.Field == PageProblem.Withdraw) ? StatusCodes.Status409Conflict : StatusCodes.Status400BadRequest;
        return await PageAsync(http, caller!, nomination, status, problems, reasonValue: reason);
    }

    // The signed-in unit and its nomination; or the answer: a cross-site change refused, no
    // session → /signin, another unit's (or no such) nomination → not found.
    private async Task<(Caller? Caller, Nomination? Nomination, IResult? Answer)> OpenAsync(HttpContext http, string id, bool changing)
    {
        // Checked before anything else, so the refusal is a page and not the API's problem document.
        if (changing && SignInSessions.HasCookie(http.Request) && !sessions.IsFromThisSite(http.Request, required: true))
        {
            return (null, null, await MessageAsync(http, StatusCodes.Status403Forbidden, SiteTexts.RequestRefused, SiteTexts.CrossSiteRefused, null, null));
        }

        var (nomination, caller, _) = await visible.FindAsync(http, id, http.RequestAborted);

        // The page is the signed-in unit's (a session or a unit's key); anyone else signs in first.
        if (caller is not { Role: Role.Nominator, UnitName: not null })
        {
            return (null, null, Html.SeeOther(http, "/signin"));
        }

        return nomination is null
            ? (caller, null, await MessageAsync(http, StatusCodes.Status404NotFound, NominationTexts.NotFoundTitle, NominationTexts.NotFound, caller.UnitName, null))
            : (caller, nomination, null);
    }

    private Task<IResult> PageAsync(HttpContext http, Caller caller, Nomination nomination, int status, PageProblem? problem, Done? done = null, string? doneType = null) =>
        PageAsync(http, caller, nomination, status, problem is null ? [] : [problem], done, doneType);

    private async Task<IResult> PageAsync(HttpContext http, Caller caller, Nomination nomination, int status, IReadOnlyList<PageProblem> problems, Done? done = null, string? doneType = null, string? reasonValue = null)
    {
        var model = await ModelAsync(nomination, http.RequestAborted);
        return await pages.PageAsync<NominationPage>(http, status, new Dictionary<string, object?>
        {
            [nameof(NominationPage.Model)] = model,
            [nameof(NominationPage.Problems)] = problems,
            [nameof(NominationPage.Done)] = done,
            [nameof(NominationPage.DoneType)] = doneType,
            [nameof(NominationPage.ReasonValue)] = reasonValue,
        }, signedIn: caller.UnitName);
    }

    private async Task<NominationPageModel> ModelAsync(Nomination n, CancellationToken ct)
    {
        var campaignRead = campaigns.FindAsync(n.CampaignId, ct);
        var proposalRead = proposals.FindAsync(n.ProposalId, ct);
        var documentsRead = nominations.ListDocumentsAsync(n.Id, ct);
        var historyRead = nominations.ListAuditAsync(n.Id, ct);
        await Task.WhenAll(campaignRead, proposalRead, documentsRead, historyRead);
        var campaign = (await campaignRead)!;
        var proposal = (await proposalRead)!;
        var versions = await documentsRead;
        var history = await historyRead;

        // A draft is checked (and submitted) under the current configuration; once submitted, under the version it went in with.
        var rules = n.Status == NominationStatus.Draft || n.CampaignVersion < 1 || n.CampaignVersion == campaign.Version
            ? campaign
            : await campaigns.GetVersionAsync(campaign.Id, n.CampaignVersion, ct);

        var checklist = campaign.DocumentsFor(n.Kind).ToList();
        checklist.AddRange(rules.DocumentsFor(n.Kind).Where(r => checklist.All(c => c.Type != r.Type)));
        var entries = checklist
            .Select(r => new ChecklistEntry(
                r,
                [.. versions.Where(v => v.Type == r.Type).OrderByDescending(v => v.Version)],
                n.DossierOpen && campaign.DocumentsFor(n.Kind).Any(c => c.Type == r.Type) ? new UploadLimits(uploads.SingleRequestLimit(r), uploads.DocumentLimit(r)) : null))
            .ToList();

        // What is missing is what the submit (or resubmit) check would refuse for: the one rule.
        IReadOnlyList<DocumentRequirement> own = [], cover = [];
        if (n.DossierOpen && await submissions.CheckDossierAsync(rules, proposal, [n], ct) is { MissingDocuments: { } missing })
        {
            own = missing.TryGetValue(n.Id, out var types) ? [.. rules.Documents.Where(d => types.Contains(d.Type))] : [];
            cover = missing.TryGetValue(string.Empty, out var coverTypes) ? [.. rules.Documents.Where(d => coverTypes.Contains(d.Type))] : [];
        }

        var decided = history.Where(h => h.Stage is not null && h.Action is AuditActions.Approved or AuditActions.Returned or AuditActions.Rejected).Select(h => h.Stage!).Distinct().ToList();
        var claims = (await Task.WhenAll(decided.Select(stage => nominations.ListClaimsAsync(n.Id, stage, ct)))).SelectMany(c => c);
        return new NominationPageModel(n, campaign, proposal, entries, own, cover, NominationTimeline.Build(history, claims, versions));
    }

    private Task<IResult> MessageAsync(HttpContext http, int status, string title, string message, string? unit, string? back) =>
        pages.PageAsync<NominationMessagePage>(http, status, new Dictionary<string, object?>
        {
            [nameof(NominationMessagePage.Title)] = title,
            [nameof(NominationMessagePage.Message)] = message,
            [nameof(NominationMessagePage.Back)] = back,
        }, signedIn: unit);

    private static double Megabytes(long bytes) => bytes / 1_000_000d;
}
