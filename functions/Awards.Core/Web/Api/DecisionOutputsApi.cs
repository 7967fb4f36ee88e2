using Awards.Outputs;
using Awards.Outputs.Exports;
using Awards.Outputs.Pdf;
using Awards.Security;
using Microsoft.AspNetCore.Http;

namespace Awards.Web.Api;

/// <summary>
/// A decision's documents (organisers): <c>GET /api/decisions/{id}/document</c> the decision as a
/// PDF (Decree 30/2020 layout, its annex listing the awardees, revoked ones marked),
/// <c>GET /api/decisions/{id}/certificates</c> one PDF with a certificate per award that still
/// stands, <c>GET /api/decisions/{id}/certificates/{nominationId}</c> one certificate — a revoked
/// award has none (409).
/// </summary>
public sealed class DecisionOutputsApi(Authenticator auth, DecisionPrints prints)
{
    /// <summary>The decision as a PDF.</summary>
    public async Task<IResult> DocumentAsync(HttpContext http, string decisionId)
    {
        ArgumentNullException.ThrowIfNull(http);
        var (print, problem) = await LoadAsync(http, decisionId);
        return print is null
            ? problem!
            : new StreamedFile("application/pdf", $"Quyết định {print.NumberForFileName}.pdf", (r, ct) => PdfDocuments.SendAsync(DecisionDocument.Render(print), r.Body, ct));
    }

    /// <summary>Every standing award's certificate, one page each, in the annex's order.</summary>
    public async Task<IResult> CertificatesAsync(HttpContext http, string decisionId)
    {
        ArgumentNullException.ThrowIfNull(http);
        var (print, problem) = await LoadAsync(http, decisionId);
        if (print is null)
        {
            return problem!;
        }

        var standing = print.Members.Where(m => m.Stands && m.Entry!.VerificationCode is not null).ToList();
        return standing.Count == 0
            ? Problems.Conflict($"No award of decision {print.Decision.Number} stands any more: a revoked award has no certificate.")
            : new StreamedFile("application/pdf", $"Bằng khen {print.NumberForFileName}.pdf", (r, ct) => PdfDocuments.SendAsync(CertificateDocument.Render(print, standing, prints.VerifyUrl), r.Body, ct));
    }

    /// <summary>One awardee's certificate.</summary>
    public async Task<IResult> CertificateAsync(HttpContext http, string decisionId, string nominationId)
    {
        ArgumentNullException.ThrowIfNull(http);
        var (print, problem) = await LoadAsync(http, decisionId);
        if (print is null)
        {
            return problem!;
        }

        var member = print.Members.FirstOrDefault(m => m.Member.NominationId == nominationId);
        if (member is null)
        {
            return Problems.NotFound($"Decision {print.Decision.Number} does not name nomination '{nominationId}'.");
        }

        if (member.Entry is not { } entry || !entry.Stands || entry.VerificationCode is null)
        {
            var when = member.Entry?.RevokedAt is { } revoked ? $" on {AwardListExport.LocalDate(revoked)}" : string.Empty;
            return Problems.Conflict($"The award of {member.Member.NomineeName} was revoked{when}: a revoked award has no certificate.");
        }

        return new StreamedFile("application/pdf", $"Bằng khen {print.NumberForFileName} - {entry.NomineeName}.pdf", (r, ct) => PdfDocuments.SendAsync(CertificateDocument.Render(print, [member], prints.VerifyUrl), r.Body, ct));
    }

    private async Task<(DecisionPrint? Print, IResult? Problem)> LoadAsync(HttpContext http, string decisionId)
    {
        var ct = http.RequestAborted;
        var (caller, denied) = await auth.AuthenticateAsync(http.Request, ct);
        if (caller is null)
        {
            return (null, denied);
        }

        if (caller.Role != Role.Organiser)
        {
            return (null, Problems.Forbidden("Decisions and certificates are for organisers."));
        }

        // Another campaign's decision reads as not found, as GET /api/decisions/{id} answers it.
        var print = await prints.LoadAsync(decisionId, ct);
        return print is null || !caller.Organises(print.Campaign) ? (null, Problems.NotFound($"There is no decision '{decisionId}'.")) : (print, null);
    }
}
