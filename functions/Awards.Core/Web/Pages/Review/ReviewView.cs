using System.Globalization;
using Awards.Domain;
using Awards.Web.Resources;
using Microsoft.AspNetCore.Http;

namespace Awards.Web.Pages.Review;

/// <summary>Something wrong with what the approver sent, in the page's language, tied to the form field it is about (if any).</summary>
/// <param name="Message">What is wrong and what to do.</param>
/// <param name="Field">The form field's name (e.g. <c>reason.nom-…</c>), or null for the form as a whole.</param>
public sealed record ReviewProblem(string Message, string? Field = null);

/// <summary>A line of a confirmation: who (a nominee, or the colleague taking over) and what will happen.</summary>
/// <param name="Who">The nominee's name, or the colleague.</param>
/// <param name="What">The choice, in the page's language.</param>
/// <param name="Reason">The written reason, when there is one.</param>
public sealed record ConfirmLine(string Who, string What, string? Reason = null);

/// <summary>What the review pages' templates share: field ids, links, names of data in the page's language.</summary>
public static class ReviewView
{
    /// <summary>The path of a review link's page (the decision form posts here).</summary>
    public static string PagePath(HttpRequest request, string token)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.PathBase + "/review/" + Uri.EscapeDataString(token);
    }

    /// <summary>The element id of a form field (<c>reason.nom-x</c> → <c>reason-nom-x</c>): ids are names with dots made dashes.</summary>
    public static string FieldId(string field) => field.Replace('.', '-');

    /// <summary>The id of the element that says what is wrong with <paramref name="field"/>.</summary>
    public static string ErrorId(string field) => "error-" + FieldId(field);

    /// <summary>Where the error summary's link for <paramref name="field"/> leads: a radio group leads to its first choice.</summary>
    public static string Anchor(string field) =>
        field.StartsWith("decision.", StringComparison.Ordinal) ? FieldId(field) + "-approve" : FieldId(field);

    /// <summary>The first problem with <paramref name="field"/>, or null.</summary>
    public static ReviewProblem? For(IReadOnlyList<ReviewProblem> problems, string field) =>
        problems.FirstOrDefault(p => p.Field == field);

    /// <summary>An outcome as a decision table says it ("phê duyệt", "returned for supplement"…).</summary>
    public static string Outcome(DecisionOutcome outcome) => outcome switch
    {
        DecisionOutcome.Approve => ReviewTexts.OutcomeApprove,
        DecisionOutcome.Return => ReviewTexts.OutcomeReturn,
        DecisionOutcome.Reject => ReviewTexts.OutcomeReject,
        DecisionOutcome.Withdraw => ReviewTexts.OutcomeWithdraw,
        _ => ReviewTexts.OutcomeCancel,
    };

    /// <summary>A stage's name in the page's language (its code when the campaign no longer has it).</summary>
    public static string StageName(Campaign campaign, string code, Language language) =>
        campaign.FindStage(code) is { } s ? StageName(s, language) : code;

    /// <summary>A stage's name in the page's language.</summary>
    public static string StageName(StageDefinition stage, Language language)
    {
        ArgumentNullException.ThrowIfNull(stage);
        return language == Language.En ? stage.NameEn : stage.NameVi;
    }

    /// <summary>The campaign's name in the page's language (its Vietnamese name when it has no English one).</summary>
    public static string CampaignName(Campaign campaign, Language language)
    {
        ArgumentNullException.ThrowIfNull(campaign);
        return language == Language.En && !string.IsNullOrEmpty(campaign.NameEn) ? campaign.NameEn : campaign.Name;
    }

    /// <summary>The award's name and awarding body in the page's language.</summary>
    public static string AwardName(Campaign campaign, string code, Language language)
    {
        ArgumentNullException.ThrowIfNull(campaign);
        return campaign.FindAward(code) is { } a ? $"{(language == Language.En ? a.NameEn : a.NameVi)} ({a.AwardingBody})" : code;
    }

    /// <summary>A document type's label from the checklist in the page's language (the type's code when the checklist no longer has it).</summary>
    public static string DocumentLabel(Campaign campaign, string type, Language language)
    {
        ArgumentNullException.ThrowIfNull(campaign);
        return campaign.Documents.FirstOrDefault(d => d.Type == type) is { } d ? (language == Language.En ? d.LabelEn : d.LabelVi) : type;
    }

    /// <summary>
    /// The logged read route of one document of the proposal; with <paramref name="inline"/> it
    /// answers a link that shows the document in place instead of downloading it.
    /// </summary>
    public static string DocumentHref(string token, string ownerId, DocumentVersion document, bool inline)
    {
        ArgumentNullException.ThrowIfNull(document);
        var path = string.Create(CultureInfo.InvariantCulture, $"/review/{Uri.EscapeDataString(token)}/documents/{Uri.EscapeDataString(ownerId)}/{Uri.EscapeDataString(document.Type)}/{document.Version}");
        return inline ? path + "?inline=1" : path;
    }

    /// <summary>
    /// True for what a browser shows in a frame by itself: PDFs and images, as decided from the
    /// content on upload (a version stored before that check is only offered as a download).
    /// </summary>
    public static bool ShowsInline(DocumentVersion document)
    {
        ArgumentNullException.ThrowIfNull(document);
        return document.Format is Domain.DocumentFormat.Pdf or Domain.DocumentFormat.Png or Domain.DocumentFormat.Jpeg;
    }

    /// <summary>A file size people read: B, KB or MB.</summary>
    public static string Size(long bytes) => bytes switch
    {
        < 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes} B"),
        < 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.#} KB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0 / 1024.0:0.#} MB"),
    };

    /// <summary>The value a form field had in what was posted (empty when nothing was).</summary>
    public static string Posted(IFormCollection? posted, string field) => posted?[field].ToString() ?? string.Empty;
}
