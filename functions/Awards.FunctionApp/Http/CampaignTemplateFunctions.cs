using Awards.Web.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Awards.FunctionApp.Http;

/// <summary>HTTP adapter for a campaign's document templates; the rules live in <see cref="CampaignTemplateApi"/>.</summary>
/// <param name="templates">The shared template handler.</param>
public sealed class CampaignTemplateFunctions(CampaignTemplateApi templates)
{
    /// <summary><c>PUT /api/campaigns/{campaignId}/templates/{documentType}</c>: an organiser uploads a template for a checklist document.</summary>
    /// <param name="req">The request.</param>
    /// <param name="campaignId">The campaign, from the route.</param>
    /// <param name="documentType">The checklist document type, from the route.</param>
    /// <returns>The handler's response.</returns>
    [Function("UploadCampaignTemplate")]
    public Task<IActionResult> UploadCampaignTemplate(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "api/campaigns/{campaignId}/templates/{documentType}")] HttpRequest req,
        string campaignId,
        string documentType)
        => ResultActionResult.From(templates.UploadAsync(req.HttpContext, campaignId, documentType));
}
