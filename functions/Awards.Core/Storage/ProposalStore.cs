using System.Net;
using Awards.Domain;
using Azure;
using Azure.Data.Tables;

namespace Awards.Storage;

/// <summary>
/// Proposal letters (tờ trình), one partition per proposal (found by id alone), and an index of
/// each nominating unit's proposals: partition <c>unit|{unit key}</c>, one row per proposal keyed
/// newest first, so a unit's workspace lists its proposals of every campaign with one partition read.
/// </summary>
/// <remarks>
/// A proposal's partition also lists its nominations: a row <c>nominee|{nomination id}</c> per
/// nomination, a copy of it as of its last change (written by <see cref="NominationStore"/> with
/// each change, beside the campaign's index), so a review page and a decision read a proposal's
/// nominees in one small range instead of filtering the campaign's whole index. The row
/// <c>nominee</c>, written with the proposal, says the list is complete; a proposal stored before
/// the list existed has no such row, and its first read fills the list from the campaign's index.
/// </remarks>
public sealed class ProposalStore(AwardsStorage storage)
{
    private const string Row = "proposal";
    private const string UnitPrefix = "unit|";
    private const string NomineesListed = "nominee";
    private const string NomineePrefix = "nominee|";

    /// <summary>
    /// Stores a new proposal, then lists it under its unit. The proposal's own row comes first:
    /// if the second write fails the creator gets an error and the proposal, never announced and
    /// never listed, stays invisible.
    /// </summary>
    public async Task AddAsync(Proposal proposal, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(proposal);
        await storage.Proposals.SubmitTransactionAsync(
        [
            new TableTransactionAction(TableTransactionActionType.Add, JsonRow.Create(proposal.Id, Row, proposal, ("CampaignId", proposal.CampaignId))),
            new TableTransactionAction(TableTransactionActionType.Add, new TableEntity(proposal.Id, NomineesListed)),
        ], ct);
        await storage.Proposals.AddEntityAsync(JsonRow.Create(UnitPartition(proposal.UnitName, proposal.ProvinceCode), UnitRowKey(proposal), proposal, ("CampaignId", proposal.CampaignId)), ct);
    }

    /// <summary>
    /// A unit's proposals of every campaign, newest first, as they were created (the wave count
    /// of an entry is not kept current: read the proposal for that). One partition read.
    /// </summary>
    public async Task<IReadOnlyList<Proposal>> ListByUnitAsync(string unitName, string provinceCode, CancellationToken ct)
    {
        var list = new List<Proposal>();
        var filter = $"PartitionKey eq {JsonRow.Quote(UnitPartition(unitName, provinceCode))}";
        await foreach (var row in storage.Proposals.QueryAsync<TableEntity>(filter, cancellationToken: ct))
        {
            list.Add(JsonRow.Read<Proposal>(row));
        }

        return list;
    }

    // The unit is matched as everywhere else (NominationStore.UnitKey: province and folded name);
    // escaped, because a unit's name may hold '/', '#' or '?', which a key may not.
    private static string UnitPartition(string unitName, string provinceCode) =>
        UnitPrefix + Uri.EscapeDataString(NominationStore.UnitKey(unitName, provinceCode));

    // Row keys sort ascending: the inverted creation time puts the newest first.
    private static string UnitRowKey(Proposal proposal) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{DateTimeOffset.MaxValue.UtcTicks - proposal.CreatedAt.UtcTicks:D19}|{proposal.Id}");

    /// <summary>A proposal, or null.</summary>
    public async Task<Proposal?> FindAsync(string id, CancellationToken ct)
    {
        var row = await storage.Proposals.GetEntityIfExistsAsync<TableEntity>(id, Row, cancellationToken: ct);
        return row.HasValue ? JsonRow.Read<Proposal>(row.Value!) : null;
    }

    /// <summary>Reads a proposal that must exist (a workflow step's own); a missing one is a <see cref="KeyNotFoundException"/> naming it.</summary>
    public async Task<Proposal> GetAsync(string id, CancellationToken ct) =>
        await FindAsync(id, ct) ?? throw new KeyNotFoundException($"Proposal '{id}' does not exist.");

