using Awards.Documents;
using Awards.Domain;
using Awards.Security;
using Awards.Storage;
using Microsoft.AspNetCore.Http;

namespace Awards.Web.Api;

/// <summary>
/// Document templates an organiser gives a campaign's units — the achievement report's form for
/// collectives and for individuals, a model proposal letter — one per checklist document type.
/// They are a dossier of their own (<see cref="OwnerId"/>): blobs under the campaign's template
/// folder, every upload a new version through <see cref="DocumentUploads"/> with the same content
/// checks as a nominee's documents, and every download logged by <see cref="DocumentReads"/>.
/// </summary>
public sealed class CampaignTemplateApi(Authenticator auth, CampaignStore campaigns, NominationStore dossiers, DocumentUploads uploads, DocumentReads reads)
{
    /// <summary>The dossier (table partition and blob folder) holding a campaign's templates; no nomination or proposal id looks like it.</summary>
    public static string OwnerId(string campaignId) => "templates-" + campaignId;

    /// <summary>
    /// The checklist item of a template for <paramref name="documentType"/>: a form to fill in is
    /// a Word or Excel file as often as a PDF, whatever the filled-in document must be.
    /// </summary>
    public static DocumentRequirement? RequirementFor(Campaign campaign, string documentType)
    {
        ArgumentNullException.ThrowIfNull(campaign);
        var item = campaign.Documents.FirstOrDefault(d => d.Type == documentType);
        return item is null ? null : item with { Formats = [Domain.DocumentFormat.Pdf, Domain.DocumentFormat.Docx, Domain.DocumentFormat.Xlsx], MaxBytes = null, Required = false };
    }

    /// <summary>
    /// <c>PUT /api/campaigns/{campaignId}/templates/{documentType}</c> (organisers): the template's
    /// file as the raw body, its name in Content-Disposition, as a document upload. A new upload
    /// is a new version; units download the newest.
    /// </summary>
    public async Task<IResult> UploadAsync(HttpContext http, string campaignId, string documentType)
    {
        ArgumentNullException.ThrowIfNull(http);
        var ct = http.RequestAborted;
        var (caller, campaign, problem) = await auth.OrganisedCampaignAsync(campaigns, http.Request, campaignId, "Only organisers give a campaign its templates.", ct);
        if (campaign is null)
        {
            return problem!;
        }

        var requirement = RequirementFor(campaign, documentType);
        if (requirement is null)
        {
            return Problems.NotFound($"The campaign's checklist has no document type '{documentType}'; a template is for one of: {string.Join(", ", campaign.Documents.Select(d => d.Type))}.");
        }

        return await uploads.UploadAsync(http.Request, OwnerId(campaign.Id), requirement, caller!.Email, ct);
    }

    /// <summary>The newest version of each template of the campaign, in checklist order.</summary>
    public async Task<IReadOnlyList<DocumentVersion>> ListAsync(Campaign campaign, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(campaign);
        var latest = DossierChecklist.Latest(await dossiers.ListDocumentsAsync(OwnerId(campaign.Id), ct));
        var order = campaign.Documents.Select(d => d.Type).ToList();
        return [.. latest.Where(d => order.Contains(d.Type)).OrderBy(d => order.IndexOf(d.Type))];
    }

    /// <summary>Logs that <paramref name="viewer"/> downloads the newest template for <paramref name="documentType"/> and returns a short-lived link to it; null when there is none.</summary>
    public async Task<Uri?> OpenAsync(Campaign campaign, string documentType, string viewer, CancellationToken ct)
    {
        var template = (await ListAsync(campaign, ct)).FirstOrDefault(d => d.Type == documentType);
        return template is null ? null : await reads.OpenAsync(OwnerId(campaign.Id), template, viewer, ct);
    }
}
