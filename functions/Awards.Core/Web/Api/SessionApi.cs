using Awards.Domain;
using Awards.Security;
using Microsoft.AspNetCore.Http;

namespace Awards.Web.Api;

/// <summary>
/// <c>DELETE /api/sessions[?email=]</c>: ends every sign-in session of an address at once — the
/// caller's own (a unit that lost a device, or wants every browser signed out), or, for an
/// organiser, any address's. The keys keep working; revoking a key is <c>POST /api/keys/{keyId}/revoke</c>.
/// </summary>
public sealed class SessionApi(Authenticator auth, SignInSessions sessions, SessionStore sessionRows, TimeProvider time)
{
    /// <summary>The answer.</summary>
    /// <param name="Email">The address whose sessions were ended.</param>
    /// <param name="SessionsEnded">How many were still live.</param>
    public sealed record EndedSessions(string Email, int SessionsEnded);

    /// <summary>Ends the sessions.</summary>
    public async Task<IResult> EndAllAsync(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        var ct = http.RequestAborted;
        var (caller, denied) = await auth.AuthenticateAsync(http.Request, ct);
        if (caller is null)
        {
            return denied!;
        }

        var email = http.Request.Query["email"].ToString().Trim();
        if (email.Length == 0)
        {
            email = caller.Email;
        }
        else if (email.Length > 254 || !CampaignValidator.IsEmail(email))
        {
            return Problems.Field("email", "Not a valid email address.");
        }
        else if (caller.Role != Role.Organiser && ApiKeyStore.EmailKey(email) != ApiKeyStore.EmailKey(caller.Email))
        {
            return Problems.Forbidden("A unit ends only its own sessions (leave out 'email'); an organiser can end anyone's.");
        }

        var ended = await sessionRows.EndAllAsync(email, keyHash: null, time.GetUtcNow(), ct);
        if (SignInSessions.HasCookie(http.Request) && ApiKeyStore.EmailKey(email) == ApiKeyStore.EmailKey(caller.Email))
        {
            // Signed in with a cookie and ended it with the rest: the browser's copy goes too.
            sessions.SignOut(http);
        }

        return Results.Json(new EndedSessions(email, ended), AwardsJson.Options);
    }
}
