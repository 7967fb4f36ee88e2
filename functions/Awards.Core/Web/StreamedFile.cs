using Microsoft.AspNetCore.Http;

namespace Awards.Web;

/// <summary>
/// A file written straight to the response as it is made (an export, a PDF): the content type,
/// <c>Content-Disposition</c> with the exact (Vietnamese) name in <c>filename*</c> and an ASCII
/// fallback, <c>Cache-Control: no-store</c> (award lists and decisions name people: no cache keeps
/// them), then whatever <paramref name="write"/> writes.
/// </summary>
/// <param name="contentType">The media type.</param>
/// <param name="fileName">The file name to save it as.</param>
/// <param name="write">Writes the body to the response.</param>
public sealed class StreamedFile(string contentType, string fileName, Func<HttpResponse, CancellationToken, Task> write) : IResult
{
    /// <inheritdoc/>
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var response = httpContext.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = contentType;
        response.Headers.ContentDisposition = ContentDisposition.Attachment(fileName);
        response.Headers.CacheControl = "no-store";
        response.Headers.XContentTypeOptions = "nosniff";
        await write(response, httpContext.RequestAborted);
    }
}
