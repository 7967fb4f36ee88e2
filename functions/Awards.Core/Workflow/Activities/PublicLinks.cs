using Microsoft.Extensions.Options;

namespace Awards.Workflow.Activities;

/// <summary>Where people reach the product. Bound from <c>Awards</c>.</summary>
public sealed class AwardsOptions
{
    /// <summary>Base URL that links in mail point to, e.g. <c>https://awards.example.gov.vn</c>.</summary>
    public Uri PublicBaseUrl { get; set; } = new("http://localhost:7071");

    /// <summary>An organiser key accepted without a stored record, to issue the first keys.</summary>
    public string? BootstrapOrganiserKey { get; set; }

    /// <summary>Most bytes one document upload request may carry (default 50 MB; Azure Functions caps requests at 100 MB).</summary>
    public long MaxDocumentBytes { get; set; } = 50L * 1000 * 1000;

}

/// <summary>Builds the product's public URLs from <see cref="AwardsOptions.PublicBaseUrl"/>.</summary>
public sealed class PublicLinks(IOptions<AwardsOptions> options)
{
    /// <summary>An approval link.</summary>
    public Uri Review(string token) => new(options.Value.PublicBaseUrl, "review/" + Uri.EscapeDataString(token));

    /// <summary>A sign-in link.</summary>
    public Uri SignIn(string token) => new(options.Value.PublicBaseUrl, "signin/" + Uri.EscapeDataString(token));

    /// <summary>The nominating unit's workspace: its proposals and nominees.</summary>
    public Uri Workspace() => new(options.Value.PublicBaseUrl, "unit");

    /// <summary>A nomination's page in the nominating unit's workspace: where mail to a unit leads (it signs in there if need be).</summary>
    public Uri Nomination(string nominationId) => new(options.Value.PublicBaseUrl, "unit/nominations/" + Uri.EscapeDataString(nominationId));

    /// <summary>The public check of a certificate, as printed on it and in its QR code: <c>{PublicBaseUrl}verify/{code}</c>.</summary>
    public Uri Verify(string code) => new(options.Value.PublicBaseUrl, "verify/" + Uri.EscapeDataString(code));

    /// <summary>A nomination in the JSON API: for organisers, who work through the API with their key (a unit's mail never leads here).</summary>
    public Uri NominationInApi(string nominationId) => new(options.Value.PublicBaseUrl, "api/nominations/" + Uri.EscapeDataString(nominationId));
}
