using Awards.Storage;
using Awards.Web.Pages.Verify;
using Microsoft.AspNetCore.Http;

namespace Awards.Web.Pages;

/// <summary>
/// <c>GET /verify/{code}</c> (and <c>/verify?code=</c> from its form): the public check of a
/// certificate. It says whose award it is, under which decision, and whether it still stands —
/// nothing more (no date of birth, no dossier). A forged or mistyped code is a plain "not found";
/// codes carry 80 random bits, so trying codes finds nothing.
/// </summary>
public sealed class VerifyPages(VerificationStore codes, AwardListStore awardList, PageRenderer pages)
{
    /// <summary>The check of <paramref name="code"/> (or the empty form).</summary>
    public async Task<IResult> ShowAsync(HttpContext http, string? code)
    {
        ArgumentNullException.ThrowIfNull(http);
        var typed = code ?? (http.Request.Query["code"].ToString() is { Length: > 0 } q ? q : null);
        var canonical = VerificationStore.Canonical(typed);
        Domain.AwardListEntry? entry = null;
        if (canonical is not null && await codes.FindAsync(canonical, http.RequestAborted) is var (partition, row))
        {
            entry = await awardList.FindAsync(partition, row, http.RequestAborted);
        }

        // Shown to anyone: nothing but what the certificate itself says.
        var shown = entry is null ? null : entry with { DateOfBirth = null, Position = null, VerificationCode = null, RevocationReason = null, RevokedBy = null, HeldFor = null, HeldSince = null };
        return await pages.PageAsync<VerifyPage>(
            http,
            typed is not null && shown is null ? StatusCodes.Status404NotFound : StatusCodes.Status200OK,
            new Dictionary<string, object?>
            {
                [nameof(VerifyPage.Code)] = typed is null ? null : canonical ?? (typed.Length > 24 ? typed[..24] : typed),
                [nameof(VerifyPage.Entry)] = shown,
            });
    }
}
