using Awards.Web.Pages;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace Awards.FunctionApp.Http;

/// <summary>HTTP adapters for the approver's review page; the rules live in <see cref="ReviewPages"/>.</summary>
/// <param name="pages">The shared review page handler.</param>
public sealed class ReviewFunctions(ReviewPages pages)
{
    /// <summary><c>GET/HEAD /review/{token}</c>: shows the review page; never decides (mail scanners fetch links).</summary>
    /// <param name="req">The request.</param>
    /// <param name="token">The signed review link token, from the route.</param>
    /// <returns>The handler's response.</returns>
    [Function("ShowReview")]
    public Task<IActionResult> ShowReview(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "review/{token}")] HttpRequest req,
        string token)
        => ResultActionResult.From(pages.ShowAsync(req.HttpContext, token));

    /// <summary><c>POST /review/{token}</c>: records the approver's decision and raises it to the workflow.</summary>
    /// <param name="req">The request.</param>
    /// <param name="client">Raises the decision event.</param>
    /// <param name="token">The signed review link token, from the route.</param>
    /// <returns>The handler's response.</returns>
    [Function("DecideReview")]
    public Task<IActionResult> DecideReview(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "review/{token}")] HttpRequest req,
        [DurableClient] DurableTaskClient client,
        string token)
        => ResultActionResult.From(pages.DecideAsync(req.HttpContext, client, token));

    /// <summary><c>GET /review/{token}/documents/{ownerId}/{documentType}/{version}</c>: logs the approver's read and redirects to a short-lived link.</summary>
    /// <param name="req">The request.</param>
    /// <param name="token">The review link's token, from the route.</param>
    /// <param name="ownerId">The proposal or nomination holding the document.</param>
    /// <param name="documentType">The document type.</param>
    /// <param name="version">The version number.</param>
    /// <returns>The handler's response.</returns>
    [Function("OpenReviewDocument")]
    public Task<IActionResult> OpenReviewDocument(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "review/{token}/documents/{ownerId}/{documentType}/{version}")] HttpRequest req,
        string token,
        string ownerId,
        string documentType,
        string version)
        => ResultActionResult.From(pages.OpenDocumentAsync(req.HttpContext, token, ownerId, documentType, version));

    /// <summary><c>POST /review/{token}/delegate</c>: hands the decision to a colleague.</summary>
    /// <param name="req">The request.</param>
    /// <param name="token">The review link's token, from the route.</param>
    /// <returns>The handler's response.</returns>
    [Function("DelegateReview")]
    public Task<IActionResult> DelegateReview(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "review/{token}/delegate")] HttpRequest req,
        string token)
        => ResultActionResult.From(pages.DelegateAsync(req.HttpContext, token));
}
