using Awards.Web.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Awards.FunctionApp.Http;

/// <summary>HTTP adapters for API keys and sign-in sessions; the rules live in <see cref="KeyApi"/> and <see cref="SessionApi"/>.</summary>
/// <param name="keys">The shared key handler.</param>
/// <param name="sessions">The shared session handler.</param>
public sealed class KeyFunctions(KeyApi keys, SessionApi sessions)
{
    /// <summary><c>POST /api/keys</c>: issues an API key.</summary>
    /// <param name="req">The request.</param>
    /// <returns>The handler's response.</returns>
    [Function("IssueKey")]
    public Task<IActionResult> IssueKey(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/keys")] HttpRequest req)
        => ResultActionResult.From(keys.IssueAsync(req.HttpContext));

    /// <summary><c>GET /api/keys</c>: lists keys by id, never a key itself.</summary>
    /// <param name="req">The request.</param>
    /// <returns>The handler's response.</returns>
    [Function("ListKeys")]
    public Task<IActionResult> ListKeys(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/keys")] HttpRequest req)
        => ResultActionResult.From(keys.ListAsync(req.HttpContext));

    /// <summary><c>POST /api/keys/{keyId}/revoke</c>: revokes a key and ends its sessions.</summary>
    /// <param name="req">The request.</param>
    /// <param name="keyId">The key's id, from the route.</param>
    /// <returns>The handler's response.</returns>
    [Function("RevokeKey")]
    public Task<IActionResult> RevokeKey(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/keys/{keyId}/revoke")] HttpRequest req,
        string keyId)
        => ResultActionResult.From(keys.RevokeAsync(req.HttpContext, keyId));

    /// <summary><c>DELETE /api/sessions</c>: ends every sign-in session of an address.</summary>
    /// <param name="req">The request.</param>
    /// <returns>The handler's response.</returns>
    [Function("EndSessions")]
    public Task<IActionResult> EndSessions(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "api/sessions")] HttpRequest req)
        => ResultActionResult.From(sessions.EndAllAsync(req.HttpContext));
}
