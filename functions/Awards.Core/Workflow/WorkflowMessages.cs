using Awards.Domain;
using Awards.Workflow.Activities;

namespace Awards.Workflow;

/// <summary>Starts a nomination's orchestration (instance id = nomination id).</summary>
/// <param name="NominationId">The nomination.</param>
/// <param name="CampaignId">Its campaign.</param>
/// <param name="CampaignVersion">The configuration version it runs under.</param>
/// <param name="Resume">Where a workflow restarted after a failure picks up; null for a fresh start.</param>
public sealed record NominationWorkflowInput(string NominationId, string CampaignId, int CampaignVersion, ResumePoint? Resume = null) : IStepInput;

/// <summary>Where a restarted workflow picks up: the stage round it was in, and how many dossier returns it had made.</summary>
/// <param name="Stage">The stage whose round was open (null: still at the dossier check).</param>
/// <param name="Round">That round.</param>
/// <param name="DossierReturns">Incomplete-dossier returns made before the restart.</param>
/// <param name="Attention">Stops for attention before the restart, so their numbers are not used again.</param>
public sealed record ResumePoint(string? Stage, int Round, int DossierReturns, int Attention);

/// <summary>What review the dossier gets: the award's stage chain, and what the dossier still lacks.</summary>
/// <param name="Stages">Stage codes in order.</param>
/// <param name="MissingDocuments">Required document types not yet uploaded.</param>
public sealed record ReviewPlan(IReadOnlyList<string> Stages, IReadOnlyList<string> MissingDocuments);

/// <summary>Opens a stage round: links and mail to the stage's approvers.</summary>
/// <param name="NominationId">The nomination.</param>
/// <param name="CampaignVersion">Configuration version.</param>
/// <param name="Stage">Stage code.</param>
/// <param name="Round">Stage opening number (1, 2, …) across the nomination's life.</param>
/// <param name="OpenedAt">The orchestration's clock at opening; links expire relative to it.</param>
/// <param name="IndexAlarms">Whether to write the round's reminders and deadline to the due-time index (workflow version 5 on; older versions hold durable timers instead).</param>
public sealed record OpenStageInput(string NominationId, int CampaignVersion, string Stage, int Round, DateTimeOffset OpenedAt, bool IndexAlarms = false) : IStepInput;

/// <summary>A stage round is open: when it is due and when to remind.</summary>
/// <param name="Approvers">How many approvers were sent a link.</param>
/// <param name="DueAt">End of the stage's last working day (the clock resumes where a return paused it).</param>
/// <param name="RemindAt">Instants at which to remind the approvers, before <paramref name="DueAt"/>.</param>
/// <param name="LinkExpiresAt">When the emailed links stop working (the deadline plus a margin); reminders resend the same link.</param>
/// <param name="CampaignVersion">The configuration version the round opened under (0 from steps that ran before it was recorded).</param>
/// <param name="Decided">The round's decision, when it was already claimed (the step ran again after the decision, or the workflow resumed after a failure).</param>
public sealed record StageOpened(int Approvers, DateTimeOffset DueAt, IReadOnlyList<DateTimeOffset> RemindAt, DateTimeOffset LinkExpiresAt, int CampaignVersion = 0, StageDecision? Decided = null);

/// <summary>A stage's alarm went off: remind the approvers, or (at the deadline) escalate.</summary>
/// <param name="NominationId">The nomination.</param>
/// <param name="Stage">Stage code.</param>
/// <param name="Round">Stage round.</param>
/// <param name="Number">Which reminder (1, 2, …); 0 for the escalation at the deadline.</param>
/// <param name="Opened">What opening the stage decided (deadline, link expiry).</param>
/// <param name="At">The orchestration's clock.</param>
public sealed record StageAlarm(string NominationId, string Stage, int Round, int Number, StageOpened Opened, DateTimeOffset At) : IStepInput;

/// <summary>Tells the nominator about a return or reject.</summary>
/// <param name="NominationId">The nomination.</param>
/// <param name="CampaignVersion">Configuration version.</param>
/// <param name="Decision">The stage's decision.</param>
public sealed record NominatorNotice(string NominationId, int CampaignVersion, StageDecision Decision) : IStepInput;

/// <summary>Sends a dossier that lacks required documents back to the nominator.</summary>
/// <param name="NominationId">The nomination.</param>
/// <param name="CampaignVersion">Configuration version.</param>
/// <param name="MissingDocuments">The document types still missing.</param>
/// <param name="At">The orchestration's clock.</param>
/// <param name="Attempt">Which return of the dossier check this is (1, 2, …): the step's identity, and what the resubmission answers.</param>
public sealed record IncompleteDossier(string NominationId, int CampaignVersion, IReadOnlyList<string> MissingDocuments, DateTimeOffset At, int Attempt = 0) : IStepInput;

