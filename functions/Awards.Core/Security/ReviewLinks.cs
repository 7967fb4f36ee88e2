using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace Awards.Security;

/// <summary>Signing keys for approval links. Secrets come from configuration (Key Vault in Azure), never from the repository.</summary>
public sealed class LinkSigningOptions
{
    /// <summary>The key id new links are signed with.</summary>
    public string ActiveKeyId { get; set; } = string.Empty;

    /// <summary>
    /// Key id → base64 secret of at least 32 bytes. Keep a retired key here until the last
    /// link it signed has expired, so rotation never breaks a link in someone's inbox.
    /// </summary>
    public Dictionary<string, string> SigningKeys { get; set; } = [];
}

/// <summary>What an approval link is bound to.</summary>
/// <param name="NominationId">The nomination.</param>
/// <param name="Stage">The stage.</param>
/// <param name="Round">The stage opening; a return and resubmission opens a new round and kills older links.</param>
/// <param name="ApproverEmail">The approver the link was sent to.</param>
/// <param name="ExpiresAt">When it stops working.</param>
public sealed record ReviewLinkClaims(string NominationId, string Stage, int Round, string ApproverEmail, DateTimeOffset ExpiresAt);

/// <summary>The result of reading a link.</summary>
public enum LinkCheck
{
    /// <summary>Signed by a known key and not expired.</summary>
    Valid,

    /// <summary>Not a link we made, or altered after signing.</summary>
    Tampered,

    /// <summary>Past its expiry.</summary>
    Expired,
}

/// <summary>
/// Makes and checks approval-link tokens: <c>{keyId}.{payload}.{signature}</c>, the payload
/// URL-safe base64 JSON, the signature HMAC-SHA256 over key id and payload.
/// </summary>
public sealed partial class ReviewLinks
{
    /// <summary>Longest token accepted; anything longer is refused before any work.</summary>
    public const int MaxTokenLength = 1024;

    private readonly Dictionary<string, byte[]> keys;
    private readonly string activeKeyId;
    private readonly TimeProvider time;

    /// <summary>Loads and checks the keys; a missing or short key stops the app with a clear message.</summary>
    public ReviewLinks(IOptions<LinkSigningOptions> options, TimeProvider time)
    {
        this.time = time;
        var o = options.Value;
        keys = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var (id, secret) in o.SigningKeys)
        {
            if (!KeyIdPattern().IsMatch(id))
            {
                throw new InvalidOperationException($"Awards:Links:SigningKeys: key id '{id}' must be 1–32 letters, digits or dashes.");
            }

            var bytes = TryBase64(secret);
            if (bytes is not { Length: >= 32 })
            {
                throw new InvalidOperationException($"Awards:Links:SigningKeys:{id} must be base64 of at least 32 random bytes.");
            }

            keys[id] = bytes;
        }

        if (!keys.ContainsKey(o.ActiveKeyId))
        {
            throw new InvalidOperationException(
                $"Awards:Links:ActiveKeyId '{o.ActiveKeyId}' names no key under Awards:Links:SigningKeys. Configure at least one signing key.");
        }

        activeKeyId = o.ActiveKeyId;
    }

    /// <summary>Signs a link with the active key.</summary>
    public string Issue(ReviewLinkClaims claims)
    {
        var payload = Base64Url.Encode(JsonSerializer.SerializeToUtf8Bytes(claims, Web.AwardsJson.Options));
        return $"{activeKeyId}.{payload}.{Sign(activeKeyId, payload)}";
    }

    /// <summary>Checks a token's signature and expiry; claims are returned only when valid or expired.</summary>
    public (LinkCheck Check, ReviewLinkClaims? Claims) Read(string? token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > MaxTokenLength)
        {
            return (LinkCheck.Tampered, null);
        }

        var parts = token.Split('.');
        if (parts.Length != 3 || !keys.ContainsKey(parts[0]))
        {
            return (LinkCheck.Tampered, null);
        }

        var expected = Encoding.ASCII.GetBytes(Sign(parts[0], parts[1]));
        if (!CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(parts[2])))
        {
            return (LinkCheck.Tampered, null);
        }

        ReviewLinkClaims? claims;
        try
        {
            claims = Base64Url.TryDecode(parts[1]) is { } json ? JsonSerializer.Deserialize<ReviewLinkClaims>(json, Web.AwardsJson.Options) : null;
        }
        catch (JsonException)
        {
            claims = null;
        }

        if (claims is null)
        {
            return (LinkCheck.Tampered, null);
        }

        return claims.ExpiresAt <= time.GetUtcNow() ? (LinkCheck.Expired, claims) : (LinkCheck.Valid, claims);
    }

    private string Sign(string keyId, string payload) =>
        Base64Url.Encode(HMACSHA256.HashData(keys[keyId], Encoding.ASCII.GetBytes(keyId + "." + payload)));

    private static byte[]? TryBase64(string value)
    {
        try
        {
            return Convert.FromBase64String(value);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    [GeneratedRegex("^[A-Za-z0-9-]{1,32}$")]
    private static partial Regex KeyIdPattern();
}
