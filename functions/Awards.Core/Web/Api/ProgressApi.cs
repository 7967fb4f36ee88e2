using Awards.Outputs;
using Awards.Security;
using Awards.Storage;
using Microsoft.AspNetCore.Http;

namespace Awards.Web.Api;

/// <summary>
/// <c>GET /api/campaigns/{id}/progress</c> (organisers): counts per stage and status, per
/// province and per award × kind, the overdue stages with their approvers, and the median
/// working days each stage takes (<see cref="CampaignProgress"/>).
/// </summary>
public sealed class ProgressApi(Authenticator auth, CampaignStore campaigns, CampaignProgress progress)
{
    /// <summary>The campaign's progress.</summary>
    public async Task<IResult> GetAsync(HttpContext http, string campaignId)
    {
        ArgumentNullException.ThrowIfNull(http);
        var ct = http.RequestAborted;
        var (_, campaign, problem) = await auth.OrganisedCampaignAsync(campaigns, http.Request, campaignId, "A campaign's progress is for organisers.", ct);
        return campaign is null ? problem! : Results.Json(await progress.ReportAsync(campaign, ct), AwardsJson.Options);
    }
}
