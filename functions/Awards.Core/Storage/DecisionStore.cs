using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Text.Json;
using Awards.Domain;
using Awards.Web;
using Azure;
using Azure.Data.Tables;

namespace Awards.Storage;

/// <summary>
/// The awarding bodies' registers of decisions: one table partition per register code and year,
/// holding a counter row and a row per decision. A decision takes its number in the same batch
/// that stores it — the counter moved under its ETag and the decision row added — so two issues
/// at once never share a number, and an issue that fails leaves no gap and no half-made decision.
/// </summary>
public sealed class DecisionStore(AwardsStorage storage)
{
    private const string CounterRow = "counter";
    private const string DecisionPrefix = "decision|";

    // The decision row's awardees, compressed, in columns of at most this many bytes (a property holds 64 KiB).
    private const int ChunkBytes = 60 * 1024;
    private const int MaxChunks = 15;

    /// <summary>The place the next decision of a register would take (nothing is reserved).</summary>
    public async Task<int> PeekNextAsync(string registerCode, int year, CancellationToken ct)
    {
        var counter = await storage.Decisions.GetEntityIfExistsAsync<TableEntity>(Partition(registerCode, year), CounterRow, cancellationToken: ct);
        return counter.HasValue ? counter.Value!.GetInt32("Next") ?? 1 : 1;
    }

    /// <summary>
    /// Stores a decision under the register's next number: <paramref name="make"/> is given the
    /// number and makes the decision; counter and decision commit together or not at all. Retries
    /// when another issue took the number first.
    /// </summary>
    public async Task<AwardDecision> AddNextAsync(string registerCode, int year, Func<int, AwardDecision> make, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(make);
        var partition = Partition(registerCode, year);
        for (var attempt = 0; ; attempt++)
        {
            var counter = await storage.Decisions.GetEntityIfExistsAsync<TableEntity>(partition, CounterRow, cancellationToken: ct);
            var next = counter.HasValue ? counter.Value!.GetInt32("Next") ?? 1 : 1;
            var decision = make(next);
            var moved = new TableEntity(partition, CounterRow) { ["Next"] = next + 1 };
            try
            {
                await storage.Decisions.SubmitTransactionAsync(
                [
                    counter.HasValue
                        ? new TableTransactionAction(TableTransactionActionType.UpdateReplace, moved, counter.Value!.ETag)
                        : new TableTransactionAction(TableTransactionActionType.Add, moved),
                    new TableTransactionAction(TableTransactionActionType.Add, Row(partition, decision)),
                ], ct);
                return decision;
            }
            catch (TableTransactionFailedException e) when (attempt < 50 && e.Status is (int)HttpStatusCode.Conflict or (int)HttpStatusCode.PreconditionFailed)
            {
                // Another issue took this number between our read and our write: take the next.
                await Task.Delay(Random.Shared.Next(5, 20 + attempt * 10), ct);
            }
        }
    }

    /// <summary>A decision by id, or null.</summary>
    public async Task<AwardDecision?> FindAsync(string id, CancellationToken ct)
    {
        if (!TryParseId(id, out var code, out var year, out var sequence))
        {
            return null;
        }

        var row = await storage.Decisions.GetEntityIfExistsAsync<TableEntity>(Partition(code, year), RowKey(sequence), cancellationToken: ct);
        return row.HasValue ? Read(row.Value!) : null;
    }

    /// <summary>Replaces a stored decision (e.g. marks it linked).</summary>
    public Task UpdateAsync(AwardDecision decision, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(decision);
        return storage.Decisions.UpdateEntityAsync(Row(Partition(decision.RegisterCode, decision.Year), decision), ETag.All, TableUpdateMode.Replace, ct);
    }

