using Awards.Domain;
using Awards.Security;
using Awards.Storage;
using Microsoft.AspNetCore.Http;

namespace Awards.Web.Api;

/// <summary>
/// The one rule for an organiser's campaign routes in the API: the caller is authenticated, is an
/// organiser, and organises the campaign; any other campaign reads as not found, so an organiser
/// learns nothing of campaigns they do not run.
/// </summary>
public static class CampaignAccess
{
    /// <summary>The caller and the campaign they organise, or the problem to answer (401, 403 with <paramref name="forbidden"/>, 404).</summary>
    public static async Task<(Caller? Caller, Campaign? Campaign, IResult? Problem)> OrganisedCampaignAsync(
        this Authenticator auth, CampaignStore campaigns, HttpRequest request, string campaignId, string forbidden, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(auth);
        ArgumentNullException.ThrowIfNull(campaigns);
        var (caller, denied) = await auth.AuthenticateAsync(request, ct);
        if (caller is null)
        {
            return (null, null, denied);
        }

        if (caller.Role != Role.Organiser)
        {
            return (caller, null, Problems.Forbidden(forbidden));
        }

        var campaign = Ids.LooksValid(campaignId) ? await campaigns.FindAsync(campaignId, ct) : null;
        return campaign is null || !caller.Organises(campaign)
            ? (caller, null, Problems.NotFound($"There is no campaign '{campaignId}'."))
            : (caller, campaign, null);
    }
}
