using Awards.Storage;
using Microsoft.Extensions.Options;

namespace Awards.Web.Pages;

/// <summary>
/// The Content-Security-Policy of every page, computed once: this site's own scripts and styles
/// only; documents open in a page's frame from the storage account's blob endpoint (read links),
/// and resumable uploads write their blocks there.
/// </summary>
public sealed class PagePolicy(IOptions<StorageConnectionOptions> storage)
{
    private readonly Lazy<string> csp = new(() =>
    {
        var blob = storage.Value.CreateBlobServiceClient().Uri;
        var origin = blob.GetLeftPart(UriPartial.Authority);
        return $"default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self' data:; connect-src 'self' {origin}; "
            + $"frame-src 'self' {origin}; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
    });

    /// <summary>The policy's header value.</summary>
    public string ContentSecurityPolicy => csp.Value;
}
