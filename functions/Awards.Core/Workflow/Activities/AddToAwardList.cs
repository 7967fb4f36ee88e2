using Awards.Domain;
using Awards.Mail;
using Awards.Storage;

namespace Awards.Workflow.Activities;

/// <summary>Adds the approved nominee to the campaign's award list and tells the nominator.</summary>
public sealed class AddToAwardList(NominationStore nominations, CampaignStore campaigns, AwardListStore awardList, NomineeIndex nominees, PublicLinks urls, Mailer mailer) : WorkflowStep<AwardInput, bool>
{
    /// <inheritdoc/>
    protected override async Task<bool> ExecuteAsync(AwardInput input)
    {
        var current = await nominations.GetAsync(input.NominationId, default);
        var campaign = await campaigns.GetVersionAsync(current.CampaignId, input.CampaignVersion, default);
        var award = campaign.FindAward(current.AwardCode) ?? throw new InvalidOperationException($"Award '{current.AwardCode}' is not configured.");

        // The list entry first (written once: a second run gets the first one back, with its
        // time), then the status: a nomination never shows "awarded" without being on the list.
        var entry = await awardList.AddOnceAsync(
            new AwardListEntry
            {
                CampaignId = current.CampaignId,
                AwardCode = award.Code,
                AwardName = award.NameVi,
                AwardingBody = award.AwardingBody,
                NominationId = current.Id,
                Kind = current.Kind,
                NomineeName = current.NomineeName,
                DateOfBirth = current.DateOfBirth,
                Position = current.Position,
                UnitName = current.UnitName,
                ProvinceCode = current.ProvinceCode,
                AwardedAt = input.AwardedAt,
            },
            default);

        // Later campaigns must find this award when the same person is nominated again (Law 06/2022).
        await nominees.IndexAwardAsync(entry, default);
        // The last stage's working days, as OpenStage records those of the stages before it.
        var stageDays = current.StageDays;
        if (current.CurrentStage is { } last && current.StageOpenedAt is { } opened && await nominations.FindClaimAsync(current.Id, last, current.Round, default) is { } approved)
        {
            stageDays = new Dictionary<string, int>(current.StageDays, StringComparer.Ordinal)
            {
                [last] = current.StageDaysUsed + WorkingCalendar.For(campaign).WorkingDaysUsed(opened, approved.DecidedAt),
            };
        }

        var (n, _) = await nominations.ApplyAsync(
            input.NominationId,
            x => x with { Status = NominationStatus.Awarded, StageDays = stageDays },
            new AuditEntry(entry.AwardedAt, "system", AuditActions.Awarded, current.CurrentStage, null, award.NameVi),
            "awarded",
            default);
        await mailer.SendOnceAsync($"{n.Id}|awarded", MailTemplates.Awarded(n, award, urls.Nomination(n.Id)), default);
        return true;
    }
}