    /// <summary>Starts a new wave (a submission of the proposal or of some of its nominations) and returns its number.</summary>
    public async Task<int> NextWaveAsync(string id, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            var row = await storage.Proposals.GetEntityAsync<TableEntity>(id, Row, cancellationToken: ct);
            var proposal = JsonRow.Read<Proposal>(row.Value) is var p ? p with { Waves = p.Waves + 1 } : null!;
            try
            {
                await storage.Proposals.UpdateEntityAsync(JsonRow.Create(id, Row, proposal, ("CampaignId", proposal.CampaignId)), row.Value.ETag, TableUpdateMode.Replace, ct);
                return proposal.Waves;
            }
            catch (RequestFailedException e) when (e.Status == (int)HttpStatusCode.PreconditionFailed && attempt < 10)
            {
                // Two submissions at once: each gets its own wave number.
            }
        }
    }

    /// <summary>
    /// Records that an approver handed their decision on this proposal's stage and wave to a
    /// colleague. Returns false when that approver had already delegated (their link is dead).
    /// </summary>
    public Task<bool> AddDelegationAsync(string id, Delegation delegation, CancellationToken ct) =>
        AddUnlessPresentAsync(JsonRow.Create(id, DelegationKey(delegation.Stage, delegation.Wave, delegation.FromEmail), delegation), ct);

    /// <summary>The delegations made at a stage and wave of this proposal.</summary>
    public async Task<IReadOnlyList<Delegation>> ListDelegationsAsync(string id, string stage, int wave, CancellationToken ct)
    {
        var prefix = DelegationKey(stage, wave, string.Empty);
        var filter = $"PartitionKey eq {JsonRow.Quote(id)} and RowKey ge {JsonRow.Quote(prefix)} and RowKey lt {JsonRow.Quote(prefix[..^1] + "}")}";
        var list = new List<Delegation>();
        await foreach (var row in storage.Proposals.QueryAsync<TableEntity>(filter, cancellationToken: ct))
        {
            list.Add(JsonRow.Read<Delegation>(row));
        }

        return list;
    }

    /// <summary>
    /// Records that an approver acted through their link on a proposal's stage wave (a decision
    /// POST). Written before the POST reads what is waiting, so a nominee that reaches the stage
    /// afterwards finds the mark and sends a follow-up request: no nominee waits unannounced.
    /// </summary>
    public Task MarkActedAsync(string id, ReviewAct act, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(act);
        return storage.Proposals.UpsertEntityAsync(JsonRow.Create(id, ActKey(act.Stage, act.Wave, act.ApproverEmail), act), TableUpdateMode.Replace, ct);
    }

    /// <summary>The latest act of each approver on a proposal's stage wave.</summary>
    public async Task<IReadOnlyList<ReviewAct>> ListActsAsync(string id, string stage, int wave, CancellationToken ct)
    {
        var prefix = ActKey(stage, wave, string.Empty);
        var filter = $"PartitionKey eq {JsonRow.Quote(id)} and RowKey ge {JsonRow.Quote(prefix)} and RowKey lt {JsonRow.Quote(prefix[..^1] + "}")}";
        var list = new List<ReviewAct>();
        await foreach (var row in storage.Proposals.QueryAsync<TableEntity>(filter, cancellationToken: ct))
        {
            list.Add(JsonRow.Read<ReviewAct>(row));
        }

        return list;
    }

    /// <summary>
    /// Keeps the proposal's copy of a nomination current (see the remarks): <paramref name="copy"/>
    /// is the nomination's row of the campaign's index, keyed by the nomination's id.
    /// </summary>
    internal Task ListNominationAsync(string id, TableEntity copy, CancellationToken ct)
    {
        copy.PartitionKey = id;
        copy.RowKey = NomineePrefix + copy.RowKey;
        return storage.Proposals.UpsertEntityAsync(copy, TableUpdateMode.Replace, ct);
    }

    /// <summary>
    /// The proposal's nominations as last listed, in storage order, or null when the proposal was
    /// stored before its partition listed them (then read the campaign's index and
    /// <see cref="FillNominationListAsync"/>). One range read.
    /// </summary>
    internal async Task<List<TableEntity>?> ReadNominationListAsync(string id, CancellationToken ct)
    {
        var filter = $"PartitionKey eq {JsonRow.Quote(id)} and RowKey ge {JsonRow.Quote(NomineesListed)} and RowKey lt {JsonRow.Quote(NomineePrefix[..^1] + "}")}";
        var rows = new List<TableEntity>();
        var listed = false;
        await foreach (var row in storage.Proposals.QueryAsync<TableEntity>(filter, cancellationToken: ct))
        {
            if (row.RowKey == NomineesListed)
            {
                listed = true;
            }
            else
            {
                rows.Add(row);
            }
        }

        return listed ? rows : null;
    }

    /// <summary>
    /// Lists the nominations of a proposal stored before its partition listed them, from copies read
    /// from the campaign's index, then marks the list complete. A copy already listed is newer (it
    /// was written by a change after that read, or by one the read saw) and is kept.
    /// </summary>
    internal async Task FillNominationListAsync(string id, IEnumerable<TableEntity> copies, CancellationToken ct)
    {
        foreach (var copy in copies)
        {
            copy.PartitionKey = id;
            copy.RowKey = NomineePrefix + copy.RowKey;
            await AddUnlessPresentAsync(copy, ct);
        }

        await AddUnlessPresentAsync(new TableEntity(id, NomineesListed), ct);
    }

    // Adds a row of the proposal's partition; false when its key is taken (a delegation made
    // already; a nominee listed by a later change or by another reader's fill).
    private async Task<bool> AddUnlessPresentAsync(TableEntity row, CancellationToken ct)
    {
        try
        {
            await storage.Proposals.AddEntityAsync(row, ct);
            return true;
        }
        catch (RequestFailedException e) when (e.Status == (int)HttpStatusCode.Conflict)
        {
            return false;
        }
    }

    private static string ActKey(string stage, int wave, string approverEmail) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"acted|{stage}|{wave:D4}|{approverEmail.ToLowerInvariant()}");

    private static string DelegationKey(string stage, int wave, string fromEmail) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"delegation|{stage}|{wave:D4}|{fromEmail.ToLowerInvariant()}");
}
