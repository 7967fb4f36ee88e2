using System.Globalization;
using Awards.Documents;
using Awards.Domain;
using Awards.Storage;
using Awards.Web.Resources;

namespace Awards.Web.Pages.Workspace;

/// <summary>
/// How the workspace pages name things: the campaign's own data (names, labels, stages, awards)
/// in the page's language where the configuration has it, the product's words from
/// <see cref="WorkspaceTexts"/>, dates as dd/mm/yyyy in Vietnam time.
/// </summary>
public static class WorkspaceLabels
{
    /// <summary>The campaign's name in <paramref name="language"/> (its Vietnamese name when it has no English one).</summary>
    public static string Name(Campaign campaign, Language language) =>
        language == Language.En && !string.IsNullOrEmpty(campaign?.NameEn) ? campaign.NameEn : campaign?.Name ?? string.Empty;

    /// <summary>A listed campaign's name in <paramref name="language"/>.</summary>
    public static string Name(CampaignListing campaign, Language language) =>
        language == Language.En && !string.IsNullOrEmpty(campaign?.NameEn) ? campaign.NameEn : campaign?.Name ?? string.Empty;

    /// <summary>A checklist item's label in <paramref name="language"/>.</summary>
    public static string Label(DocumentRequirement requirement, Language language) =>
        language == Language.En ? requirement?.LabelEn ?? string.Empty : requirement?.LabelVi ?? string.Empty;

    /// <summary>An award's name in <paramref name="language"/>, or its code when the campaign no longer has it.</summary>
    public static string Award(Campaign campaign, string code, Language language) =>
        campaign?.FindAward(code) is { } award ? (language == Language.En ? award.NameEn : award.NameVi) : code;

    /// <summary>A stage's name in <paramref name="language"/>, or its code when the campaign no longer has it.</summary>
    public static string Stage(Campaign campaign, string? code, Language language) =>
        code is null ? string.Empty : campaign?.FindStage(code) is { } stage ? (language == Language.En ? stage.NameEn : stage.NameVi) : code;

    /// <summary>A nomination's status, in the page's language.</summary>
    public static string Status(NominationStatus status) => status switch
    {
        NominationStatus.Draft => WorkspaceTexts.StatusDraft,
        NominationStatus.InReview => WorkspaceTexts.StatusInReview,
        NominationStatus.Returned => WorkspaceTexts.StatusReturned,
        NominationStatus.Rejected => WorkspaceTexts.StatusRejected,
        NominationStatus.Awarded => WorkspaceTexts.StatusAwarded,
        NominationStatus.Withdrawn => WorkspaceTexts.StatusWithdrawn,
        _ => WorkspaceTexts.StatusCancelled,
    };

    /// <summary>A nominee kind, in the page's language.</summary>
    public static string Kind(NomineeKind kind) => kind == NomineeKind.Collective ? WorkspaceTexts.KindCollective : WorkspaceTexts.KindIndividual;

    /// <summary>An instant's date in Vietnam, dd/mm/yyyy.</summary>
    public static string Date(DateTimeOffset instant) => VietnameseText.FormatDate(DateOnly.FromDateTime(VietnamTime.ToLocal(instant).DateTime));

    /// <summary>The formats a checklist item accepts, e.g. "PDF, DOCX".</summary>
    public static string Formats(DocumentRequirement requirement) => string.Join(", ", requirement.AcceptedFormats.Select(DocumentInspector.ShortName));

    /// <summary>The file types a file picker should offer for a checklist item (extensions and media types).</summary>
    public static string Accept(DocumentRequirement requirement) =>
        string.Join(",", requirement.AcceptedFormats.SelectMany(f => f == Domain.DocumentFormat.Jpeg
            ? new[] { ".jpg", ".jpeg", DocumentInspector.MediaTypeOf(f) }
            : [$".{DocumentInspector.ShortName(f).ToLowerInvariant()}", DocumentInspector.MediaTypeOf(f)]));

    /// <summary>A size in megabytes (or kilobytes below one), in the page's culture.</summary>
    public static string Size(long bytes) => bytes >= 1_000_000
        ? Texts.Format(WorkspaceTexts.SizeMegabytes, Math.Round(bytes / 1_000_000d, 1))
        : Texts.Format(WorkspaceTexts.SizeKilobytes, Math.Max(1, (int)Math.Round(bytes / 1000d)));

    /// <summary>A date for an HTML date input (yyyy-MM-dd).</summary>
    public static string IsoDate(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
