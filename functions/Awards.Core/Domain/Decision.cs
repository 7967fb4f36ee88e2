namespace Awards.Domain;

/// <summary>What an approver decides at a stage.</summary>
public enum DecisionOutcome
{
    /// <summary>Approve: the nomination moves to the next stage.</summary>
    Approve,

    /// <summary>Return for supplement (trả lại, bổ sung hồ sơ); a reason is required.</summary>
    Return,

    /// <summary>Reject as not qualified (không đủ điều kiện); a reason is required.</summary>
    Reject,

    /// <summary>Not an approver's: the nominating unit withdrew the nomination, closing the open round.</summary>
    Withdraw,

    /// <summary>Not an approver's: an organiser cancelled the nomination, closing the open round.</summary>
    Cancel,
}

/// <summary>A stage's decision on one nomination, as the approver gave it.</summary>
/// <param name="Stage">Stage code.</param>
/// <param name="Round">The stage opening the decision belongs to.</param>
/// <param name="Outcome">Approve, return or reject.</param>
/// <param name="Reason">Written reason; required for return and reject.</param>
/// <param name="ApproverEmail">Who decided.</param>
/// <param name="ApproverName">Their name as configured.</param>
/// <param name="DecidedAt">When.</param>
/// <param name="Wave">The proposal wave the decision was made in (which link it came through).</param>
public sealed record StageDecision(
    string Stage,
    int Round,
    DecisionOutcome Outcome,
    string? Reason,
    string ApproverEmail,
    string ApproverName,
    DateTimeOffset DecidedAt,
    int Wave = 0)
{
    /// <summary>Return and reject must carry a written reason (domain rule 4).</summary>
    public static bool NeedsReason(DecisionOutcome outcome) => outcome is not DecisionOutcome.Approve;

    /// <summary>True for a withdrawal or cancellation: the nomination ends without a stage's verdict.</summary>
    public bool Closes => Outcome is DecisionOutcome.Withdraw or DecisionOutcome.Cancel;
}

/// <summary>An approver handed the decision on a proposal's stage (and wave) to a colleague.</summary>
/// <param name="Stage">The stage.</param>
/// <param name="Wave">The proposal's wave.</param>
/// <param name="FromEmail">Who delegated (their link stops working).</param>
/// <param name="ToEmail">The colleague, who gets a link of their own.</param>
/// <param name="ToName">The colleague's name as given.</param>
/// <param name="Note">The note for the colleague.</param>
/// <param name="At">When.</param>
/// <param name="ToLanguage">The colleague's mail language, if the delegating approver chose one.</param>
public sealed record Delegation(string Stage, int Wave, string FromEmail, string ToEmail, string ToName, string? Note, DateTimeOffset At, Language? ToLanguage = null);

/// <summary>An approver acted through their link on a proposal's stage wave (the latest act counts).</summary>
/// <param name="Stage">Stage code.</param>
/// <param name="Wave">The proposal's wave.</param>
/// <param name="ApproverEmail">Who acted.</param>
/// <param name="ActId">Identifies the act: a follow-up request is sent once per act.</param>
/// <param name="At">When.</param>
public sealed record ReviewAct(string Stage, int Wave, string ApproverEmail, string ActId, DateTimeOffset At);

/// <summary>Written reasons and justifications: required where the rules say, and length-limited.</summary>
public static class WrittenReason
{
    /// <summary>Longest reason or justification accepted.</summary>
    public const int MaxLength = 2000;
}

/// <summary>A nominee on a campaign's final award list.</summary>
public sealed record AwardListEntry
{
    /// <summary>Campaign id.</summary>
    public required string CampaignId { get; init; }

    /// <summary>Award code.</summary>
    public required string AwardCode { get; init; }

    /// <summary>The award's Vietnamese name.</summary>
    public required string AwardName { get; init; }

    /// <summary>The awarding body.</summary>
    public required string AwardingBody { get; init; }

    /// <summary>The nomination it came from.</summary>
    public required string NominationId { get; init; }

    /// <summary>Collective or individual.</summary>
    public required NomineeKind Kind { get; init; }

    /// <summary>Nominee name.</summary>
    public required string NomineeName { get; init; }

    /// <summary>Individuals: date of birth.</summary>
    public DateOnly? DateOfBirth { get; init; }

    /// <summary>Individuals: rank and position.</summary>
    public string? Position { get; init; }

