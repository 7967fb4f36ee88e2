using System.Globalization;
using Awards.Domain;
using Awards.Hosting;
using Awards.Mail;
using Awards.Security;
using Awards.Storage;

namespace Awards.Workflow.Activities;

/// <summary>
/// Reminds a stage's approvers (the same link again) as the deadline nears. One reminder per
/// proposal, stage, wave and alarm, however many of the proposal's nominees still wait; none
/// once the round is decided.
/// </summary>
public sealed class RemindApprovers(NominationStore nominations, CampaignStore campaigns, ProposalStore proposals, ReviewLinks links, PublicLinks urls, Mailer mailer) : WorkflowStep<StageAlarm, bool>
{
    /// <inheritdoc/>
    protected override async Task<bool> ExecuteAsync(StageAlarm input)
    {
        AwardsTelemetry.Tag(stage: input.Stage);
        var n = await nominations.FindAsync(input.NominationId, default) ?? throw new KeyNotFoundException($"Nomination '{input.NominationId}' does not exist.");
        if (await nominations.FindClaimAsync(n.Id, input.Stage, input.Round, default) is not null)
        {
            // Decided while the alarm went off: the event is on its way; nobody needs reminding.
            return true;
        }

        var campaign = await campaigns.ForRoundAsync(n, input.Opened.CampaignVersion, default);
        var stage = campaign.FindStage(input.Stage) ?? throw new InvalidOperationException($"Stage '{input.Stage}' is not configured.");
        var proposal = await proposals.FindAsync(n.ProposalId, default) ?? throw new KeyNotFoundException($"Proposal '{n.ProposalId}' does not exist.");
        await nominations.ApplyAsync(n.Id, x => x, new AuditEntry(input.At, "system", AuditActions.Reminded, input.Stage, null,
            string.Create(CultureInfo.InvariantCulture, $"reminder {input.Number}; due {VietnameseText.FormatInstant(input.Opened.DueAt)}")),
            string.Create(CultureInfo.InvariantCulture, $"remind|{input.Stage}|{input.Round}|{input.Number}"), default);
        foreach (var approver in campaign.ApproversFor(stage, n.ProvinceCode))
        {
            var token = links.Issue(new ReviewLinkClaims(n.CampaignId, n.ProposalId, input.Stage, n.Wave, approver.Email, input.Opened.LinkExpiresAt));
            await mailer.SendOnceAsync(
                string.Create(CultureInfo.InvariantCulture, $"{n.ProposalId}|{input.Stage}|wave {n.Wave}|{approver.Email}|reminder {input.Number}"),
                MailTemplates.Reminder(approver, proposal, campaign, stage, urls.Review(token), input.Opened.DueAt), default);
        }

        return true;
    }
}
