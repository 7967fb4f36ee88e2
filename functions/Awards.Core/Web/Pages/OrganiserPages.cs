using Awards.Domain;
using Awards.Security;
using Awards.Storage;
using Awards.Web.Pages.Organise;
using Awards.Web.Resources;
using Microsoft.AspNetCore.Http;

namespace Awards.Web.Pages;

/// <summary>
/// The organisers' console (<c>/organise…</c>): who may open it, and its home, the award rounds
/// the signed-in organiser runs. Each section of a campaign has its own handler and templates
/// under <c>Web/Pages/Organise/</c>; all of them ask <see cref="CampaignAsync"/> first, so a unit's
/// session opens no organiser page, and an organiser only the campaigns that name them.
/// </summary>
public sealed class OrganiserPages(Authenticator auth, CampaignStore campaigns, PageRenderer pages)
{
    /// <summary><c>GET /organise</c>: the campaigns the organiser runs.</summary>
    public async Task<IResult> HomeAsync(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        var (caller, refusal) = await OrganiserAsync(http);
        if (caller is null)
        {
            return refusal!;
        }

        var mine = (await campaigns.ListAllAsync(http.RequestAborted)).Where(caller.Organises).OrderBy(c => c.Name, VietnameseText.Collation).ToList();
        return await PageAsync<ConsolePage>(http, caller, StatusCodes.Status200OK, new Dictionary<string, object?> { [nameof(ConsolePage.Campaigns)] = mine });
    }

    /// <summary>
    /// The signed-in organiser (session cookie or organiser key), or the page to answer: a GET
    /// without a sign-in goes to <c>/signin</c>; a unit's session or key is refused (403).
    /// </summary>
    public async Task<(Caller? Caller, IResult? Refusal)> OrganiserAsync(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        var (caller, denied) = await auth.AuthenticateAsync(http.Request, http.RequestAborted);
        if (caller is null)
        {
            return (null, HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method)
                ? Html.SeeOther(http, "/signin")
                : await MessageAsync(http, null, StatusCodes.Status401Unauthorized, OrganiseTexts.NotSignedInTitle, OrganiseTexts.NotSignedIn, signIn: true));
        }

        if (caller.Role != Role.Organiser)
        {
            return (null, await MessageAsync(http, caller, StatusCodes.Status403Forbidden, OrganiseTexts.NotOrganiserTitle, OrganiseTexts.NotOrganiser, signIn: false));
        }

        _ = denied;
        return (caller, null);
    }

    /// <summary>The signed-in organiser and a campaign they run, or the page to answer (another campaign reads as not found).</summary>
    public async Task<(Caller? Caller, Campaign? Campaign, IResult? Refusal)> CampaignAsync(HttpContext http, string campaignId)
    {
        var (caller, refusal) = await OrganiserAsync(http);
        if (caller is null)
        {
            return (null, null, refusal);
        }

        var campaign = Ids.LooksValid(campaignId) ? await campaigns.FindAsync(campaignId, http.RequestAborted) : null;
        return campaign is null || !caller.Organises(campaign)
            ? (caller, null, await MessageAsync(http, caller, StatusCodes.Status404NotFound, OrganiseTexts.NoSuchCampaignTitle, OrganiseTexts.NoSuchCampaign, signIn: false))
            : (caller, campaign, null);
    }

    /// <summary>A console page for the signed-in organiser (the header names them and links the console).</summary>
    public Task<IResult> PageAsync<TPage>(HttpContext http, Caller caller, int status, IReadOnlyDictionary<string, object?> parameters, string? returnTo = null)
        where TPage : Microsoft.AspNetCore.Components.IComponent
    {
        ArgumentNullException.ThrowIfNull(caller);
        return pages.PageAsync<TPage>(http, status, parameters, signedIn: caller.Email, returnTo: returnTo, organiser: true);
    }

    private Task<IResult> MessageAsync(HttpContext http, Caller? caller, int status, string title, string message, bool signIn) =>
        pages.PageAsync<OrganiseMessagePage>(http, status, new Dictionary<string, object?>
        {
            [nameof(OrganiseMessagePage.Title)] = title,
            [nameof(OrganiseMessagePage.Message)] = message,
            [nameof(OrganiseMessagePage.SignIn)] = signIn,
        }, signedIn: caller?.Role == Role.Organiser ? caller.Email : caller?.UnitName, organiser: caller?.Role == Role.Organiser);
}
