using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.AspNetCore.Http;

namespace Awards.Web.Pages;

/// <summary>The product's page layout: Vietnamese first, English beneath; no scripts, no external assets.</summary>
public static class Html
{
    // Encodes markup characters only: Vietnamese stays readable in the page source and in mail.
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    /// <summary>Encodes text for HTML.</summary>
    public static string E(string? text) => Encoder.Encode(text ?? string.Empty);

    /// <summary>A bilingual line: Vietnamese, then English in grey.</summary>
    public static string Bi(string vi, string en) => $"{E(vi)}<br><span class=\"en\" lang=\"en\">{E(en)}</span>";

    /// <summary>A whole page as a result, never cached, never sending the URL (which holds a token) as a referrer.</summary>
    public static IResult Page(int status, string titleVi, string titleEn, string body) =>
        new PageResult(status, Layout(titleVi, titleEn, body));

    private static string Layout(string titleVi, string titleEn, string body) =>
        new StringBuilder()
            .Append("<!DOCTYPE html><html lang=\"vi\"><head><meta charset=\"utf-8\">")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .Append("<meta name=\"referrer\" content=\"no-referrer\"><meta name=\"robots\" content=\"noindex, nofollow\">")
            .Append("<title>").Append(E(titleVi)).Append(" / ").Append(E(titleEn)).Append("</title>")
            .Append("<style>body{font-family:'DejaVu Sans',Arial,sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem;color:#222}")
            .Append(".en{color:#666;font-size:.9em}table{border-collapse:collapse;width:100%}td,th{border:1px solid #ccc;padding:.35rem .5rem;text-align:left;vertical-align:top}")
            .Append(".notice{padding:.75rem 1rem;border-left:4px solid #b36b00;background:#fff7e6}.ok{border-color:#2e7d32;background:#eef7ee}.error{border-color:#c62828;background:#fdecea}")
            .Append("textarea{width:100%;min-height:6rem}fieldset{border:1px solid #ccc;margin:1rem 0}button{font-size:1rem;padding:.5rem 1.25rem}</style>")
            .Append("</head><body><h1>").Append(Bi(titleVi, titleEn)).Append("</h1>")
            .Append(body)
            .Append("</body></html>")
            .ToString();

    /// <summary>
    /// 303 See Other to a path of this site, never cached: after a form's POST the browser
    /// follows with a GET, so a reload shows the outcome instead of posting again.
    /// </summary>
    public static IResult SeeOther(HttpContext http, string path) => new SeeOtherResult(http.Request.PathBase + path);

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

    private sealed class PageResult(int status, string html) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            var response = httpContext.Response;
            response.StatusCode = status;
            response.ContentType = "text/html; charset=utf-8";
            response.Headers.CacheControl = "no-store";
            response.Headers["Referrer-Policy"] = "no-referrer";
            response.Headers["X-Content-Type-Options"] = "nosniff";
            response.Headers["X-Frame-Options"] = "DENY";
            response.Headers.ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'";
            var bytes = Encoding.UTF8.GetBytes(html);
            response.ContentLength = bytes.Length;
            if (!HttpMethods.IsHead(httpContext.Request.Method))
            {
                await response.Body.WriteAsync(bytes, httpContext.RequestAborted);
            }
        }
    }
}
