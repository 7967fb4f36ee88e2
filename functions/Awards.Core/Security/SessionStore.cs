using System.Net;
using System.Security.Cryptography;
using Awards.Storage;
using Azure;
using Azure.Data.Tables;

namespace Awards.Security;

/// <summary>
/// The server's record of each sign-in session, so that a session can end before its cookie
/// expires: signing out, "sign out everywhere", an organiser ending an address's sessions or
/// revoking the key a session acts as. The cookie names its row; a request is accepted only while
/// the row is there (one point read). Rows are partitioned by the signed-in address, so all of an
/// address's sessions — and, filtered by key, all of a key's — are one partition read.
/// </summary>
public sealed class SessionStore(AwardsStorage storage)
{
    private const string KeyHashColumn = "KeyHash";
    private const string SignedInAtColumn = "SignedInAt";
    private const string ExpiresAtColumn = "ExpiresAt";

    // 128 random bits, URL-safe base64 without padding.
    private const int IdLength = 22;

    /// <summary>
    /// Records a new session of <paramref name="email"/> acting as the key <paramref name="keyHash"/>
    /// and returns its id (for the cookie). The address's expired rows are deleted on the way, so
    /// its partition holds its live sessions and few others.
    /// </summary>
    public async Task<string> StartAsync(string email, string keyHash, DateTimeOffset signedInAt, DateTimeOffset expiresAt, CancellationToken ct)
    {
        var partition = Partition(email);
        foreach (var row in await RowsAsync(partition, ct))
        {
            if (ExpiresAt(row) <= signedInAt)
            {
                await DeleteAsync(partition, row.RowKey, ct);
            }
        }

        var id = Base64Url.Encode(RandomNumberGenerator.GetBytes(16));
        await storage.Sessions.AddEntityAsync(new TableEntity(partition, id)
        {
            [KeyHashColumn] = keyHash,
            [SignedInAtColumn] = signedInAt,
            [ExpiresAtColumn] = expiresAt,
        }, ct);
        return id;
    }

    /// <summary>True while the session's row is there, acting as the same key, and not past its expiry.</summary>
    public async Task<bool> IsActiveAsync(SessionClaims session, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(session);
        if (!IsId(session.SessionId) || string.IsNullOrEmpty(session.Email))
        {
            return false;
        }

        var row = await storage.Sessions.GetEntityIfExistsAsync<TableEntity>(Partition(session.Email), session.SessionId, [KeyHashColumn, ExpiresAtColumn], ct);
        return row.HasValue
            && string.Equals(row.Value!.GetString(KeyHashColumn), session.KeyHash, StringComparison.Ordinal)
            && ExpiresAt(row.Value) > now;
    }

    /// <summary>Ends one session (signing out); ending one that has already ended is harmless.</summary>
    public Task EndAsync(SessionClaims session, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(session);
        return IsId(session.SessionId) ? DeleteAsync(Partition(session.Email), session.SessionId, ct) : Task.CompletedTask;
    }

    /// <summary>
    /// Ends every session of <paramref name="email"/> — only those acting as the key
    /// <paramref name="keyHash"/> when it is given — and returns how many were still live.
    /// </summary>
    public async Task<int> EndAllAsync(string email, string? keyHash, DateTimeOffset now, CancellationToken ct)
    {
        var partition = Partition(email);
        var live = 0;
        foreach (var row in await RowsAsync(partition, ct))
        {
            if (keyHash is not null && !string.Equals(row.GetString(KeyHashColumn), keyHash, StringComparison.Ordinal))
            {
                continue;
            }

            if (ExpiresAt(row) > now)
            {
                live++;
            }

            await DeleteAsync(partition, row.RowKey, ct);
        }

        return live;
    }

    private async Task<List<TableEntity>> RowsAsync(string partition, CancellationToken ct)
    {
        var rows = new List<TableEntity>();
        await foreach (var row in storage.Sessions.QueryAsync<TableEntity>($"PartitionKey eq {JsonRow.Quote(partition)}", select: ["RowKey", KeyHashColumn, ExpiresAtColumn], cancellationToken: ct))
        {
            rows.Add(row);
        }

        return rows;
    }

    private async Task DeleteAsync(string partition, string id, CancellationToken ct)
    {
        try
        {
            await storage.Sessions.DeleteEntityAsync(partition, id, ETag.All, ct);
        }
        catch (RequestFailedException e) when (e.Status == (int)HttpStatusCode.NotFound)
        {
            // Already ended (another sign-out, an organiser): the outcome is the same.
        }
    }

    private static DateTimeOffset ExpiresAt(TableEntity row) => row.GetDateTimeOffset(ExpiresAtColumn) ?? DateTimeOffset.MinValue;

    private static bool IsId(string? id) => id is { Length: IdLength } && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    private static string Partition(string email) => "a-" + ApiKeyStore.AddressDigest(email);
}
