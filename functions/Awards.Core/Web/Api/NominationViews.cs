using Awards.Domain;

namespace Awards.Web.Api;

/// <summary>Body of <c>POST /api/nominations</c>.</summary>
/// <param name="CampaignId">The campaign.</param>
/// <param name="AwardCode">The award in the campaign.</param>
/// <param name="Kind">"collective" or "individual".</param>
/// <param name="NomineeName">Name of the collective or the individual.</param>
/// <param name="DateOfBirth">Individuals: date of birth (yyyy-MM-dd).</param>
/// <param name="Position">Individuals: rank and position.</param>
/// <param name="AchievementSummary">A short summary of the achievement.</param>
/// <param name="ProposalId">An existing proposal of the same unit to add the nominee to; a new one is made when absent.</param>
public sealed record CreateNominationRequest(
    string CampaignId,
    string AwardCode,
    NomineeKind? Kind,
    string NomineeName,
    DateOnly? DateOfBirth,
    string? Position,
    string? AchievementSummary,
    string? ProposalId);

/// <summary>A nomination as the API shows it: status, current stage, documents and history.</summary>
/// <param name="Nomination">The nomination.</param>
/// <param name="CurrentStageName">The current stage's Vietnamese name.</param>
/// <param name="Documents">Every version of every document.</param>
/// <param name="MissingDocuments">Required document types not yet uploaded.</param>
/// <param name="History">The audit log, oldest first.</param>
/// <param name="PossibleDuplicates">Other nominations of the campaign and earlier awards with the same nominee identity.</param>
public sealed record NominationView(
    Nomination Nomination,
    string? CurrentStageName,
    IReadOnlyList<DocumentView> Documents,
    IReadOnlyList<string> MissingDocuments,
    IReadOnlyList<AuditEntry> History,
    IReadOnlyList<DuplicateMatch> PossibleDuplicates);

/// <summary>Optional body of a submit: written justifications for submitting likely duplicates anyway.</summary>
/// <param name="DuplicateJustification">For one nomination's submit.</param>
/// <param name="Justifications">For a proposal's submit: nomination id → justification.</param>
public sealed record SubmitRequest(string? DuplicateJustification, Dictionary<string, string>? Justifications);

/// <summary>A document version without its storage name.</summary>
/// <param name="Type">Document type.</param>
/// <param name="Version">Version number.</param>
/// <param name="FileName">Original file name.</param>
/// <param name="ContentType">Content type.</param>
/// <param name="Size">Bytes.</param>
/// <param name="Sha256">SHA-256, hex.</param>
/// <param name="UploadedBy">Uploader.</param>
/// <param name="UploadedAt">When.</param>
public sealed record DocumentView(string Type, int Version, string FileName, string ContentType, long Size, string Sha256, string UploadedBy, DateTimeOffset UploadedAt)
{
    /// <summary>Hides the blob name.</summary>
    public static DocumentView Of(DocumentVersion d) => new(d.Type, d.Version, d.FileName, d.ContentType, d.Size, d.Sha256, d.UploadedBy, d.UploadedAt);
}
