using Awards.Domain;
using Azure.Data.Tables;

namespace Awards.Storage;

/// <summary>Proposal letters (tờ trình), one partition per campaign.</summary>
public sealed class ProposalStore(AwardsStorage storage)
{
    /// <summary>Stores a new proposal.</summary>
    public Task AddAsync(Proposal proposal, CancellationToken ct) =>
        storage.Proposals.AddEntityAsync(JsonRow.Create(proposal.CampaignId, proposal.Id, proposal), ct);

    /// <summary>A proposal, or null.</summary>
    public async Task<Proposal?> FindAsync(string campaignId, string id, CancellationToken ct)
    {
        var row = await storage.Proposals.GetEntityIfExistsAsync<TableEntity>(campaignId, id, cancellationToken: ct);
        return row.HasValue ? JsonRow.Read<Proposal>(row.Value!) : null;
    }
}
