using System.Globalization;
using System.Text.RegularExpressions;
using Awards.Domain;
using Awards.Workflow.Activities;

namespace Awards.Web.Pages.Nominations;

/// <summary>What the nominee page shows of one nomination (built by <see cref="NominationPages"/>, rendered by <c>NominationPage.razor</c>).</summary>
/// <param name="Nomination">The nomination.</param>
/// <param name="Campaign">The campaign's current configuration (names of stages, awards and documents; what uploads accept).</param>
/// <param name="Proposal">The proposal (tờ trình) that carries it.</param>
/// <param name="Checklist">One entry per document type of the nominee's kind, with its versions, newest first.</param>
/// <param name="MissingOwn">Required documents of the nominee not uploaded yet (while the dossier is open).</param>
/// <param name="MissingCover">Required cover documents of the proposal not uploaded yet (while the dossier is open).</param>
/// <param name="Timeline">What happened, oldest first.</param>
public sealed record NominationPageModel(
    Nomination Nomination,
    Campaign Campaign,
    Proposal Proposal,
    IReadOnlyList<ChecklistEntry> Checklist,
    IReadOnlyList<DocumentRequirement> MissingOwn,
    IReadOnlyList<DocumentRequirement> MissingCover,
    IReadOnlyList<TimelineEntry> Timeline)
{
    /// <summary>True when a returned nomination's dossier is complete again: it may be resubmitted.</summary>
    public bool CanResubmit => Nomination.Status == NominationStatus.Returned && MissingOwn.Count == 0 && MissingCover.Count == 0;

    /// <summary>The latest return (its stage, reason and time), shown first while the nomination waits for its supplement.</summary>
    public TimelineEntry? LastReturn => Timeline.LastOrDefault(e => e.Kind is TimelineKind.Returned or TimelineKind.DossierReturned);
}

/// <summary>One document type of the checklist: what it is, the versions uploaded, and (while the dossier is open) how large a file may be.</summary>
/// <param name="Requirement">The checklist item (in the campaign's current configuration, or the one submitted under for a type no longer listed).</param>
/// <param name="Versions">Its versions, newest first.</param>
/// <param name="Upload">The upload form's limits, when the page offers one.</param>
public sealed record ChecklistEntry(DocumentRequirement Requirement, IReadOnlyList<DocumentVersion> Versions, UploadLimits? Upload);

/// <summary>How large a file one upload form takes.</summary>
/// <param name="SingleRequest">Most bytes in one request (larger files go through a resumable session).</param>
/// <param name="Whole">Largest file the item takes by any route.</param>
public sealed record UploadLimits(long SingleRequest, long Whole);

/// <summary>Kinds of event on a nominee's timeline.</summary>
public enum TimelineKind
{
    /// <summary>The nomination was created.</summary>
    Created,

    /// <summary>A document version was uploaded.</summary>
    DocumentUploaded,

    /// <summary>Submitted for review.</summary>
    Submitted,

    /// <summary>A stage opened (with its due date).</summary>
    StageOpened,

    /// <summary>One approver of a stage that needs all of them approved.</summary>
    ApprovalRecorded,

    /// <summary>A stage approved.</summary>
    Approved,

    /// <summary>A stage returned it for supplement, with a reason.</summary>
    Returned,

    /// <summary>The dossier check returned it: documents missing.</summary>
    DossierReturned,

    /// <summary>Resubmitted after a return.</summary>
    Resubmitted,

    /// <summary>Rejected as not qualified, with a reason.</summary>
    Rejected,

    /// <summary>On the award list.</summary>
    Awarded,

    /// <summary>Withdrawn by the unit, with a reason.</summary>
    Withdrawn,

    /// <summary>Cancelled by an organiser, with a reason.</summary>
    Cancelled,

    /// <summary>Approvers were reminded.</summary>
    Reminded,

    /// <summary>The stage passed its due date; the escalation contact and organiser were told.</summary>
    Escalated,

    /// <summary>An approver handed the decision to a colleague.</summary>
    Delegated,

    /// <summary>The workflow stopped on an error and waits for an organiser.</summary>
    Paused,

    /// <summary>The workflow went on after an organiser's retry.</summary>
    Resumed,
}

/// <summary>One event of the timeline.</summary>
/// <param name="At">When.</param>
/// <param name="Kind">What.</param>
/// <param name="Stage">The stage it concerns (null for none, and for the dossier check).</param>
/// <param name="Reason">The written reason of a return, reject, withdrawal or cancellation.</param>
/// <param name="DecidedBy">Who decided (the approver's name as configured), for a stage's decision.</param>
/// <param name="DueAt">For a stage's opening: when its decision is due.</param>
/// <param name="Document">For an upload: the version.</param>
public sealed record TimelineEntry(DateTimeOffset At, TimelineKind Kind, string? Stage = null, string? Reason = null, string? DecidedBy = null, DateTimeOffset? DueAt = null, DocumentVersion? Document = null);

