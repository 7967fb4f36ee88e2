namespace Awards.Domain;

/// <summary>One stored version of one dossier document.</summary>
public sealed record DocumentVersion
{
    /// <summary>Document type from the checklist, e.g. "achievement-report".</summary>
    public required string Type { get; init; }

    /// <summary>1, 2, 3… per type; a new upload adds a version and keeps the old ones.</summary>
    public required int Version { get; init; }

    /// <summary>The file name the uploader gave (NFC), shown and used on download.</summary>
    public required string FileName { get; init; }

    /// <summary>Content type it is served with: the media type of <see cref="Format"/> (uploads that declared one must agree with the content).</summary>
    public required string ContentType { get; init; }

    /// <summary>The format decided from the content on arrival; null only for versions stored before content validation existed.</summary>
    public DocumentFormat? Format { get; init; }

    /// <summary>Size in bytes.</summary>
    public required long Size { get; init; }

    /// <summary>SHA-256 of the content, lower-case hex.</summary>
    public required string Sha256 { get; init; }

    /// <summary>Generated blob name in the private dossier container.</summary>
    public required string BlobName { get; init; }

    /// <summary>Who uploaded it.</summary>
    public required string UploadedBy { get; init; }

    /// <summary>When.</summary>
    public required DateTimeOffset UploadedAt { get; init; }
}

/// <summary>The dossier checklist applied to what a nomination holds.</summary>
public static class DossierChecklist
{
    /// <summary>Required document types the nomination has no version of yet.</summary>
    public static IReadOnlyList<DocumentRequirement> Missing(Campaign campaign, NomineeKind kind, IEnumerable<DocumentVersion> documents)
    {
        var present = documents.Select(d => d.Type).ToHashSet(StringComparer.Ordinal);
        return [.. campaign.DocumentsFor(kind).Where(r => r.Required && !present.Contains(r.Type))];
    }

    /// <summary>Required cover documents the proposal has no version of yet.</summary>
    public static IReadOnlyList<DocumentRequirement> MissingForProposal(Campaign campaign, IEnumerable<DocumentVersion> documents)
    {
        var present = documents.Select(d => d.Type).ToHashSet(StringComparer.Ordinal);
        return [.. campaign.ProposalDocuments.Where(r => r.Required && !present.Contains(r.Type))];
    }

    /// <summary>The newest version of each document type.</summary>
    public static IReadOnlyList<DocumentVersion> Latest(IEnumerable<DocumentVersion> documents) =>
        [.. documents.GroupBy(d => d.Type, StringComparer.Ordinal).Select(g => g.MaxBy(d => d.Version)!).OrderBy(d => d.Type, StringComparer.Ordinal)];
}

/// <summary>One transition in a nomination's history: who, what, when, why. Appended, never updated.</summary>
/// <param name="At">When it happened.</param>
/// <param name="Actor">Who did it: an email, or "system" for the workflow.</param>
/// <param name="Action">What happened, e.g. "submitted", "approved".</param>
/// <param name="Stage">The stage it concerns, if any.</param>
/// <param name="Reason">The written reason of a return or reject.</param>
/// <param name="Detail">Anything else worth keeping (document version, recipients).</param>
public sealed record AuditEntry(DateTimeOffset At, string Actor, string Action, string? Stage = null, string? Reason = null, string? Detail = null);

/// <summary>Audit actions, named once.</summary>
public static class AuditActions
{
    /// <summary>Nomination created.</summary>
    public const string Created = "created";

    /// <summary>A document version uploaded.</summary>
    public const string DocumentUploaded = "documentUploaded";

    /// <summary>Submitted for review.</summary>
    public const string Submitted = "submitted";

    /// <summary>A stage opened and its approvers emailed.</summary>
    public const string StageOpened = "stageOpened";

    /// <summary>A stage approved.</summary>
    public const string Approved = "approved";

    /// <summary>Returned for supplement.</summary>
    public const string Returned = "returned";

    /// <summary>Resubmitted after a return.</summary>
    public const string Resubmitted = "resubmitted";

    /// <summary>Rejected.</summary>
    public const string Rejected = "rejected";

    /// <summary>Added to the award list.</summary>
    public const string Awarded = "awarded";

    /// <summary>One approver of an allOf stage approved; the stage waits for the others.</summary>
    public const string ApprovalRecorded = "approvalRecorded";

    /// <summary>An approver handed the decision to a colleague.</summary>
    public const string Delegated = "delegated";

    /// <summary>The approver was reminded.</summary>
    public const string Reminded = "reminded";

    /// <summary>The deadline passed: escalation contact and organiser told.</summary>
    public const string Escalated = "escalated";

    /// <summary>Withdrawn by the nominating unit.</summary>
    public const string Withdrawn = "withdrawn";

    /// <summary>Cancelled by an organiser.</summary>
    public const string Cancelled = "cancelled";

    /// <summary>An award was revoked (thu hồi), with the written reason; the dossier and history stay.</summary>
    public const string Revoked = "revoked";

    /// <summary>An award decision conferring the award was issued (its number in the detail).</summary>
    public const string DecisionIssued = "decisionIssued";

    /// <summary>The workflow stopped at a step that kept failing; the organiser was told.</summary>
    public const string NeedsAttention = "needsAttention";

    /// <summary>An organiser retried a stopped workflow; it goes on from the step that failed.</summary>
    public const string Resumed = "resumed";

    /// <summary>More nominees of a proposal reached a stage after its approver had acted: a follow-up request went out.</summary>
    public const string FollowUpRequested = "followUpRequested";

    /// <summary>The audit action for a stage decision.</summary>
    public static string For(DecisionOutcome outcome) => outcome switch
    {
        DecisionOutcome.Approve => Approved,
        DecisionOutcome.Return => Returned,
        DecisionOutcome.Withdraw => Withdrawn,
        DecisionOutcome.Cancel => Cancelled,
        _ => Rejected,
    };
}
