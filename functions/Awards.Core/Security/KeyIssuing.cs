using Awards.Domain;

namespace Awards.Security;

/// <summary>What is wrong with a field of a key to issue.</summary>
public enum KeyFieldError
{
    /// <summary>The holder's address is not an email address (or too long).</summary>
    Email,

    /// <summary>No role given.</summary>
    Role,

    /// <summary>A nominator key without a unit name, or one too long.</summary>
    UnitName,

    /// <summary>A nominator key without a province code, or one that is not a code.</summary>
    ProvinceCode,
}

/// <summary>A key just issued: shown once (the store keeps only its hash).</summary>
/// <param name="Key">The key.</param>
/// <param name="Id">The id organisers name it by.</param>
/// <param name="Record">What was stored.</param>
public sealed record IssuedApiKey(string Key, string Id, ApiKeyRecord Record);

/// <summary>A key revoked, and how many sign-in sessions made with it ended.</summary>
/// <param name="Hash">The key's hash.</param>
/// <param name="Record">The key as it is now.</param>
/// <param name="SessionsEnded">Live sessions ended.</param>
public sealed record RevokedApiKey(string Hash, ApiKeyRecord Record, int SessionsEnded);

/// <summary>
/// The rules for issuing and revoking keys, once, for <c>POST /api/keys</c>, <c>POST
/// /api/keys/{keyId}/revoke</c> and the organisers' units page: what a key must name, and that a
/// revocation also ends every sign-in session made with the key.
/// </summary>
public sealed class KeyIssuing(ApiKeyStore keys, SessionStore sessionRows, TimeProvider time)
{
    /// <summary>Longest holder's address accepted (RFC 5321's limit for a forward path).</summary>
    public const int MaxEmailLength = 254;

    /// <summary>Longest unit name.</summary>
    public const int MaxUnitNameLength = 200;

    /// <summary>Longest province code.</summary>
    public const int MaxProvinceCodeLength = 16;

    /// <summary>The fields of a key to issue that break its rules (none: it can be issued).</summary>
    public static IReadOnlyDictionary<string, KeyFieldError> Check(Role? role, string? email, string? unitName, string? provinceCode)
    {
        var errors = new Dictionary<string, KeyFieldError>(StringComparer.Ordinal);
        email = email?.Trim();
        if (email is null || email.Length > MaxEmailLength || !CampaignValidator.IsEmail(email))
        {
            errors["email"] = KeyFieldError.Email;
        }

        if (role is null)
        {
            errors["role"] = KeyFieldError.Role;
        }

        if (role == Role.Nominator)
        {
            var unit = VietnameseText.Normalize(unitName);
            var province = provinceCode?.Trim();
            if (string.IsNullOrEmpty(unit) || unit.Length > MaxUnitNameLength)
            {
                errors["unitName"] = KeyFieldError.UnitName;
            }

            if (string.IsNullOrEmpty(province) || province.Length > MaxProvinceCodeLength || !province.All(char.IsAsciiLetterOrDigit))
            {
                errors["provinceCode"] = KeyFieldError.ProvinceCode;
            }
        }

        return errors;
    }

    /// <summary>
    /// Checks a key's fields (<see cref="Check"/>) and issues it when they hold: the fields in
    /// error (none when issued), else the key. A nominator key names its unit (NFC) and province;
    /// an organiser key neither.
    /// </summary>
    public async Task<(IssuedApiKey? Issued, IReadOnlyDictionary<string, KeyFieldError> Errors)> IssueAsync(
        Role? role, string? email, string? unitName, string? provinceCode, Language? language, string issuedBy, CancellationToken ct)
    {
        var errors = Check(role, email, unitName, provinceCode);
        if (errors.Count > 0)
        {
            return (null, errors);
        }

        var nominator = role == Role.Nominator;
        var record = new ApiKeyRecord(role!.Value, email!.Trim(), nominator ? VietnameseText.Normalize(unitName) : null, nominator ? provinceCode!.Trim() : null, issuedBy, time.GetUtcNow(), language ?? Language.Vi);
        var key = await keys.IssueAsync(record, ct);
        return (new IssuedApiKey(key, ApiKeyStore.IdOf(ApiKeyStore.Hash(key)), record), errors);
    }

    /// <summary>
    /// Revokes the key with id <paramref name="keyId"/>: from the next request it authenticates
    /// nothing and signs nobody in, and every sign-in session made with it ends. Null when no key
    /// has that id; revoking a revoked key changes nothing.
    /// </summary>
    public async Task<RevokedApiKey?> RevokeAsync(string keyId, string revokedBy, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        if (await keys.RevokeAsync(keyId, revokedBy, now, ct) is not { } revoked)
        {
            return null;
        }

        // The key's revocation already refuses its sessions (each request reads the key); ending their
        // rows as well keeps "sign-in sessions" honest in storage and says how many there were.
        var ended = await sessionRows.EndAllAsync(revoked.Record.Email, revoked.Hash, now, ct);
        return new RevokedApiKey(revoked.Hash, revoked.Record, ended);
    }
}
