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
/// Every step retries; a step that keeps failing stops the nomination for an organiser's
/// attention (see <see cref="WorkflowSteps"/>) and goes on when they retry it.
/// Deterministic: all I/O is in activities, time comes from the context.
/// </summary>
public sealed class NominationOrchestration : TaskOrchestrator<NominationWorkflowInput, NominationOutcome>
{
    /// <inheritdoc/>
    public override async Task<NominationOutcome> RunAsync(TaskOrchestrationContext context, NominationWorkflowInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var resumes = WorkflowVersions.Resumes(context.Version);
        var steps = new WorkflowSteps(context, input.NominationId, input.Resume?.Attention ?? 0);
        var at = new ResumePoint(null, 0, input.Resume?.DossierReturns ?? 0, 0);
        try
        {
            return await ReviewAsync(context, input, steps, resumes, p => at = p);
        }
        catch (Exception e) when (resumes && e is not TaskCanceledException)
        {
            // Something outside any step failed (a step's own failures stop inside it). Stop for
            // attention, and once an organiser retries, start again at the stage round we were in.
            await steps.StopForAttentionAsync("workflow", $"{e.GetType().Name}: {e.Message}", unlessDone: null);
            context.ContinueAsNew(input with { Resume = at with { Attention = steps.Stops } });
            return new NominationOutcome(NominationStatus.InReview, at.Stage, null);
        }
    }

    private static async Task<NominationOutcome> ReviewAsync(TaskOrchestrationContext context, NominationWorkflowInput input, WorkflowSteps steps, bool resumes, Action<ResumePoint> at)
    {
        var log = context.CreateReplaySafeLogger<NominationOrchestration>();
        var resume = input.Resume;
        var round = resume is { Stage: not null } ? resume.Round - 1 : 0;
        var dossierReturns = resume?.DossierReturns ?? 0;
        var alarms = WorkflowVersions.UsesDueTimeIndex(context.Version) ? new AlarmWaits(context) : null;

        // Check the dossier is complete (the submit endpoint checked it too; a dossier that
        // still lacks a document goes back to the nominator like any return).
        var plan = await steps.RunAsync<ReviewPlan>(nameof(PrepareReview), input);
        while (resume?.Stage is null && plan.MissingDocuments.Count > 0)
        {
            dossierReturns++;
            at(new ResumePoint(null, 0, dossierReturns - 1, 0));
            await steps.RunAsync<bool>(nameof(ReturnIncompleteDossier), new IncompleteDossier(input.NominationId, input.CampaignVersion, plan.MissingDocuments, context.CurrentUtcDateTime, dossierReturns));
            if (await WaitForResubmissionAsync(context, 0, resumes ? dossierReturns : 0) is { Closes: { } closes } ended)
            {
                return await CloseAsync(context, steps, input, null, 0, closes, ended.By, ended.Reason);
            }

            plan = await steps.RunAsync<ReviewPlan>(nameof(PrepareReview), input);
        }

        log.LogInformation("Nomination {NominationId} goes through {Stages}", input.NominationId, string.Join(" → ", plan.Stages));

        // A workflow restarted after a failure picks up at the stage it was in; earlier stages approved it.
        foreach (var stage in plan.Stages.SkipWhile(s => resume?.Stage is { } from && s != from))
        {
            while (true)
            {
                round++;
                at(new ResumePoint(stage, round, dossierReturns, 0));
                var opened = await steps.RunAsync<StageOpened>(nameof(OpenStage), new OpenStageInput(input.NominationId, input.CampaignVersion, stage, round, context.CurrentUtcDateTime, IndexAlarms: alarms is not null));

                var decision = resumes && opened.Decided is { } already
                    ? already
                    : alarms is not null
                        ? await WaitWithAlarmsAsync(context, steps, alarms, input.NominationId, stage, round, opened)
                        : WorkflowVersions.HasDeadlines(context.Version)
                            ? await WaitForDecisionAsync(context, steps, input.NominationId, stage, round, opened)
                            : await NextDecisionAsync(context, stage, round);
                log.LogInformation("Nomination {NominationId}: {Stage} decided {Outcome}", input.NominationId, stage, decision.Outcome);

                if (decision.Closes)
                {
                    return await CloseAsync(context, steps, input, stage, round, decision.Outcome, decision.ApproverEmail, decision.Reason);
                }

                if (opened.Approvers > 1)
                {
                    // anyOf/allOf: the others' links no longer decide anything; tell them who did.
                    await steps.RunAsync<bool>(nameof(TellOtherApprovers), new NominatorNotice(input.NominationId, input.CampaignVersion, decision));
                }

                if (decision.Outcome == DecisionOutcome.Approve)
                {
                    break;
                }

                await steps.RunAsync<bool>(nameof(TellNominator), new NominatorNotice(input.NominationId, input.CampaignVersion, decision));
                if (decision.Outcome == DecisionOutcome.Reject)
                {
                    return new NominationOutcome(NominationStatus.Rejected, stage, decision.Reason);
                }

                // Returned for supplement: the stage's clock pauses; the same stage opens again once the nominator resubmits.
                if (await WaitForResubmissionAsync(context, round, 0) is { Closes: { } closes } ended)
                {
                    return await CloseAsync(context, steps, input, stage, round, closes, ended.By, ended.Reason);
                }
            }
        }

        at(new ResumePoint(plan.Stages[^1], round, dossierReturns, 0));
        await steps.RunAsync<bool>(nameof(AddToAwardList), new AwardInput(input.NominationId, input.CampaignVersion, context.CurrentUtcDateTime));
        return new NominationOutcome(NominationStatus.Awarded, plan.Stages[^1], null);
    }

