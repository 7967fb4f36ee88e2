using Awards.Web.Pages;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace Awards.FunctionApp.Http;

/// <summary>HTTP adapters for the nominating unit's workspace (proposals); the rules live in <see cref="ProposalPages"/>.</summary>
/// <param name="pages">The shared workspace page handler.</param>
public sealed class WorkspaceFunctions(ProposalPages pages)
{
    /// <summary><c>GET /unit</c>: the unit's proposals.</summary>
    /// <param name="req">The request.</param>
    /// <returns>The handler's response.</returns>
    [Function("ShowWorkspace")]
    public Task<IActionResult> ShowWorkspace(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "unit")] HttpRequest req)
        => ResultActionResult.From(pages.HomeAsync(req.HttpContext));

    /// <summary><c>GET /unit/proposals/new</c>: the form that starts a proposal.</summary>
    /// <param name="req">The request.</param>
    /// <returns>The handler's response.</returns>
    [Function("ShowNewProposal")]
    public Task<IActionResult> ShowNewProposal(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "unit/proposals/new")] HttpRequest req)
        => ResultActionResult.From(pages.NewAsync(req.HttpContext));

    /// <summary><c>POST /unit/proposals</c>: starts a proposal.</summary>
    /// <param name="req">The request.</param>
    /// <returns>The handler's response.</returns>
    [Function("CreateProposalPage")]
    public Task<IActionResult> CreateProposalPage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "unit/proposals")] HttpRequest req)
        => ResultActionResult.From(pages.CreateAsync(req.HttpContext));

    /// <summary><c>GET /unit/proposals/{id}</c>: the proposal's page.</summary>
    /// <param name="req">The request.</param>
    /// <param name="id">The proposal, from the route.</param>
    /// <returns>The handler's response.</returns>
    [Function("ShowProposal")]
    public Task<IActionResult> ShowProposal(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "unit/proposals/{id}")] HttpRequest req,
        string id)
        => ResultActionResult.From(pages.ShowAsync(req.HttpContext, id));

    /// <summary><c>GET /unit/proposals/{id}/documents/{documentType}/{version}</c>: opens a cover document's version (logged).</summary>
    /// <param name="req">The request.</param>
    /// <param name="id">The proposal, from the route.</param>
    /// <param name="documentType">The cover document type, from the route.</param>
    /// <param name="version">The version, from the route.</param>
    /// <returns>The handler's response.</returns>
    [Function("OpenProposalDocument")]
    public Task<IActionResult> OpenProposalDocument(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "unit/proposals/{id}/documents/{documentType}/{version}")] HttpRequest req,
        string id,
        string documentType,
        string version)
        => ResultActionResult.From(pages.OpenDocumentAsync(req.HttpContext, id, documentType, version));

    /// <summary><c>POST /unit/proposals/{id}/documents/{documentType}</c>: the upload form's own route (no script).</summary>
    /// <param name="req">The request.</param>
    /// <param name="id">The proposal, from the route.</param>
    /// <param name="documentType">The cover document type, from the route.</param>
    /// <returns>The handler's response.</returns>
    [Function("UploadProposalDocumentForm")]
    public Task<IActionResult> UploadProposalDocumentForm(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "unit/proposals/{id}/documents/{documentType}")] HttpRequest req,
        string id,
        string documentType)
        => ResultActionResult.From(pages.UploadDocumentAsync(req.HttpContext, id, documentType));

    /// <summary><c>POST /unit/proposals/{id}/nominees</c>: adds one nominee from the form.</summary>
    /// <param name="req">The request.</param>
    /// <param name="id">The proposal, from the route.</param>
    /// <returns>The handler's response.</returns>
    [Function("AddNomineeForm")]
    public Task<IActionResult> AddNomineeForm(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "unit/proposals/{id}/nominees")] HttpRequest req,
        string id)
        => ResultActionResult.From(pages.AddNomineeAsync(req.HttpContext, id));

    /// <summary><c>POST /unit/proposals/{id}/import</c>: imports the nominee list from the form.</summary>
    /// <param name="req">The request.</param>
    /// <param name="id">The proposal, from the route.</param>
    /// <returns>The handler's response.</returns>
    [Function("ImportNomineesForm")]
    public Task<IActionResult> ImportNomineesForm(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "unit/proposals/{id}/import")] HttpRequest req,
        string id)
        => ResultActionResult.From(pages.ImportAsync(req.HttpContext, id));

    /// <summary><c>POST /unit/proposals/{id}/submit</c>: submits the drafts as one wave.</summary>
    /// <param name="req">The request.</param>
    /// <param name="client">Starts the nominations' orchestrations.</param>
    /// <param name="id">The proposal, from the route.</param>
    /// <returns>The handler's response.</returns>
    [Function("SubmitProposalForm")]
    public Task<IActionResult> SubmitProposalForm(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "unit/proposals/{id}/submit")] HttpRequest req,
        [DurableClient] DurableTaskClient client,
        string id)
        => ResultActionResult.From(pages.SubmitAsync(req.HttpContext, client, id));

    /// <summary><c>POST /unit/proposals/{id}/resubmit</c>: resubmits the returned nominees as one wave.</summary>
    /// <param name="req">The request.</param>
    /// <param name="client">Signals the nominations' orchestrations.</param>
    /// <param name="id">The proposal, from the route.</param>
    /// <returns>The handler's response.</returns>
    [Function("ResubmitProposalForm")]
    public Task<IActionResult> ResubmitProposalForm(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "unit/proposals/{id}/resubmit")] HttpRequest req,
        [DurableClient] DurableTaskClient client,
        string id)
        => ResultActionResult.From(pages.ResubmitAsync(req.HttpContext, client, id));

    /// <summary><c>GET /unit/campaigns/{campaignId}/templates/{name}</c>: a template of the campaign.</summary>
    /// <param name="req">The request.</param>
    /// <param name="campaignId">The campaign, from the route.</param>
    /// <param name="name">The template's file name or document type, from the route.</param>
    /// <returns>The handler's response.</returns>
    [Function("DownloadCampaignTemplate")]
    public Task<IActionResult> DownloadCampaignTemplate(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "unit/campaigns/{campaignId}/templates/{name}")] HttpRequest req,
        string campaignId,
        string name)
        => ResultActionResult.From(pages.TemplateAsync(req.HttpContext, campaignId, name));
}
