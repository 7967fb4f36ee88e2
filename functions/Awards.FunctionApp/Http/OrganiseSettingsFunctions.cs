using Awards.Web.Pages;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Awards.FunctionApp.Http;

/// <summary>HTTP adapters for the Settings tab of the organisers' console; the rules live in <see cref="OrganiseSettingsPages"/>.</summary>
/// <param name="pages">The shared settings page handler.</param>
public sealed class OrganiseSettingsFunctions(OrganiseSettingsPages pages)
{
    /// <summary><c>GET /organise/campaigns/new</c>: the new-campaign form (from the sample).</summary>
    /// <param name="req">The request.</param>
    /// <returns>The handler's response.</returns>
    [Function("ShowNewCampaign")]
    public Task<IActionResult> ShowNewCampaign(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "organise/campaigns/new")] HttpRequest req)
        => ResultActionResult.From(pages.NewAsync(req.HttpContext));

    /// <summary><c>POST /organise/campaigns</c>: creates a campaign from the sample.</summary>
    /// <param name="req">The request.</param>
    /// <returns>The handler's response.</returns>
    [Function("CreateCampaignFromConsole")]
    public Task<IActionResult> CreateCampaignFromConsole(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "organise/campaigns")] HttpRequest req)
        => ResultActionResult.From(pages.CreateAsync(req.HttpContext));

    /// <summary><c>GET /organise/campaigns/{campaignId}/settings</c>: the settings page.</summary>
    /// <param name="req">The request.</param>
    /// <param name="campaignId">The campaign, from the route.</param>
    /// <returns>The handler's response.</returns>
    [Function("ShowCampaignSettings")]
    public Task<IActionResult> ShowCampaignSettings(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "organise/campaigns/{campaignId}/settings")] HttpRequest req,
        string campaignId)
        => ResultActionResult.From(pages.ShowAsync(req.HttpContext, campaignId));

    /// <summary><c>POST /organise/campaigns/{campaignId}/settings</c>: saves the settings form as a new version.</summary>
    /// <param name="req">The request.</param>
    /// <param name="campaignId">The campaign, from the route.</param>
    /// <returns>The handler's response.</returns>
    [Function("SaveCampaignSettings")]
    public Task<IActionResult> SaveCampaignSettings(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "organise/campaigns/{campaignId}/settings")] HttpRequest req,
        string campaignId)
        => ResultActionResult.From(pages.SaveAsync(req.HttpContext, campaignId));

    /// <summary><c>POST /organise/campaigns/{campaignId}/settings/upload</c>: an uploaded configuration JSON as a new version.</summary>
    /// <param name="req">The request.</param>
    /// <param name="campaignId">The campaign, from the route.</param>
    /// <returns>The handler's response.</returns>
    [Function("UploadCampaignConfiguration")]
    public Task<IActionResult> UploadCampaignConfiguration(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "organise/campaigns/{campaignId}/settings/upload")] HttpRequest req,
        string campaignId)
        => ResultActionResult.From(pages.UploadAsync(req.HttpContext, campaignId));

    /// <summary><c>GET /organise/campaigns/{campaignId}/settings/configuration</c>: the current configuration as a JSON file.</summary>
    /// <param name="req">The request.</param>
    /// <param name="campaignId">The campaign, from the route.</param>
    /// <returns>The handler's response.</returns>
    [Function("DownloadCampaignConfiguration")]
    public Task<IActionResult> DownloadCampaignConfiguration(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "organise/campaigns/{campaignId}/settings/configuration")] HttpRequest req,
        string campaignId)
        => ResultActionResult.From(pages.DownloadAsync(req.HttpContext, campaignId));
}
