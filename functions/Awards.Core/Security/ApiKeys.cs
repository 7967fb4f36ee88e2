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
    /// <summary>The email of the organiser the bootstrap key acts as (it organises every campaign).</summary>
    public const string BootstrapEmail = "bootstrap-organiser";

    /// <summary>Organisers see the nominations of the campaigns they organise (checked with the campaign, <see cref="Organises"/>); nominators their own unit's.</summary>
    public bool MaySee(Nomination nomination) => Role == Role.Organiser || OwnsUnit(nomination.UnitName, nomination.ProvinceCode);

    /// <summary>True for an organiser of <paramref name="campaign"/> (the bootstrap key organises every campaign).</summary>
    public bool Organises(Campaign campaign)
    {
        ArgumentNullException.ThrowIfNull(campaign);
        return Role == Role.Organiser && (Email == BootstrapEmail || campaign.IsOrganisedBy(Email));
    }

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
/// <param name="RevokedAt">When an organiser revoked it (then it authenticates nothing, and signs nobody in); null while it works.</param>
/// <param name="RevokedBy">The organiser who revoked it.</param>
public sealed record ApiKeyRecord(Role Role, string Email, string? UnitName, string? ProvinceCode, string CreatedBy, DateTimeOffset CreatedAt, Language Language = Language.Vi, DateTimeOffset? RevokedAt = null, string? RevokedBy = null)
{
    /// <summary>True once revoked.</summary>
    public bool IsRevoked => RevokedAt is not null;
}

/// <summary>
/// Issues, checks, lists and revokes API keys. Rows live in one partition under the key's
/// SHA-256; a key's <em>id</em> — what organisers name it by — is the first
/// <see cref="IdLength"/> hex digits of that hash, found by a row-key range read.
/// </summary>
public sealed class ApiKeyStore(AwardsStorage storage)
{
    /// <summary>Length of a key id: 64 bits of the key's hash, unique among any plausible number of keys, and not the whole hash.</summary>
    public const int IdLength = 16;

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

    /// <summary>The record of a key (also when revoked: callers say why it no longer works), or null.</summary>
    public Task<ApiKeyRecord?> FindAsync(string key, CancellationToken ct) => FindByHashAsync(Hash(key), ct);

    /// <summary>The record of a key given its hash (what a sign-in session remembers instead of a key), also when revoked, or null.</summary>
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
    /// The keys still working that were issued to an address (compared case-insensitively), with
    /// their hashes, at most <paramref name="max"/>. Keys issued before the address column existed are not found.
    /// </summary>
    public async Task<IReadOnlyList<(string Hash, ApiKeyRecord Record)>> FindByEmailAsync(string email, int max, CancellationToken ct) =>
        [.. (await RowsByEmailAsync(email, max, ct)).Select(row => (row.RowKey, JsonRow.Read<ApiKeyRecord>(row)))];

    /// <summary>
    /// What an address can sign in as in a browser: its working organiser keys (the organiser's
    /// console) and nominator keys (a unit's workspace), at most <see cref="MaxUnitsPerAddress"/>;
    /// organiser first, then units by name.
    /// </summary>
    public async Task<IReadOnlyList<(string Hash, ApiKeyRecord Record)>> SignInKeysOfAsync(string email, CancellationToken ct) =>
        [.. (await FindByEmailAsync(email, MaxUnitsPerAddress, ct))
            .Where(a => a.Record.Role is Role.Nominator or Role.Organiser)
            .OrderBy(a => a.Record.Role == Role.Organiser ? 0 : 1)
            .ThenBy(a => a.Record.UnitName, StringComparer.Ordinal)];

    /// <summary>The units an address can sign in as: its working nominator keys, at most <see cref="MaxUnitsPerAddress"/>, by unit name.</summary>
    public async Task<IReadOnlyList<(string Hash, ApiKeyRecord Record)>> NominatorKeysOfAsync(string email, CancellationToken ct) =>
        [.. (await FindByEmailAsync(email, MaxUnitsPerAddress, ct))
            .Where(a => a.Record.Role == Role.Nominator)
            .OrderBy(a => a.Record.UnitName, StringComparer.Ordinal)];