/// <summary>Puts an approved nominee on the award list.</summary>
/// <param name="NominationId">The nomination.</param>
/// <param name="CampaignVersion">Configuration version.</param>
/// <param name="AwardedAt">The orchestration's clock when the last stage approved.</param>
public sealed record AwardInput(string NominationId, int CampaignVersion, DateTimeOffset AwardedAt) : IStepInput;

/// <summary>The nominator resubmitted after a return — or, while it waited, the nomination was withdrawn or cancelled.</summary>
/// <param name="ReturnedRound">The round whose return this answers.</param>
/// <param name="By">Who resubmitted (or withdrew, or cancelled).</param>
/// <param name="At">When.</param>
/// <param name="Closes">Withdraw or Cancel when the nomination ends instead of coming back.</param>
/// <param name="Reason">The written reason of a withdrawal or cancellation.</param>
/// <param name="Attempt">For a dossier-check return (round 0): which return it answers (see <see cref="IncompleteDossier.Attempt"/>).</param>
public sealed record Resubmission(int ReturnedRound, string By, DateTimeOffset At, DecisionOutcome? Closes = null, string? Reason = null, int Attempt = 0);

/// <summary>Ends a nomination that was withdrawn or cancelled: links die, approvers and the nominator are told.</summary>
/// <param name="NominationId">The nomination.</param>
/// <param name="Stage">The stage it was at, if a round was open.</param>
/// <param name="Round">That round.</param>
/// <param name="Outcome">Withdraw or Cancel.</param>
/// <param name="By">Who.</param>
/// <param name="Reason">Why.</param>
/// <param name="At">When.</param>
public sealed record Closing(string NominationId, string? Stage, int Round, DecisionOutcome Outcome, string By, string? Reason, DateTimeOffset At) : IStepInput;

/// <summary>How a nomination's orchestration ended.</summary>
/// <param name="Status">Awarded, rejected, withdrawn or cancelled.</param>
/// <param name="Stage">The stage that decided last.</param>
/// <param name="Reason">The reason of a reject.</param>
public sealed record NominationOutcome(NominationStatus Status, string? Stage, string? Reason);

/// <summary>External event names, named once for both hosts.</summary>
public static class WorkflowEvents
{
    /// <summary>Carries a <see cref="StageDecision"/>.</summary>
    public const string StageDecided = nameof(StageDecided);

    /// <summary>Carries a <see cref="Awards.Workflow.Resubmission"/>.</summary>
    public const string Resubmitted = nameof(Resubmitted);

    /// <summary>Carries an <see cref="Awards.Workflow.AlarmRaised"/>: the alarm sweep found a stage round's reminder or deadline due.</summary>
    public const string Alarm = nameof(Alarm);

    /// <summary>Carries a <see cref="Awards.Workflow.RetryRequest"/>: an organiser retries a workflow stopped for attention.</summary>
    public const string RetryRequested = nameof(RetryRequested);
}

/// <summary>A stage round's alarm is due (raised by the sweep of the due-time index; the same alarm may arrive twice, the workflow acts once).</summary>
/// <param name="Stage">Stage code.</param>
/// <param name="Round">Stage round the alarm was written for.</param>
/// <param name="Number">Which reminder (1, 2, …); 0 for the deadline.</param>
/// <param name="DueAt">When it fell due.</param>
public sealed record AlarmRaised(string Stage, int Round, int Number, DateTimeOffset DueAt);

/// <summary>The workflow stopped at a step that kept failing: record it and tell the organiser.</summary>
/// <param name="NominationId">The nomination.</param>
/// <param name="Step">The step that failed.</param>
/// <param name="Error">What the step reported.</param>
/// <param name="Number">Which stop this is (1, 2, …): the step's identity.</param>
/// <param name="At">The orchestration's clock.</param>
public sealed record AttentionNeeded(string NominationId, string Step, string Error, int Number, DateTimeOffset At) : IStepInput;

/// <summary>An organiser retried a stopped workflow.</summary>
/// <param name="Number">The stop it answers.</param>
/// <param name="By">The organiser.</param>
/// <param name="At">When.</param>
public sealed record RetryRequest(int Number, string By, DateTimeOffset At);

/// <summary>A stopped workflow goes on: the attention mark is cleared and the history says who retried.</summary>
/// <param name="NominationId">The nomination.</param>
/// <param name="Number">The stop it ends.</param>
/// <param name="By">Who retried.</param>
/// <param name="At">The orchestration's clock.</param>
public sealed record AttentionResolved(string NominationId, int Number, string By, DateTimeOffset At) : IStepInput;
