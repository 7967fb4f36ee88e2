using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Awards.Web;

/// <summary>Errors as <c>application/problem+json</c> (RFC 9457) with a message a person can act on.</summary>
public static class Problems
{
    /// <summary>The media type of problem responses.</summary>
    public const string ContentType = "application/problem+json";

    /// <summary>A problem with a status, a short title and an actionable detail.</summary>
    public static IResult Of(int status, string title, string detail, IDictionary<string, object?>? extensions = null)
    {
        var problem = new ProblemDetails { Status = status, Title = title, Detail = detail, Type = $"https://httpstatuses.io/{status}" };
        if (extensions is not null)
        {
            foreach (var (k, v) in extensions)
            {
                problem.Extensions[k] = v;
            }
        }

        return Results.Json(problem, AwardsJson.Options, ContentType, status);
    }

    /// <summary>400 with the bad fields named.</summary>
    public static IResult Validation(IDictionary<string, string[]> errors, string detail = "Some fields are not valid; see 'errors'.")
    {
        var problem = new HttpValidationProblemDetails(errors)
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "The request is not valid.",
            Detail = detail,
            Type = "https://httpstatuses.io/400",
        };
        return Results.Json(problem, AwardsJson.Options, ContentType, StatusCodes.Status400BadRequest);
    }

    /// <summary>400 for one bad field.</summary>
    public static IResult Field(string field, string message) => Validation(new Dictionary<string, string[]> { [field] = [message] }, message);

    /// <summary>404 naming what was not found.</summary>
    public static IResult NotFound(string what) => Of(StatusCodes.Status404NotFound, "Not found.", what);

    /// <summary>409: the request is fine but the state does not allow it now.</summary>
    public static IResult Conflict(string detail, IDictionary<string, object?>? extensions = null) =>
        Of(StatusCodes.Status409Conflict, "Not possible in the nomination's current state.", detail, extensions);

    /// <summary>403: signed in, but not allowed.</summary>
    public static IResult Forbidden(string detail) => Of(StatusCodes.Status403Forbidden, "Not allowed.", detail);
}
