namespace Awards.Domain;

/// <summary>Tập thể / cá nhân: who is nominated.</summary>
public enum NomineeKind
{
    /// <summary>A collective (tập thể): a unit, team or organisation.</summary>
    Collective,

    /// <summary>An individual (cá nhân).</summary>
    Individual,
}

/// <summary>Where a nomination stands in the pipeline.</summary>
public enum NominationStatus
{
    /// <summary>Being prepared by the nominator; documents may change.</summary>
    Draft,

    /// <summary>Submitted and waiting for a stage's decision.</summary>
    InReview,

    /// <summary>Returned for supplement (trả lại, bổ sung hồ sơ): waiting for the nominator to resubmit.</summary>
    Returned,

    /// <summary>Not qualified (không đủ điều kiện): ended with a written reason.</summary>
    Rejected,

    /// <summary>Approved by every stage and on the campaign's award list.</summary>
    Awarded,

    /// <summary>Withdrawn by the nominating unit before a final decision.</summary>
    Withdrawn,

    /// <summary>Cancelled by an organiser before a final decision.</summary>
    Cancelled,

    /// <summary>Awarded, then revoked (thu hồi): the dossier and audit stay, the award no longer stands.</summary>
    Revoked,
}

/// <summary>
/// One nominee proposed for one award in one campaign. Each nomination runs its own
/// orchestration (instance id = nomination id) and belongs to a proposal (tờ trình).
/// </summary>
public sealed record Nomination
{
    /// <summary>Nomination id; also the orchestration instance id.</summary>
    public required string Id { get; init; }

    /// <summary>The campaign (đợt khen thưởng).</summary>
    public required string CampaignId { get; init; }

    /// <summary>The award's code in the campaign configuration.</summary>
    public required string AwardCode { get; init; }

    /// <summary>The proposal letter (tờ trình) that carries this nomination.</summary>
    public required string ProposalId { get; init; }

    /// <summary>Collective or individual.</summary>
    public required NomineeKind Kind { get; init; }

    /// <summary>Name of the collective or the individual, NFC.</summary>
    public required string NomineeName { get; init; }

    /// <summary>Individuals only: date of birth.</summary>
    public DateOnly? DateOfBirth { get; init; }

    /// <summary>Individuals: rank and position; collectives: empty.</summary>
    public string? Position { get; init; }

    /// <summary>A short summary of the achievement being recognised.</summary>
    public string? AchievementSummary { get; init; }

    /// <summary>The nominating unit (đơn vị trình), e.g. "Công an tỉnh Phú Yên".</summary>
    public required string UnitName { get; init; }

    /// <summary>Province code of the nominating unit; finds the provincial approvers.</summary>
    public required string ProvinceCode { get; init; }

    /// <summary>The nominator's email (from their key); where returns and outcomes are sent.</summary>
    public required string NominatorEmail { get; init; }

    /// <summary>Current status.</summary>
    public NominationStatus Status { get; init; } = NominationStatus.Draft;

    /// <summary>Code of the stage now deciding (or that returned or rejected it).</summary>
    public string? CurrentStage { get; init; }

    /// <summary>How many times a stage has been opened for this nomination; binds decisions.</summary>
    public int Round { get; init; }

    /// <summary>The campaign configuration version the nomination was submitted under.</summary>
    public int CampaignVersion { get; init; }

    /// <summary>
    /// The proposal's submission this nomination travels in (1 at the first submit, a new one at
    /// each resubmission): approvers get one email and one link per proposal, stage and wave.
    /// </summary>
    public int Wave { get; init; }

    /// <summary>The written reason of the last return, reject, withdrawal or cancellation.</summary>
    public string? LastReason { get; init; }

    /// <summary>When the current stage's round opened (its clock started or resumed).</summary>
    public DateTimeOffset? StageOpenedAt { get; init; }

    /// <summary>Working days of the current stage already used before a return paused its clock.</summary>
    public int StageDaysUsed { get; init; }

    /// <summary>When the current stage's decision is due (end of its last working day, Vietnam time).</summary>
    public DateTimeOffset? DueAt { get; init; }

    /// <summary>
    /// The campaign configuration version the current stage round opened under (0 for rounds opened
    /// before it was recorded). Everything in that round — who must approve, who may decide,
    /// reminders, escalation, who is told — follows this version, whatever is edited meanwhile.
    /// </summary>
    public int StageCampaignVersion { get; init; }

    /// <summary>Working days each completed stage took (approved, or rejected), by stage code; what a campaign's progress reports medians of.</summary>
    public Dictionary<string, int> StageDays { get; init; } = [];

    /// <summary>How many times the dossier check sent the dossier back as incomplete; a resubmission answers the latest.</summary>
    public int DossierReturns { get; init; }

    /// <summary>Set while the workflow is stopped by a failure it could not retry past; an organiser retries it.</summary>
    public WorkflowAttention? Attention { get; init; }

    /// <summary>When the nomination was created.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>When the nomination last changed.</summary>
    public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>True while the nominator may still change the dossier.</summary>
    public bool DossierOpen => Status is NominationStatus.Draft or NominationStatus.Returned;

    /// <summary>True once nothing more will happen to it.</summary>
    public bool IsFinal => Status is NominationStatus.Awarded or NominationStatus.Rejected or NominationStatus.Withdrawn or NominationStatus.Cancelled or NominationStatus.Revoked;
}

/// <summary>A nomination's workflow stopped at a step that kept failing; it waits for an organiser to retry.</summary>
/// <param name="Step">The workflow step that failed.</param>
/// <param name="Error">What went wrong, as the step reported it.</param>
/// <param name="Since">When the workflow stopped.</param>
/// <param name="Number">Which stop of this nomination it is (1, 2, …); a retry names it.</param>
public sealed record WorkflowAttention(string Step, string Error, DateTimeOffset Since, int Number);

/// <summary>The nominating unit's proposal letter (tờ trình) that carries one or more nominations.</summary>
public sealed record Proposal
{
    /// <summary>Proposal id.</summary>
    public required string Id { get; init; }

    /// <summary>The campaign.</summary>
    public required string CampaignId { get; init; }

    /// <summary>The nominating unit.</summary>
    public required string UnitName { get; init; }

    /// <summary>The unit's province.</summary>
    public required string ProvinceCode { get; init; }

    /// <summary>Who created it.</summary>
    public required string NominatorEmail { get; init; }

    /// <summary>When it was created.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>How many times the proposal (or a nomination of it) was submitted; each submission is a wave.</summary>
    public int Waves { get; init; }

    /// <summary>An optional title, e.g. the proposal letter's number "Tờ trình số 12/TTr-CAT".</summary>
    public string? Title { get; init; }
}
