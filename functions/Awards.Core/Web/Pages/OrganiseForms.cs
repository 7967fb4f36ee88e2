using Awards.Domain;
using Awards.Security;
using Awards.Web.Pages.Organise;
using Awards.Web.Resources;
using Microsoft.AspNetCore.Http;

namespace Awards.Web.Pages;

/// <summary>What the dashboard's and the units page's forms share: the cross-site check before anything else, and reading a small form.</summary>
internal static class OrganiseForms
{
    /// <summary>
    /// The 403 page for a browser request carrying the session cookie that did not come from this
    /// site's pages, or null. Checked first, so the refusal is a page and not the API's problem document.
    /// </summary>
    private static async Task<IResult?> RefuseCrossSiteAsync(HttpContext http, SignInSessions sessions, PageRenderer pages)
    {
        if (!SignInSessions.HasCookie(http.Request) || sessions.IsFromThisSite(http.Request, required: true))
        {
            return null;
        }

        return await pages.PageAsync<OrganiseMessagePage>(http, StatusCodes.Status403Forbidden, new Dictionary<string, object?>
        {
            [nameof(OrganiseMessagePage.Title)] = SiteTexts.RequestRefused,
            [nameof(OrganiseMessagePage.Message)] = SiteTexts.CrossSiteRefused,
            [nameof(OrganiseMessagePage.SignIn)] = false,
        });
    }

    /// <summary>
    /// What every form of these tabs does first, in this order: refuse a cross-site post, find the
    /// organiser and their campaign (else the console's refusal), read the form (at most
    /// <paramref name="maxBytes"/>; one that does not parse is answered by <paramref name="unreadable"/>).
    /// Either the form and whose it is, or the answer.
    /// </summary>
    public static async Task<(PostedForm? Posted, IResult? Answer)> OpenAsync(
        HttpContext http, string campaignId, int maxBytes, OrganiserPages console, SignInSessions sessions, PageRenderer pages, Func<Caller, Campaign, Task<IResult>> unreadable)
    {
        if (await RefuseCrossSiteAsync(http, sessions, pages) is { } crossSite)
        {
            return (null, crossSite);
        }

        var (caller, campaign, refusal) = await console.CampaignAsync(http, campaignId);
        if (campaign is null)
        {
            return (null, refusal);
        }

        var request = http.Request;
        var form = request.HasFormContentType && request.ContentLength is >= 0 && request.ContentLength <= maxBytes ? await FormBody.TryReadAsync(request, http.RequestAborted) : null;
        return form is null ? (null, await unreadable(caller!, campaign)) : (new PostedForm(caller!, campaign, form), null);
    }

    /// <summary>A form posted by an organiser of the campaign.</summary>
    /// <param name="Caller">The organiser.</param>
    /// <param name="Campaign">The campaign.</param>
    /// <param name="Form">The form.</param>
    public sealed record PostedForm(Caller Caller, Campaign Campaign, IFormCollection Form);
}
