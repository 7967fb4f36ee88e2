using Awards.Domain;
using Awards.Storage;

namespace Awards.Workflow.Activities;

/// <summary>Reads the award's stage chain and checks the dossier against the checklist.</summary>
public sealed class PrepareReview(NominationStore nominations, CampaignStore campaigns) : WorkflowStep<NominationWorkflowInput, ReviewPlan>
{
    /// <inheritdoc/>
    protected override async Task<ReviewPlan> ExecuteAsync(NominationWorkflowInput input)
    {
        var n = await nominations.GetAsync(input.NominationId, default);
        var campaign = await campaigns.GetVersionAsync(input.CampaignId, input.CampaignVersion, default);
        var award = campaign.FindAward(n.AwardCode) ?? throw new InvalidOperationException($"Award '{n.AwardCode}' is not in campaign {campaign.Id} v{campaign.Version}.");
        var documents = await nominations.ListDocumentsAsync(n.Id, default);
        var missing = DossierChecklist.Missing(campaign, n.Kind, documents);
        return new ReviewPlan([.. campaign.ChainOf(award)], [.. missing.Select(m => m.Type)]);
    }
}
