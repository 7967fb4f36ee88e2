using Awards.Domain;
using Awards.Storage;

namespace Awards.Web.Pages.Workspace;

/// <summary>A proposal as the unit's workspace lists it: its nominees' progress and what it still lacks.</summary>
/// <param name="Proposal">The proposal.</param>
/// <param name="Campaign">Its campaign (current version), for names.</param>
/// <param name="Nominees">Its nominees.</param>
/// <param name="MissingCover">Required cover documents not yet uploaded (only while a draft or returned nominee needs them).</param>
/// <param name="NomineesMissingDocuments">Nominees with an open dossier that lacks a required document.</param>
public sealed record ProposalSummary(Proposal Proposal, Campaign Campaign, IReadOnlyList<Nomination> Nominees, IReadOnlyList<DocumentRequirement> MissingCover, int NomineesMissingDocuments);

/// <summary>A cover document of the proposal: the checklist item and the versions uploaded so far.</summary>
/// <param name="Requirement">The checklist item.</param>
/// <param name="Versions">Versions, oldest first.</param>
/// <param name="Limit">Largest file the page's upload form takes for it.</param>
public sealed record CoverDocument(DocumentRequirement Requirement, IReadOnlyList<DocumentVersion> Versions, long Limit);

/// <summary>A nominee of the proposal with what the table shows.</summary>
/// <param name="Nomination">The nomination.</param>
/// <param name="Missing">Required documents its dossier lacks (empty once complete or once submitted).</param>
/// <param name="Duplicates">Likely duplicates, for a draft (submitting it needs a written justification).</param>
public sealed record NomineeLine(Nomination Nomination, IReadOnlyList<DocumentRequirement> Missing, IReadOnlyList<DuplicateMatch> Duplicates);

/// <summary>A template the unit can download for the campaign.</summary>
/// <param name="Label">What it is, in the page's language.</param>
/// <param name="Href">Where to download it.</param>
/// <param name="Format">Its format, e.g. "XLSX".</param>
public sealed record TemplateLink(string Label, string Href, string Format);

/// <summary>One row of a nominee list import's report: a refused row (0 for the whole file) and why.</summary>
/// <param name="RowNumber">The spreadsheet row; 0 when the error is about the whole file.</param>
/// <param name="Column">The column's header, when the error is about one.</param>
/// <param name="Message">Why, in the page's language (the reader's own messages say it in Vietnamese and English).</param>
public sealed record ImportRowLine(int RowNumber, string? Column, string Message);

/// <summary>What the last import did, shown as a table on the proposal's page.</summary>
/// <param name="Created">How many rows became nominees.</param>
/// <param name="Rows">The refused rows.</param>
public sealed record ImportReportModel(int Created, IReadOnlyList<ImportRowLine> Rows);

/// <summary>What the unit posted to one form of the proposal's page and why it was refused, so the page can show it again with each error at its field.</summary>
/// <param name="Form">Which form: "document", "nominee", "import", "submit" or "resubmit".</param>
/// <param name="Values">The values posted (field → value), shown again.</param>
/// <param name="Errors">Field → message, in the page's language; "" for the form as a whole.</param>
/// <param name="DocumentType">For the upload form: which document's.</param>
public sealed record FormState(string Form, IReadOnlyDictionary<string, string> Values, IReadOnlyDictionary<string, string> Errors, string? DocumentType = null)
{
    /// <summary>No form posted.</summary>
    public static FormState None { get; } = new(string.Empty, new Dictionary<string, string>(), new Dictionary<string, string>());

    /// <summary>The error of <paramref name="field"/> on <paramref name="form"/>, if that form was posted and the field refused.</summary>
    public string? ErrorOf(string form, string field) => Form == form && Errors.TryGetValue(field, out var e) ? e : null;

    /// <summary>The value posted for <paramref name="field"/> on <paramref name="form"/>.</summary>
    public string? ValueOf(string form, string field) => Form == form && Values.TryGetValue(field, out var v) ? v : null;
}

/// <summary>Everything the proposal's page shows.</summary>
/// <param name="Proposal">The proposal.</param>
/// <param name="Campaign">Its campaign (current version).</param>
/// <param name="Cover">Its cover documents, in checklist order.</param>
/// <param name="CoverFrozenBy">Nominees in review (the cover documents are frozen while there are any).</param>
/// <param name="Nominees">Its nominees, in vi-VN order of name.</param>
/// <param name="Templates">Templates to download.</param>
/// <param name="MaxSingleUpload">Most bytes one upload request may carry (the upload script switches to resumable sessions above it).</param>
/// <param name="Today">Today in Vietnam time (the latest date of birth the form offers is the day before).</param>
public sealed record ProposalPageModel(
    Proposal Proposal,
    Campaign Campaign,
    IReadOnlyList<CoverDocument> Cover,
    int CoverFrozenBy,
    IReadOnlyList<NomineeLine> Nominees,
    IReadOnlyList<TemplateLink> Templates,
    long MaxSingleUpload,
    DateOnly Today)
{
    /// <summary>Drafts, which Submit sends.</summary>
    public IReadOnlyList<NomineeLine> Drafts => [.. Nominees.Where(n => n.Nomination.Status == NominationStatus.Draft)];

    /// <summary>Nominees returned for supplement, which Resubmit sends back.</summary>
    public IReadOnlyList<NomineeLine> Returned => [.. Nominees.Where(n => n.Nomination.Status == NominationStatus.Returned)];

    /// <summary>Required cover documents without a version.</summary>
    public IReadOnlyList<DocumentRequirement> MissingCover => DossierChecklist.MissingForProposal(Campaign, Cover.SelectMany(c => c.Versions));
}

/// <summary>The campaigns a unit may start a proposal in, and what it posted when it was refused.</summary>
/// <param name="Campaigns">Campaigns open to the unit's province (not yet closed).</param>
/// <param name="Now">Now, to say which intake windows are open.</param>
/// <param name="Form">The posted values and errors, or <see cref="FormState.None"/>.</param>
public sealed record NewProposalModel(IReadOnlyList<CampaignListing> Campaigns, DateTimeOffset Now, FormState Form);
