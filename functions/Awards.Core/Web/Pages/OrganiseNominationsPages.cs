using Awards.Documents;
using Awards.Domain;
using Awards.Security;
using Awards.Storage;
using Awards.Web.Api;
using Awards.Web.Pages.Organise;
using Awards.Web.Resources;
using Awards.Workflow;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;

namespace Awards.Web.Pages;

/// <summary>
/// The console's nominations tab (<c>/organise/campaigns/{campaignId}/nominations…</c>): search and
/// filter a campaign's nominations, and one nomination with its dossier (every version, opened
/// through the logged read route), who read which document, its history and whether its audit
/// chain verifies, a retry when its workflow stopped for attention, and a cancellation with a
/// reason. Every handler asks <see cref="OrganiserPages.CampaignAsync"/> first; the forms call
/// the same services as the API (<see cref="NominationChanges"/>, <see cref="WorkflowRetries"/>).
/// </summary>
public sealed class OrganiseNominationsPages(
    OrganiserPages console,
    SignInSessions sessions,
    NominationStore nominations,
    ProposalStore proposals,
    DocumentReads reads,
    NominationChanges changes,
    WorkflowRetries retries,
    PageRenderer pages)
{
    // The cancel and revoke forms carry a reason (at most WrittenReason.MaxLength characters) and a box.
    private const int MaxFormBytes = 32 * 1024;

    /// <summary>The console's path of a nomination.</summary>
    public static string PathOf(string campaignId, string nominationId) =>
        RecordsLabels.CampaignPath(campaignId, "nominations/" + Uri.EscapeDataString(nominationId));

    /// <summary><c>GET /organise/campaigns/{campaignId}/nominations</c>: the search (<c>q</c>, <c>status</c>, <c>stage</c>, <c>province</c>, <c>unit</c>, <c>award</c>, <c>page</c>).</summary>
    public async Task<IResult> ListAsync(HttpContext http, string campaignId)
    {
        ArgumentNullException.ThrowIfNull(http);
        var (caller, campaign, refusal) = await console.CampaignAsync(http, campaignId);
        if (campaign is null)
        {
            return refusal!;
        }

        // One partition query for the campaign's list (as GET /api/nominations reads it), already in vi-VN order by name.
        var all = await nominations.ListByCampaignAsync(campaign.Id, null, http.RequestAborted);
        var units = UnitOption.Of(all);
        var (search, errors) = NominationSearch.Read(http.Request.Query, campaign, units);
        var found = errors.Count == 0 ? search.Apply(all) : [];
        var (paged, shown, pageCount) = search.PageOf(found);
        return await console.PageAsync<NominationsPage>(http, caller!, errors.Count == 0 ? StatusCodes.Status200OK : StatusCodes.Status400BadRequest, new Dictionary<string, object?>
        {
            [nameof(NominationsPage.Model)] = new NominationsListModel(campaign, paged, units, found.Count, shown, pageCount),
            [nameof(NominationsPage.Errors)] = errors,
        });
    }

    /// <summary><c>GET /organise/campaigns/{campaignId}/nominations/{nominationId}</c>: one nomination (<c>?done=cancelled|retried</c> after a change).</summary>
    public async Task<IResult> ShowAsync(HttpContext http, string campaignId, string nominationId)
    {
        ArgumentNullException.ThrowIfNull(http);
        var (caller, campaign, nomination, answer) = await OpenAsync(http, campaignId, nominationId, changing: false);
        if (nomination is null)
        {
            return answer!;
        }

        var done = http.Request.Query["done"].ToString() switch
        {
            "cancelled" => OrganiseRecordsTexts.DoneCancelled,
            "retried" => OrganiseRecordsTexts.DoneRetried,
            _ => null,
        };
        return await PageAsync(http, caller!, campaign!, nomination, StatusCodes.Status200OK, new Dictionary<string, string>(), done);
    }

    /// <summary>
    /// <c>POST /organise/campaigns/{campaignId}/nominations/{nominationId}/cancel</c> (fields
    /// <c>reason</c>, <c>confirm=yes</c>): cancels a nomination not yet decided, by the rules of
    /// <c>POST /api/nominations/{id}/cancel</c> (<see cref="NominationChanges.CloseAsync"/>).
    /// </summary>
    public async Task<IResult> CancelAsync(HttpContext http, DurableTaskClient client, string campaignId, string nominationId)
    {
        ArgumentNullException.ThrowIfNull(http);
        var ct = http.RequestAborted;
        var (caller, campaign, nomination, answer) = await OpenAsync(http, campaignId, nominationId, changing: true);
        if (nomination is null)
        {
            return answer!;
        }

        var (readable, reason, errors) = await ReadReasonFormAsync(http.Request, "cancel", ct);
        if (errors.Count == 0)
        {
            var result = await changes.CloseAsync(nomination, caller!, DecisionOutcome.Cancel, reason, client, ct);
            if (result.Refusal is not { } refused)
            {
                return Html.SeeOther(http, PathOf(campaign!.Id, nomination.Id) + "?done=cancelled#actions");
            }

            if (refused.Kind == ChangeRefusalKind.ReasonRequired)
            {
                errors["reason"] = Texts.Format(OrganiseRecordsTexts.ReasonRequired, WrittenReason.MaxLength);
            }
            else
            {
                errors["cancel"] = refused.Kind switch
                {
                    ChangeRefusalKind.DecidedMeanwhile when refused.Decision is { } won => Texts.Format(OrganiseRecordsTexts.DecidedMeanwhile, won.ApproverName, VietnameseText.FormatInstant(won.DecidedAt)),
                    ChangeRefusalKind.NotSettled => OrganiseRecordsTexts.TryAgainShortly,
                    ChangeRefusalKind.Final => OrganiseRecordsTexts.AlreadyEnded,
                    _ => OrganiseRecordsTexts.ChangedMeanwhile,
                };
            }

            nomination = await nominations.FindAsync(nomination.Id, ct) ?? nomination;
        }

        var status = errors.ContainsKey("cancel") && readable ? StatusCodes.Status409Conflict : StatusCodes.Status400BadRequest;
        return await PageAsync(http, caller!, campaign!, nomination, status, errors, null, reason);
    }

    /// <summary>
    /// <c>POST /organise/campaigns/{campaignId}/nominations/{nominationId}/retry</c>: goes on with a
    /// workflow that stopped, by the rules of <c>POST /api/nominations/{id}/retry</c> (<see cref="WorkflowRetries"/>).
    /// </summary>
    public async Task<IResult> RetryAsync(HttpContext http, DurableTaskClient client, string campaignId, string nominationId)
    {
        ArgumentNullException.ThrowIfNull(http);
        var (caller, campaign, nomination, answer) = await OpenAsync(http, campaignId, nominationId, changing: true);
        if (nomination is null)
        {
            return answer!;
        }

        return await retries.RetryAsync(nomination, caller!.Email, client, http.RequestAborted) == RetryOutcome.NothingToRetry
            ? await PageAsync(http, caller, campaign!, nomination, StatusCodes.Status409Conflict, new Dictionary<string, string> { ["retry"] = OrganiseRecordsTexts.NothingToRetry }, null)
            : Html.SeeOther(http, PathOf(campaign!.Id, nomination.Id) + "?done=retried");
    }

    /// <summary>
    /// A form of a written reason and a confirmation box (<c>reason</c>, <c>confirm=yes</c>), as the
    /// cancel and revoke forms post it: whether it could be read, the reason typed, and the errors at
    /// its fields (<paramref name="formField"/> for a form that does not parse).
    /// </summary>
    internal static async Task<(bool Readable, string Reason, Dictionary<string, string> Errors)> ReadReasonFormAsync(HttpRequest request, string formField, CancellationToken ct)
    {
        var form = request.HasFormContentType && request.ContentLength is >= 0 and <= MaxFormBytes ? await FormBody.TryReadAsync(request, ct) : null;
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        if (form is null)
        {
            errors[formField] = SiteTexts.UnreadableForm;
            return (false, string.Empty, errors);
        }

        var reason = form["reason"].ToString();
        if (NominationChanges.WrittenReasonOf(reason) is null)
        {
            errors["reason"] = Texts.Format(OrganiseRecordsTexts.ReasonRequired, WrittenReason.MaxLength);
        }

        if (form["confirm"].ToString() != "yes")
        {
            errors["confirm"] = OrganiseRecordsTexts.ConfirmRequired;
        }

        return (true, reason, errors);
    }

    /// <summary>
    /// A cookie-authenticated change that does not show it came from this site's pages is refused
    /// before anything is read (the page's answer to what <see cref="Authenticator"/> refuses the API).
    /// </summary>
    internal static async Task<IResult?> CrossSiteRefusalAsync(HttpContext http, SignInSessions sessions, PageRenderer pages) =>
        SignInSessions.HasCookie(http.Request) && !sessions.IsFromThisSite(http.Request, required: true)
            ? await pages.PageAsync<OrganiseMessagePage>(http, StatusCodes.Status403Forbidden, new Dictionary<string, object?>
            {
                [nameof(OrganiseMessagePage.Title)] = SiteTexts.RequestRefused,
                [nameof(OrganiseMessagePage.Message)] = SiteTexts.CrossSiteRefused,
            })
            : null;

    /// <summary>A page saying what the organiser asked for is not there (404).</summary>
    internal static Task<IResult> NotFoundAsync(HttpContext http, OrganiserPages console, Caller caller, string title, string message) =>
        console.PageAsync<OrganiseMessagePage>(http, caller, StatusCodes.Status404NotFound, new Dictionary<string, object?>
        {
            [nameof(OrganiseMessagePage.Title)] = title,
            [nameof(OrganiseMessagePage.Message)] = message,
        });

    /// <summary>The organiser, the campaign they run and its nomination; or the page to answer (another campaign's nomination is not found).</summary>
    internal static async Task<(Caller? Caller, Campaign? Campaign, Nomination? Nomination, IResult? Answer)> FindAsync(
        HttpContext http, OrganiserPages console, NominationStore nominations, string campaignId, string nominationId)
    {
        var (caller, campaign, refusal) = await console.CampaignAsync(http, campaignId);
        if (campaign is null)
        {
            return (caller, null, null, refusal);
        }

        var nomination = Ids.LooksValid(nominationId) ? await nominations.FindAsync(nominationId, http.RequestAborted) : null;
        return nomination is null || nomination.CampaignId != campaign.Id
            ? (caller, campaign, null, await NotFoundAsync(http, console, caller!, OrganiseRecordsTexts.NoSuchNominationTitle, OrganiseRecordsTexts.NoSuchNomination))
            : (caller, campaign, nomination, null);
    }

    private async Task<(Caller? Caller, Campaign? Campaign, Nomination? Nomination, IResult? Answer)> OpenAsync(HttpContext http, string campaignId, string nominationId, bool changing)
    {
        if (changing && await CrossSiteRefusalAsync(http, sessions, pages) is { } crossSite)
        {
            return (null, null, null, crossSite);
        }

        return await FindAsync(http, console, nominations, campaignId, nominationId);
    }

    private async Task<IResult> PageAsync(HttpContext http, Caller caller, Campaign campaign, Nomination nomination, int status, IReadOnlyDictionary<string, string> errors, string? done, string? reasonValue = null)
    {
        var ct = http.RequestAborted;

        // The dossier, the read log, the audit trail and the proposal: four reads at once.
        var documentsRead = nominations.ListDocumentsAsync(nomination.Id, ct);
        var readsRead = reads.ListAsync(nomination.Id, ct);
        var auditRead = nominations.ReadAuditTrailAsync(nomination.Id, ct);
        var proposalRead = Ids.LooksValid(nomination.ProposalId) ? proposals.FindAsync(nomination.ProposalId, ct) : Task.FromResult<Proposal?>(null);
        await Task.WhenAll(documentsRead, readsRead, auditRead, proposalRead);

        var language = PageLanguage.Of(http.Request);
        var versions = await documentsRead;
        var checklist = campaign.DocumentsFor(nomination.Kind).ToList();
        var dossier = versions
            .GroupBy(v => v.Type, StringComparer.Ordinal)
            .OrderBy(g => checklist.FindIndex(r => r.Type == g.Key) is var i and >= 0 ? i : int.MaxValue)
            .ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new DossierDocument(
                g.Key,
                checklist.FirstOrDefault(r => r.Type == g.Key) is { } r ? Workspace.WorkspaceLabels.Label(r, language) : g.Key,
                [.. g.OrderByDescending(v => v.Version)]))
            .ToList();
        var model = new NominationRecordModel(campaign, nomination, await proposalRead, dossier, [.. (await readsRead).OrderByDescending(r => r.At)], AuditLogView.Of(await auditRead));
        return await console.PageAsync<NominationsRecordPage>(http, caller, status, new Dictionary<string, object?>
        {
            [nameof(NominationsRecordPage.Model)] = model,
            [nameof(NominationsRecordPage.Errors)] = errors,
            [nameof(NominationsRecordPage.Done)] = done,
            [nameof(NominationsRecordPage.ReasonValue)] = reasonValue,
        }, returnTo: PathOf(campaign.Id, nomination.Id));
    }
}
