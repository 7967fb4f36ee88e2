using System.Globalization;
using Awards.Documents;
using Awards.Domain;
using Awards.Security;
using Awards.Storage;
using Microsoft.AspNetCore.Http;

namespace Awards.Web.Api;

/// <summary>
/// A nomination's documents: single-request and resumable uploads (the nominating unit, while
/// the dossier is open), reads through logged per-viewer links (the unit or an organiser), and
/// the read log (organisers). The upload rules themselves live in <see cref="DocumentUploads"/>.
/// </summary>
public sealed class NominationDocumentApi(
    VisibleNominations visible,
    CampaignStore campaigns,
    NominationStore nominations,
    DocumentUploads uploads,
    DocumentReads reads)
{
    /// <summary><c>PUT /api/nominations/{id}/documents/{documentType}</c>: the raw file as the body, its name in Content-Disposition.</summary>
    public async Task<IResult> UploadAsync(HttpContext http, string id, string documentType)
    {
        var ct = http.RequestAborted;
        var (target, problem) = await ForWriteAsync(http, id, documentType, ct);
        return target is null ? problem! : await uploads.UploadAsync(http.Request, target.Value.Nomination.Id, target.Value.Requirement, target.Value.Caller.Email, ct);
    }

    /// <summary><c>POST /api/nominations/{id}/documents/{documentType}/sessions</c>: opens a resumable upload.</summary>
    public async Task<IResult> OpenSessionAsync(HttpContext http, string id, string documentType)
    {
        var ct = http.RequestAborted;
        var (target, problem) = await ForWriteAsync(http, id, documentType, ct);
        return target is null ? problem! : await uploads.OpenSessionAsync(http.Request, target.Value.Nomination.Id, target.Value.Requirement, target.Value.Caller.Email, ct);
    }

    /// <summary><c>GET /api/nominations/{id}/documents/{documentType}/sessions/{sessionId}</c>: the blocks that arrived, and a fresh upload link.</summary>
    public async Task<IResult> GetSessionAsync(HttpContext http, string id, string documentType, string sessionId)
    {
        var ct = http.RequestAborted;
        var (target, problem) = await ForWriteAsync(http, id, documentType, ct);
        return target is null ? problem! : await uploads.GetSessionAsync(http.Request, target.Value.Nomination.Id, target.Value.Requirement, sessionId, ct);
    }

    /// <summary><c>POST /api/nominations/{id}/documents/{documentType}/sessions/{sessionId}/commit</c>: checks and records the uploaded file.</summary>
    public async Task<IResult> CommitSessionAsync(HttpContext http, string id, string documentType, string sessionId)
    {
        var ct = http.RequestAborted;
        var (target, problem) = await ForWriteAsync(http, id, documentType, ct);
        return target is null ? problem! : await uploads.CommitSessionAsync(http.Request, target.Value.Nomination.Id, target.Value.Requirement, sessionId, target.Value.Caller.Email, ct);
    }

    /// <summary>
    /// <c>GET /api/nominations/{id}/documents/{documentType}/{version}</c>: logs the read, then
    /// redirects to a link that works for about two minutes and downloads under the original name.
    /// </summary>
    public async Task<IResult> ReadAsync(HttpContext http, string id, string documentType, string version)
    {
        var ct = http.RequestAborted;
        var (nomination, caller, problem) = await visible.FindAsync(http, id, ct);
        if (nomination is null)
        {
            return problem!;
        }

        var versions = (await nominations.ListDocumentsAsync(nomination.Id, ct)).Where(d => d.Type == documentType).ToList();
        var wanted = int.TryParse(version, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? versions.FirstOrDefault(d => d.Version == n) : null;
        if (wanted is null)
        {
            return Problems.NotFound(versions.Count == 0
                ? $"The nomination has no '{documentType}' document."
                : $"'{documentType}' has no version '{version}'; it has versions {string.Join(", ", versions.Select(d => d.Version))}.");
        }

        var link = await reads.OpenAsync(nomination.Id, wanted, caller!.Email, ct);

        // The link is a bearer credential for two minutes: keep it out of caches and Referer headers.
        http.Response.Headers.CacheControl = "no-store";
        http.Response.Headers["Referrer-Policy"] = "no-referrer";
        return Results.Redirect(link.AbsoluteUri);
    }

    /// <summary><c>GET /api/nominations/{id}/document-reads</c>: who opened which document version when (organisers).</summary>
    public async Task<IResult> ListReadsAsync(HttpContext http, string id)
    {
        var ct = http.RequestAborted;
        var (nomination, caller, problem) = await visible.FindAsync(http, id, ct);
        if (nomination is null)
        {
            return problem!;
        }

        if (caller!.Role != Role.Organiser)
        {
            return Problems.Forbidden("The read log of a dossier is for organisers.");
        }

        return Results.Json(await reads.ListAsync(nomination.Id, ct), AwardsJson.Options);
    }

    /// <summary>
    /// The checklist item of the nomination's kind for <paramref name="documentType"/> (in the
    /// campaign's current configuration), when its dossier takes documents now; otherwise why
    /// not. The one rule for the API and the nominee page; also returns the whole checklist.
    /// </summary>
    public async Task<(DocumentRequirement? Requirement, DossierWriteRefusal? Refusal, IReadOnlyList<DocumentRequirement> Checklist)> WritableAsync(
        Nomination nomination, string documentType, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(nomination);
        var campaign = (await campaigns.FindAsync(nomination.CampaignId, ct))!;
        var checklist = campaign.DocumentsFor(nomination.Kind).ToList();
        var requirement = checklist.FirstOrDefault(d => d.Type == documentType);
        if (requirement is null)
        {
            return (null, DossierWriteRefusal.UnknownType, checklist);
        }

        return nomination.DossierOpen ? (requirement, null, checklist) : (null, DossierWriteRefusal.Frozen, checklist);
    }

    /// <summary>The nomination, its checklist item and the caller, when the caller's unit owns it and its dossier is open.</summary>
    private async Task<((Nomination Nomination, DocumentRequirement Requirement, Caller Caller)? Target, IResult? Problem)> ForWriteAsync(
        HttpContext http, string id, string documentType, CancellationToken ct)
    {
        var (nomination, caller, problem) = await visible.FindAsync(http, id, ct);
        if (nomination is null)
        {
            return (null, problem);
        }

        if (caller!.Role != Role.Nominator)
        {
            return (null, Problems.Forbidden("Documents are uploaded with the nominating unit's key; organisers can read them."));
        }

        var (requirement, refusal, checklist) = await WritableAsync(nomination, documentType, ct);
        switch (refusal)
        {
            case DossierWriteRefusal.UnknownType:
                return (null, Problems.NotFound($"A {nomination.Kind.ToString().ToLowerInvariant()} nomination has no document type '{documentType}'. The checklist has: {string.Join(", ", checklist.Select(d => d.Type))}."));
            case DossierWriteRefusal.Frozen:
                return (null, Problems.Conflict($"The dossier is frozen while the nomination is {nomination.Status.ToString().ToLowerInvariant()}; documents can change only before submission or after a return for supplement."));
        }

        return ((nomination, requirement!, caller), null);
    }
}

/// <summary>Why a document cannot be written to a nomination's dossier now.</summary>
public enum DossierWriteRefusal
{
    /// <summary>The nominee's kind has no such document type in the checklist.</summary>
    UnknownType,

    /// <summary>The dossier is frozen: in review, or ended. It opens again only after a return for supplement.</summary>
    Frozen,
}
