using Awards.Domain;

namespace Awards.Workflow;

/// <summary>Starts a nomination's orchestration (instance id = nomination id).</summary>
/// <param name="NominationId">The nomination.</param>
/// <param name="CampaignId">Its campaign.</param>
/// <param name="CampaignVersion">The configuration version it runs under.</param>
public sealed record NominationWorkflowInput(string NominationId, string CampaignId, int CampaignVersion);

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
public sealed record OpenStageInput(string NominationId, int CampaignVersion, string Stage, int Round, DateTimeOffset OpenedAt);

/// <summary>A stage round is open: when it is due and when to remind.</summary>
/// <param name="Approvers">How many approvers were sent a link.</param>
/// <param name="DueAt">End of the stage's last working day (the clock resumes where a return paused it).</param>
/// <param name="RemindAt">Instants at which to remind the approvers, before <paramref name="DueAt"/>.</param>
/// <param name="LinkExpiresAt">When the emailed links stop working (the deadline plus a margin); reminders resend the same link.</param>
public sealed record StageOpened(int Approvers, DateTimeOffset DueAt, IReadOnlyList<DateTimeOffset> RemindAt, DateTimeOffset LinkExpiresAt);

/// <summary>A stage's alarm went off: remind the approvers, or (at the deadline) escalate.</summary>
/// <param name="NominationId">The nomination.</param>
/// <param name="Stage">Stage code.</param>
/// <param name="Round">Stage round.</param>
/// <param name="Number">Which reminder (1, 2, …); 0 for the escalation at the deadline.</param>
/// <param name="Opened">What opening the stage decided (deadline, link expiry).</param>
/// <param name="At">The orchestration's clock.</param>
public sealed record StageAlarm(string NominationId, string Stage, int Round, int Number, StageOpened Opened, DateTimeOffset At);

/// <summary>Tells the nominator about a return or reject.</summary>
/// <param name="NominationId">The nomination.</param>
/// <param name="CampaignVersion">Configuration version.</param>
/// <param name="Decision">The stage's decision.</param>
public sealed record NominatorNotice(string NominationId, int CampaignVersion, StageDecision Decision);

/// <summary>Sends a dossier that lacks required documents back to the nominator.</summary>
/// <param name="NominationId">The nomination.</param>
/// <param name="CampaignVersion">Configuration version.</param>
/// <param name="MissingDocuments">The document types still missing.</param>
/// <param name="At">The orchestration's clock.</param>
public sealed record IncompleteDossier(string NominationId, int CampaignVersion, IReadOnlyList<string> MissingDocuments, DateTimeOffset At);

/// <summary>Puts an approved nominee on the award list.</summary>
/// <param name="NominationId">The nomination.</param>
/// <param name="CampaignVersion">Configuration version.</param>
/// <param name="AwardedAt">The orchestration's clock when the last stage approved.</param>
public sealed record AwardInput(string NominationId, int CampaignVersion, DateTimeOffset AwardedAt);

/// <summary>The nominator resubmitted after a return — or, while it waited, the nomination was withdrawn or cancelled.</summary>
/// <param name="ReturnedRound">The round whose return this answers.</param>
/// <param name="By">Who resubmitted (or withdrew, or cancelled).</param>
/// <param name="At">When.</param>
/// <param name="Closes">Withdraw or Cancel when the nomination ends instead of coming back.</param>
/// <param name="Reason">The written reason of a withdrawal or cancellation.</param>
public sealed record Resubmission(int ReturnedRound, string By, DateTimeOffset At, DecisionOutcome? Closes = null, string? Reason = null);

/// <summary>Ends a nomination that was withdrawn or cancelled: links die, approvers and the nominator are told.</summary>
/// <param name="NominationId">The nomination.</param>
/// <param name="Stage">The stage it was at, if a round was open.</param>
/// <param name="Round">That round.</param>
/// <param name="Outcome">Withdraw or Cancel.</param>
/// <param name="By">Who.</param>
/// <param name="Reason">Why.</param>
/// <param name="At">When.</param>
public sealed record Closing(string NominationId, string? Stage, int Round, DecisionOutcome Outcome, string By, string? Reason, DateTimeOffset At);

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
}
