using Awards.Domain;
using Awards.Security;
using Microsoft.AspNetCore.Http;

namespace Awards.Web.Api;

/// <summary><c>POST /api/keys</c>: an organiser issues a key to a nominating unit (or another organiser).</summary>
public sealed class KeyApi(Authenticator auth, ApiKeyStore keys, TimeProvider time)
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
    /// <param name="Role">Role.</param>
    /// <param name="Email">Holder.</param>
    /// <param name="UnitName">Unit.</param>
    /// <param name="ProvinceCode">Province.</param>
    /// <param name="Language">The holder's mail language.</param>
    public sealed record IssuedKey(string Key, Role Role, string Email, string? UnitName, string? ProvinceCode, Language Language);

    /// <summary>Issues a key.</summary>
    public async Task<IResult> IssueAsync(HttpContext http)
    {
        var ct = http.RequestAborted;
        var (caller, denied) = await auth.AuthenticateAsync(http.Request, ct);
        if (caller is null)
        {
            return denied!;
        }

        if (caller.Role != Role.Organiser)
        {
            return Problems.Forbidden("Only organisers issue keys.");
        }

        var (body, problem) = await JsonBody.ReadAsync<IssueKeyRequest>(http.Request, 8 * 1024, ct);
        if (body is null)
        {
            return problem!;
        }

        var errors = new Dictionary<string, string[]>();
        var email = body.Email?.Trim();
        if (!CampaignValidator.IsEmail(email))
        {
            errors["email"] = ["Not a valid email address."];
        }

        if (body.Role is null)
        {
            errors["role"] = ["Say which role the key has: \"nominator\" or \"organiser\"."];
        }

        var unit = VietnameseText.Normalize(body.UnitName);
        var province = body.ProvinceCode?.Trim();
        if (body.Role == Role.Nominator)
        {
            if (string.IsNullOrEmpty(unit) || unit.Length > 200)
            {
                errors["unitName"] = ["A nominator key names its unit (1–200 characters)."];
            }

            if (string.IsNullOrEmpty(province) || province.Length > 16 || !province.All(char.IsAsciiLetterOrDigit))
            {
                errors["provinceCode"] = ["A nominator key names its unit's province code (1–16 letters or digits)."];
            }
        }
        else
        {
            unit = null;
            province = null;
        }

        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }

        var language = body.Language ?? Language.Vi;
        var key = await keys.IssueAsync(new ApiKeyRecord(body.Role!.Value, email!, unit, province, caller.Email, time.GetUtcNow(), language), ct);
        return Results.Json(new IssuedKey(key, body.Role!.Value, email!, unit, province, language), AwardsJson.Options, statusCode: StatusCodes.Status201Created);
    }
}
