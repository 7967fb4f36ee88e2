using System.Globalization;
using Awards.Hosting;
using Awards.Mail;
using Awards.Storage;

namespace Awards.Workflow.Activities;

/// <summary>Ends a withdrawn or cancelled nomination: approvers of the open stage and the nominator are told; the links no longer decide it.</summary>
public sealed class CloseNomination(NominationStore nominations, CampaignStore campaigns, ProposalStore proposals, PublicLinks urls, Mailer mailer) : WorkflowStep<Closing, bool>
{
    /// <inheritdoc/>
    protected override async Task<bool> ExecuteAsync(Closing input)
    {
        AwardsTelemetry.Tag(stage: input.Stage, decision: input.Outcome);
        var n = await nominations.GetAsync(input.NominationId, default);
        var campaign = await campaigns.ForRoundAsync(n, 0, default);
        var proposal = await proposals.GetAsync(n.ProposalId, default);
        var key = string.Create(CultureInfo.InvariantCulture, $"{n.Id}|closed|{input.Outcome}");
        if (input.Stage is not null && campaign.FindStage(input.Stage) is { } stage)
        {
            foreach (var approver in campaign.ApproversFor(stage, n.ProvinceCode))
            {
                await mailer.SendOnceAsync($"{key}|{approver.Email}", MailTemplates.Closed(approver.Email, approver.Name, approver.Language, n, proposal, input.Outcome, input.Reason), default);
            }
        }

        await mailer.SendOnceAsync($"{key}|nominator", MailTemplates.Closed(n.NominatorEmail, n.UnitName, null, n, proposal, input.Outcome, input.Reason, urls.Nomination(n.Id)), default);
        return true;
    }
}
