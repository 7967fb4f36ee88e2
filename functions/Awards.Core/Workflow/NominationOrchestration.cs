using Awards.Domain;
using Awards.Workflow.Activities;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;

namespace Awards.Workflow;

/// <summary>
/// The procedure one nomination follows, top to bottom:
/// check the dossier is complete; for each stage of the award's chain, email the stage's
/// approvers a link and wait for a decision — approve moves on, return waits for the
/// nominator to supplement and opens the same stage again, reject ends it; after the last
/// approval, add the nominee to the award list.
/// Deterministic: all I/O is in activities, time comes from the context.
/// </summary>
public sealed class NominationOrchestration : TaskOrchestrator<NominationWorkflowInput, NominationOutcome>
{
    /// <inheritdoc/>
    public override async Task<NominationOutcome> RunAsync(TaskOrchestrationContext context, NominationWorkflowInput input)
    {
        var log = context.CreateReplaySafeLogger<NominationOrchestration>();
        var round = 0;

        // Check the dossier is complete (the submit endpoint checked it too; a dossier that
        // still lacks a document goes back to the nominator like any return).
        var plan = await context.CallActivityAsync<ReviewPlan>(nameof(PrepareReview), input);
        while (plan.MissingDocuments.Count > 0)
        {
            await context.CallActivityAsync<bool>(nameof(ReturnIncompleteDossier), new IncompleteDossier(input.NominationId, input.CampaignVersion, plan.MissingDocuments, context.CurrentUtcDateTime));
            await WaitForResubmissionAsync(context, round);
            plan = await context.CallActivityAsync<ReviewPlan>(nameof(PrepareReview), input);
        }

        log.LogInformation("Nomination {NominationId} goes through {Stages}", input.NominationId, string.Join(" → ", plan.Stages));

        foreach (var stage in plan.Stages)
        {
            while (true)
            {
                round++;
                await context.CallActivityAsync<StageOpened>(nameof(OpenStage), new OpenStageInput(input.NominationId, input.CampaignVersion, stage, round, context.CurrentUtcDateTime));

                var decision = await WaitForDecisionAsync(context, stage, round);
                log.LogInformation("Nomination {NominationId}: {Stage} decided {Outcome}", input.NominationId, stage, decision.Outcome);

                if (decision.Outcome == DecisionOutcome.Approve)
                {
                    break;
                }

                await context.CallActivityAsync<bool>(nameof(TellNominator), new NominatorNotice(input.NominationId, input.CampaignVersion, decision));
                if (decision.Outcome == DecisionOutcome.Reject)
                {
                    return new NominationOutcome(NominationStatus.Rejected, stage, decision.Reason);
                }

                // Returned for supplement: the same stage opens again once the nominator resubmits.
                await WaitForResubmissionAsync(context, round);
            }
        }

        await context.CallActivityAsync<bool>(nameof(AddToAwardList), new AwardInput(input.NominationId, input.CampaignVersion, context.CurrentUtcDateTime));
        return new NominationOutcome(NominationStatus.Awarded, plan.Stages[^1], null);
    }

    /// <summary>
    /// Waits for the decision of this stage round. The review endpoint claims the decision in
    /// storage before raising the event, so only one arrives per round; anything else is stale.
    /// </summary>
    private static async Task<StageDecision> WaitForDecisionAsync(TaskOrchestrationContext context, string stage, int round)
    {
        while (true)
        {
            var decision = await context.WaitForExternalEvent<StageDecision>(WorkflowEvents.StageDecided);
            if (decision.Stage == stage && decision.Round == round)
            {
                return decision;
            }
        }
    }

    private static async Task WaitForResubmissionAsync(TaskOrchestrationContext context, int returnedRound)
    {
        while (true)
        {
            var resubmission = await context.WaitForExternalEvent<Resubmission>(WorkflowEvents.Resubmitted);
            if (resubmission.ReturnedRound == returnedRound)
            {
                return;
            }
        }
    }
}
