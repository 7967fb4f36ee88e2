using System.Globalization;
using Awards.Domain;
using Awards.Outputs;
using Awards.Security;
using Awards.Web.Pages.Organise;
using Awards.Web.Resources;
using Awards.Workflow;
using Microsoft.AspNetCore.Http;

namespace Awards.Web.Pages;

/// <summary>
/// The dashboard of a campaign in the organisers' console, <c>/organise/campaigns/{id}</c>: the
/// campaign's progress (<see cref="CampaignProgress"/>, the same report as
/// <c>GET /api/campaigns/{id}/progress</c>) as tables and server-drawn SVG charts, and the overdue
/// stages with a "remind again" button, <c>POST …/overdue/{nominationId}/remind</c>, which mails the
/// stage's approvers the workflow's own reminder (<see cref="StageReminders"/>) and records it in
/// the nomination's audit. Only organisers of the campaign see it (<see cref="OrganiserPages.CampaignAsync"/>).
/// </summary>
public sealed class OrganiseDashboardPages(OrganiserPages console, CampaignProgress progress, StageReminders reminders, SignInSessions sessions, PageRenderer pages)
{
    // The remind form carries a stage code and a round number.
    private const int MaxFormBytes = 4 * 1024;

    /// <summary>The dashboard's path for a campaign.</summary>
    public static string PathOf(string campaignId) => "/organise/campaigns/" + Uri.EscapeDataString(campaignId);

    /// <summary>The path of an overdue stage's "remind again" form.</summary>
    public static string RemindPathOf(string campaignId, string nominationId) => PathOf(campaignId) + "/overdue/" + Uri.EscapeDataString(nominationId) + "/remind";

    /// <summary><c>GET /organise/campaigns/{id}</c>: the dashboard (<c>?reminded={nominationId}</c> after a reminder).</summary>
    public async Task<IResult> ShowAsync(HttpContext http, string campaignId)
    {
        ArgumentNullException.ThrowIfNull(http);
        var (caller, campaign, refusal) = await console.CampaignAsync(http, campaignId);
        if (campaign is null)
        {
            return refusal!;
        }

        var reminded = http.Request.Query["reminded"].ToString();
        return await PageAsync(http, caller!, campaign, StatusCodes.Status200OK, reminded.Length is > 0 and <= 64 ? reminded : null, null);
    }

    /// <summary>
    /// <c>POST /organise/campaigns/{id}/overdue/{nominationId}/remind</c> (fields <c>stage</c>,
    /// <c>round</c>: the round the page showed): reminds the stage's approvers again, then back to
    /// the dashboard; refused, with the reason by the row, when the round is no longer open.
    /// </summary>
    public async Task<IResult> RemindAsync(HttpContext http, string campaignId, string nominationId)
    {
        ArgumentNullException.ThrowIfNull(http);
        var ct = http.RequestAborted;
        var (posted, answer) = await OrganiseForms.OpenAsync(http, campaignId, MaxFormBytes, console, sessions, pages,
            (who, which) => PageAsync(http, who, which, StatusCodes.Status400BadRequest, null, new DashboardProblem(null, SiteTexts.UnreadableForm)));
        if (posted is null)
        {
            return answer!;
        }

        var (caller, campaign, form) = posted;

        var stage = form["stage"].ToString();
        if (!int.TryParse(form["round"].ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var round) || stage.Length is 0 or > 64 || !Ids.LooksValid(nominationId))
        {
            return await PageAsync(http, caller, campaign, StatusCodes.Status400BadRequest, null, new DashboardProblem(null, SiteTexts.UnreadableForm));
        }

        var outcome = await reminders.RemindAgainAsync(campaign.Id, nominationId, stage, round, caller.Email, ct);
        return outcome.Refusal switch
        {
            null => Html.SeeOther(http, PathOf(campaign.Id) + "?reminded=" + Uri.EscapeDataString(nominationId) + "#overdue"),
            RemindRefusal.NotFound => await PageAsync(http, caller, campaign, StatusCodes.Status404NotFound, null, new DashboardProblem(null, OrganiseDashboardTexts.RemindNotFound)),
            RemindRefusal.LinkExpired => await PageAsync(http, caller, campaign, StatusCodes.Status409Conflict, null, new DashboardProblem(nominationId, OrganiseDashboardTexts.RemindLinkExpired)),
            _ => await PageAsync(http, caller, campaign, StatusCodes.Status409Conflict, null, new DashboardProblem(nominationId, OrganiseDashboardTexts.RemindNotOpen)),
        };
    }

    private async Task<IResult> PageAsync(HttpContext http, Caller caller, Campaign campaign, int status, string? reminded, DashboardProblem? problem) =>
        await console.PageAsync<DashboardPage>(http, caller, status, new Dictionary<string, object?>
        {
            [nameof(DashboardPage.Campaign)] = campaign,
            [nameof(DashboardPage.Report)] = await progress.ReportAsync(campaign, http.RequestAborted),
            [nameof(DashboardPage.Reminded)] = reminded,
            [nameof(DashboardPage.Problem)] = problem,
        }, returnTo: PathOf(campaign.Id));
}

/// <summary>Why a dashboard action was refused, and which overdue row it concerns (null: the page).</summary>
/// <param name="NominationId">The overdue nomination whose button was pressed.</param>
/// <param name="Message">What to say, in the page's language.</param>
public sealed record DashboardProblem(string? NominationId, string Message);
