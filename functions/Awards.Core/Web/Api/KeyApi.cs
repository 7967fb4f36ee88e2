using Awards.Domain;
using Awards.Security;
using Microsoft.AspNetCore.Http;

namespace Awards.Web.Api;

/// <summary>
/// Organisers' key management: <c>POST /api/keys</c> issues a key to a nominating unit (or another
/// organiser), <c>GET /api/keys</c> lists keys by id (never a key itself), and
/// <c>POST /api/keys/{keyId}/revoke</c> revokes one and ends every session made with it.
/// </summary>
public sealed class KeyApi(Authenticator auth, ApiKeyStore keys, KeyIssuing issuing)
{
    /// <summary>The request body.</summary>
    /// <param name="Role">"nominator" or "organiser"; required, so that no key gets more rights by omission.</param>
    /// <param name="Email">Holder's email; nominators' notices go there.</param>
    /// <param name="UnitName">Nominators: the unit, e.g. "Công an tỉnh Phú Yên".</param>
    /// <param name="ProvinceCode">Nominators: the unit's province code.</param>
    /// <param name="Language">The holder's mail language, "vi" (the default) or "en"; they can change it when they sign in.</param>
    public sealed record IssueKeyRequest(Role? Role, string Email, string? UnitName, string? ProvinceCode, Language? Language = null);

    /// <summary>The response: the key is shown once and never stored.</summary>
    /// <param name="Key">The API key.</param>
    /// <param name="Id">The id organisers name the key by (to list or revoke it); not a secret.</param>
    /// <param name="Role">Role.</param>
    /// <param name="Email">Holder.</param>
    /// <param name="UnitName">Unit.</param>
    /// <param name="ProvinceCode">Province.</param>
    /// <param name="Language">The holder's mail language.</param>
    public sealed record IssuedKey(string Key, string Id, Role Role, string Email, string? UnitName, string? ProvinceCode, Language Language);

    /// <summary>A key as organisers see it: everything but the key, which is not stored.</summary>
    /// <param name="Id">What to name it by.</param>
    /// <param name="Role">Role.</param>
    /// <param name="Email">Holder.</param>
    /// <param name="UnitName">Unit.</param>
    /// <param name="ProvinceCode">Province.</param>
    /// <param name="Language">The holder's mail language.</param>
    /// <param name="CreatedBy">The organiser who issued it.</param>
    /// <param name="CreatedAt">When.</param>
    /// <param name="RevokedAt">When it was revoked; null while it works.</param>
    /// <param name="RevokedBy">Who revoked it.</param>
    public sealed record KeyView(string Id, Role Role, string Email, string? UnitName, string? ProvinceCode, Language Language, string CreatedBy, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt, string? RevokedBy)
    {
        /// <summary>The view of a stored key.</summary>
        public static KeyView Of(string hash, ApiKeyRecord r) =>
            new(ApiKeyStore.IdOf(hash), r.Role, r.Email, r.UnitName, r.ProvinceCode, r.Language, r.CreatedBy, r.CreatedAt, r.RevokedAt, r.RevokedBy);
    }

    /// <summary>The answer to a revocation.</summary>
    /// <param name="Key">The key, revoked.</param>
    /// <param name="SessionsEnded">How many live sign-in sessions made with it were ended.</param>
    public sealed record RevokedKey(KeyView Key, int SessionsEnded);

    /// <summary>Issues a key.</summary>
    public async Task<IResult> IssueAsync(HttpContext http)
    {
        var ct = http.RequestAborted;
        var (caller, denied) = await OrganiserAsync(http, "Only organisers issue keys.");
        if (caller is null)
        {
            return denied!;
        }

        var (body, problem) = await JsonBody.ReadAsync<IssueKeyRequest>(http.Request, 8 * 1024, ct);
        if (body is null)
        {
            return problem!;
        }

        var (issued, errors) = await issuing.IssueAsync(body.Role, body.Email, body.UnitName, body.ProvinceCode, body.Language, caller.Email, ct);
        if (issued is null)
        {
            return Problems.Validation(errors.ToDictionary(e => e.Key, e => new[] { e.Value switch
            {
                KeyFieldError.Email => "Not a valid email address.",
                KeyFieldError.Role => "Say which role the key has: \"nominator\" or \"organiser\".",
                KeyFieldError.UnitName => "A nominator key names its unit (1–200 characters).",
                _ => "A nominator key names its unit's province code (1–16 letters or digits).",
            }
            }));
        }

        var r = issued.Record;
        return Results.Json(new IssuedKey(issued.Key, issued.Id, r.Role, r.Email, r.UnitName, r.ProvinceCode, r.Language), AwardsJson.Options, statusCode: StatusCodes.Status201Created);
    }

    /// <summary><c>GET /api/keys[?email=]</c>: every key (or one address's), oldest first, revoked ones included.</summary>
    public async Task<IResult> ListAsync(HttpContext http)
    {
        var ct = http.RequestAborted;
        var (caller, denied) = await OrganiserAsync(http, "Only organisers list keys.");
        if (caller is null)
        {
            return denied!;
        }

        var email = http.Request.Query["email"].ToString().Trim();
        if (email.Length > 0 && (email.Length > 254 || !CampaignValidator.IsEmail(email)))
        {
            return Problems.Field("email", "Not a valid email address.");
        }

        var listed = await keys.ListAsync(email.Length > 0 ? email : null, ct);
        return Results.Json(listed.Select(k => KeyView.Of(k.Hash, k.Record)).ToList(), AwardsJson.Options);
    }

    /// <summary>
    /// <c>POST /api/keys/{keyId}/revoke</c>: the key stops working at once — for its Bearer use and
    /// for every sign-in session made with it, which are also ended. Revoking again changes nothing.
    /// </summary>
    public async Task<IResult> RevokeAsync(HttpContext http, string keyId)
    {
        var ct = http.RequestAborted;
        var (caller, denied) = await OrganiserAsync(http, "Only organisers revoke keys.");
        if (caller is null)
        {
            return denied!;
        }

        if (await issuing.RevokeAsync(keyId, caller.Email, ct) is not { } revoked)
        {
            return Problems.NotFound($"No key has the id '{keyId}'. GET /api/keys lists keys with their ids.");
        }

        return Results.Json(new RevokedKey(KeyView.Of(revoked.Hash, revoked.Record), revoked.SessionsEnded), AwardsJson.Options);
    }

    private async Task<(Caller? Caller, IResult? Problem)> OrganiserAsync(HttpContext http, string refusal)
    {
        var (caller, denied) = await auth.AuthenticateAsync(http.Request, http.RequestAborted);
        return caller is null ? (null, denied)
            : caller.Role == Role.Organiser ? (caller, null)
            : (null, Problems.Forbidden(refusal));
    }
}