    /// <summary>Nominating unit.</summary>
    public required string UnitName { get; init; }

    /// <summary>Province code.</summary>
    public required string ProvinceCode { get; init; }

    /// <summary>When the last stage approved.</summary>
    public DateTimeOffset AwardedAt { get; init; }

    /// <summary>The award decision (quyết định) that confers it, once one is issued: its id.</summary>
    public string? DecisionId { get; init; }

    /// <summary>The decision's number in its body's register, e.g. <c>125/QĐ-MTTW</c>.</summary>
    public string? DecisionNumber { get; init; }

    /// <summary>The decision's date.</summary>
    public DateOnly? DecisionDate { get; init; }

    /// <summary>The code printed on the certificate (and in its QR code) that anyone may check at <c>/verify/{code}</c>.</summary>
    public string? VerificationCode { get; init; }

    /// <summary>When the award was revoked (thu hồi); null while it stands.</summary>
    public DateTimeOffset? RevokedAt { get; init; }

    /// <summary>Who revoked it.</summary>
    public string? RevokedBy { get; init; }

    /// <summary>Why (a written reason is required).</summary>
    public string? RevocationReason { get; init; }

    /// <summary>True while the award stands.</summary>
    public bool Stands => RevokedAt is null;

    /// <summary>A decision being issued holds the entry (so two decisions never take the same award); null when none does.</summary>
    public string? HeldFor { get; init; }

    /// <summary>When that hold was taken: a hold of an issue that died is free again after a few minutes.</summary>
    public DateTimeOffset? HeldSince { get; init; }
}

/// <summary>An awardee of a decision, as its annex lists them.</summary>
/// <param name="NominationId">The nomination.</param>
/// <param name="Kind">Collective or individual.</param>
/// <param name="NomineeName">The collective's or person's name.</param>
/// <param name="UnitName">The nominating unit.</param>
public sealed record DecisionMember(string NominationId, NomineeKind Kind, string NomineeName, string UnitName);

/// <summary>
/// An award decision (quyết định khen thưởng): a numbered entry of its awarding body's register for
/// the year, conferring one award on the awardees of its annex (Decree 30/2020/NĐ-CP layout).
/// </summary>
public sealed record AwardDecision
{
    /// <summary>Its id: register code, year and place, e.g. <c>MTTW-2026-125</c>.</summary>
    public required string Id { get; init; }

    /// <summary>The register's code (the awarding body's).</summary>
    public required string RegisterCode { get; init; }

    /// <summary>The year of the register.</summary>
    public required int Year { get; init; }

    /// <summary>Its place in the year's register (1, 2, …; no gaps).</summary>
    public required int Sequence { get; init; }

    /// <summary>Its number as written, e.g. <c>125/QĐ-MTTW</c>.</summary>
    public required string Number { get; init; }

    /// <summary>Its date.</summary>
    public required DateOnly Date { get; init; }

    /// <summary>Its title, e.g. <c>Về việc tặng Bằng khen</c>.</summary>
    public required string Title { get; init; }

    /// <summary>The signer's title.</summary>
    public required string SignerTitle { get; init; }

    /// <summary>The signer's name.</summary>
    public string? SignerName { get; init; }

    /// <summary>The campaign.</summary>
    public required string CampaignId { get; init; }

    /// <summary>The award it confers.</summary>
    public required string AwardCode { get; init; }

    /// <summary>The awarding body's name.</summary>
    public required string AwardingBody { get; init; }

    /// <summary>The awardees, collectives then individuals, each in Vietnamese order.</summary>
    public required IReadOnlyList<DecisionMember> Members { get; init; }

    /// <summary>Who issued it.</summary>
    public required string IssuedBy { get; init; }

    /// <summary>When.</summary>
    public required DateTimeOffset IssuedAt { get; init; }

    /// <summary>The hold its issue took on the awards (see <see cref="AwardListEntry.HeldFor"/>).</summary>
    public required string HoldId { get; init; }

    /// <summary>True once every awardee's list entry shows the decision (set after the decision is stored; completed on the next read if the issue stopped short).</summary>
    public bool Linked { get; init; }

    /// <summary>How many collectives.</summary>
    public int Collectives => Members.Count(m => m.Kind == NomineeKind.Collective);

    /// <summary>How many individuals.</summary>
    public int Individuals => Members.Count(m => m.Kind == NomineeKind.Individual);
}
