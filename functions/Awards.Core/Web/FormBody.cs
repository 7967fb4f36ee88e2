using Microsoft.AspNetCore.Http;

namespace Awards.Web;

/// <summary>
/// Reads <c>application/x-www-form-urlencoded</c> and <c>multipart/form-data</c> bodies for the
/// product's pages. A body that does not parse — a broken or cut-off multipart part, a missing or
/// oversized boundary, more fields than a form has — is the client's mistake: a 400, never a 500.
/// </summary>
public static class FormBody
{
    /// <summary>
    /// The form, or an exception the hosts' shared handler (<see cref="RequestFailures"/>) answers
    /// with a 400 problem document when the body does not parse.
    /// </summary>
    /// <exception cref="BadHttpRequestException">The body is not a readable form (status 400, or Kestrel's own status for a body it refused).</exception>
    public static async Task<IFormCollection> ReadAsync(HttpRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        try
        {
            return await request.ReadFormAsync(ct);
        }
        catch (BadHttpRequestException)
        {
            // Kestrel's own refusal (body cut off before its Content-Length, too large, too slow): keep its status.
            throw;
        }
        catch (Exception e) when (IsUnreadable(e, ct))
        {
            throw new BadHttpRequestException("The body could not be read as a form: " + e.Message, StatusCodes.Status400BadRequest, e);
        }
    }

    /// <summary>The form, or null when the body does not parse (for pages that answer with the form and an error).</summary>
    public static async Task<IFormCollection?> TryReadAsync(HttpRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        try
        {
            return await request.ReadFormAsync(ct);
        }
        catch (Exception e) when (e is BadHttpRequestException || IsUnreadable(e, ct))
        {
            return null;
        }
    }

    // InvalidDataException: the form and multipart readers' word for a malformed body or a limit
    // exceeded; IOException: the body ended early (the client stopped sending). Cancellation
    // (the client went away) is not a malformed body and is left to the host.
    private static bool IsUnreadable(Exception e, CancellationToken ct) =>
        e is InvalidDataException || (e is IOException && !ct.IsCancellationRequested);
}
