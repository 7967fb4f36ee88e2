using Awards.Domain;
using Awards.Security;
using Awards.Storage;

namespace Awards.Outputs;

/// <summary>A key held for a unit, as the units page shows it (never the key).</summary>
/// <param name="Id">The key's id.</param>
/// <param name="Email">Its holder.</param>
/// <param name="CreatedAt">When it was issued.</param>
/// <param name="RevokedAt">When it was revoked; null while it works.</param>
public sealed record UnitKeyView(string Id, string Email, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt);

/// <summary>A nominating unit of a campaign and what it has done in it.</summary>
/// <param name="UnitKey">How the unit is matched (<see cref="NominationStore.UnitKey"/>): province and folded name.</param>
/// <param name="UnitName">Its name.</param>
/// <param name="ProvinceCode">Its province.</param>
/// <param name="Proposals">Its proposals in the campaign.</param>
/// <param name="Nominations">Its nominations in the campaign.</param>
/// <param name="Submitted">Those submitted (no longer drafts).</param>
/// <param name="LastActivity">Its latest proposal or change of a nomination in the campaign, if any.</param>
/// <param name="Keys">Its keys, oldest first.</param>
public sealed record UnitActivity(string UnitKey, string UnitName, string ProvinceCode, int Proposals, int Nominations, int Submitted, DateTimeOffset? LastActivity, IReadOnlyList<UnitKeyView> Keys)
{
    /// <summary>Keys that still work.</summary>
    public int ActiveKeys => Keys.Count(k => k.RevokedAt is null);

    /// <summary>Keys revoked.</summary>
    public int RevokedKeys => Keys.Count(k => k.RevokedAt is not null);
}

/// <summary>
/// The nominating units of a campaign — those holding a nominator key for one of its provinces,
/// and those with nominations in it — with their activity: proposals, nominations, submitted,
/// last activity, keys. Reads the keys' partition and the campaign's nomination index once each,
/// then each listed unit's proposal index (one partition each, a few at a time).
/// </summary>
public sealed class CampaignUnits(ApiKeyStore keys, NominationStore nominations, ProposalStore proposals)
{
    // Proposal indexes read at once: enough to hide latency, few enough not to flood Azurite's one thread.
    private const int Parallel = 8;

    /// <summary>The campaign's units, by province (in the campaign's order) then name (vi-VN).</summary>
    public async Task<IReadOnlyList<UnitActivity>> ListAsync(Campaign campaign, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(campaign);
        var provinces = campaign.Provinces.Select((p, i) => (p.Code, i)).ToDictionary(x => x.Code, x => x.i, StringComparer.Ordinal);
        var keysRead = keys.ListAsync(null, ct);
        var nominationsRead = nominations.ReadCampaignIndexAsync(campaign.Id, null, ct);
        await Task.WhenAll(keysRead, nominationsRead);

        var units = new Dictionary<string, (string Name, string Province)>(StringComparer.Ordinal);
        var unitKeys = new Dictionary<string, List<UnitKeyView>>(StringComparer.Ordinal);
        foreach (var (hash, record) in await keysRead)
        {
            if (record.Role != Role.Nominator || record.UnitName is null || record.ProvinceCode is null || !provinces.ContainsKey(record.ProvinceCode))
            {
                continue;
            }

            var key = NominationStore.UnitKey(record.UnitName, record.ProvinceCode);
            units.TryAdd(key, (record.UnitName, record.ProvinceCode));
            (unitKeys.TryGetValue(key, out var list) ? list : unitKeys[key] = []).Add(new UnitKeyView(ApiKeyStore.IdOf(hash), record.Email, record.CreatedAt, record.RevokedAt));
        }

        var byUnit = (await nominationsRead).GroupBy(n => NominationStore.UnitKey(n.UnitName, n.ProvinceCode), StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        foreach (var (key, list) in byUnit)
        {
            units.TryAdd(key, (list[0].UnitName, list[0].ProvinceCode));
        }

        var result = new UnitActivity[units.Count];
        await System.Threading.Tasks.Parallel.ForEachAsync(units.Select((u, i) => (u, i)), new ParallelOptions { MaxDegreeOfParallelism = Parallel, CancellationToken = ct }, async (item, token) =>
        {
            var ((key, (name, province)), index) = item;
            var mine = byUnit.GetValueOrDefault(key) ?? [];
            var theirs = (await proposals.ListByUnitAsync(name, province, token)).Where(p => p.CampaignId == campaign.Id).ToList();
            var proposalIds = theirs.Select(p => p.Id).Concat(mine.Select(n => n.ProposalId)).Distinct(StringComparer.Ordinal).Count();
            DateTimeOffset? last = mine.Select(n => n.UpdatedAt).Concat(theirs.Select(p => p.CreatedAt)).Where(t => t != default).DefaultIfEmpty().Max();
            result[index] = new UnitActivity(key, name, province, proposalIds, mine.Count, mine.Count(n => n.Status != NominationStatus.Draft),
                last == default(DateTimeOffset) ? null : last, [.. (unitKeys.GetValueOrDefault(key) ?? []).OrderBy(k => k.CreatedAt)]);
        });

        return [.. result
            .OrderBy(u => provinces.GetValueOrDefault(u.ProvinceCode, int.MaxValue))
            .ThenBy(u => u.ProvinceCode, StringComparer.Ordinal)
            .ThenBy(u => u.UnitName, VietnameseText.Collation)];
    }
}
