using Awards.Web.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Awards.FunctionApp.Http;

/// <summary>HTTP adapter for a nomination's audit log; the rules live in <see cref="AuditApi"/>.</summary>
/// <param name="audit">The shared audit handler.</param>
public sealed class AuditFunctions(AuditApi audit)
{
    /// <summary><c>GET /api/nominations/{id}/audit</c>: the audit log and whether its chain verifies.</summary>
    /// <param name="req">The request.</param>
    /// <param name="id">The nomination, from the route.</param>
    /// <returns>The handler's response.</returns>
    [Function("GetNominationAudit")]
    public Task<IActionResult> GetNominationAudit(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/nominations/{id}/audit")] HttpRequest req,
        string id)
        => ResultActionResult.From(audit.GetAsync(req.HttpContext, id));
}
