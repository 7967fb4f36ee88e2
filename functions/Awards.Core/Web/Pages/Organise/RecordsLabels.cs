using Awards.Domain;
using Awards.Web.Resources;

namespace Awards.Web.Pages.Organise;

/// <summary>How the console's nominations and awards tabs name statuses and history entries, in the page's language.</summary>
public static class RecordsLabels
{
    /// <summary>A nomination's status (every one, revoked included).</summary>
    public static string Status(NominationStatus status) => status switch
    {
        NominationStatus.Draft => OrganiseRecordsTexts.StatusDraft,
        NominationStatus.InReview => OrganiseRecordsTexts.StatusInReview,
        NominationStatus.Returned => OrganiseRecordsTexts.StatusReturned,
        NominationStatus.Rejected => OrganiseRecordsTexts.StatusRejected,
        NominationStatus.Awarded => OrganiseRecordsTexts.StatusAwarded,
        NominationStatus.Withdrawn => OrganiseRecordsTexts.StatusWithdrawn,
        NominationStatus.Cancelled => OrganiseRecordsTexts.StatusCancelled,
        _ => OrganiseRecordsTexts.StatusRevoked,
    };

    /// <summary>What an audit entry records; an action this page does not know is shown as stored.</summary>
    public static string Action(string? action) => action switch
    {
        AuditActions.Created => OrganiseRecordsTexts.ActionCreated,
        AuditActions.DocumentUploaded => OrganiseRecordsTexts.ActionDocumentUploaded,
        AuditActions.Submitted => OrganiseRecordsTexts.ActionSubmitted,
        AuditActions.StageOpened => OrganiseRecordsTexts.ActionStageOpened,
        AuditActions.Approved => OrganiseRecordsTexts.ActionApproved,
        AuditActions.Returned => OrganiseRecordsTexts.ActionReturned,
        AuditActions.Resubmitted => OrganiseRecordsTexts.ActionResubmitted,
        AuditActions.Rejected => OrganiseRecordsTexts.ActionRejected,
        AuditActions.Awarded => OrganiseRecordsTexts.ActionAwarded,
        AuditActions.ApprovalRecorded => OrganiseRecordsTexts.ActionApprovalRecorded,
        AuditActions.Delegated => OrganiseRecordsTexts.ActionDelegated,
        AuditActions.Reminded => OrganiseRecordsTexts.ActionReminded,
        AuditActions.Escalated => OrganiseRecordsTexts.ActionEscalated,
        AuditActions.Withdrawn => OrganiseRecordsTexts.ActionWithdrawn,
        AuditActions.Cancelled => OrganiseRecordsTexts.ActionCancelled,
        AuditActions.Revoked => OrganiseRecordsTexts.ActionRevoked,
        AuditActions.DecisionIssued => OrganiseRecordsTexts.ActionDecisionIssued,
        AuditActions.NeedsAttention => OrganiseRecordsTexts.ActionNeedsAttention,
        AuditActions.Resumed => OrganiseRecordsTexts.ActionResumed,
        AuditActions.FollowUpRequested => OrganiseRecordsTexts.ActionFollowUpRequested,
        _ => action ?? string.Empty,
    };

    /// <summary>An instant for a <c>time</c> element's <c>datetime</c>.</summary>
    public static string Iso(DateTimeOffset instant) => instant.ToString("yyyy-MM-ddTHH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The console's path of a campaign's section, e.g. <c>/organise/campaigns/{id}/awards</c>.</summary>
    public static string CampaignPath(string campaignId, string section) => "/organise/campaigns/" + Uri.EscapeDataString(campaignId) + "/" + section;
}
