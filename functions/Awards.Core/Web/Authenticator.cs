using System.Security.Cryptography;
using System.Text;
using Awards.Security;
using Awards.Workflow.Activities;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Awards.Web;

/// <summary>
/// Turns <c>Authorization: Bearer &lt;key&gt;</c> (scripts) or a nominator's session cookie
/// (browsers, after signing in at <c>/signin</c>) into the same <see cref="Caller"/>.
/// </summary>
public sealed class Authenticator(ApiKeyStore keys, SignInSessions sessions, SessionStore sessionRows, IOptions<AwardsOptions> options, TimeProvider time)
{
    private const int MaxKeyLength = 200;

    /// <summary>The caller, or a 401 (or 403) problem.</summary>
    public async Task<(Caller? Caller, IResult? Problem)> AuthenticateAsync(HttpRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var header = request.Headers.Authorization.ToString();
        if (header.Length == 0 && SignInSessions.HasCookie(request))
        {
            return await FromSessionAsync(request, ct);
        }

        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return (null, Unauthorized("Send your API key as 'Authorization: Bearer <key>', or sign in at /signin."));
        }

        var key = header["Bearer ".Length..].Trim();
        if (key.Length is 0 or > MaxKeyLength)
        {
            return (null, Unauthorized("The API key is not valid."));
        }

        var bootstrap = options.Value.BootstrapOrganiserKey;
        if (!string.IsNullOrEmpty(bootstrap)
            && CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(key)), SHA256.HashData(Encoding.UTF8.GetBytes(bootstrap))))
        {
            return (new Caller(Role.Organiser, Caller.BootstrapEmail, null, null), null);
        }

        var record = await keys.FindAsync(key, ct);
        return record switch
        {
            null => (null, Unauthorized("The API key is not valid. Ask an organiser for a key.")),
            { RevokedAt: { } revokedAt } => (null, Unauthorized($"This API key was revoked on {Domain.VietnameseText.FormatInstant(revokedAt)}. Ask an organiser for a new one.")),
            _ => (ToCaller(record), null),
        };
    }

    // CSRF: a browser attaches the cookie to requests other sites make it send, never the
    // Authorization header, so only cookie-authenticated requests need a defence. SameSite=Lax
    // already keeps the cookie off cross-site POSTs, PUTs and fetches in current browsers; as a
    // second line (older browsers, same-site subdomains), a cookie-authenticated request that
    // can change state must show it came from this site's pages: Sec-Fetch-Site: same-origin,
    // or else an Origin header naming this site (SignInSessions.IsFromThisSite); a request with
    // neither is refused. Scripts use Bearer keys and are unaffected. GET and HEAD change
    // nothing, so they need no check.
    private async Task<(Caller? Caller, IResult? Problem)> FromSessionAsync(HttpRequest request, CancellationToken ct)
    {
        var session = sessions.Read(request);
        if (session is null)
        {
            return (null, Unauthorized("Your sign-in has expired or is not valid. Sign in again at /signin."));
        }

        if (!HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method) && !sessions.IsFromThisSite(request, required: true))
        {
            return (null, Problems.Forbidden("A signed-in browser request that changes something must come from this site's own pages (its Sec-Fetch-Site or Origin header did not show that). Scripts: use an API key."));
        }

        // Two point reads at once: the session's row (gone once signed out or ended) and the key it acts as (revoked?).
        var reading = keys.FindByHashAsync(session.KeyHash, ct);
        var checking = sessionRows.IsActiveAsync(session, time.GetUtcNow(), ct);
        await Task.WhenAll(reading, checking);
        var record = await reading;
        if (!await checking)
        {
            return (null, Unauthorized("This session has ended: it was signed out (perhaps on another device) or ended by an organiser. Sign in again at /signin."));
        }

        return record is { Role: Role.Nominator or Role.Organiser, IsRevoked: false }
            ? (ToCaller(record), null)
            : (null, Unauthorized("The key you signed in with is no longer valid. Ask an organiser."));
    }

    private static Caller ToCaller(ApiKeyRecord record) => new(record.Role, record.Email, record.UnitName, record.ProvinceCode);

    /// <summary>
    /// The caller when it is a nominating unit's key; otherwise the problem to answer, naming
    /// <paramref name="whatIsMade"/> (e.g. "Proposals are made").
    /// </summary>
    public async Task<(Caller? Caller, IResult? Problem)> AuthenticateNominatorAsync(HttpRequest request, string whatIsMade, CancellationToken ct)
    {
        var (caller, denied) = await AuthenticateAsync(request, ct);
        if (caller is null)
        {
            return (null, denied);
        }

        return caller.Role == Role.Nominator && caller.UnitName is not null && caller.ProvinceCode is not null
            ? (caller, null)
            : (null, Problems.Forbidden($"{whatIsMade} with a nominating unit's key (POST /api/keys with role \"nominator\")."));
    }

    private static IResult Unauthorized(string detail) =>
        new WithHeader(Problems.Of(StatusCodes.Status401Unauthorized, "Sign-in required.", detail), "WWW-Authenticate", "Bearer");

    private sealed class WithHeader(IResult inner, string name, string value) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers[name] = value;
            return inner.ExecuteAsync(httpContext);
        }
    }
}
