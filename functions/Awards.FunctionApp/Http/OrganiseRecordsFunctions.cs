using Awards.Web.Pages;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace Awards.FunctionApp.Http;

/// <summary>HTTP adapters for the organisers' console's nominations and awards tabs; the rules live in <see cref="OrganiseNominationsPages"/> and <see cref="OrganiseAwardsPages"/>.</summary>
/// <param name="nominations">The nominations tab's handler.</param>
/// <param name="awards">The awards tab's handler.</param>
public sealed class OrganiseRecordsFunctions(OrganiseNominationsPages nominations, OrganiseAwardsPages awards)
{
    /// <summary><c>GET /organise/campaigns/{campaignId}/nominations</c>: search and filter a campaign's nominations.</summary>
    /// <param name="req">The request.</param>
    /// <param name="campaignId">The campaign, from the route.</param>
    /// <returns>The handler's response.</returns>
    [Function("ShowConsoleNominations")]
    public Task<IActionResult> ShowConsoleNominations(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "organise/campaigns/{campaignId}/nominations")] HttpRequest req,
        string campaignId)
        => ResultActionResult.From(nominations.ListAsync(req.HttpContext, campaignId));

    /// <summary><c>GET /organise/campaigns/{campaignId}/nominations/{nominationId}</c>: one nomination with its dossier, reads, history and audit verdict.</summary>
    /// <param name="req">The request.</param>
    /// <param name="campaignId">The campaign, from the route.</param>
    /// <param name="nominationId">The nomination, from the route.</param>
    /// <returns>The handler's response.</returns>
    [Function("ShowConsoleNomination")]
    public Task<IActionResult> ShowConsoleNomination(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "organise/campaigns/{campaignId}/nominations/{nominationId}")] HttpRequest req,
        string campaignId,
        string nominationId)
        => ResultActionResult.From(nominations.ShowAsync(req.HttpContext, campaignId, nominationId));

    /// <summary><c>POST /organise/campaigns/{campaignId}/nominations/{nominationId}/cancel</c>: cancels a nomination with a reason.</summary>
    /// <param name="req">The request.</param>
    /// <param name="client">Signals the nomination's orchestration.</param>
    /// <param name="campaignId">The campaign, from the route.</param>
    /// <param name="nominationId">The nomination, from the route.</param>
    /// <returns>The handler's response.</returns>
    [Function("CancelFromConsole")]
    public Task<IActionResult> CancelFromConsole(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "organise/campaigns/{campaignId}/nominations/{nominationId}/cancel")] HttpRequest req,
        [DurableClient] DurableTaskClient client,
        string campaignId,
        string nominationId)
        => ResultActionResult.From(nominations.CancelAsync(req.HttpContext, client, campaignId, nominationId));

    /// <summary><c>POST /organise/campaigns/{campaignId}/nominations/{nominationId}/retry</c>: goes on with a stopped workflow.</summary>
    /// <param name="req">The request.</param>
    /// <param name="client">Signals or restarts the nomination's orchestration.</param>
    /// <param name="campaignId">The campaign, from the route.</param>
    /// <param name="nominationId">The nomination, from the route.</param>
    /// <returns>The handler's response.</returns>
    [Function("RetryFromConsole")]
    public Task<IActionResult> RetryFromConsole(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "organise/campaigns/{campaignId}/nominations/{nominationId}/retry")] HttpRequest req,
        [DurableClient] DurableTaskClient client,
        string campaignId,
        string nominationId)
        => ResultActionResult.From(nominations.RetryAsync(req.HttpContext, client, campaignId, nominationId));

    /// <summary><c>GET /organise/campaigns/{campaignId}/awards</c>: the award lists, exports and decisions.</summary>
    /// <param name="req">The request.</param>
    /// <param name="campaignId">The campaign, from the route.</param>
    /// <returns>The handler's response.</returns>
    [Function("ShowConsoleAwards")]
    public Task<IActionResult> ShowConsoleAwards(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "organise/campaigns/{campaignId}/awards")] HttpRequest req,
        string campaignId)
        => ResultActionResult.From(awards.ListAsync(req.HttpContext, campaignId));

    /// <summary><c>GET /organise/campaigns/{campaignId}/decisions/new</c>: the number a decision will get, and its form.</summary>
    /// <param name="req">The request.</param>
    /// <param name="campaignId">The campaign, from the route.</param>
    /// <returns>The handler's response.</returns>
    [Function("ShowNewDecision")]
    public Task<IActionResult> ShowNewDecision(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "organise/campaigns/{campaignId}/decisions/new")] HttpRequest req,
        string campaignId)
        => ResultActionResult.From(awards.NewDecisionAsync(req.HttpContext, campaignId));

    /// <summary><c>POST /organise/campaigns/{campaignId}/decisions</c>: issues a decision from the console.</summary>
    /// <param name="req">The request.</param>
    /// <param name="campaignId">The campaign, from the route.</param>
    /// <returns>The handler's response.</returns>
    [Function("IssueDecisionFromConsole")]
    public Task<IActionResult> IssueDecisionFromConsole(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "organise/campaigns/{campaignId}/decisions")] HttpRequest req,
        string campaignId)
        => ResultActionResult.From(awards.IssueAsync(req.HttpContext, campaignId));

    /// <summary><c>GET /organise/campaigns/{campaignId}/awards/{nominationId}/revoke</c>: the revocation form.</summary>
    /// <param name="req">The request.</param>
    /// <param name="campaignId">The campaign, from the route.</param>
    /// <param name="nominationId">The nomination, from the route.</param>
    /// <returns>The handler's response.</returns>
    [Function("ShowRevokeAward")]
    public Task<IActionResult> ShowRevokeAward(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "organise/campaigns/{campaignId}/awards/{nominationId}/revoke")] HttpRequest req,
        string campaignId,
        string nominationId)
        => ResultActionResult.From(awards.ShowRevokeAsync(req.HttpContext, campaignId, nominationId));

    /// <summary><c>POST /organise/campaigns/{campaignId}/awards/{nominationId}/revoke</c>: revokes an award with a reason.</summary>
    /// <param name="req">The request.</param>
    /// <param name="campaignId">The campaign, from the route.</param>
    /// <param name="nominationId">The nomination, from the route.</param>
    /// <returns>The handler's response.</returns>
    [Function("RevokeFromConsole")]
    public Task<IActionResult> RevokeFromConsole(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "organise/campaigns/{campaignId}/awards/{nominationId}/revoke")] HttpRequest req,
        string campaignId,
        string nominationId)
        => ResultActionResult.From(awards.RevokeAsync(req.HttpContext, campaignId, nominationId));
}
