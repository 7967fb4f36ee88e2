using System.Globalization;
using System.Text;
using Awards.Domain;
using Microsoft.Extensions.Options;

namespace Awards.Security;

/// <summary>
/// Keys that seal the audit log. Secrets come from configuration (Key Vault in Azure), never
/// from the repository: <c>Awards:Audit:ActiveKeyId</c> and <c>Awards:Audit:Keys:{keyId}</c>.
/// </summary>
public sealed class AuditOptions
{
    /// <summary>The key id new entries are sealed with.</summary>
    public string ActiveKeyId { get; set; } = string.Empty;

    /// <summary>
    /// Key id → base64 secret of at least 32 bytes. Every entry records the id it was sealed
    /// with, so after a rotation keep the retired key here for as long as its entries must verify
    /// (for an audit log: always).
    /// </summary>
    public Dictionary<string, string> Keys { get; set; } = [];
}

/// <summary>One audit entry as sealed into its log.</summary>
/// <param name="Seq">Its place in the log: 1, 2, 3…, no gaps.</param>
/// <param name="Entry">What happened.</param>
/// <param name="KeyId">The audit key it was sealed with.</param>
/// <param name="Hmac">Its seal: URL-safe base64 HMAC-SHA256 over <see cref="AuditChain.Canonical"/>.</param>
public sealed record ChainedAuditEntry(int Seq, AuditEntry Entry, string KeyId, string Hmac);

/// <summary>An audit row as read back from storage, before anything in it is trusted.</summary>
/// <param name="RowKey">The row key, named when the row is not part of the chain.</param>
/// <param name="Seq">The place the row key gives it, or null when the key is not a chain key.</param>
/// <param name="WrittenSeq">The place recorded inside the row when it was written (differs from <paramref name="Seq"/> when rows were moved).</param>
/// <param name="Entry">The entry, or null when the row's content cannot be read.</param>
/// <param name="KeyId">The key id recorded in the row.</param>
/// <param name="Hmac">The seal recorded in the row.</param>
public sealed record StoredAuditRow(string RowKey, int? Seq, int? WrittenSeq, AuditEntry? Entry, string? KeyId, string? Hmac);

/// <summary>The log's head as stored: the place and seal of the last entry appended.</summary>
/// <param name="Seq">The last entry's place.</param>
/// <param name="Hmac">The last entry's seal.</param>
public sealed record AuditHead(int Seq, string? Hmac);

/// <summary>Whether a log verifies, and if not, where it first breaks and how.</summary>
/// <param name="Verified">True when every entry is intact, in place, and nothing is missing.</param>
/// <param name="FirstBrokenSeq">The first place that does not verify, when there is one.</param>
/// <param name="Problem">What is wrong there, in words an auditor can act on.</param>
public sealed record AuditVerification(bool Verified, int? FirstBrokenSeq, string? Problem)
{
    /// <summary>A log that verifies.</summary>
    public static AuditVerification Intact { get; } = new(true, null, null);

    /// <summary>A log that breaks at <paramref name="seq"/>.</summary>
    public static AuditVerification Broken(int? seq, string problem) => new(false, seq, problem);
}

/// <summary>A log read back with its verdict.</summary>
/// <param name="Rows">The audit rows in storage order.</param>
/// <param name="Verification">Whether they verify.</param>
public sealed record AuditTrail(IReadOnlyList<StoredAuditRow> Rows, AuditVerification Verification);

/// <summary>
/// Makes a nomination's audit log tamper-evident. Each entry is sealed with HMAC-SHA256 over
/// its <see cref="Canonical"/> form — nomination, place in the log, key id, time, actor,
/// action, stage, reason, detail — and the seal of the entry before it, so changing, removing
/// or moving any entry breaks the chain from that place on; the log's head (the last place and
/// seal) makes removing entries from the end visible too. Sealing and its key ring are
/// <see cref="TokenSigner"/>'s, under its own keys and purpose.
/// </summary>
public sealed class AuditChain
{
    /// <summary>The signing purpose of audit seals, so no token or link signature can pass for one.</summary>
    public const string Purpose = "audit";

    // Bump only with a new canonical form; entries sealed under the old form would stop verifying.
    private const string FormatTag = "awards-audit-v1";

    private readonly TokenSigner signer;

    /// <summary>Loads and checks the keys; a missing or short key stops the app with a clear message.</summary>
    public AuditChain(IOptions<AuditOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        signer = new TokenSigner(options.Value.Keys, options.Value.ActiveKeyId, "Awards:Audit", nameof(AuditOptions.Keys));
    }

    /// <summary>The key id new entries are sealed with.</summary>
    public string ActiveKeyId => signer.ActiveKeyId;

