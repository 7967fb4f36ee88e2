using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace Awards.Security;

/// <summary>
/// Signs and checks the product's compact tokens, <c>{keyId}.{payload}.{signature}</c>: the
/// payload is URL-safe base64 JSON, the signature HMAC-SHA256 under one of the configured
/// <see cref="LinkSigningOptions"/> keys. Approval links and sign-in links share it, so key
/// rotation and its checks exist once. The audit chain (<see cref="AuditChain"/>) seals its
/// entries through <see cref="Seal"/> under its own key ring, so there is one HMAC and one key
/// loader in the product.
/// </summary>
public sealed partial class TokenSigner
{
    /// <summary>Longest token accepted; anything longer is refused before any work.</summary>
    public const int MaxTokenLength = 1024;

    private readonly Dictionary<string, byte[]> keys;
    private readonly string activeKeyId;

    /// <summary>Loads and checks the keys; a missing or short key stops the app with a clear message.</summary>
    public TokenSigner(IOptions<LinkSigningOptions> options)
        : this(LinkOptions(options).SigningKeys, options.Value.ActiveKeyId, "Awards:Links", nameof(LinkSigningOptions.SigningKeys))
    {
    }

    /// <summary>
    /// Loads and checks a key ring other than the link keys; errors name the settings
    /// <c>{section}:ActiveKeyId</c> and <c>{section}:{keysName}:{keyId}</c>.
    /// </summary>
    /// <param name="secrets">Key id → base64 secret of at least 32 bytes.</param>
    /// <param name="activeKeyId">The key id new signatures are made with.</param>
    /// <param name="section">The configuration section the keys come from, for error messages.</param>
    /// <param name="keysName">The name of the key dictionary in that section, for error messages.</param>
    public TokenSigner(IReadOnlyDictionary<string, string> secrets, string activeKeyId, string section, string keysName)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        keys = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var (id, secret) in secrets)
        {
            if (!KeyIdPattern().IsMatch(id))
            {
                throw new InvalidOperationException($"{section}:{keysName}: key id '{id}' must be 1–32 letters, digits or dashes.");
            }

            var bytes = TryBase64(secret);
            if (bytes is not { Length: >= 32 })
            {
                throw new InvalidOperationException($"{section}:{keysName}:{id} must be base64 of at least 32 random bytes.");
            }

            keys[id] = bytes;
        }

        if (activeKeyId is null || !keys.ContainsKey(activeKeyId))
        {
            throw new InvalidOperationException(
                $"{section}:ActiveKeyId '{activeKeyId}' names no key under {section}:{keysName}. Configure at least one signing key.");
        }

        this.activeKeyId = activeKeyId;
    }

    /// <summary>The key id new signatures are made with.</summary>
    public string ActiveKeyId => activeKeyId;

    /// <summary>True when <paramref name="keyId"/> is a configured key (active or retired).</summary>
    public bool HasKey(string keyId) => keys.ContainsKey(keyId);

    /// <summary>
    /// The signature of <paramref name="content"/> under <paramref name="keyId"/> for
    /// <paramref name="purpose"/>: the same HMAC as a token's, over the content as a token payload
    /// would carry it, so nothing sealed for one purpose verifies for another or as a token.
    /// </summary>
    /// <exception cref="KeyNotFoundException">The key id is not configured.</exception>
    public string Seal(string keyId, ReadOnlySpan<byte> content, string purpose)
    {
        ArgumentNullException.ThrowIfNull(purpose);
        CheckPurpose(purpose);
        return Sign(keyId, Base64Url.Encode(content), purpose);
    }

    /// <summary>True when <paramref name="seal"/> is <see cref="Seal"/> of the content under a configured key; compared in constant time.</summary>
    public bool IsSealed(string keyId, ReadOnlySpan<byte> content, string purpose, string seal)
    {
        ArgumentNullException.ThrowIfNull(seal);
        if (!HasKey(keyId))
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Seal(keyId, content, purpose)), Encoding.ASCII.GetBytes(seal));
    }

    /// <summary>Signs <paramref name="claims"/> with the active key.</summary>
    /// <param name="claims">What the token says; serialised as JSON.</param>
    /// <param name="purpose">
    /// What the token is for (1–32 lower-case letters, digits or dashes), or null for approval
    /// links, which were signed before purposes existed.
    /// </param>
    public string Issue<T>(T claims, string? purpose)
    {
        CheckPurpose(purpose);
        var payload = Base64Url.Encode(JsonSerializer.SerializeToUtf8Bytes(claims, Web.AwardsJson.Options));
        return $"{activeKeyId}.{payload}.{Sign(activeKeyId, payload, purpose)}";
    }

    /// <summary>
    /// The claims of a token signed by a known key for the same <paramref name="purpose"/>, or
    /// null when it is not one (malformed, too long, altered, unknown key, other purpose).
    /// Expiry is the caller's to check: an expired token still tells what it was for.
    /// </summary>
    public T? Read<T>(string? token, string? purpose)
        where T : class
    {
        CheckPurpose(purpose);
        if (string.IsNullOrEmpty(token) || token.Length > MaxTokenLength)
        {
            return null;
        }

        var parts = token.Split('.');
        if (parts.Length != 3 || !keys.ContainsKey(parts[0]))
        {
            return null;
        }

        var expected = Encoding.ASCII.GetBytes(Sign(parts[0], parts[1], purpose));
        if (!CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(parts[2])))
        {
            return null;
        }

        try
        {
            return Base64Url.TryDecode(parts[1]) is { } json ? JsonSerializer.Deserialize<T>(json, Web.AwardsJson.Options) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    // Approval links sign "keyId.payload" (links already in inboxes must keep verifying); other
    // purposes sign "purpose:keyId.payload". Key ids cannot contain ':', so no token made for
    // one purpose verifies for another, or as an approval link, under the same key.
    private string Sign(string keyId, string payload, string? purpose) =>
        Base64Url.Encode(HMACSHA256.HashData(keys[keyId], Encoding.ASCII.GetBytes((purpose is null ? string.Empty : purpose + ":") + keyId + "." + payload)));

    private static LinkSigningOptions LinkOptions(IOptions<LinkSigningOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.Value;
    }

    private static void CheckPurpose(string? purpose)
    {
        if (purpose is not null && !PurposePattern().IsMatch(purpose))
        {
            throw new ArgumentException("A token purpose is 1–32 lower-case letters, digits or dashes.", nameof(purpose));
        }
    }

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

    [GeneratedRegex("^[a-z0-9-]{1,32}$")]
    private static partial Regex PurposePattern();
}
