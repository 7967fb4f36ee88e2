using System.Globalization;
using Awards.Domain;
using Awards.Hosting;
using Awards.Mail;
using Awards.Security;
using Awards.Storage;

namespace Awards.Workflow.Activities;

/// <summary>
/// Reminds a stage's approvers (the same link again, through <see cref="StageReminders"/>) as the deadline nears. One reminder per
/// proposal, stage, wave and alarm, however many of the proposal's nominees still wait; none
/// once the round is decided.
/// </summary>
public sealed class RemindApprovers(NominationStore nominations, CampaignStore campaigns, ProposalStore proposals, ReviewLinks links, PublicLinks urls, Mailer mailer) : WorkflowStep<StageAlarm, bool>
{
    /// <inheritdoc/>
    protected override async Task<bool> ExecuteAsync(StageAlarm input)
    {
        AwardsTelemetry.Tag(stage: input.Stage);
        if (await StageAlarmContext.ReadAsync(input, nominations, campaigns, proposals) is not { } alarm)
        {
            // Decided while the alarm went off: the event is on its way; nobody needs reminding.
            return true;
        }

        var (n, campaign, stage, proposal) = alarm;
        await nominations.ApplyAsync(n.Id, x => x, new AuditEntry(input.At, "system", AuditActions.Reminded, input.Stage, null,
            string.Create(CultureInfo.InvariantCulture, $"reminder {input.Number}; due {VietnameseText.FormatInstant(input.Opened.DueAt)}")),
            string.Create(CultureInfo.InvariantCulture, $"remind|{input.Stage}|{input.Round}|{input.Number}"), default);
        await StageReminders.SendAsync(links, urls, mailer, n, campaign, stage, proposal, input.Opened.DueAt, input.Opened.LinkExpiresAt,
            string.Create(CultureInfo.InvariantCulture, $"reminder {input.Number}"), default);

        return true;
    }
}
