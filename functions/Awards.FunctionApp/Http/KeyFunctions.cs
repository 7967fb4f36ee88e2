using Awards.Web.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Awards.FunctionApp.Http;

/// <summary>HTTP adapter for issuing API keys; the rules live in <see cref="KeyApi"/>.</summary>
/// <param name="keys">The shared key handler.</param>
public sealed class KeyFunctions(KeyApi keys)
{
    /// <summary><c>POST /api/keys</c>: issues an API key.</summary>
    /// <param name="req">The request.</param>
    /// <returns>The handler's response.</returns>
    [Function("IssueKey")]
    public Task<IActionResult> IssueKey(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/keys")] HttpRequest req)
        => ResultActionResult.From(keys.IssueAsync(req.HttpContext));
}
