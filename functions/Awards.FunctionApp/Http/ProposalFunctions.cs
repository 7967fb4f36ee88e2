using Awards.Web.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace Awards.FunctionApp.Http;

/// <summary>HTTP adapters for proposals (tờ trình); the rules live in <see cref="ProposalApi"/>.</summary>
/// <param name="proposals">The shared proposal handler.</param>
public sealed class ProposalFunctions(ProposalApi proposals)
{
    /// <summary><c>POST /api/proposals</c>: starts a proposal for the caller's unit.</summary>
    /// <param name="req">The request.</param>
    /// <returns>The handler's response.</returns>
    [Function("CreateProposal")]
    public Task<IActionResult> CreateProposal(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/proposals")] HttpRequest req)
        => ResultActionResult.From(proposals.CreateAsync(req.HttpContext));

    /// <summary><c>GET /api/proposals/{id}</c>: the proposal, its cover documents and nominees.</summary>
    /// <param name="req">The request.</param>
    /// <param name="id">The proposal, from the route.</param>
    /// <returns>The handler's response.</returns>
    [Function("GetProposal")]
    public Task<IActionResult> GetProposal(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/proposals/{id}")] HttpRequest req,
        string id)
        => ResultActionResult.From(proposals.GetAsync(req.HttpContext, id));

    /// <summary><c>PUT /api/proposals/{id}/documents/{documentType}</c>: uploads a cover document.</summary>
    /// <param name="req">The request.</param>
    /// <param name="id">The proposal, from the route.</param>
    /// <param name="documentType">The cover document type, from the route.</param>
    /// <returns>The handler's response.</returns>
    [Function("UploadProposalDocument")]
    public Task<IActionResult> UploadProposalDocument(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "api/proposals/{id}/documents/{documentType}")] HttpRequest req,
        string id,
        string documentType)
        => ResultActionResult.From(proposals.UploadDocumentAsync(req.HttpContext, id, documentType));

    /// <summary><c>POST /api/proposals/{id}/nominees</c>: imports a nominee list (CSV or XLSX).</summary>
    /// <param name="req">The request.</param>
    /// <param name="id">The proposal, from the route.</param>
    /// <returns>The handler's response.</returns>
    [Function("ImportNominees")]
    public Task<IActionResult> ImportNominees(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/proposals/{id}/nominees")] HttpRequest req,
        string id)
        => ResultActionResult.From(proposals.ImportNomineesAsync(req.HttpContext, id));

    /// <summary><c>POST /api/proposals/{id}/submit</c>: submits every draft nominee as one wave.</summary>
    /// <param name="req">The request.</param>
    /// <param name="client">Starts the nominations' orchestrations.</param>
    /// <param name="id">The proposal, from the route.</param>
    /// <returns>The handler's response.</returns>
    [Function("SubmitProposal")]
    public Task<IActionResult> SubmitProposal(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/proposals/{id}/submit")] HttpRequest req,
        [DurableClient] DurableTaskClient client,
        string id)
        => ResultActionResult.From(proposals.SubmitAsync(req.HttpContext, client, id));

    /// <summary><c>POST /api/proposals/{id}/resubmit</c>: every returned nominee goes back as one wave.</summary>
    /// <param name="req">The request.</param>
    /// <param name="client">Signals the nominations' orchestrations.</param>
    /// <param name="id">The proposal, from the route.</param>
    /// <returns>The handler's response.</returns>
    [Function("ResubmitProposal")]
    public Task<IActionResult> ResubmitProposal(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/proposals/{id}/resubmit")] HttpRequest req,
        [DurableClient] DurableTaskClient client,
        string id)
        => ResultActionResult.From(proposals.ResubmitAsync(req.HttpContext, client, id));
}
