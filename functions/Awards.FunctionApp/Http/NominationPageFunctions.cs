using Awards.Web.Pages;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace Awards.FunctionApp.Http;

/// <summary>HTTP adapters for the nominee page of a signed-in unit; the rules live in <see cref="NominationPages"/>.</summary>
/// <param name="pages">The shared nominee page handler.</param>
public sealed class NominationPageFunctions(NominationPages pages)
{
    /// <summary><c>GET /unit/nominations/{id}</c>: the nominee page.</summary>
    /// <param name="req">The request.</param>
    /// <param name="id">The nomination, from the route.</param>
    /// <returns>The handler's response.</returns>
    [Function("ShowNominationPage")]
    public Task<IActionResult> ShowNominationPage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "unit/nominations/{id}")] HttpRequest req,
        string id)
        => ResultActionResult.From(pages.ShowAsync(req.HttpContext, id));

    /// <summary><c>POST /unit/nominations/{id}/documents/{documentType}</c>: the page's upload without script (multipart).</summary>
    /// <param name="req">The request.</param>
    /// <param name="id">The nomination, from the route.</param>
    /// <param name="documentType">The checklist document type, from the route.</param>
    /// <returns>The handler's response.</returns>
    [Function("UploadFromNominationPage")]
    public Task<IActionResult> UploadFromNominationPage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "unit/nominations/{id}/documents/{documentType}")] HttpRequest req,
        string id,
        string documentType)
        => ResultActionResult.From(pages.UploadAsync(req.HttpContext, id, documentType));

    /// <summary><c>POST /unit/nominations/{id}/resubmit</c>: resubmits a returned nomination from its page.</summary>
    /// <param name="req">The request.</param>
    /// <param name="client">Tells the nomination's orchestration.</param>
    /// <param name="id">The nomination, from the route.</param>
    /// <returns>The handler's response.</returns>
    [Function("ResubmitFromNominationPage")]
    public Task<IActionResult> ResubmitFromNominationPage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "unit/nominations/{id}/resubmit")] HttpRequest req,
        [DurableClient] DurableTaskClient client,
        string id)
        => ResultActionResult.From(pages.ResubmitAsync(req.HttpContext, client, id));

    /// <summary><c>POST /unit/nominations/{id}/withdraw</c>: withdraws a nomination from its page, with a reason.</summary>
    /// <param name="req">The request.</param>
    /// <param name="client">Signals the nomination's orchestration.</param>
    /// <param name="id">The nomination, from the route.</param>
    /// <returns>The handler's response.</returns>
    [Function("WithdrawFromNominationPage")]
    public Task<IActionResult> WithdrawFromNominationPage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "unit/nominations/{id}/withdraw")] HttpRequest req,
        [DurableClient] DurableTaskClient client,
        string id)
        => ResultActionResult.From(pages.WithdrawAsync(req.HttpContext, client, id));
}
