using Awards.Web.Api;
using Awards.Web.Pages;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Awards.FunctionApp.Http;

/// <summary>HTTP adapters for award decisions, revocation and the public certificate check; the rules live in <see cref="DecisionApi"/> and <see cref="VerifyPages"/>.</summary>
/// <param name="decisions">The shared decision handler.</param>
/// <param name="verify">The shared verify page handler.</param>
public sealed class DecisionFunctions(DecisionApi decisions, VerifyPages verify)
{
    /// <summary><c>POST /api/campaigns/{campaignId}/decisions</c>: issues an award decision.</summary>
    /// <param name="req">The request.</param>
    /// <param name="campaignId">The campaign, from the route.</param>
    /// <returns>The handler's response.</returns>
    [Function("IssueDecision")]
    public Task<IActionResult> IssueDecision(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/campaigns/{campaignId}/decisions")] HttpRequest req,
        string campaignId)
        => ResultActionResult.From(decisions.IssueAsync(req.HttpContext, campaignId));

    /// <summary><c>GET /api/campaigns/{campaignId}/decisions</c>: the campaign's decisions.</summary>
    /// <param name="req">The request.</param>
    /// <param name="campaignId">The campaign, from the route.</param>
    /// <returns>The handler's response.</returns>
    [Function("ListDecisions")]
    public Task<IActionResult> ListDecisions(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/campaigns/{campaignId}/decisions")] HttpRequest req,
        string campaignId)
        => ResultActionResult.From(decisions.ListAsync(req.HttpContext, campaignId));

    /// <summary><c>GET /api/campaigns/{campaignId}/decisions/preview?award=</c>: the number the next decision would get.</summary>
    /// <param name="req">The request.</param>
    /// <param name="campaignId">The campaign, from the route.</param>
    /// <returns>The handler's response.</returns>
    [Function("PreviewDecision")]
    public Task<IActionResult> PreviewDecision(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/campaigns/{campaignId}/decisions/preview")] HttpRequest req,
        string campaignId)
        => ResultActionResult.From(decisions.PreviewAsync(req.HttpContext, campaignId));

    /// <summary><c>GET /api/decisions/{decisionId}</c>: one decision with its awardees.</summary>
    /// <param name="req">The request.</param>
    /// <param name="decisionId">The decision, from the route.</param>
    /// <returns>The handler's response.</returns>
    [Function("GetDecision")]
    public Task<IActionResult> GetDecision(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/decisions/{decisionId}")] HttpRequest req,
        string decisionId)
        => ResultActionResult.From(decisions.GetAsync(req.HttpContext, decisionId));

    /// <summary><c>POST /api/nominations/{id}/revoke</c>: revokes an award, with a written reason.</summary>
    /// <param name="req">The request.</param>
    /// <param name="id">The nomination, from the route.</param>
    /// <returns>The handler's response.</returns>
    [Function("RevokeAward")]
    public Task<IActionResult> RevokeAward(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/nominations/{id}/revoke")] HttpRequest req,
        string id)
        => ResultActionResult.From(decisions.RevokeAsync(req.HttpContext, id));

    /// <summary><c>GET /verify</c>: the certificate check's form (and <c>?code=</c>).</summary>
    /// <param name="req">The request.</param>
    /// <returns>The handler's response.</returns>
    [Function("ShowVerifyForm")]
    public Task<IActionResult> ShowVerifyForm(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "verify")] HttpRequest req)
        => ResultActionResult.From(verify.ShowAsync(req.HttpContext, null));

    /// <summary><c>GET /verify/{code}</c>: whose award a certificate is, and whether it stands.</summary>
    /// <param name="req">The request.</param>
    /// <param name="code">The certificate's code, from the route.</param>
    /// <returns>The handler's response.</returns>
    [Function("VerifyCertificate")]
    public Task<IActionResult> VerifyCertificate(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "verify/{code}")] HttpRequest req,
        string code)
        => ResultActionResult.From(verify.ShowAsync(req.HttpContext, code));
}
