using Awards.Web.Pages;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Awards.FunctionApp.Http;

/// <summary>HTTP adapters for a campaign's dashboard and units tabs in the organisers' console; the rules live in <see cref="OrganiseDashboardPages"/> and <see cref="OrganiseUnitsPages"/>.</summary>
/// <param name="dashboard">The dashboard's handler.</param>
/// <param name="units">The units tab's handler.</param>
public sealed class OrganiseDashboardFunctions(OrganiseDashboardPages dashboard, OrganiseUnitsPages units)
{
    /// <summary><c>GET /organise/campaigns/{campaignId}</c>: the campaign's dashboard.</summary>
    /// <param name="req">The request.</param>
    /// <param name="campaignId">The campaign, from the route.</param>
    /// <returns>The handler's response.</returns>
    [Function("ShowCampaignDashboard")]
    public Task<IActionResult> ShowCampaignDashboard(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "organise/campaigns/{campaignId}")] HttpRequest req,
        string campaignId)
        => ResultActionResult.From(dashboard.ShowAsync(req.HttpContext, campaignId));

    /// <summary><c>POST /organise/campaigns/{campaignId}/overdue/{nominationId}/remind</c>: reminds an overdue stage's approvers again.</summary>
    /// <param name="req">The request.</param>
    /// <param name="campaignId">The campaign, from the route.</param>
    /// <param name="nominationId">The overdue nomination, from the route.</param>
    /// <returns>The handler's response.</returns>
    [Function("RemindAgainFromDashboard")]
    public Task<IActionResult> RemindAgainFromDashboard(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "organise/campaigns/{campaignId}/overdue/{nominationId}/remind")] HttpRequest req,
        string campaignId,
        string nominationId)
        => ResultActionResult.From(dashboard.RemindAsync(req.HttpContext, campaignId, nominationId));

    /// <summary><c>GET /organise/campaigns/{campaignId}/units</c>: the campaign's units.</summary>
    /// <param name="req">The request.</param>
    /// <param name="campaignId">The campaign, from the route.</param>
    /// <returns>The handler's response.</returns>
    [Function("ShowCampaignUnits")]
    public Task<IActionResult> ShowCampaignUnits(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "organise/campaigns/{campaignId}/units")] HttpRequest req,
        string campaignId)
        => ResultActionResult.From(units.ShowAsync(req.HttpContext, campaignId));

    /// <summary><c>POST /organise/campaigns/{campaignId}/units</c>: invites a unit (key and sign-in mail).</summary>
    /// <param name="req">The request.</param>
    /// <param name="campaignId">The campaign, from the route.</param>
    /// <returns>The handler's response.</returns>
    [Function("InviteUnit")]
    public Task<IActionResult> InviteUnit(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "organise/campaigns/{campaignId}/units")] HttpRequest req,
        string campaignId)
        => ResultActionResult.From(units.InviteAsync(req.HttpContext, campaignId));

    /// <summary><c>POST /organise/campaigns/{campaignId}/units/revoke</c>: revokes a unit's keys and ends its sessions.</summary>
    /// <param name="req">The request.</param>
    /// <param name="campaignId">The campaign, from the route.</param>
    /// <returns>The handler's response.</returns>
    [Function("RevokeUnitKeys")]
    public Task<IActionResult> RevokeUnitKeys(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "organise/campaigns/{campaignId}/units/revoke")] HttpRequest req,
        string campaignId)
        => ResultActionResult.From(units.RevokeAsync(req.HttpContext, campaignId));
}
