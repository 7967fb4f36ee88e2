using Awards.Domain;
using Awards.Outputs;
using Awards.Security;
using Awards.Storage;
using Awards.Web.Pages.Organise;
using Awards.Web.Resources;
using Microsoft.AspNetCore.Http;

namespace Awards.Web.Pages;

/// <summary>
/// The units tab of a campaign in the organisers' console, <c>/organise/campaigns/{id}/units</c>:
/// invite a nominating unit by email (<c>POST …/units</c>: a nominator key issued through
/// <see cref="KeyIssuing"/>, the code of <c>POST /api/keys</c>, then the product's sign-in mail
/// through <see cref="SignInRequests"/>, as if the unit had asked at <c>/signin</c>); the units of
/// the campaign's provinces, or with nominations in it, with their activity
/// (<see cref="CampaignUnits"/>); and revoking a unit's keys (<c>POST …/units/revoke</c>, with a
/// confirmation: <see cref="KeyIssuing.RevokeAsync"/>, the code of <c>POST /api/keys/{id}/revoke</c>,
/// which ends the key's sessions too).
/// </summary>
public sealed class OrganiseUnitsPages(OrganiserPages console, CampaignUnits units, KeyIssuing issuing, ApiKeyStore keys, SignInRequests signIn, SignInSessions sessions, PageRenderer pages)
{
    // The invitation carries four short fields; the revocation two.
    private const int MaxFormBytes = 4 * 1024;

    /// <summary>The units page's path for a campaign.</summary>
    public static string PathOf(string campaignId) => OrganiseDashboardPages.PathOf(campaignId) + "/units";

    /// <summary><c>GET /organise/campaigns/{id}/units</c>: the invitation form and the units (<c>?done=invited|revoked</c> after an action).</summary>
    public async Task<IResult> ShowAsync(HttpContext http, string campaignId)
    {
        ArgumentNullException.ThrowIfNull(http);
        var (caller, campaign, refusal) = await console.CampaignAsync(http, campaignId);
        if (campaign is null)
        {
            return refusal!;
        }

        var done = http.Request.Query["done"].ToString() switch
        {
            "invited" => UnitsPage.Done.Invited,
            "reinvited" => UnitsPage.Done.Reinvited,
            "revoked" => UnitsPage.Done.Revoked,
            _ => (UnitsPage.Done?)null,
        };
        var unit = http.Request.Query["unit"].ToString();
        return await PageAsync(http, caller!, campaign, StatusCodes.Status200OK, new UnitsPage.State { Done = done, DoneUnit = unit.Length is > 0 and <= 300 ? unit : null });
    }

    /// <summary>
    /// <c>POST /organise/campaigns/{id}/units</c> (<c>unitName</c>, <c>provinceCode</c> — one of the
    /// campaign's —, <c>email</c>, <c>language</c>): issues the unit a nominator key and mails it a
    /// sign-in link; an address that already holds a working key of the unit only gets the mail
    /// again. Each error is shown at its field and nothing is issued.
    /// </summary>
    public async Task<IResult> InviteAsync(HttpContext http, string campaignId)
    {
        ArgumentNullException.ThrowIfNull(http);
        var ct = http.RequestAborted;
        var (posted, answer) = await OrganiseForms.OpenAsync(http, campaignId, MaxFormBytes, console, sessions, pages,
            (who, which) => PageAsync(http, who, which, StatusCodes.Status400BadRequest, new UnitsPage.State { PageError = SiteTexts.UnreadableForm }));
        if (posted is null)
        {
            return answer!;
        }

        var (caller, campaign, form) = posted;

        var invite = new UnitsPage.Invitation(form["unitName"].ToString(), form["provinceCode"].ToString(), form["email"].ToString(), form["language"].ToString());
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);

        // The key's own rules (address, unit name, province code) are those of POST /api/keys; the
        // page adds what a campaign's form knows: the province is one of the campaign's.
        foreach (var error in KeyIssuing.Check(Role.Nominator, invite.Email, invite.UnitName, invite.ProvinceCode).Values)
        {
            _ = error switch
            {
                KeyFieldError.Email => errors[UnitsPage.EmailField] = Texts.Format(OrganiseDashboardTexts.EmailInvalid, KeyIssuing.MaxEmailLength),
                KeyFieldError.UnitName => errors[UnitsPage.UnitNameField] = Texts.Format(OrganiseDashboardTexts.UnitNameRequired, KeyIssuing.MaxUnitNameLength),
                _ => errors[UnitsPage.ProvinceField] = OrganiseDashboardTexts.ProvinceRequired,
            };
        }

