using System.Net;
using System.Security.Cryptography;
using Awards.Domain;
using Azure;
using Azure.Data.Tables;

namespace Awards.Storage;

/// <summary>
/// The codes printed on certificates. A code is 80 random bits written as 16 characters of
/// Crockford's base 32 (no I, L, O, U: nothing to misread), grouped by four; its row points at
/// the award list entry, so the verify page always shows the award as it stands now (revoked or not).
/// </summary>
public sealed class VerificationStore(AwardsStorage storage)
{
    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    private const string Row = "award";

    /// <summary>A new code (80 bits from the system's random source).</summary>
    public static string NewCode()
    {
        Span<byte> bytes = stackalloc byte[10];
        RandomNumberGenerator.Fill(bytes);
        var value = new System.Numerics.BigInteger(bytes, isUnsigned: true);
        var chars = new char[16];
        for (var i = 15; i >= 0; i--)
        {
            chars[i] = Alphabet[(int)(value % 32)];
            value /= 32;
        }

        return $"{new string(chars, 0, 4)}-{new string(chars, 4, 4)}-{new string(chars, 8, 4)}-{new string(chars, 12, 4)}";
    }

    /// <summary>
    /// The canonical form of a code as someone typed it (case, dashes, spaces, and the letters
    /// readers confuse with digits forgiven), or null when it cannot be a code.
    /// </summary>
    public static string? Canonical(string? typed)
    {
        if (typed is null || typed.Length > 40)
        {
            return null;
        }

        var chars = typed.ToUpperInvariant().Where(c => c is not ('-' or ' ')).Select(c => c switch { 'O' => '0', 'I' or 'L' => '1', _ => c }).ToArray();
        return chars.Length == 16 && chars.All(c => Alphabet.Contains(c, StringComparison.Ordinal))
            ? $"{new string(chars, 0, 4)}-{new string(chars, 4, 4)}-{new string(chars, 8, 4)}-{new string(chars, 12, 4)}"
            : null;
    }

    /// <summary>Records a code for an entry (idempotent for the same entry).</summary>
    public async Task AddAsync(string code, AwardListEntry entry, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(entry);
        try
        {
            await storage.Verifications.AddEntityAsync(new TableEntity(code, Row)
            {
                ["EntryPartition"] = AwardListStore.PartitionOf(entry.CampaignId, entry.AwardingBody, entry.Kind),
                ["EntryRow"] = AwardListStore.RowKeyOf(entry),
            }, ct);
        }
        catch (RequestFailedException e) when (e.Status == (int)HttpStatusCode.Conflict)
        {
            // Written already by an earlier run of the same link step.
        }
    }

    /// <summary>Where the entry of a code is: (partition, row) of the award list, or null for a code nobody was given.</summary>
    public async Task<(string Partition, string Row)?> FindAsync(string code, CancellationToken ct)
    {
        var row = await storage.Verifications.GetEntityIfExistsAsync<TableEntity>(code, Row, cancellationToken: ct);
        return row.HasValue ? (row.Value!.GetString("EntryPartition"), row.Value!.GetString("EntryRow")) : null;
    }
}
