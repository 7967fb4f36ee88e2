using System.Globalization;
using Awards.Hosting;
using Awards.Mail;
using Awards.Storage;

namespace Awards.Workflow.Activities;

/// <summary>After a decision at a stage with several approvers: the others are told who decided; their links no longer decide this nominee.</summary>
public sealed class TellOtherApprovers(NominationStore nominations, CampaignStore campaigns, ProposalStore proposals, Mailer mailer) : WorkflowStep<NominatorNotice, bool>
{
    /// <inheritdoc/>
    protected override async Task<bool> ExecuteAsync(NominatorNotice input)
    {
        var d = input.Decision;
        AwardsTelemetry.Tag(stage: d.Stage, decision: d.Outcome);
        var n = await nominations.GetAsync(input.NominationId, default);

        // The approvers of the round that was decided, as it opened; the row may already be in the next round.
        var campaign = await campaigns.ForRoundAsync(n, n.Round == d.Round ? n.StageCampaignVersion : 0, default);
        var stage = campaign.FindStage(d.Stage) ?? throw new InvalidOperationException($"Stage '{d.Stage}' is not configured.");
        var proposal = await proposals.GetAsync(n.ProposalId, default);
        foreach (var other in campaign.ApproversFor(stage, n.ProvinceCode).Where(a => !string.Equals(a.Email, d.ApproverEmail, StringComparison.OrdinalIgnoreCase)))
        {
            // One message per proposal, wave and decider, not one per nominee.
            await mailer.SendOnceAsync(
                string.Create(CultureInfo.InvariantCulture, $"{n.ProposalId}|{d.Stage}|wave {d.Wave}|{other.Email}|decided by {d.ApproverEmail}"),
                MailTemplates.DecidedByAnother(other, proposal, stage, d), default);
        }

        return true;
    }
}
