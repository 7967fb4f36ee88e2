using Microsoft.AspNetCore.Http;

namespace Awards.Web.Pages;

/// <summary>
/// What every page answer shares: the See Other after a form's POST, and the security headers.
/// The pages themselves are Razor components rendered by <see cref="PageRenderer"/>.
/// </summary>
public static class Html
{
    /// <summary>
    /// 303 See Other to a path of this site, never cached: after a form's POST the browser
    /// follows with a GET, so a reload shows the outcome instead of posting again.
    /// </summary>
    public static IResult SeeOther(HttpContext http, string path) => new SeeOtherResult(http.Request.PathBase + path);

    /// <summary>
    /// The headers every page is sent with: never cached (pages may show personal data and their
    /// URLs hold tokens), no referrer, not framed, and a Content-Security-Policy that runs only
    /// this site's own scripts and styles. Documents open in a page's frame from storage, so its
    /// blob endpoint may be framed and (for resumable uploads) written to.
    /// </summary>
    public static void SecurityHeaders(HttpResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        var policy = (PagePolicy?)response.HttpContext.RequestServices.GetService(typeof(PagePolicy));
        response.Headers.CacheControl = "no-store";
        response.Headers["Referrer-Policy"] = "no-referrer";
        response.Headers["X-Content-Type-Options"] = "nosniff";
        response.Headers["X-Frame-Options"] = "DENY";
        response.Headers.ContentSecurityPolicy = policy?.ContentSecurityPolicy ?? "default-src 'none'; style-src 'self'; script-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
    }

    private sealed class SeeOtherResult(string location) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = StatusCodes.Status303SeeOther;
            httpContext.Response.Headers.Location = location;
            httpContext.Response.Headers.CacheControl = "no-store";
            return Task.CompletedTask;
        }
    }
}
