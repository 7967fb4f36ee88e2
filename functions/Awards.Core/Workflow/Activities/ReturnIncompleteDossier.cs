using System.Globalization;
using Awards.Domain;
using Awards.Hosting;
using Awards.Mail;
using Awards.Storage;

namespace Awards.Workflow.Activities;

/// <summary>Sends a dossier that still lacks required documents back to the nominator.</summary>
public sealed class ReturnIncompleteDossier(NominationStore nominations, CampaignStore campaigns, PublicLinks urls, Mailer mailer) : WorkflowStep<IncompleteDossier, bool>
{
    /// <summary>The pseudo-stage name used in the history for the completeness check.</summary>
    public const string DossierCheck = "dossier-check";

    /// <inheritdoc/>
    protected override async Task<bool> ExecuteAsync(IncompleteDossier input)
    {
        AwardsTelemetry.Tag(stage: DossierCheck);
        var current = await nominations.GetAsync(input.NominationId, default);
        var campaign = await campaigns.GetVersionAsync(current.CampaignId, input.CampaignVersion, default);
        var labels = campaign.Documents.Where(d => input.MissingDocuments.Contains(d.Type)).Select(d => $"{d.LabelVi} ({d.LabelEn})");
        var reason = "Hồ sơ còn thiếu / Missing documents: " + string.Join("; ", labels);

        // The return's identity is its number, which the orchestration counts; a workflow started
        // before numbers were passed (Attempt 0) counts from what the nomination has recorded.
        var attempt = input.Attempt > 0 ? input.Attempt : current.DossierReturns + (current.Status == NominationStatus.Returned ? 0 : 1);
        var step = string.Create(CultureInfo.InvariantCulture, $"incomplete|{attempt}");
        var (n, _) = await nominations.ApplyAsync(
            input.NominationId,
            x => x with { Status = NominationStatus.Returned, LastReason = reason, DossierReturns = attempt },
            new AuditEntry(input.At, "system", AuditActions.Returned, DossierCheck, reason),
            step,
            default);
        var stage = new StageDefinition { Code = DossierCheck, NameVi = "Kiểm tra hồ sơ", NameEn = "dossier check" };
        await mailer.SendOnceAsync($"{n.Id}|{step}", MailTemplates.Returned(n, stage, reason, urls.Nomination(n.Id)), default);
        return true;
    }
}