    /// <summary>
    /// The exact text an entry's seal covers. One field per line, <c>name:value</c>; text values
    /// are written <c>name:{UTF-8 byte count}:{value}</c> so no value can run into the next field,
    /// and a missing value is <c>-</c>, so absent and empty differ. Time is UTC in round-trip
    /// format (the offset it was recorded with does not matter; the instant does). Text is taken
    /// exactly as stored: no normalisation, so even an invisible change shows.
    /// </summary>
    /// <param name="nominationId">The partition the log belongs to (a nomination, or a proposal for its cover documents).</param>
    /// <param name="seq">The entry's place in the log.</param>
    /// <param name="keyId">The key id it is sealed with.</param>
    /// <param name="entry">The entry.</param>
    /// <param name="previousHmac">The seal of the entry before it, or null for the first.</param>
    public static string Canonical(string nominationId, int seq, string keyId, AuditEntry entry, string? previousHmac)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var text = new StringBuilder(256).Append(FormatTag).Append('\n');
        Text(text, "nomination", nominationId);
        text.Append("seq:").Append(seq.ToString(CultureInfo.InvariantCulture)).Append('\n');
        Text(text, "key", keyId);
        text.Append("at:").Append(entry.At.UtcDateTime.ToString("O", CultureInfo.InvariantCulture)).Append('\n');
        Text(text, "actor", entry.Actor);
        Text(text, "action", entry.Action);
        Text(text, "stage", entry.Stage);
        Text(text, "reason", entry.Reason);
        Text(text, "detail", entry.Detail);
        Text(text, "previous", previousHmac);
        return text.ToString();
    }

    /// <summary>Seals <paramref name="entry"/> as entry <paramref name="seq"/> after the entry sealed <paramref name="previousHmac"/>, with the active key.</summary>
    public ChainedAuditEntry Seal(string nominationId, int seq, AuditEntry entry, string? previousHmac)
    {
        var keyId = signer.ActiveKeyId;
        return new ChainedAuditEntry(seq, entry, keyId, signer.Seal(keyId, Bytes(nominationId, seq, keyId, entry, previousHmac), Purpose));
    }

    /// <summary>
    /// Walks the log in storage order and recomputes every seal. Reports the first place that
    /// does not verify: a changed entry (any field, its key id or its seal), a missing entry (a gap
    /// in the places, or entries missing from the end according to the head), entries moved to
    /// another place, rows that are not part of the chain, and a key that is not configured.
    /// </summary>
    /// <param name="nominationId">Whose log it is.</param>
    /// <param name="rows">The audit rows, ordered by row key (which orders chain keys by place).</param>
    /// <param name="head">The stored head, or null when there is none.</param>
    public AuditVerification Verify(string nominationId, IReadOnlyList<StoredAuditRow> rows, AuditHead? head)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var expected = 1;
        string? previous = null;
        foreach (var row in rows)
        {
            if (row.Seq is not { } seq || seq < 1)
            {
                return AuditVerification.Broken(null, $"The row '{row.RowKey}' is not an entry of the chain: it was written outside the application, or before the chain existed.");
            }

            if (seq > expected)
            {
                return AuditVerification.Broken(expected, seq == expected + 1
                    ? $"Entry {expected} is missing: the log goes from entry {expected - 1} to entry {seq}."
                    : $"Entries {expected} to {seq - 1} are missing: the log goes from entry {expected - 1} to entry {seq}.");
            }

            if (row.Entry is null || string.IsNullOrEmpty(row.KeyId) || string.IsNullOrEmpty(row.Hmac))
            {
                return AuditVerification.Broken(seq, $"Entry {seq} was changed: its content, key id or seal cannot be read.");
            }

            if (row.WrittenSeq != seq)
            {
                return AuditVerification.Broken(seq, row.WrittenSeq is { } written
                    ? $"Entry {seq} holds the entry written as entry {written}: rows were reordered or moved."
                    : $"Entry {seq} was changed: it does not record its place in the log.");
            }

            if (!signer.HasKey(row.KeyId))
            {
                return AuditVerification.Broken(seq, $"Entry {seq} was sealed with audit key '{row.KeyId}', which is not configured (Awards:Audit:Keys), so it cannot be checked.");
            }

            if (!signer.IsSealed(row.KeyId, Bytes(nominationId, seq, row.KeyId, row.Entry, previous), Purpose, row.Hmac))
            {
                return AuditVerification.Broken(seq, $"Entry {seq} does not match its seal: one of its fields (time, actor, action, stage, reason, detail, key id or seal) was changed, or it was replaced.");
            }

            previous = row.Hmac;
            expected = seq + 1;
        }

        var last = expected - 1;
        if (head is null)
        {
            return last == 0
                ? AuditVerification.Intact
                : AuditVerification.Broken(null, $"The log's head is missing, so entries removed from its end would not show: it holds {last} entries.");
        }

        if (head.Seq > last)
        {
            return AuditVerification.Broken(last + 1, last + 1 == head.Seq
                ? $"Entry {head.Seq} is missing: the head says the log ends at entry {head.Seq}, the last entry stored is {(last == 0 ? "none" : last.ToString(CultureInfo.InvariantCulture))}."
                : $"Entries {last + 1} to {head.Seq} are missing: the head says the log ends at entry {head.Seq}, the last entry stored is {(last == 0 ? "none" : last.ToString(CultureInfo.InvariantCulture))}.");
        }

        if (head.Seq < last)
        {
            return AuditVerification.Broken(head.Seq + 1, $"Entry {head.Seq + 1} was not appended by the application: the head says the log ends at entry {head.Seq}.");
        }

        return string.Equals(head.Hmac, previous, StringComparison.Ordinal)
            ? AuditVerification.Intact
            : AuditVerification.Broken(last, $"The head does not match entry {last}: the head or the end of the log was changed.");
    }

    private static byte[] Bytes(string nominationId, int seq, string keyId, AuditEntry entry, string? previousHmac) =>
        Encoding.UTF8.GetBytes(Canonical(nominationId, seq, keyId, entry, previousHmac));

    private static void Text(StringBuilder text, string name, string? value)
    {
        text.Append(name).Append(':');
        if (value is null)
        {
            text.Append('-');
        }
        else
        {
            text.Append(Encoding.UTF8.GetByteCount(value).ToString(CultureInfo.InvariantCulture)).Append(':').Append(value);
        }

        text.Append('\n');
    }
}
