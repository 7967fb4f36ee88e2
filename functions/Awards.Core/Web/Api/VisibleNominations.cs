using Awards.Domain;
using Awards.Security;
using Awards.Storage;
using Microsoft.AspNetCore.Http;

namespace Awards.Web.Api;

/// <summary>The one way an endpoint finds the nomination a caller names: signed in, and allowed to see it.</summary>
public sealed class VisibleNominations(Authenticator auth, NominationStore nominations, CampaignStore campaigns)
{
    /// <summary>The nomination and the caller, or the problem to answer (401, or 404 for another unit's).</summary>
    public async Task<(Nomination? Nomination, Caller? Caller, IResult? Problem)> FindAsync(HttpContext http, string id, CancellationToken ct)
    {
        var (caller, denied) = await auth.AuthenticateAsync(http.Request, ct);
        if (caller is null)
        {
            return (null, null, denied);
        }

        var nomination = Ids.LooksValid(id) ? await nominations.FindAsync(id, ct) : null;
        if (nomination is not null && caller.Role == Role.Organiser && await campaigns.FindAsync(nomination.CampaignId, ct) is { } campaign && !caller.Organises(campaign))
        {
            // Another campaign's nomination reads as not found for an organiser who does not run it.
            nomination = null;
        }

        // Another unit's nomination reads as not found: its existence is not the caller's business.
        return nomination is null || !caller.MaySee(nomination)
            ? (null, caller, Problems.NotFound($"There is no nomination '{id}' that your key may see."))
            : (nomination, caller, null);
    }
}
