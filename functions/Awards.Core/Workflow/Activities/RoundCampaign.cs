using Awards.Domain;
using Awards.Storage;

namespace Awards.Workflow.Activities;

/// <summary>The one rule for campaign versions inside a stage round: the round keeps the version it opened under.</summary>
public static class RoundCampaign
{
    /// <summary>
    /// The configuration a stage round follows: the version it opened under (as the round's opening
    /// recorded it, or the nomination row says), else — for rounds opened before versions were
    /// recorded — the newest.
    /// </summary>
    public static async Task<Campaign> ForRoundAsync(this CampaignStore campaigns, Nomination n, int openedUnder, CancellationToken ct)
    {
        var version = openedUnder > 0 ? openedUnder : n.StageCampaignVersion;
        return version > 0
            ? await campaigns.GetVersionAsync(n.CampaignId, version, ct)
            : await campaigns.FindAsync(n.CampaignId, ct) ?? throw new KeyNotFoundException($"Campaign '{n.CampaignId}' does not exist.");
    }
}
