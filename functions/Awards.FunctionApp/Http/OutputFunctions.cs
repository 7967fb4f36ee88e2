using Awards.Web.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Awards.FunctionApp.Http;

/// <summary>HTTP adapters for a decision's documents (the decision PDF, its certificates); the rules live in <see cref="DecisionOutputsApi"/>.</summary>
/// <param name="outputs">The shared handler.</param>
public sealed class OutputFunctions(DecisionOutputsApi outputs)
{
    /// <summary><c>GET /api/decisions/{decisionId}/document</c>: the decision as a PDF.</summary>
    /// <param name="req">The request.</param>
    /// <param name="decisionId">The decision, from the route.</param>
    /// <returns>The handler's response.</returns>
    [Function("GetDecisionDocument")]
    public Task<IActionResult> GetDecisionDocument(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/decisions/{decisionId}/document")] HttpRequest req,
        string decisionId)
        => ResultActionResult.From(outputs.DocumentAsync(req.HttpContext, decisionId));

    /// <summary><c>GET /api/decisions/{decisionId}/certificates</c>: every standing award's certificate in one PDF.</summary>
    /// <param name="req">The request.</param>
    /// <param name="decisionId">The decision, from the route.</param>
    /// <returns>The handler's response.</returns>
    [Function("GetCertificates")]
    public Task<IActionResult> GetCertificates(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/decisions/{decisionId}/certificates")] HttpRequest req,
        string decisionId)
        => ResultActionResult.From(outputs.CertificatesAsync(req.HttpContext, decisionId));

    /// <summary><c>GET /api/decisions/{decisionId}/certificates/{nominationId}</c>: one awardee's certificate.</summary>
    /// <param name="req">The request.</param>
    /// <param name="decisionId">The decision, from the route.</param>
    /// <param name="nominationId">The awardee's nomination, from the route.</param>
    /// <returns>The handler's response.</returns>
    [Function("GetCertificate")]
    public Task<IActionResult> GetCertificate(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/decisions/{decisionId}/certificates/{nominationId}")] HttpRequest req,
        string decisionId,
        string nominationId)
        => ResultActionResult.From(outputs.CertificateAsync(req.HttpContext, decisionId, nominationId));
}
