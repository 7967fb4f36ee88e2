using Awards.Domain;
using Awards.Workflow.Activities;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;

namespace Awards.Workflow;

/// <summary>
/// The procedure one nomination follows, top to bottom:
/// check the dossier is complete; for each stage of the award's chain, email the stage's
/// approvers a link and wait for a decision — reminding them as the deadline (in working days)
/// nears and escalating when it passes, never deciding for them — then approve moves on, return
/// waits for the nominator to supplement and opens the same stage again with its clock resumed,
/// reject ends it; after the last approval, add the nominee to the award list. The unit may
/// withdraw, or an organiser cancel, at any point before the end.
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
            if (await WaitForResubmissionAsync(context, round) is { Closes: { } closes } ended)
            {
                return await CloseAsync(context, input, null, round, closes, ended.By, ended.Reason);
            }

            plan = await context.CallActivityAsync<ReviewPlan>(nameof(PrepareReview), input);
        }

        log.LogInformation("Nomination {NominationId} goes through {Stages}", input.NominationId, string.Join(" → ", plan.Stages));

        foreach (var stage in plan.Stages)
        {
            while (true)
            {
                round++;
                var opened = await context.CallActivityAsync<StageOpened>(nameof(OpenStage), new OpenStageInput(input.NominationId, input.CampaignVersion, stage, round, context.CurrentUtcDateTime));

                var decision = WorkflowVersions.HasDeadlines(context.Version)
                    ? await WaitForDecisionAsync(context, input.NominationId, stage, round, opened)
                    : await NextDecisionAsync(context, stage, round);
                log.LogInformation("Nomination {NominationId}: {Stage} decided {Outcome}", input.NominationId, stage, decision.Outcome);

                if (decision.Closes)
                {
                    return await CloseAsync(context, input, stage, round, decision.Outcome, decision.ApproverEmail, decision.Reason);
                }

                if (opened.Approvers > 1)
                {
                    // anyOf/allOf: the others' links no longer decide anything; tell them who did.
                    await context.CallActivityAsync<bool>(nameof(TellOtherApprovers), new NominatorNotice(input.NominationId, input.CampaignVersion, decision));
                }

                if (decision.Outcome == DecisionOutcome.Approve)
                {
                    break;
                }

                await context.CallActivityAsync<bool>(nameof(TellNominator), new NominatorNotice(input.NominationId, input.CampaignVersion, decision));
                if (decision.Outcome == DecisionOutcome.Reject)
                {
                    return new NominationOutcome(NominationStatus.Rejected, stage, decision.Reason);
                }

                // Returned for supplement: the stage's clock pauses; the same stage opens again once the nominator resubmits.
                if (await WaitForResubmissionAsync(context, round) is { Closes: { } closes } ended)
                {
                    return await CloseAsync(context, input, stage, round, closes, ended.By, ended.Reason);
                }
            }
        }

        await context.CallActivityAsync<bool>(nameof(AddToAwardList), new AwardInput(input.NominationId, input.CampaignVersion, context.CurrentUtcDateTime));
        return new NominationOutcome(NominationStatus.Awarded, plan.Stages[^1], null);
    }

    /// <summary>
    /// Waits for the decision of this stage round while reminders and the deadline fall due.
    /// One event wait stays alive for the round's whole life and is raced against each timer;
    /// timers are cancelled, never the event wait — a decision that arrives while a reminder
    /// is being sent still counts (see stack notes on waiters and cancelled waits).
    /// </summary>
    private static async Task<StageDecision> WaitForDecisionAsync(TaskOrchestrationContext context, string nominationId, string stage, int round, StageOpened opened)
    {
        var decision = NextDecisionAsync(context, stage, round);
        var lateAlarmsFire = WorkflowVersions.FiresLateAlarms(context.Version);
        using var timers = new CancellationTokenSource();
        var alarms = opened.RemindAt.Select((at, i) => (At: at, Number: i + 1)).Append((At: opened.DueAt, Number: 0));
        foreach (var (at, number) in alarms)
        {
            if (lateAlarmsFire && decision.IsCompleted)
            {
                // Decided while the last alarm was being sent: no further alarm.
                return await decision;
            }

            if (at <= context.CurrentUtcDateTime)
            {
                // Already due (a stage reopened with no days left, or the workflow resumed late):
                // the deadline still escalates; a reminder the deadline has overtaken is not sent.
                if (!lateAlarmsFire || (number != 0 && opened.DueAt <= context.CurrentUtcDateTime))
                {
                    continue;
                }
            }
            else
            {
                var timer = context.CreateTimer(at.UtcDateTime, timers.Token);
                if (await Task.WhenAny(decision, timer) == decision)
                {
                    // Cancel synchronously: CancelAsync would run the timer's callbacks on another
                    // thread, which the orchestration's single-threaded replay does not allow.
#pragma warning disable CA1849
                    timers.Cancel();
#pragma warning restore CA1849
                    return await decision;
                }
            }

            await context.CallActivityAsync<bool>(
                number == 0 ? nameof(EscalateStage) : nameof(RemindApprovers),
                new StageAlarm(nominationId, stage, round, number, opened, context.CurrentUtcDateTime));
        }

        // Past the deadline and escalated: nothing is decided automatically; keep waiting for a person.
        return await decision;
    }

    /// <summary>The decision of this stage round. The review endpoint claims it in storage before raising the event, so only one arrives; anything else is stale.</summary>
    private static async Task<StageDecision> NextDecisionAsync(TaskOrchestrationContext context, string stage, int round)
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

    private static async Task<Resubmission> WaitForResubmissionAsync(TaskOrchestrationContext context, int returnedRound)
    {
        while (true)
        {
            var resubmission = await context.WaitForExternalEvent<Resubmission>(WorkflowEvents.Resubmitted);
            if (resubmission.ReturnedRound == returnedRound)
            {
                return resubmission;
            }
        }
    }

    private static async Task<NominationOutcome> CloseAsync(TaskOrchestrationContext context, NominationWorkflowInput input, string? stage, int round, DecisionOutcome outcome, string by, string? reason)
    {
        await context.CallActivityAsync<bool>(nameof(CloseNomination), new Closing(input.NominationId, stage, round, outcome, by, reason, context.CurrentUtcDateTime));
        return new NominationOutcome(outcome == DecisionOutcome.Withdraw ? NominationStatus.Withdrawn : NominationStatus.Cancelled, stage, reason);
    }
}