    /// <summary>
    /// Waits for the decision of this stage round while reminders and the deadline fall due.
    /// One event wait stays alive for the round's whole life and is raced against each timer;
    /// timers are cancelled, never the event wait — a decision that arrives while a reminder
    /// is being sent still counts (see stack notes on waiters and cancelled waits).
    /// </summary>
    private static async Task<StageDecision> WaitForDecisionAsync(TaskOrchestrationContext context, WorkflowSteps steps, string nominationId, string stage, int round, StageOpened opened)
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

            // A reminder or escalation that keeps failing never holds the decision back.
            await steps.RunUnlessAsync(
                number == 0 ? nameof(EscalateStage) : nameof(RemindApprovers),
                new StageAlarm(nominationId, stage, round, number, opened, context.CurrentUtcDateTime),
                decision);
        }

        // Past the deadline and escalated: nothing is decided automatically; keep waiting for a person.
        return await decision;
    }

    /// <summary>
    /// Waits for the decision of this stage round with no timer (version 5 on): the round's
    /// reminders and deadline were written to the due-time index when it opened, and the alarm
    /// sweep raises each as an event when it falls due. The decision wait stays alive for the
    /// round's whole life; alarms come through the orchestration's one alarm wait. An alarm acts
    /// once per round and number, only for this round, only until the decision: a second copy
    /// (a sweep that crashed after raising), an alarm of an earlier round (returned, or decided
    /// at the moment it fell due) and a reminder the deadline has overtaken (the runner was down
    /// through both) change nothing. Several alarms due at once after an outage: the deadline
    /// escalates once and the overtaken reminders are not sent.
    /// </summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "DURABLE0011", Justification = "Each turn of the loop follows one alarm of the round's few (its reminders and its deadline), or a stale copy of one: history grows with the stage's configuration, not by itself.")]
    private static async Task<StageDecision> WaitWithAlarmsAsync(TaskOrchestrationContext context, WorkflowSteps steps, AlarmWaits alarms, string nominationId, string stage, int round, StageOpened opened)
    {
        var decision = NextDecisionAsync(context, stage, round);
        while (true)
        {
            if (await Task.WhenAny(decision, alarms.Pending) == decision)
            {
                return await decision;
            }

            var alarm = await alarms.TakeAsync();
            if (alarm.Stage != stage || alarm.Round != round || !alarms.FirstTime(alarm))
            {
                continue;
            }

            if (alarm.Number != 0 && opened.DueAt <= context.CurrentUtcDateTime)
            {
                // The deadline has passed too (the runner was down through both): only the escalation counts now.
                continue;
            }

            // A reminder or escalation that keeps failing never holds the decision back.
            await steps.RunUnlessAsync(
                alarm.Number == 0 ? nameof(EscalateStage) : nameof(RemindApprovers),
                new StageAlarm(nominationId, stage, round, alarm.Number, opened, context.CurrentUtcDateTime),
                decision);
        }
    }

    /// <summary>
    /// The orchestration's one wait for <see cref="WorkflowEvents.Alarm"/> events, kept across its
    /// stages: taken when an alarm arrives and replaced by a new one, never cancelled (an event
    /// goes to the most recent waiter of its name, even a cancelled one — see the stack notes), and
    /// the alarms already acted on, so a second copy of one changes nothing. Rebuilt by replay.
    /// </summary>
    private sealed class AlarmWaits(TaskOrchestrationContext context)
    {
        private readonly HashSet<(int Round, int Number)> handled = [];
        private Task<AlarmRaised>? pending;

        /// <summary>The wait for the next alarm.</summary>
        public Task<AlarmRaised> Pending => pending ??= context.WaitForExternalEvent<AlarmRaised>(WorkflowEvents.Alarm);

        /// <summary>The alarm that arrived; the next call to <see cref="Pending"/> waits for another.</summary>
        public async Task<AlarmRaised> TakeAsync()
        {
            var alarm = await Pending;
            pending = null;
            return alarm;
        }

        /// <summary>True the first time this round's alarm number is seen.</summary>
        public bool FirstTime(AlarmRaised alarm) => handled.Add((alarm.Round, alarm.Number));
    }

    /// <summary>The decision of this stage round. The review endpoint claims it in storage before raising the event, so only one arrives; anything else is stale.</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "DURABLE0011", Justification = "Each turn of the loop follows a person's action (a stale event, an organiser's retry, a storage outage being waited out): history grows with what people do, not by itself, and a nomination's life holds few of them.")]
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

    /// <summary>The nominator's answer to the return of <paramref name="returnedRound"/> (for a dossier-check return, to return number <paramref name="attempt"/> when given).</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "DURABLE0011", Justification = "Each turn of the loop follows a person's action (a stale event, an organiser's retry, a storage outage being waited out): history grows with what people do, not by itself, and a nomination's life holds few of them.")]
    private static async Task<Resubmission> WaitForResubmissionAsync(TaskOrchestrationContext context, int returnedRound, int attempt)
    {
        while (true)
        {
            var resubmission = await context.WaitForExternalEvent<Resubmission>(WorkflowEvents.Resubmitted);
            if (resubmission.ReturnedRound == returnedRound && (attempt == 0 || resubmission.Attempt == attempt))
            {
                return resubmission;
            }
        }
    }

    private static async Task<NominationOutcome> CloseAsync(TaskOrchestrationContext context, WorkflowSteps steps, NominationWorkflowInput input, string? stage, int round, DecisionOutcome outcome, string by, string? reason)
    {
        await steps.RunAsync<bool>(nameof(CloseNomination), new Closing(input.NominationId, stage, round, outcome, by, reason, context.CurrentUtcDateTime));
        return new NominationOutcome(outcome == DecisionOutcome.Withdraw ? NominationStatus.Withdrawn : NominationStatus.Cancelled, stage, reason);
    }
}
