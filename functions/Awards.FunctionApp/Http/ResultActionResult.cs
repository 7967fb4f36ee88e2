using Microsoft.AspNetCore.Mvc;
using IResult = Microsoft.AspNetCore.Http.IResult;

namespace Awards.FunctionApp.Http;

/// <summary>
/// Runs a shared handler's minimal-API <see cref="IResult"/> as an <see cref="IActionResult"/>.
/// </summary>
/// <remarks>
/// The handlers in Awards.Core return <see cref="IResult"/> (what the local runner serves
/// directly); the Functions ASP.NET Core integration reliably executes <see cref="IActionResult"/>,
/// so this one adapter bridges the two without any handler knowing which host it runs on.
/// </remarks>
/// <param name="result">The handler's result, executed against the current request.</param>
public sealed class ResultActionResult(IResult result) : IActionResult
{
    /// <summary>Awaits a handler call and wraps its result.</summary>
    /// <param name="pending">The handler call.</param>
    /// <returns>The result as an <see cref="IActionResult"/>.</returns>
    public static async Task<IActionResult> From(Task<IResult> pending)
    {
        ArgumentNullException.ThrowIfNull(pending);
        return new ResultActionResult(await pending);
    }

    /// <inheritdoc/>
    public Task ExecuteResultAsync(ActionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return result.ExecuteAsync(context.HttpContext);
    }
}