    /// <summary>The decisions of a campaign in the registers of <paramref name="registerCodes"/> (every year), oldest first.</summary>
    public async Task<IReadOnlyList<AwardDecision>> ListAsync(string campaignId, IEnumerable<string> registerCodes, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(registerCodes);
        var list = new List<AwardDecision>();
        foreach (var code in registerCodes.Distinct(StringComparer.Ordinal))
        {
            // One register's partitions (one per year): a short key range, not a scan of the table.
            var filter = $"PartitionKey ge {JsonRow.Quote($"register|{code}|")} and PartitionKey lt {JsonRow.Quote($"register|{code}}}")} and RowKey ge {JsonRow.Quote(DecisionPrefix)} and CampaignId eq {JsonRow.Quote(campaignId)}";
            await foreach (var row in storage.Decisions.QueryAsync<TableEntity>(filter, cancellationToken: ct))
            {
                list.Add(Read(row));
            }
        }

        return [.. list.OrderBy(d => d.IssuedAt)];
    }

    /// <summary>A decision's id from its register, year and place.</summary>
    public static string IdOf(string registerCode, int year, int sequence) =>
        string.Create(CultureInfo.InvariantCulture, $"{registerCode}-{year}-{sequence}");

    /// <summary>Reads an id written by <see cref="IdOf"/>.</summary>
    public static bool TryParseId(string? id, out string registerCode, out int year, out int sequence)
    {
        (registerCode, year, sequence) = (string.Empty, 0, 0);
        if (id is null || id.Length > 40)
        {
            return false;
        }

        var lastDash = id.LastIndexOf('-');
        var yearDash = lastDash > 0 ? id.LastIndexOf('-', lastDash - 1) : -1;
        if (yearDash <= 0
            || !int.TryParse(id.AsSpan(yearDash + 1, lastDash - yearDash - 1), NumberStyles.None, CultureInfo.InvariantCulture, out year)
            || !int.TryParse(id.AsSpan(lastDash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out sequence)
            || year is < 2000 or > 2999 || sequence < 1)
        {
            return false;
        }

        registerCode = id[..yearDash];
        return registerCode.All(c => char.IsAsciiLetterUpper(c) || char.IsAsciiDigit(c) || c == '-');
    }

    private static string Partition(string registerCode, int year) => string.Create(CultureInfo.InvariantCulture, $"register|{registerCode}|{year}");

    private static string RowKey(int sequence) => string.Create(CultureInfo.InvariantCulture, $"{DecisionPrefix}{sequence:D6}");

    private static TableEntity Row(string partition, AwardDecision decision)
    {
        var entity = JsonRow.Create(partition, RowKey(decision.Sequence), decision with { Members = [] }, ("CampaignId", decision.CampaignId));

        // The annex may list thousands: compressed, in as many columns as it needs.
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Optimal, leaveOpen: true))
        {
            JsonSerializer.Serialize(gzip, decision.Members, AwardsJson.Options);
        }

        var bytes = buffer.ToArray();
        var chunks = (bytes.Length + ChunkBytes - 1) / ChunkBytes;
        if (chunks > MaxChunks)
        {
            throw new InvalidOperationException($"A decision's annex of {decision.Members.Count} awardees is too large to store; issue it in parts.");
        }

        for (var i = 0; i < chunks; i++)
        {
            entity[$"Members{i}"] = bytes[(i * ChunkBytes)..Math.Min(bytes.Length, (i + 1) * ChunkBytes)];
        }

        entity["MemberChunks"] = chunks;
        return entity;
    }

    private static AwardDecision Read(TableEntity row)
    {
        var decision = JsonRow.Read<AwardDecision>(row);
        var chunks = row.GetInt32("MemberChunks") ?? 0;
        using var buffer = new MemoryStream();
        for (var i = 0; i < chunks; i++)
        {
            buffer.Write(row.GetBinary($"Members{i}"));
        }

        buffer.Position = 0;
        using var gzip = new GZipStream(buffer, CompressionMode.Decompress);
        return decision with { Members = chunks == 0 ? [] : JsonSerializer.Deserialize<List<DecisionMember>>(gzip, AwardsJson.Options) ?? [] };
    }
}
