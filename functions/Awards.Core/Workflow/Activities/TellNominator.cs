using System.Globalization;
using Awards.Domain;
using Awards.Hosting;
using Awards.Mail;
using Awards.Storage;

namespace Awards.Workflow.Activities;

/// <summary>Tells the nominator of a return or reject, with the written reason.</summary>
public sealed class TellNominator(NominationStore nominations, CampaignStore campaigns, PublicLinks urls, Mailer mailer) : WorkflowStep<NominatorNotice, bool>
{
    /// <inheritdoc/>
    protected override async Task<bool> ExecuteAsync(NominatorNotice input)
    {
        var d = input.Decision;
        AwardsTelemetry.Tag(stage: d.Stage, decision: d.Outcome);
        var n = await nominations.GetAsync(input.NominationId, default);
        var campaign = await campaigns.GetVersionAsync(n.CampaignId, input.CampaignVersion, default);
        var stage = campaign.FindStage(d.Stage) ?? throw new InvalidOperationException($"Stage '{d.Stage}' is not configured.");
        var mail = d.Outcome == DecisionOutcome.Reject
            ? MailTemplates.Rejected(n, stage, d.Reason ?? string.Empty, urls.Nomination(n.Id))
            : MailTemplates.Returned(n, stage, d.Reason ?? string.Empty, urls.Nomination(n.Id));
        await mailer.SendOnceAsync(string.Create(CultureInfo.InvariantCulture, $"{n.Id}|notice|{d.Stage}|{d.Round}"), mail, default);
        return true;
    }
}