    /// <summary>
    /// Every key (revoked ones too), or those of one address, with their hashes, oldest first: what
    /// an organiser lists to find a key's id. Never the keys themselves, which are not stored.
    /// </summary>
    public async Task<IReadOnlyList<(string Hash, ApiKeyRecord Record)>> ListAsync(string? email, CancellationToken ct)
    {
        var filter = $"PartitionKey eq {JsonRow.Quote(Partition)}" + (email is null ? string.Empty : $" and {EmailColumn} eq {JsonRow.Quote(EmailKey(email))}");
        var found = new List<(string, ApiKeyRecord)>();
        await foreach (var row in storage.ApiKeys.QueryAsync<TableEntity>(filter, cancellationToken: ct))
        {
            found.Add((row.RowKey, JsonRow.Read<ApiKeyRecord>(row)));
        }

        return [.. found.OrderBy(k => k.Item2.CreatedAt)];
    }

    /// <summary>
    /// Revokes the key whose id is <paramref name="id"/>: from now on it authenticates nothing and
    /// signs nobody in (sessions made with it are refused on their next request, see
    /// <see cref="Web.Authenticator"/>). Returns the key (as it is now) and whether this call
    /// revoked it; null when no key has that id. Revoking a revoked key changes nothing.
    /// </summary>
    public async Task<(string Hash, ApiKeyRecord Record, bool Revoked)?> RevokeAsync(string id, string revokedBy, DateTimeOffset at, CancellationToken ct)
    {
        if (!IsId(id))
        {
            return null;
        }

        // The ids are hash prefixes: a row-key range in the one partition, never a scan.
        var filter = $"PartitionKey eq {JsonRow.Quote(Partition)} and RowKey ge {JsonRow.Quote(id)} and RowKey lt {JsonRow.Quote(id + "g")}";
        var rows = new List<TableEntity>();
        await foreach (var found in storage.ApiKeys.QueryAsync<TableEntity>(filter, maxPerPage: 2, cancellationToken: ct))
        {
            rows.Add(found);
            if (rows.Count == 2)
            {
                break;
            }
        }

        if (rows.Count != 1)
        {
            // None, or (never seen; 2^-64 per pair) two keys sharing an id: refuse rather than guess.
            return null;
        }

        var row = rows[0];
        var record = JsonRow.Read<ApiKeyRecord>(row);
        if (record.IsRevoked)
        {
            return (row.RowKey, record, false);
        }

        var revoked = record with { RevokedAt = at, RevokedBy = revokedBy };
        try
        {
            await storage.ApiKeys.UpdateEntityAsync(JsonRow.Create(Partition, row.RowKey, revoked, (EmailColumn, EmailKey(record.Email))), row.ETag, TableUpdateMode.Replace, ct);
        }
        catch (Azure.RequestFailedException e) when (e.Status == 412)
        {
            // Changed meanwhile (a language chosen at sign-in, or revoked by another organiser): read it again.
            return await RevokeAsync(id, revokedBy, at, ct);
        }

        return (row.RowKey, revoked, true);
    }

    /// <summary>The id organisers name a key by: the first <see cref="IdLength"/> hex digits of its hash.</summary>
    public static string IdOf(string hash) => hash[..IdLength];

    /// <summary>True when <paramref name="id"/> has the form of a key id.</summary>
    public static bool IsId(string? id) => id is { Length: IdLength } && id.All(char.IsAsciiHexDigitLower);

    // The working key rows of an address, with their ETags for conditional updates.
    private async Task<List<TableEntity>> RowsByEmailAsync(string email, int max, CancellationToken ct)
    {
        var found = new List<TableEntity>();
        var filter = $"PartitionKey eq {JsonRow.Quote(Partition)} and {EmailColumn} eq {JsonRow.Quote(EmailKey(email))}";
        await foreach (var row in storage.ApiKeys.QueryAsync<TableEntity>(filter, maxPerPage: max, cancellationToken: ct))
        {
            if (JsonRow.Read<ApiKeyRecord>(row).IsRevoked)
            {
                continue;
            }

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

    /// <summary>
    /// SHA-256 of <see cref="EmailKey"/>, hex: how rows keyed by an address name it (addresses may
    /// hold characters a partition key must not, '/', '#', '?', and rows need not name anyone).
    /// </summary>
    public static string AddressDigest(string email) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(EmailKey(email))));

    /// <summary>Most units one address is offered at sign-in: one address rarely holds keys of more than one or two.</summary>
    public const int MaxUnitsPerAddress = 10;

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