/// <summary>Builds a nominee's timeline from its audit history, its decision claims and its document versions.</summary>
public static partial class NominationTimeline
{
    /// <summary>The events a nominating unit follows, oldest first (approvers' internal follow-ups are left out).</summary>
    /// <param name="history">The audit history, oldest first.</param>
    /// <param name="claims">The decision claims of the stages in the history (who decided).</param>
    /// <param name="documents">Every document version.</param>
    public static IReadOnlyList<TimelineEntry> Build(IEnumerable<AuditEntry> history, IEnumerable<StageDecision> claims, IEnumerable<DocumentVersion> documents)
    {
        ArgumentNullException.ThrowIfNull(history);
        var decidedBy = claims.GroupBy(c => (c.Stage, c.DecidedAt)).ToDictionary(g => g.Key, g => g.First().ApproverName);
        var entries = new List<TimelineEntry>();
        foreach (var h in history)
        {
            var stage = h.Stage == ReturnIncompleteDossier.DossierCheck ? null : h.Stage;
            string? By() => h.Stage is { } s && decidedBy.TryGetValue((s, h.At), out var name) ? name : null;
            TimelineEntry? entry = h.Action switch
            {
                AuditActions.Created => new(h.At, TimelineKind.Created),
                AuditActions.Submitted => new(h.At, TimelineKind.Submitted),
                AuditActions.StageOpened => new(h.At, TimelineKind.StageOpened, stage, DueAt: DueIn(h.Detail)),
                AuditActions.ApprovalRecorded => new(h.At, TimelineKind.ApprovalRecorded, stage),
                AuditActions.Approved => new(h.At, TimelineKind.Approved, stage, DecidedBy: By()),
                AuditActions.Returned when h.Stage == ReturnIncompleteDossier.DossierCheck => new(h.At, TimelineKind.DossierReturned, null, h.Reason),
                AuditActions.Returned => new(h.At, TimelineKind.Returned, stage, h.Reason, By()),
                AuditActions.Resubmitted => new(h.At, TimelineKind.Resubmitted, stage),
                AuditActions.Rejected => new(h.At, TimelineKind.Rejected, stage, h.Reason, By()),
                AuditActions.Awarded => new(h.At, TimelineKind.Awarded, stage),
                AuditActions.Withdrawn => new(h.At, TimelineKind.Withdrawn, stage, h.Reason),
                AuditActions.Cancelled => new(h.At, TimelineKind.Cancelled, stage, h.Reason),
                AuditActions.Reminded => new(h.At, TimelineKind.Reminded, stage),
                AuditActions.Escalated => new(h.At, TimelineKind.Escalated, stage),

                // The delegation's note is the approvers' own; the unit sees that it happened.
                AuditActions.Delegated => new(h.At, TimelineKind.Delegated, stage),
                AuditActions.NeedsAttention => new(h.At, TimelineKind.Paused),
                AuditActions.Resumed => new(h.At, TimelineKind.Resumed),

                // Uploads come from the versions themselves (below); follow-up requests are the approvers' business.
                _ => null,
            };
            if (entry is not null)
            {
                entries.Add(entry);
            }
        }

        entries.AddRange(documents.Select(d => new TimelineEntry(d.UploadedAt, TimelineKind.DocumentUploaded, Document: d)));

        // A stable sort: events written at the same instant keep the order they were recorded in.
        return [.. entries.OrderBy(e => e.At)];
    }

    // OpenStage writes the round's due date into its audit row ("… due dd/MM/yyyy HH:mm (…"), in
    // Vietnam time; the nomination keeps only the current round's, so earlier rounds' come from here.
    private static DateTimeOffset? DueIn(string? detail) =>
        detail is not null && DuePattern().Match(detail) is { Success: true } m
            && DateTime.TryParseExact(m.Groups[1].Value, "dd/MM/yyyy HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var local)
            ? new DateTimeOffset(local, VietnamTime.TimeZone.GetUtcOffset(local))
            : null;

    [GeneratedRegex(@"\bdue (\d{2}/\d{2}/\d{4} \d{2}:\d{2})")]
    private static partial Regex DuePattern();
}

/// <summary>What the page says happened after a change (Post/Redirect/Get lands on the page with it).</summary>
public enum Done
{
    /// <summary>A document version was uploaded (without script).</summary>
    Uploaded,

    /// <summary>The nomination was resubmitted.</summary>
    Resubmitted,

    /// <summary>The nomination was withdrawn.</summary>
    Withdrawn,
}

/// <summary>An error the page shows at the control it concerns.</summary>
/// <param name="Field">Which control: one of the constants.</param>
/// <param name="Message">The message, in the page's language.</param>
/// <param name="DocumentType">For <see cref="File"/>: whose upload form.</param>
public sealed record PageProblem(string Field, string Message, string? DocumentType = null)
{
    /// <summary>The page as a whole (shown under its title).</summary>
    public const string Page = "page";

    /// <summary>A document type's file field.</summary>
    public const string File = "file";

    /// <summary>The resubmit button.</summary>
    public const string Resubmit = "resubmit";

    /// <summary>The withdrawal's reason.</summary>
    public const string Reason = "reason";

    /// <summary>The withdrawal's confirmation box.</summary>
    public const string Confirm = "confirm";

    /// <summary>The withdraw button (a refusal not of a field).</summary>
    public const string Withdraw = "withdraw";
}
