using Awards.Web.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Awards.FunctionApp.Http;

/// <summary>HTTP adapter for the health check; the checks live in <see cref="HealthApi"/>.</summary>
/// <param name="health">The shared health handler.</param>
public sealed class HealthFunctions(HealthApi health)
{
    /// <summary><c>GET /api/health</c>: storage reachable, and the build's version.</summary>
    /// <param name="req">The request.</param>
    /// <returns>The handler's response.</returns>
    [Function("Health")]
    public Task<IActionResult> Health(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/health")] HttpRequest req)
        => ResultActionResult.From(health.GetAsync(req.HttpContext));
}
