using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Awards.Storage;
using Azure;
using Azure.Data.Tables;

namespace Awards.Security;

/// <summary>What an approver confirms with a code: a decision, or handing the decision to a colleague.</summary>
public enum CodedAction
{
    /// <summary>Decisions on the proposal's nominees.</summary>
    Decide,

    /// <summary>A delegation to a colleague.</summary>
    Delegate,
}

/// <summary>The outcome of checking a code.</summary>
public enum CodeCheck
{
    /// <summary>The right code for exactly these choices: the action may take effect (and the code is used up).</summary>
    Confirmed,

    /// <summary>No code is waiting for this link and action (never asked, already used, or given up after too many tries).</summary>
    NoneWaiting,

    /// <summary>The code's time ran out.</summary>
    Expired,

    /// <summary>Not the code that was sent.</summary>
    Wrong,

    /// <summary>Wrong too many times: the waiting action is dropped.</summary>
    TooManyTries,

    /// <summary>The code was sent for other choices than the ones now confirmed.</summary>
    OtherChoices,
}

/// <summary>
/// One-time codes that confirm an approver's action when the campaign asks for them
/// (<c>confirmDecisionsByCode</c>): whoever holds a forwarded link cannot decide without reading
/// the approver's mailbox. A code is bound to the link's proposal, stage, wave and approver and
/// to a digest of the exact choices it confirms; it lasts <see cref="Lifetime"/>, allows
/// <see cref="MaxTries"/> tries, and is used up by the one request that deletes its row.
/// Only a salted hash of the code is stored.
/// </summary>
public sealed class DecisionCodes(AwardsStorage storage, TimeProvider time)
{
    /// <summary>How long a code works.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    /// <summary>Wrong codes allowed before the waiting action is dropped.</summary>
    public const int MaxTries = 5;

    /// <summary>Digits in a code.</summary>
    public const int Digits = 6;

    private const string Row = "waiting";

    /// <summary>
    /// Makes a new code for this link and action over <paramref name="choicesDigest"/>, replacing
    /// any code waiting for them, and returns it (to be mailed to the approver) with its expiry.
    /// </summary>
    public async Task<(string Code, DateTimeOffset ExpiresAt)> IssueAsync(ReviewLinkClaims link, CodedAction action, string choicesDigest, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(link);
        var code = RandomNumberGenerator.GetInt32(0, 1_000_000).ToString("D6", CultureInfo.InvariantCulture);
        var salt = RandomNumberGenerator.GetBytes(16);
        var expiresAt = time.GetUtcNow() + Lifetime;
        await storage.SignIn.UpsertEntityAsync(new TableEntity(Partition(link, action), Row)
        {
            ["Salt"] = salt,
            ["CodeHash"] = Hash(salt, code),
            ["Digest"] = choicesDigest,
            ["ExpiresAt"] = expiresAt,
            ["Tries"] = 0,
        }, TableUpdateMode.Replace, ct);
        return (code, expiresAt);
    }

    /// <summary>
    /// Checks <paramref name="code"/> for this link, action and choices. <see cref="CodeCheck.Confirmed"/>
    /// is returned to one request only: the row is deleted under the ETag read, so two requests
    /// with the right code race and one loses (<see cref="CodeCheck.NoneWaiting"/>).
    /// </summary>
    public async Task<(CodeCheck Check, int TriesLeft)> RedeemAsync(ReviewLinkClaims link, CodedAction action, string choicesDigest, string code, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(link);
        var partition = Partition(link, action);
        var found = await storage.SignIn.GetEntityIfExistsAsync<TableEntity>(partition, Row, cancellationToken: ct);
        if (!found.HasValue)
        {
            return (CodeCheck.NoneWaiting, 0);
        }

        var row = found.Value!;
        if (row.GetDateTimeOffset("ExpiresAt") is not { } expiresAt || expiresAt <= time.GetUtcNow())
        {
            await DeleteAsync(row, ct);
            return (CodeCheck.Expired, 0);
        }

        var digits = code.Trim();
        var right = digits.Length == Digits && digits.All(char.IsAsciiDigit)
            && CryptographicOperations.FixedTimeEquals(Convert.FromHexString(row.GetString("CodeHash") ?? string.Empty), Convert.FromHexString(Hash(row.GetBinary("Salt") ?? [], digits)));
        if (!right)
        {
            var tries = (row.GetInt32("Tries") ?? 0) + 1;
            if (tries >= MaxTries)
            {
                await DeleteAsync(row, ct);
                return (CodeCheck.TooManyTries, 0);
            }

            try
            {
                row["Tries"] = tries;
                await storage.SignIn.UpdateEntityAsync(row, row.ETag, TableUpdateMode.Replace, ct);
            }
            catch (RequestFailedException e) when (e.Status is (int)HttpStatusCode.PreconditionFailed or (int)HttpStatusCode.NotFound)
            {
                // Another try (or a new code) got there first; this one still counts as wrong.
            }

            return (CodeCheck.Wrong, MaxTries - tries);
        }

        if (!string.Equals(row.GetString("Digest"), choicesDigest, StringComparison.Ordinal))
        {
            return (CodeCheck.OtherChoices, MaxTries - (row.GetInt32("Tries") ?? 0));
        }

        return await DeleteAsync(row, ct) ? (CodeCheck.Confirmed, 0) : (CodeCheck.NoneWaiting, 0);
    }

    /// <summary>A digest of the choices a code confirms, from their parts in a fixed order.</summary>
    public static string Digest(IEnumerable<string> parts) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\u001f', parts))));

    private async Task<bool> DeleteAsync(TableEntity row, CancellationToken ct)
    {
        try
        {
            await storage.SignIn.DeleteEntityAsync(row.PartitionKey, row.RowKey, row.ETag, ct);
            return true;
        }
        catch (RequestFailedException e) when (e.Status is (int)HttpStatusCode.PreconditionFailed or (int)HttpStatusCode.NotFound)
        {
            return false;
        }
    }

    // One waiting code per link binding and action. Hashed: addresses may hold characters a partition key must not.
    private static string Partition(ReviewLinkClaims link, CodedAction action) =>
        "code-" + Digest([link.ProposalId, link.Stage, link.Wave.ToString(CultureInfo.InvariantCulture), ApiKeyStore.EmailKey(link.ApproverEmail), action.ToString()]);

    private static string Hash(byte[] salt, string code) =>
        Convert.ToHexStringLower(SHA256.HashData([.. salt, .. Encoding.ASCII.GetBytes(code)]));
}
