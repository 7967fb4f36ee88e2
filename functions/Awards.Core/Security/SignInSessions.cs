using System.Security.Cryptography;
using System.Text.Json;
using Awards.Web;
using Awards.Workflow.Activities;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Awards.Security;

/// <summary>What a session cookie says, once unprotected.</summary>
/// <param name="KeyHash">The nominator key the session acts as (its hash, as stored); each request reads the key's record, so a revoked or removed key ends its sessions.</param>
/// <param name="Email">The address that signed in.</param>
/// <param name="SignedInAt">When.</param>
/// <param name="SessionId">The session's row in <see cref="SessionStore"/>; each request reads it, so a session ended on the server is refused at once.</param>
public sealed record SessionClaims(string KeyHash, string Email, DateTimeOffset SignedInAt, string SessionId);

/// <summary>
/// The nominator's session cookie: its value is protected (encrypted and authenticated) by
/// ASP.NET Core Data Protection with a time-limited protector, under a key ring kept in Blob
/// storage (<see cref="BlobXmlRepository"/>) so every instance and both hosts read it. The
/// cookie alone is not enough: it names a row of <see cref="SessionStore"/>, which signing out
/// deletes.
/// </summary>
public sealed class SignInSessions
{
    /// <summary>The cookie's name.</summary>
    public const string CookieName = "awards_session";

    /// <summary>How long a session lasts (a working day); then the nominator asks for a new link.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(8);

    // Versioned: a later change of the payload takes a new purpose, and old cookies simply stop working
    // (v1 cookies named no server-side session, so nothing could end them before they expired).
    private const string Purpose = "Awards.Session.v2";

    // Protected cookies are a few hundred characters; anything much longer is not ours.
    private const int MaxCookieLength = 2048;

    private readonly ITimeLimitedDataProtector protector;
    private readonly IOptions<AwardsOptions> options;
    private readonly TimeProvider time;

    /// <summary>Creates the protector for session cookies.</summary>
    public SignInSessions(IDataProtectionProvider provider, IOptions<AwardsOptions> options, TimeProvider time)
    {
        protector = provider.CreateProtector(Purpose).ToTimeLimitedDataProtector();
        this.options = options;
        this.time = time;
    }

    /// <summary>Sets the session cookie on the response.</summary>
    public void SignIn(HttpContext http, SessionClaims claims)
    {
        ArgumentNullException.ThrowIfNull(http);
        var expires = claims.SignedInAt + Lifetime;
        var value = protector.Protect(JsonSerializer.Serialize(claims, AwardsJson.Options), expires);
        http.Response.Cookies.Append(CookieName, value, CookieOptions(http.Request, expires));
    }

    /// <summary>Clears the session cookie.</summary>
    public void SignOut(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        http.Response.Cookies.Delete(CookieName, CookieOptions(http.Request, null));
    }

    /// <summary>Whether the request carries a session cookie at all (valid or not).</summary>
    public static bool HasCookie(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.Cookies.ContainsKey(CookieName);
    }

    /// <summary>The session of the request's cookie, or null when there is none or it is expired, altered or from another key ring.</summary>
    public SessionClaims? Read(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!request.Cookies.TryGetValue(CookieName, out var value) || string.IsNullOrEmpty(value) || value.Length > MaxCookieLength)
        {
            return null;
        }

        try
        {
            var json = protector.Unprotect(value, out var expires);
            return expires <= time.GetUtcNow() ? null : JsonSerializer.Deserialize<SessionClaims>(json, AwardsJson.Options);
        }
        catch (CryptographicException)
        {
            // Expired, altered, or protected under a key no longer in the ring.
            return null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>
    /// Whether a browser sent the request from this site's own pages — the CSRF check for
    /// requests that change something.
    /// </summary>
    /// <remarks>
    /// The browser's <c>Sec-Fetch-Site</c> header decides when present (pages cannot set it):
    /// only <c>same-origin</c> passes. Otherwise the <c>Origin</c> header must name the origin of
    /// <c>Awards:PublicBaseUrl</c>. <c>Sec-Fetch-Site</c> comes first because the product's pages
    /// send <c>Referrer-Policy: no-referrer</c> (their URLs hold tokens), under which browsers
    /// send <c>Origin: null</c> even on same-origin form posts; a "null" origin is refused.
    /// Without either header (not a current browser), <paramref name="required"/> decides.
    /// </remarks>
    /// <param name="request">The request.</param>
    /// <param name="required">True to refuse a request that carries neither header.</param>
    public bool IsFromThisSite(HttpRequest request, bool required)
    {
        ArgumentNullException.ThrowIfNull(request);
        var site = request.Headers["Sec-Fetch-Site"].ToString();
        if (site.Length > 0)
        {
            return site == "same-origin";
        }

        var origin = request.Headers.Origin.ToString();
        if (origin.Length == 0)
        {
            return !required;
        }

        return Uri.TryCreate(origin, UriKind.Absolute, out var uri)
            && Uri.Compare(uri, options.Value.PublicBaseUrl, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0;
    }

    private CookieOptions CookieOptions(HttpRequest request, DateTimeOffset? expires) => new()
    {
        HttpOnly = true,

        // Lax: the cookie goes with top-level navigations from mail and bookmarks, never with
        // cross-site POSTs or sub-requests (the first line of CSRF defence; Origin checks are the second).
        SameSite = SameSiteMode.Lax,

        // Secure whenever people reach the site over https, also when TLS ends at a proxy in
        // front of the app (the public URL says https even though the request here is http).
        Secure = request.IsHttps || options.Value.PublicBaseUrl.Scheme == Uri.UriSchemeHttps,
        Path = "/",
        Expires = expires,
        IsEssential = true,
    };
}
