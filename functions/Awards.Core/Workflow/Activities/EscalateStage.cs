using System.Globalization;
using Awards.Domain;
using Awards.Hosting;
using Awards.Mail;
using Awards.Storage;

namespace Awards.Workflow.Activities;

/// <summary>
/// The deadline passed with no decision: the stage's escalation contact and the organiser are
/// told. Nothing is approved or rejected automatically; the approvers' links keep working.
/// </summary>
public sealed class EscalateStage(NominationStore nominations, CampaignStore campaigns, ProposalStore proposals, Mailer mailer) : WorkflowStep<StageAlarm, bool>
{
    /// <inheritdoc/>
    protected override async Task<bool> ExecuteAsync(StageAlarm input)
    {
        AwardsTelemetry.Tag(stage: input.Stage);
        if (await StageAlarmContext.ReadAsync(input, nominations, campaigns, proposals) is not { } alarm)
        {
            // Decided at the moment it fell due: there is nothing to escalate.
            return true;
        }

        var (n, campaign, stage, proposal) = alarm;
        var approvers = campaign.ApproversFor(stage, n.ProvinceCode);
        var told = new List<Approver>();
        if (stage.EscalationContact is { } contact)
        {
            told.Add(contact);
        }

        if (campaign.OrganiserEmail is { } organiser)
        {
            told.Add(new Approver(organiser, "Ban tổ chức / Organisers"));
        }

        await nominations.ApplyAsync(n.Id, x => x, new AuditEntry(input.At, "system", AuditActions.Escalated, input.Stage, null,
            $"due {VietnameseText.FormatInstant(input.Opened.DueAt)} passed; told {string.Join(", ", told.Select(t => t.Email))}"),
            string.Create(CultureInfo.InvariantCulture, $"escalate|{input.Stage}|{input.Round}"), default);
        foreach (var person in told)
        {
            await mailer.SendOnceAsync(
                string.Create(CultureInfo.InvariantCulture, $"{n.ProposalId}|{input.Stage}|wave {n.Wave}|{person.Email}|escalation"),
                MailTemplates.Escalation(person, proposal, campaign, stage, approvers, input.Opened.DueAt), default);
        }

        return true;
    }
}
