using Awards.Web;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;

namespace Awards.FunctionApp.Http;

/// <summary>
/// Answers an exception thrown by an HTTP function with the product's problem document, through
/// the same shared code as the local runner's exception handler (<see cref="RequestFailures"/>):
/// a body the client got wrong is its 4xx, anything else a 500 with a trace id — never the
/// host's bare 500.
/// </summary>
/// <param name="failures">The shared mapping from exception to problem.</param>
public sealed class RequestFailureMiddleware(RequestFailures failures) : IFunctionsWorkerMiddleware
{
    /// <inheritdoc/>
    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        try
        {
            await next(context);
        }
        catch (Exception e) when (context.GetHttpContext() is { Response.HasStarted: false })
        {
            // The ASP.NET Core integration's proxying middleware (outside this one) executes the
            // invocation's IActionResult against the request, as for a handler's own answer.
            var problem = failures.ProblemFor(context.GetHttpContext()!, e);
            context.GetInvocationResult().Value = problem is null ? new Microsoft.AspNetCore.Mvc.EmptyResult() : new ResultActionResult(problem);
        }
    }
}