        var province = invite.ProvinceCode.Trim();
        if (!campaign.Provinces.Any(p => p.Code == province))
        {
            errors[UnitsPage.ProvinceField] = OrganiseDashboardTexts.ProvinceRequired;
        }

        var language = invite.Language.Length == 0 ? Language.Vi : Languages.Parse(invite.Language);
        if (language is null)
        {
            errors[UnitsPage.LanguageField] = OrganiseDashboardTexts.LanguageInvalid;
        }

        if (errors.Count > 0)
        {
            return await PageAsync(http, caller, campaign, StatusCodes.Status400BadRequest, new UnitsPage.State { Invite = invite, Errors = errors });
        }

        // Invited before and the key still works: only the sign-in mail again, no second key.
        var email = invite.Email.Trim();
        var unitName = VietnameseText.Normalize(invite.UnitName)!;
        var unitKey = NominationStore.UnitKey(unitName, province);
        if ((await keys.NominatorKeysOfAsync(email, ct)).Any(k => NominationStore.UnitKey(k.Record.UnitName ?? string.Empty, k.Record.ProvinceCode ?? string.Empty) == unitKey))
        {
            await signIn.QueueAsync(email, ct);
            return Html.SeeOther(http, PathOf(campaign.Id) + "?done=reinvited&unit=" + Uri.EscapeDataString(unitName));
        }

        var (issued, _) = await issuing.IssueAsync(Role.Nominator, email, unitName, province, language, caller.Email, ct);

        // The product's sign-in mail, exactly as when the unit asks for a link at /signin: the sender
        // now finds the address holding a nominator key and mails it a link, in the language chosen here.
        await signIn.QueueAsync(issued!.Record.Email, ct);
        return Html.SeeOther(http, PathOf(campaign.Id) + "?done=invited&unit=" + Uri.EscapeDataString(issued.Record.UnitName!));
    }

    /// <summary>
    /// <c>POST /organise/campaigns/{id}/units/revoke</c> (<c>unit</c>: the unit's key as listed,
    /// <c>confirm=yes</c>): revokes every working key of one of the campaign's units and ends their
    /// sessions. Without the confirmation, the page again with the error at the box.
    /// </summary>
    public async Task<IResult> RevokeAsync(HttpContext http, string campaignId)
    {
        ArgumentNullException.ThrowIfNull(http);
        var ct = http.RequestAborted;
        var (posted, answer) = await OrganiseForms.OpenAsync(http, campaignId, MaxFormBytes, console, sessions, pages,
            (who, which) => PageAsync(http, who, which, StatusCodes.Status400BadRequest, new UnitsPage.State { PageError = SiteTexts.UnreadableForm }));
        if (posted is null)
        {
            return answer!;
        }

        var (caller, campaign, form) = posted;

        // Only a unit this page lists: an organiser revokes through their campaign's units, not any key.
        var unitKey = form["unit"].ToString();
        var listed = await units.ListAsync(campaign, ct);
        if (listed.FirstOrDefault(u => u.UnitKey == unitKey) is not { } unit)
        {
            return await PageAsync(http, caller, campaign, StatusCodes.Status404NotFound, new UnitsPage.State { PageError = OrganiseDashboardTexts.RevokeUnknownUnit }, listed);
        }

        if (form["confirm"].ToString() != "yes")
        {
            return await PageAsync(http, caller, campaign, StatusCodes.Status400BadRequest, new UnitsPage.State { RevokeUnit = unitKey, RevokeError = OrganiseDashboardTexts.RevokeConfirmRequired }, listed);
        }

        var active = unit.Keys.Where(k => k.RevokedAt is null).ToList();
        if (active.Count == 0)
        {
            return await PageAsync(http, caller, campaign, StatusCodes.Status409Conflict, new UnitsPage.State { RevokeUnit = unitKey, RevokeError = OrganiseDashboardTexts.NothingToRevoke }, listed);
        }

        foreach (var key in active)
        {
            await issuing.RevokeAsync(key.Id, caller.Email, ct);
        }

        return Html.SeeOther(http, PathOf(campaign.Id) + "?done=revoked&unit=" + Uri.EscapeDataString(unit.UnitName));
    }

    private async Task<IResult> PageAsync(HttpContext http, Caller caller, Campaign campaign, int status, UnitsPage.State state, IReadOnlyList<UnitActivity>? listed = null) =>
        await console.PageAsync<UnitsPage>(http, caller, status, new Dictionary<string, object?>
        {
            [nameof(UnitsPage.Campaign)] = campaign,
            [nameof(UnitsPage.Units)] = listed ?? await units.ListAsync(campaign, http.RequestAborted),
            [nameof(UnitsPage.Current)] = state,
        }, returnTo: PathOf(campaign.Id));
}
