using System.Net;
using Awards.Storage;
using Azure;
using Azure.Data.Tables;

namespace Awards.Security;

/// <summary>
/// What sign-in keeps in Table storage: which links were used (one row per link, claimed by a
/// conditional insert, so a link signs in once even when two POSTs race) and, per address, a
/// few sending slots that cap how many links go out in a window.
/// </summary>
public sealed class SignInStore(AwardsStorage storage)
{
    /// <summary>Most sign-in links sent to one address within <see cref="RateWindow"/>.</summary>
    public const int MaxLinksPerWindow = 5;

    /// <summary>The window of the per-address limit.</summary>
    public static readonly TimeSpan RateWindow = TimeSpan.FromMinutes(15);

    private const string UsedRow = "used";
    private const string AtColumn = "At";
    private const string RequestColumn = "Request";

    /// <summary>Claims a link for its one use; false when it was used before.</summary>
    public async Task<bool> TryClaimLinkAsync(SignInLinkClaims link, string keyHash, DateTimeOffset at, CancellationToken ct)
    {
        try
        {
            await storage.SignIn.AddEntityAsync(new TableEntity(LinkPartition(link.Nonce), UsedRow)
            {
                [AtColumn] = at,
                ["Email"] = link.Email,
                ["KeyHash"] = keyHash,
            }, ct);
            return true;
        }
        catch (RequestFailedException e) when (e.Status == (int)HttpStatusCode.Conflict)
        {
            return false;
        }
    }

    /// <summary>When the link was used, or null when it was not (yet).</summary>
    public async Task<DateTimeOffset?> UsedAtAsync(SignInLinkClaims link, CancellationToken ct)
    {
        var row = await storage.SignIn.GetEntityIfExistsAsync<TableEntity>(LinkPartition(link.Nonce), UsedRow, select: [AtColumn], cancellationToken: ct);
        return row.HasValue ? row.Value!.GetDateTimeOffset(AtColumn) : null;
    }

    /// <summary>
    /// Takes one of the address's <see cref="MaxLinksPerWindow"/> sending slots, or returns false
    /// when all were taken within the last <see cref="RateWindow"/>. Sign-in links use the
    /// default slots; another kind of mail names its <paramref name="purpose"/> and has its own.
    /// A slot taken for <paramref name="requestId"/> is that request's: asked again for the same
    /// request (a handler that died after taking it, its request handled again), the answer is
    /// true and no second slot is spent.
    /// </summary>
    /// <remarks>
    /// Each slot is a row holding when it was last taken; taking one is a conditional write
    /// (insert, or replace under the ETag read), so of two requests racing for a slot one wins
    /// and the other tries the next. That makes the limit exact over any sliding window, with a
    /// bounded number of rows per address and one query plus one write per request.
    /// </remarks>
    public async Task<bool> TryTakeSendSlotAsync(string email, DateTimeOffset now, string? purpose, string? requestId, CancellationToken ct)
    {
        var partition = RatePartition(email, purpose);
        var slots = new Dictionary<string, TableEntity>(StringComparer.Ordinal);
        await foreach (var row in storage.SignIn.QueryAsync<TableEntity>(
            $"PartitionKey eq {JsonRow.Quote(partition)}", maxPerPage: MaxLinksPerWindow, select: ["RowKey", AtColumn, RequestColumn], cancellationToken: ct))
        {
            slots[row.RowKey] = row;
        }

        if (requestId is not null && slots.Values.Any(row => row.GetString(RequestColumn) == requestId))
        {
            return true;
        }

        for (var i = 0; i < MaxLinksPerWindow; i++)
        {
            var slot = i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            try
            {
                if (!slots.TryGetValue(slot, out var row))
                {
                    await storage.SignIn.AddEntityAsync(Slot(partition, slot, now, requestId), ct);
                    return true;
                }

                if (row.GetDateTimeOffset(AtColumn) is not { } taken || taken <= now - RateWindow)
                {
                    await storage.SignIn.UpdateEntityAsync(Slot(partition, slot, now, requestId), row.ETag, TableUpdateMode.Replace, ct);
                    return true;
                }
            }
            catch (RequestFailedException e) when (e.Status is (int)HttpStatusCode.Conflict or (int)HttpStatusCode.PreconditionFailed)
            {
                // Another request took this slot first; try the next.
            }
        }

        return false;
    }

    private static TableEntity Slot(string partition, string slot, DateTimeOffset at, string? requestId)
    {
        var row = new TableEntity(partition, slot) { [AtColumn] = at };
        if (requestId is not null)
        {
            row[RequestColumn] = requestId;
        }

        return row;
    }

    private static string LinkPartition(string nonce) => "link-" + nonce;

    private static string RatePartition(string email, string? purpose) =>
        "rate-" + (purpose is null ? string.Empty : purpose + "-") + ApiKeyStore.AddressDigest(email);
}
