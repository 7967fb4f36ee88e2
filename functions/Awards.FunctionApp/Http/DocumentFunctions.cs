using Awards.Web.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Awards.FunctionApp.Http;

/// <summary>HTTP adapters for resumable uploads and logged document reads; the rules live in <see cref="NominationDocumentApi"/>.</summary>
/// <param name="documents">The shared document handler.</param>
public sealed class DocumentFunctions(NominationDocumentApi documents)
{
    /// <summary><c>POST /api/nominations/{id}/documents/{documentType}/sessions</c>: opens a resumable upload session.</summary>
    /// <param name="req">The request.</param>
    /// <param name="id">The nomination, from the route.</param>
    /// <param name="documentType">The checklist document type, from the route.</param>
    /// <returns>The handler's response.</returns>
    [Function("OpenUploadSession")]
    public Task<IActionResult> OpenUploadSession(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/nominations/{id}/documents/{documentType}/sessions")] HttpRequest req,
        string id,
        string documentType)
        => ResultActionResult.From(documents.OpenSessionAsync(req.HttpContext, id, documentType));

    /// <summary><c>GET /api/nominations/{id}/documents/{documentType}/sessions/{sessionId}</c>: which blocks of a session arrived.</summary>
    /// <param name="req">The request.</param>
    /// <param name="id">The nomination, from the route.</param>
    /// <param name="documentType">The checklist document type, from the route.</param>
    /// <param name="sessionId">The upload session, from the route.</param>
    /// <returns>The handler's response.</returns>
    [Function("GetUploadSession")]
    public Task<IActionResult> GetUploadSession(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/nominations/{id}/documents/{documentType}/sessions/{sessionId}")] HttpRequest req,
        string id,
        string documentType,
        string sessionId)
        => ResultActionResult.From(documents.GetSessionAsync(req.HttpContext, id, documentType, sessionId));

    /// <summary><c>POST /api/nominations/{id}/documents/{documentType}/sessions/{sessionId}/commit</c>: validates and records the uploaded file.</summary>
    /// <param name="req">The request.</param>
    /// <param name="id">The nomination, from the route.</param>
    /// <param name="documentType">The checklist document type, from the route.</param>
    /// <param name="sessionId">The upload session, from the route.</param>
    /// <returns>The handler's response.</returns>
    [Function("CommitUploadSession")]
    public Task<IActionResult> CommitUploadSession(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/nominations/{id}/documents/{documentType}/sessions/{sessionId}/commit")] HttpRequest req,
        string id,
        string documentType,
        string sessionId)
        => ResultActionResult.From(documents.CommitSessionAsync(req.HttpContext, id, documentType, sessionId));

    /// <summary><c>GET /api/nominations/{id}/documents/{documentType}/{version}</c>: logs the read and redirects to a short-lived link.</summary>
    /// <param name="req">The request.</param>
    /// <param name="id">The nomination, from the route.</param>
    /// <param name="documentType">The checklist document type, from the route.</param>
    /// <param name="version">The version number, from the route.</param>
    /// <returns>The handler's response.</returns>
    [Function("ReadDocument")]
    public Task<IActionResult> ReadDocument(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/nominations/{id}/documents/{documentType}/{version}")] HttpRequest req,
        string id,
        string documentType,
        string version)
        => ResultActionResult.From(documents.ReadAsync(req.HttpContext, id, documentType, version));

    /// <summary><c>GET /api/nominations/{id}/document-reads</c>: the read log of a nomination's documents (organisers).</summary>
    /// <param name="req">The request.</param>
    /// <param name="id">The nomination, from the route.</param>
    /// <returns>The handler's response.</returns>
    [Function("ListDocumentReads")]
    public Task<IActionResult> ListDocumentReads(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/nominations/{id}/document-reads")] HttpRequest req,
        string id)
        => ResultActionResult.From(documents.ListReadsAsync(req.HttpContext, id));
}
