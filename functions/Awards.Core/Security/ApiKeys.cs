using System.Security.Cryptography;
using System.Text;
using Awards.Domain;
using Awards.Storage;
using Azure.Data.Tables;

namespace Awards.Security;

/// <summary>What a signed-in caller may do.</summary>
public enum Role
{
    /// <summary>The emulation &amp; commendation board running the round: sees everything, sets up campaigns, issues keys.</summary>
    Organiser,

    /// <summary>A unit's cán bộ thi đua: creates and follows their own unit's nominations.</summary>
    Nominator,
}

/// <summary>An authenticated caller of the HTTP API.</summary>
/// <param name="Role">Organiser or nominator.</param>
/// <param name="Email">Their email (where nominators' notices go).</param>
/// <param name="UnitName">Nominators: their unit.</param>
/// <param name="ProvinceCode">Nominators: their unit's province.</param>
public sealed record Caller(Role Role, string Email, string? UnitName, string? ProvinceCode)
{
    /// <summary>Organisers see all nominations; nominators their own unit's.</summary>
    public bool MaySee(Nomination nomination) => Role == Role.Organiser || OwnsUnit(nomination.UnitName, nomination.ProvinceCode);

    /// <summary>True for a nominator of this unit (names compared folded, provinces exactly).</summary>
    public bool OwnsUnit(string unitName, string provinceCode) =>
        Role == Role.Nominator && UnitName is not null && ProvinceCode is not null
        && NominationStore.UnitKey(UnitName, ProvinceCode) == NominationStore.UnitKey(unitName, provinceCode);
}

/// <summary>A stored API key (the key itself is never stored, only its SHA-256).</summary>
/// <param name="Role">Role.</param>
/// <param name="Email">Holder's email.</param>
/// <param name="UnitName">Nominators: unit.</param>
/// <param name="ProvinceCode">Nominators: province.</param>
/// <param name="CreatedBy">The organiser who issued it.</param>
/// <param name="CreatedAt">When.</param>
/// <param name="Language">The language of the holder's mail (Vietnamese unless chosen at issue or at sign-in).</param>
public sealed record ApiKeyRecord(Role Role, string Email, string? UnitName, string? ProvinceCode, string CreatedBy, DateTimeOffset CreatedAt, Language Language = Language.Vi);

/// <summary>Issues and checks API keys.</summary>
public sealed class ApiKeyStore(AwardsStorage storage)
{
    private const string Partition = "key";

    // The holder's address in lower case, as a column: sign-in finds a nominator's keys by it.
    private const string EmailColumn = "EmailKey";

    // A key hash is 64 lower-case hex digits; anything else is refused before a storage call.
    private const int HashLength = 64;

    /// <summary>Prefix that makes keys recognisable in logs and secret scanners.</summary>
    public const string KeyPrefix = "awk_";

    /// <summary>Creates a key and returns it; only its hash is kept.</summary>
    public async Task<string> IssueAsync(ApiKeyRecord record, CancellationToken ct)
    {
        var key = KeyPrefix + Base64Url.Encode(RandomNumberGenerator.GetBytes(32));
        await storage.ApiKeys.AddEntityAsync(JsonRow.Create(Partition, Hash(key), record, (EmailColumn, EmailKey(record.Email))), ct);
        return key;
    }

    /// <summary>The record of a key, or null.</summary>
    public Task<ApiKeyRecord?> FindAsync(string key, CancellationToken ct) => FindByHashAsync(Hash(key), ct);

    /// <summary>The record of a key given its hash (what a sign-in session remembers instead of a key), or null.</summary>
    public async Task<ApiKeyRecord?> FindByHashAsync(string hash, CancellationToken ct)
    {
        if (hash is not { Length: HashLength } || !hash.All(char.IsAsciiHexDigitLower))
        {
            return null;
        }

        var row = await storage.ApiKeys.GetEntityIfExistsAsync<TableEntity>(Partition, hash, cancellationToken: ct);
        return row.HasValue ? JsonRow.Read<ApiKeyRecord>(row.Value!) : null;
    }

    /// <summary>
    /// The keys issued to an address (compared case-insensitively), with their hashes, at most
    /// <paramref name="max"/>. Keys issued before the address column existed are not found.
    /// </summary>
    public async Task<IReadOnlyList<(string Hash, ApiKeyRecord Record)>> FindByEmailAsync(string email, int max, CancellationToken ct) =>
        [.. (await RowsByEmailAsync(email, max, ct)).Select(row => (row.RowKey, JsonRow.Read<ApiKeyRecord>(row)))];

    // The key rows of an address, with their ETags for conditional updates.
    private async Task<List<TableEntity>> RowsByEmailAsync(string email, int max, CancellationToken ct)
    {
        var found = new List<TableEntity>();
        var filter = $"PartitionKey eq {JsonRow.Quote(Partition)} and {EmailColumn} eq {JsonRow.Quote(EmailKey(email))}";
        await foreach (var row in storage.ApiKeys.QueryAsync<TableEntity>(filter, maxPerPage: max, cancellationToken: ct))
        {
            found.Add(row);
            if (found.Count >= max)
            {
                break;
            }
        }

        return found;
    }

    /// <summary>
    /// Records the mail language a person chose (at sign-in) on every key issued to their
    /// address, so it holds whichever key they use. Each row is replaced under the ETag read:
    /// a key changed meanwhile keeps the other change, and is left for the next sign-in.
    /// </summary>
    public async Task SetLanguageAsync(string email, Language language, CancellationToken ct)
    {
        foreach (var row in await RowsByEmailAsync(email, MaxKeysPerAddress, ct))
        {
            var record = JsonRow.Read<ApiKeyRecord>(row);
            if (record.Language == language)
            {
                continue;
            }

            try
            {
                await storage.ApiKeys.UpdateEntityAsync(JsonRow.Create(Partition, row.RowKey, record with { Language = language }, (EmailColumn, EmailKey(record.Email))), row.ETag, TableUpdateMode.Replace, ct);
            }
            catch (Azure.RequestFailedException e) when (e.Status is 404 or 412)
            {
                // Revoked or changed since it was read.
            }
        }
    }

    /// <summary>
    /// The mail language stored with the keys issued to an address: the newest key's, or null
    /// when the address holds no key (approvers usually do not).
    /// </summary>
    public async Task<Language?> LanguageOfAsync(string email, CancellationToken ct)
    {
        var held = await FindByEmailAsync(email, MaxKeysPerAddress, ct);
        return held.Count == 0 ? null : held.MaxBy(k => k.Record.CreatedAt).Record.Language;
    }

    // More keys than one address plausibly holds (a unit or two, perhaps an organiser key).
    private const int MaxKeysPerAddress = 20;

    /// <summary>An address as keys are looked up by it: trimmed, lower case.</summary>
    public static string EmailKey(string email) => email.Trim().ToLowerInvariant();

    /// <summary>SHA-256 of a key, hex. Keys carry 256 random bits, so a plain hash is enough.</summary>
    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
}

/// <summary>URL-safe base64 without padding.</summary>
public static class Base64Url
{
    /// <summary>Encodes.</summary>
    public static string Encode(ReadOnlySpan<byte> bytes) => System.Buffers.Text.Base64Url.EncodeToString(bytes);

    /// <summary>Decodes, or null if the text is not URL-safe base64.</summary>
    public static byte[]? TryDecode(string text)
    {
        try
        {
            return System.Buffers.Text.Base64Url.DecodeFromChars(text);
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
