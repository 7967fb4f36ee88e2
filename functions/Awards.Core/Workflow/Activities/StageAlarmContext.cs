using Awards.Domain;
using Awards.Storage;

namespace Awards.Workflow.Activities;

/// <summary>What a stage alarm (a reminder, the deadline) acts on: the nomination, the round's campaign version, the stage and the proposal.</summary>
/// <param name="Nomination">The nomination.</param>
/// <param name="Campaign">The campaign version the round opened under.</param>
/// <param name="Stage">The stage.</param>
/// <param name="Proposal">The proposal.</param>
internal sealed record StageAlarmContext(Nomination Nomination, Campaign Campaign, StageDefinition Stage, Proposal Proposal)
{
    /// <summary>Reads what the alarm acts on; null when the round is already decided (its event is on its way: nobody needs reminding, nothing escalates).</summary>
    public static async Task<StageAlarmContext?> ReadAsync(StageAlarm alarm, NominationStore nominations, CampaignStore campaigns, ProposalStore proposals)
    {
        var n = await nominations.GetAsync(alarm.NominationId, default);
        if (await nominations.FindClaimAsync(n.Id, alarm.Stage, alarm.Round, default) is not null)
        {
            return null;
        }

        var campaign = await campaigns.ForRoundAsync(n, alarm.Opened.CampaignVersion, default);
        var stage = campaign.FindStage(alarm.Stage) ?? throw new InvalidOperationException($"Stage '{alarm.Stage}' is not configured in campaign {campaign.Id} v{campaign.Version}.");
        return new StageAlarmContext(n, campaign, stage, await proposals.GetAsync(n.ProposalId, default));
    }
}
