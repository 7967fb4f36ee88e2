using Awards.Web.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Awards.FunctionApp.Http;

/// <summary>HTTP adapters for campaigns and their award lists; the rules live in <see cref="CampaignApi"/> and <see cref="AwardListApi"/>.</summary>
/// <param name="campaigns">The shared campaign handler.</param>
/// <param name="awardList">The shared award-list handler.</param>
/// <param name="progress">The shared progress handler.</param>
public sealed class CampaignFunctions(CampaignApi campaigns, AwardListApi awardList, ProgressApi progress)
{
    /// <summary><c>GET /api/campaigns/{campaignId}/progress</c>: counts per stage, province and award, overdue stages, stage durations.</summary>
    /// <param name="req">The request.</param>
    /// <param name="campaignId">The campaign, from the route.</param>
    /// <returns>The handler's response.</returns>
    [Function("GetCampaignProgress")]
    public Task<IActionResult> GetCampaignProgress(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/campaigns/{campaignId}/progress")] HttpRequest req,
        string campaignId)
        => ResultActionResult.From(progress.GetAsync(req.HttpContext, campaignId));

    /// <summary><c>POST /api/campaigns</c>: creates a campaign (or a new version of one).</summary>
    /// <param name="req">The request.</param>
    /// <returns>The handler's response.</returns>
    [Function("CreateCampaign")]
    public Task<IActionResult> CreateCampaign(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/campaigns")] HttpRequest req)
        => ResultActionResult.From(campaigns.CreateAsync(req.HttpContext));

    /// <summary><c>PUT /api/campaigns/{campaignId}</c>: stores a new version of the campaign's configuration.</summary>
    /// <param name="req">The request.</param>
    /// <param name="campaignId">The campaign, from the route.</param>
    /// <returns>The handler's response.</returns>
    [Function("UpdateCampaign")]
    public Task<IActionResult> UpdateCampaign(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "api/campaigns/{campaignId}")] HttpRequest req,
        string campaignId)
        => ResultActionResult.From(campaigns.UpdateAsync(req.HttpContext, campaignId));

    /// <summary><c>GET /api/campaigns/{campaignId}</c>: reads a campaign.</summary>
    /// <param name="req">The request.</param>
    /// <param name="campaignId">The campaign, from the route.</param>
    /// <returns>The handler's response.</returns>
    [Function("GetCampaign")]
    public Task<IActionResult> GetCampaign(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/campaigns/{campaignId}")] HttpRequest req,
        string campaignId)
        => ResultActionResult.From(campaigns.GetAsync(req.HttpContext, campaignId));

    /// <summary><c>GET /api/campaigns/{campaignId}/awards</c>: the campaign's award list.</summary>
    /// <param name="req">The request.</param>
    /// <param name="campaignId">The campaign, from the route.</param>
    /// <returns>The handler's response.</returns>
    [Function("GetAwardList")]
    public Task<IActionResult> GetAwardList(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/campaigns/{campaignId}/awards")] HttpRequest req,
        string campaignId)
        => ResultActionResult.From(awardList.GetAsync(req.HttpContext, campaignId));
}
