using System.Globalization;
using Awards.Domain;
using Awards.Outputs;
using Awards.Security;
using Awards.Storage;
using Awards.Web.Api;
using Awards.Web.Pages.Organise;
using Awards.Web.Resources;
using Awards.Workflow;
using Microsoft.AspNetCore.Http;

namespace Awards.Web.Pages;

/// <summary>
/// The console's awards tab: the award lists by awarding body and kind with their filters and
/// links to the exports (<c>GET /api/campaigns/{id}/awards?format=…</c>, which takes the session
/// cookie as it takes a key); the decisions with their PDF and certificates (the
/// <c>/api/decisions/{id}/…</c> routes); a page that prepares a decision (the number it will get,
/// who awaits one) and issues it through <see cref="AwardDecisions"/>; a page that revokes an award
/// with a reason through <see cref="AwardRevocations"/>. Every handler asks
/// <see cref="OrganiserPages.CampaignAsync"/> first.
/// </summary>
public sealed class OrganiseAwardsPages(
    OrganiserPages console,
    SignInSessions sessions,
    NominationStore nominations,
    AwardListStore awardList,
    AwardDecisions decisions,
    AwardRevocations revocations,
    PageRenderer pages,
    TimeProvider time)
{
    // A decision form carries at most AwardDecisions.MaxMembers ticked ids and a few short texts.
    private const int MaxDecisionFormBytes = 512 * 1024;

    /// <summary>The awards tab of a campaign.</summary>
    public static string AwardsPath(string campaignId) => RecordsLabels.CampaignPath(campaignId, "awards");

    /// <summary>The page that revokes a nomination's award.</summary>
    public static string RevokePath(string campaignId, string nominationId) => AwardsPath(campaignId) + "/" + Uri.EscapeDataString(nominationId) + "/revoke";

    /// <summary>
    /// <c>GET /organise/campaigns/{campaignId}/awards</c>: the lists (filters <c>award</c>, <c>kind</c>,
    /// <c>province</c>, <c>unit</c>, <c>includeRevoked</c>, read as the API reads them), the exports,
    /// the decisions; <c>?done=issued&amp;decision=…</c> or <c>?done=revoked&amp;nomination=…</c> after a change.
    /// </summary>
    public async Task<IResult> ListAsync(HttpContext http, string campaignId)
    {
        ArgumentNullException.ThrowIfNull(http);
        var ct = http.RequestAborted;
        var (caller, campaign, refusal) = await console.CampaignAsync(http, campaignId);
        if (campaign is null)
        {
            return refusal!;
        }

        var (filter, field, _) = AwardListApi.ParseFilter(http.Request.Query, campaign);
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        if (filter is null)
        {
            errors[field!] = OrganiseRecordsTexts.FilterUnknown;
            filter = new AwardFilter();
        }

        // The same grouping as the API: each awarding body's collectives, then its individuals, each list a partition read in vi-VN order.
        var listing = errors.Count == 0 ? ReadListsAsync(campaign, filter, ct) : Task.FromResult<IReadOnlyList<AwardsBody>>([]);
        var listed = decisions.ListAsync(campaign, ct);
        await Task.WhenAll(listing, listed);
        var model = new AwardsPageModel(campaign, filter, await listing, await listed);

        string? done = null;
        if (http.Request.Query["done"].ToString() == "issued" && model.Decisions.FirstOrDefault(d => d.Id == http.Request.Query["decision"].ToString()) is { } issued)
        {
            done = Texts.Format(OrganiseRecordsTexts.DoneIssued, issued.Number);
        }
        else if (http.Request.Query["done"].ToString() == "revoked" && http.Request.Query["nomination"].ToString() is { } revokedId && Ids.LooksValid(revokedId)
            && await nominations.FindAsync(revokedId, ct) is { Status: NominationStatus.Revoked } revoked && revoked.CampaignId == campaign.Id)
        {
            done = Texts.Format(OrganiseRecordsTexts.DoneRevoked, revoked.NomineeName);
        }

        return await console.PageAsync<AwardsPage>(http, caller!, errors.Count == 0 ? StatusCodes.Status200OK : StatusCodes.Status400BadRequest, new Dictionary<string, object?>
        {
            [nameof(AwardsPage.Model)] = model,
            [nameof(AwardsPage.Errors)] = errors,
            [nameof(AwardsPage.Done)] = done,
        });
    }

    /// <summary><c>GET /organise/campaigns/{campaignId}/decisions/new?award=…</c>: the number the decision will get, who awaits one, and the form to issue it.</summary>
    public async Task<IResult> NewDecisionAsync(HttpContext http, string campaignId)
    {
        ArgumentNullException.ThrowIfNull(http);
        var (caller, campaign, refusal) = await console.CampaignAsync(http, campaignId);
        return campaign is null
            ? refusal!
            : await DecisionFormAsync(http, caller!, campaign, http.Request.Query["award"].ToString(), null, new Dictionary<string, string>(), StatusCodes.Status200OK);
    }

    /// <summary>
    /// <c>POST /organise/campaigns/{campaignId}/decisions</c> (fields <c>award</c>, <c>scope</c> =
    /// <c>all</c>|<c>chosen</c>, <c>nominationId</c> per ticked nomination, <c>date</c>, <c>title</c>,
    /// <c>signerName</c>, <c>signerTitle</c>): issues the decision through the same service as
    /// <c>POST /api/campaigns/{id}/decisions</c>; the form again with the error at its field when refused.
    /// </summary>
    public async Task<IResult> IssueAsync(HttpContext http, string campaignId)
    {
        ArgumentNullException.ThrowIfNull(http);
        var ct = http.RequestAborted;
        if (await OrganiseNominationsPages.CrossSiteRefusalAsync(http, sessions, pages) is { } crossSite)
        {
            return crossSite;
        }

        var (caller, campaign, refusal) = await console.CampaignAsync(http, campaignId);
        if (campaign is null)
        {
            return refusal!;
        }

        var form = http.Request.HasFormContentType && http.Request.ContentLength is >= 0 and <= MaxDecisionFormBytes ? await FormBody.TryReadAsync(http.Request, ct) : null;
        var award = form?["award"].ToString() ?? string.Empty;
        if (form is null || campaign.FindAward(award) is null)
        {
            // Without a readable form or a known award there is no decision form to answer with.
            return await console.PageAsync<OrganiseMessagePage>(http, caller!, StatusCodes.Status400BadRequest, new Dictionary<string, object?>
            {
                [nameof(OrganiseMessagePage.Title)] = OrganiseRecordsTexts.NotIssuedTitle,
                [nameof(OrganiseMessagePage.Message)] = form is null ? SiteTexts.UnreadableForm : OrganiseRecordsTexts.FilterUnknown,
            });
        }

        string Text(string name) => VietnameseText.Normalize(form[name].ToString()) ?? string.Empty;
        var values = new DecisionFormValues(
            form["scope"].ToString() != "chosen",
            [.. form["nominationId"].Where(id => !string.IsNullOrEmpty(id)).Select(id => id!).Distinct(StringComparer.Ordinal)],
            Text("date"),
            Text("title"),
            Text("signerName"),
            Text("signerTitle"));
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        DateOnly? date = null;
        if (values.Date.Length > 0)
        {
            if (DateOnly.TryParseExact(values.Date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
            {
                date = parsed;
            }
            else
            {
                errors["date"] = OrganiseRecordsTexts.DateInvalid;
            }
        }

        if (!values.All && values.Chosen.Count == 0)
        {
            errors["nominations"] = OrganiseRecordsTexts.ChooseSome;
        }

        var request = new IssueRequest(award, values.All ? null : values.Chosen, date, values.Title, values.SignerName, values.SignerTitle);
        if (errors.Count == 0 && AwardDecisions.CheckRequest(request) is { } malformed)
        {
            errors[FieldOf(malformed)] = MessageOf(malformed);
        }

        if (errors.Count == 0)
        {
            var (decision, refused) = await decisions.IssueAsync(campaign, request, caller!.Email, ct);
            if (decision is not null)
            {
                return Html.SeeOther(http, AwardsPath(campaign.Id) + "?done=issued&decision=" + Uri.EscapeDataString(decision.Id) + "#decisions");
            }

            errors[FieldOf(refused!)] = MessageOf(refused!);
        }

        var status = errors.Keys.Any(k => k is "nominations" or "award") ? StatusCodes.Status409Conflict : StatusCodes.Status400BadRequest;
        return await DecisionFormAsync(http, caller!, campaign, award, values, errors, status);
    }

    /// <summary><c>GET /organise/campaigns/{campaignId}/awards/{nominationId}/revoke</c>: the award to revoke, a reason and a confirmation.</summary>
    public async Task<IResult> ShowRevokeAsync(HttpContext http, string campaignId, string nominationId)
    {
        ArgumentNullException.ThrowIfNull(http);
        var (caller, campaign, nomination, answer) = await OrganiseNominationsPages.FindAsync(http, console, nominations, campaignId, nominationId);
        return nomination is null
            ? answer!
            : await RevokePageAsync(http, caller!, campaign!, nomination, StatusCodes.Status200OK, new Dictionary<string, string>(), null);
    }

    /// <summary>
    /// <c>POST /organise/campaigns/{campaignId}/awards/{nominationId}/revoke</c> (fields <c>reason</c>,
    /// <c>confirm=yes</c>): revokes the award through the same service as <c>POST /api/nominations/{id}/revoke</c>.
    /// </summary>
    public async Task<IResult> RevokeAsync(HttpContext http, string campaignId, string nominationId)
    {
        ArgumentNullException.ThrowIfNull(http);
        var ct = http.RequestAborted;
        if (await OrganiseNominationsPages.CrossSiteRefusalAsync(http, sessions, pages) is { } crossSite)
        {
            return crossSite;
        }

        var (caller, campaign, nomination, answer) = await OrganiseNominationsPages.FindAsync(http, console, nominations, campaignId, nominationId);
        if (nomination is null)
        {
            return answer!;
        }

        var (readable, reason, errors) = await OrganiseNominationsPages.ReadReasonFormAsync(http.Request, "revoke", ct);
        if (errors.Count == 0)
        {
            var (after, _) = await revocations.RevokeAsync(nomination, NominationChanges.WrittenReasonOf(reason)!, caller!.Email, ct);
            if (after is not null)
            {
                return Html.SeeOther(http, AwardsPath(campaign!.Id) + "?done=revoked&nomination=" + Uri.EscapeDataString(nomination.Id));
            }

            errors["revoke"] = nomination.Status == NominationStatus.Revoked ? OrganiseRecordsTexts.AlreadyRevoked : OrganiseRecordsTexts.NotAwarded;
        }

        var status = errors.ContainsKey("revoke") && readable ? StatusCodes.Status409Conflict : StatusCodes.Status400BadRequest;
        return await RevokePageAsync(http, caller!, campaign!, nomination, status, errors, reason);
    }

    private async Task<IReadOnlyList<AwardsBody>> ReadListsAsync(Campaign campaign, AwardFilter filter, CancellationToken ct)
    {
        var bodies = new List<AwardsBody>();
        foreach (var body in AwardListApi.AwardingBodiesOf(campaign, filter))
        {
            var lists = new List<AwardsList>();
            foreach (var kind in new[] { NomineeKind.Collective, NomineeKind.Individual })
            {
                if (filter.Kind is { } only && only != kind)
                {
                    continue;
                }

                var shown = new List<AwardListEntry>();
                var count = 0;
                await foreach (var entry in awardList.ReadAsync(campaign.Id, body, kind, filter, ct))
                {
                    if (count++ < AwardsPageModel.MaxRowsShown)
                    {
                        shown.Add(entry);
                    }
                }

                lists.Add(new AwardsList(kind, shown, count));
            }

            bodies.Add(new AwardsBody(body, lists));
        }

        return bodies;
    }

    private async Task<IResult> DecisionFormAsync(HttpContext http, Caller caller, Campaign campaign, string awardCode, DecisionFormValues? values, IReadOnlyDictionary<string, string> errors, int status)
    {
        var ct = http.RequestAborted;
        var previewing = decisions.PreviewAsync(campaign, awardCode, ct);
        var awaiting = decisions.AwaitingAsync(campaign, awardCode, ct);
        await Task.WhenAll(previewing, awaiting);
        var (preview, refused) = await previewing;
        if (preview is null)
        {
            // An award the campaign does not have, or one no awarding body is configured for.
            return await console.PageAsync<OrganiseMessagePage>(http, caller, refused!.Status == StatusCodes.Status400BadRequest ? StatusCodes.Status404NotFound : StatusCodes.Status422UnprocessableEntity, new Dictionary<string, object?>
            {
                [nameof(OrganiseMessagePage.Title)] = OrganiseRecordsTexts.NotIssuedTitle,
                [nameof(OrganiseMessagePage.Message)] = refused.Status == StatusCodes.Status400BadRequest ? OrganiseRecordsTexts.FilterUnknown : OrganiseRecordsTexts.NoBody,
            });
        }

        var model = new DecisionFormModel(campaign, campaign.FindAward(awardCode)!, preview, (await awaiting).Awaiting ?? [], VietnamTime.Today(time), values);
        return await console.PageAsync<AwardsDecisionPage>(http, caller, status, new Dictionary<string, object?>
        {
            [nameof(AwardsDecisionPage.Model)] = model,
            [nameof(AwardsDecisionPage.Errors)] = errors,
        }, returnTo: RecordsLabels.CampaignPath(campaign.Id, "decisions/new?award=" + Uri.EscapeDataString(awardCode)));
    }

    private Task<IResult> RevokePageAsync(HttpContext http, Caller caller, Campaign campaign, Nomination nomination, int status, IReadOnlyDictionary<string, string> errors, string? reason) =>
        console.PageAsync<AwardsRevokePage>(http, caller, status, new Dictionary<string, object?>
        {
            [nameof(AwardsRevokePage.Model)] = new RevokeModel(campaign, nomination),
            [nameof(AwardsRevokePage.Errors)] = errors,
            [nameof(AwardsRevokePage.ReasonValue)] = reason,
        }, returnTo: RevokePath(campaign.Id, nomination.Id));

    // The form's field a refusal of the issue names.
    private static string FieldOf(IssueRefusal refusal) => refusal.Field switch
    {
        "nominationIds" => "nominations",
        "awardCode" or null => "nominations",
        var field => field,
    };

    // A refusal of the issue in the page's language (the service words it in English for the API).
    private static string MessageOf(IssueRefusal refusal) => refusal switch
    {
        { Field: "date" } => OrganiseRecordsTexts.DateInvalid,
        { Field: "title" or "signerName" or "signerTitle" } => Texts.Format(OrganiseRecordsTexts.TooLong, AwardDecisions.MaxTextLength),
        { Field: "awardCode", Status: StatusCodes.Status409Conflict } => OrganiseRecordsTexts.NothingAwaits,
        { Field: "awardCode", Status: StatusCodes.Status422UnprocessableEntity } => OrganiseRecordsTexts.NoBody,
        { Field: "awardCode" } => OrganiseRecordsTexts.FilterUnknown,
        { Status: StatusCodes.Status422UnprocessableEntity } => Texts.Format(OrganiseRecordsTexts.TooMany, AwardDecisions.MaxMembers),
        _ => OrganiseRecordsTexts.NotAwaiting,
    };
}
