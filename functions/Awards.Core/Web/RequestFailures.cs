using System.Diagnostics;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Awards.Web;

/// <summary>
/// The answer to an exception that escaped a handler, the same on both hosts: the runner's
/// ASP.NET Core exception handler and the Functions app's worker middleware both call it. A
/// request the client got wrong — a body Kestrel refused or cut off, one the form or multipart
/// readers could not parse — is answered with its 4xx problem document; anything else is our
/// fault: a 500 problem document with a trace id to quote, and nothing of the exception.
/// </summary>
public sealed partial class RequestFailures(ILogger<RequestFailures> logger) : IExceptionHandler
{
    /// <summary>The problem to answer <paramref name="error"/> with, or null when the client has gone and nobody is there to read one.</summary>
    public IResult? ProblemFor(HttpContext http, Exception error)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(error);
        var traceId = Activity.Current?.TraceId.ToString() ?? http.TraceIdentifier;
        var trace = new Dictionary<string, object?> { ["traceId"] = traceId };
        if (http.RequestAborted.IsCancellationRequested && error is OperationCanceledException or IOException)
        {
            LogClientGone(logger, http.Request.Method, http.Request.Path);
            return null;
        }

        switch (error)
        {
            case BadHttpRequestException bad:
                LogRefused(logger, http.Request.Method, http.Request.Path, bad.StatusCode, bad.Message);
                return Problems.Of(bad.StatusCode, "The request could not be read.", bad.Message, trace);

            case InvalidDataException unreadable when IsFromBodyReaders(unreadable):
                LogRefused(logger, http.Request.Method, http.Request.Path, StatusCodes.Status400BadRequest, unreadable.Message);
                return Problems.Of(StatusCodes.Status400BadRequest, "The request could not be read.", "The body could not be read: " + unreadable.Message, trace);

            default:
                LogFailed(logger, error, http.Request.Method, http.Request.Path, traceId);
                return Problems.Of(
                    StatusCodes.Status500InternalServerError,
                    "Something went wrong on our side.",
                    $"The request was not completed. Try again; if it keeps failing, tell the organisers the time it happened and this trace id: {traceId}.",
                    trace);
        }
    }

    /// <inheritdoc/>
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        if (httpContext.Response.HasStarted)
        {
            // Too late for a problem document: the host aborts the response and logs the error.
            return false;
        }

        if (ProblemFor(httpContext, exception) is { } problem)
        {
            await problem.ExecuteAsync(httpContext);
        }

        return true;
    }

    // The form, multipart and header readers of ASP.NET Core throw InvalidDataException for input
    // they cannot parse; the same exception from our own code (a stored row that does not read)
    // is our fault, not the client's.
    private static bool IsFromBodyReaders(InvalidDataException e) =>
        e.Source?.StartsWith("Microsoft.AspNetCore.", StringComparison.Ordinal) == true;

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled error on {Method} {Path} (trace {TraceId})")]
    private static partial void LogFailed(ILogger logger, Exception error, string method, PathString path, string traceId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Refused {Method} {Path} with {Status}: {Reason}")]
    private static partial void LogRefused(ILogger logger, string method, PathString path, int status, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "The client left before {Method} {Path} was answered")]
    private static partial void LogClientGone(ILogger logger, string method, PathString path);
}
