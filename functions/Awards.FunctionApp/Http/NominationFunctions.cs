using Awards.Web.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace Awards.FunctionApp.Http;

/// <summary>HTTP adapters for nominations and their documents; the rules live in <see cref="NominationApi"/>.</summary>
/// <param name="nominations">The shared nomination handler.</param>
public sealed class NominationFunctions(NominationApi nominations)
{
    /// <summary><c>POST /api/nominations</c>: creates a draft nomination.</summary>
    /// <param name="req">The request.</param>
    /// <returns>The handler's response.</returns>
    [Function("CreateNomination")]
    public Task<IActionResult> CreateNomination(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/nominations")] HttpRequest req)
        => ResultActionResult.From(nominations.CreateAsync(req.HttpContext));

    /// <summary><c>GET /api/nominations</c>: lists the nominations the caller may see.</summary>
    /// <param name="req">The request.</param>
    /// <returns>The handler's response.</returns>
    [Function("ListNominations")]
    public Task<IActionResult> ListNominations(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/nominations")] HttpRequest req)
        => ResultActionResult.From(nominations.ListAsync(req.HttpContext));

    /// <summary><c>GET /api/nominations/{id}</c>: reads one nomination.</summary>
    /// <param name="req">The request.</param>
    /// <param name="id">The nomination, from the route.</param>
    /// <returns>The handler's response.</returns>
    [Function("GetNomination")]
    public Task<IActionResult> GetNomination(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/nominations/{id}")] HttpRequest req,
        string id)
        => ResultActionResult.From(nominations.GetAsync(req.HttpContext, id));

    /// <summary><c>PUT /api/nominations/{id}/documents/{documentType}</c>: uploads a dossier document.</summary>
    /// <param name="req">The request.</param>
    /// <param name="id">The nomination, from the route.</param>
    /// <param name="documentType">The checklist document type, from the route.</param>
    /// <returns>The handler's response.</returns>
    [Function("UploadDocument")]
    public Task<IActionResult> UploadDocument(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "api/nominations/{id}/documents/{documentType}")] HttpRequest req,
        string id,
        string documentType)
        => ResultActionResult.From(nominations.UploadDocumentAsync(req.HttpContext, id, documentType));

    /// <summary><c>POST /api/nominations/{id}/submit</c>: submits a draft, starting its review workflow.</summary>
    /// <param name="req">The request.</param>
    /// <param name="client">Starts the nomination's orchestration.</param>
    /// <param name="id">The nomination, from the route.</param>
    /// <returns>The handler's response.</returns>
    [Function("SubmitNomination")]
    public Task<IActionResult> SubmitNomination(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/nominations/{id}/submit")] HttpRequest req,
        [DurableClient] DurableTaskClient client,
        string id)
        => ResultActionResult.From(nominations.SubmitAsync(req.HttpContext, client, id));

    /// <summary><c>POST /api/nominations/{id}/resubmit</c>: resubmits a returned nomination to its waiting workflow.</summary>
    /// <param name="req">The request.</param>
    /// <param name="client">Raises the resubmission event.</param>
    /// <param name="id">The nomination, from the route.</param>
    /// <returns>The handler's response.</returns>
    [Function("ResubmitNomination")]
    public Task<IActionResult> ResubmitNomination(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/nominations/{id}/resubmit")] HttpRequest req,
        [DurableClient] DurableTaskClient client,
        string id)
        => ResultActionResult.From(nominations.ResubmitAsync(req.HttpContext, client, id));

    /// <summary><c>POST /api/nominations/{id}/withdraw</c>: the nominating unit withdraws a nomination not yet decided.</summary>
    /// <param name="req">The request.</param>
    /// <param name="client">Signals the nomination's orchestration.</param>
    /// <param name="id">The nomination, from the route.</param>
    /// <returns>The handler's response.</returns>
    [Function("WithdrawNomination")]
    public Task<IActionResult> WithdrawNomination(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/nominations/{id}/withdraw")] HttpRequest req,
        [DurableClient] DurableTaskClient client,
        string id)
        => ResultActionResult.From(nominations.WithdrawAsync(req.HttpContext, client, id));

    /// <summary><c>POST /api/nominations/{id}/cancel</c>: an organiser cancels a nomination not yet decided.</summary>
    /// <param name="req">The request.</param>
    /// <param name="client">Signals the nomination's orchestration.</param>
    /// <param name="id">The nomination, from the route.</param>
    /// <returns>The handler's response.</returns>
    [Function("CancelNomination")]
    public Task<IActionResult> CancelNomination(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/nominations/{id}/cancel")] HttpRequest req,
        [DurableClient] DurableTaskClient client,
        string id)
        => ResultActionResult.From(nominations.CancelAsync(req.HttpContext, client, id));

    /// <summary><c>POST /api/nominations/{id}/retry</c>: an organiser retries a nomination whose workflow stopped for attention.</summary>
    /// <param name="req">The request.</param>
    /// <param name="client">Signals (or restarts) the nomination's orchestration.</param>
    /// <param name="id">The nomination, from the route.</param>
    /// <returns>The handler's response.</returns>
    [Function("RetryNomination")]
    public Task<IActionResult> RetryNomination(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/nominations/{id}/retry")] HttpRequest req,
        [DurableClient] DurableTaskClient client,
        string id)
        => ResultActionResult.From(nominations.RetryAsync(req.HttpContext, client, id));
}
