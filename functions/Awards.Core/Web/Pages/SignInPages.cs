using System.Globalization;
using Awards.Domain;
using Awards.Security;
using Awards.Web.Pages.SignIn;
using Awards.Web.Resources;
using Microsoft.AspNetCore.Http;
using static Awards.Web.Pages.Html;

namespace Awards.Web.Pages;

/// <summary>
/// Nominator sign-in by emailed link: <c>/signin</c> asks for the address, <c>/signin/{token}</c>
/// shows a button (GET and HEAD only show: mail scanners fetch every link) whose POST signs in
/// with a session cookie (naming a session row on the server), <c>/signin/me</c> shows who is
/// signed in, <c>/signout</c> ends the session on the server and clears the cookie
/// (<c>?everywhere=true</c>: every session of the address).
/// </summary>
public sealed class SignInPages(
    SignInLinks links,
    SignInStore store,
    SignInSessions sessions,
    SessionStore sessionRows,
    SignInRequests requests,
    ApiKeyStore keys,
    Authenticator auth,
    PageRenderer pages,
    TimeProvider time)
{
    /// <summary>Longest address accepted (RFC 5321's limit for a forward path).</summary>
    public const int MaxEmailLength = 254;

    // The forms carry one short field; anything larger is not from these pages.
    private const int MaxFormBytes = 4 * 1024;

    /// <summary><c>GET /signin</c>: the address form.</summary>
    public Task<IResult> ShowFormAsync(HttpContext http) => FormPageAsync(http, StatusCodes.Status200OK, null);

    /// <summary>
    /// <c>POST /signin</c>: queues a request for a sign-in link (<see cref="SignInRequests"/>: the
    /// mail sender emails one only when the address holds a nominator key) and answers the same
    /// page whatever the address, after the same work — so neither the answer nor its timing
    /// tells anyone who is registered.
    /// </summary>
    public async Task<IResult> RequestLinkAsync(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        var ct = http.RequestAborted;
        if (!sessions.IsFromThisSite(http.Request, required: false))
        {
            return await CrossSiteAsync(http);
        }

        if (!http.Request.HasFormContentType || http.Request.ContentLength is null or > MaxFormBytes)
        {
            return await FormPageAsync(http, StatusCodes.Status400BadRequest, SignInTexts.EnterEmail);
        }

        // A body that does not parse (a broken multipart part, one cut off) gets the form again, with why.
        var form = await FormBody.TryReadAsync(http.Request, ct);
        if (form is null)
        {
            return await FormPageAsync(http, StatusCodes.Status400BadRequest, SiteTexts.UnreadableForm);
        }

        var email = form["email"].ToString().Trim();
        if (email.Length > MaxEmailLength || !CampaignValidator.IsEmail(email))
        {
            return await FormPageAsync(http, StatusCodes.Status400BadRequest, SignInTexts.InvalidEmail);
        }

        // Nothing is looked up here: whether a link goes out (registered? within its limit?) is
        // decided by the sender, so a registered address, an unknown one and one over its limit
        // get the same page after the same single write.
        await requests.QueueAsync(email, ct);
        return await FormPageAsync(http, StatusCodes.Status200OK, null, sent: true);
    }

    /// <summary><c>GET/HEAD /signin/{token}</c>: shows the sign-in button, or why the link does not work. Never signs in.</summary>
    public async Task<IResult> ShowLinkAsync(HttpContext http, string token)
    {
        ArgumentNullException.ThrowIfNull(http);
        var ct = http.RequestAborted;
        var (claims, accounts, refusal) = await OpenAsync(http, token, ct);
        if (claims is null)
        {
            return refusal!;
        }

        return await pages.PageAsync<SignInLinkPage>(http, StatusCodes.Status200OK, new Dictionary<string, object?>
        {
            [nameof(SignInLinkPage.Email)] = claims.Email,
            [nameof(SignInLinkPage.Units)] = accounts.Select(a => new SignInLinkPage.UnitChoice(ApiKeyStore.IdOf(a.Hash), a.Record.Role == Role.Organiser ? SignInTexts.OrganiserAccount : a.Record.UnitName ?? string.Empty, a.Record.ProvinceCode ?? string.Empty, a.Record.Language, a.Record.Role == Role.Organiser)).ToList(),
        });
    }

    /// <summary><c>POST /signin/{token}</c>: uses the link (once) and sets the session cookie, then shows who is signed in.</summary>
    public async Task<IResult> SignInAsync(HttpContext http, string token)
    {
        ArgumentNullException.ThrowIfNull(http);
        var ct = http.RequestAborted;

        // Login CSRF: another site must not sign a visitor in as someone else.
        if (!sessions.IsFromThisSite(http.Request, required: false))
        {
            return await CrossSiteAsync(http);
        }

        var (claims, accounts, refusal) = await OpenAsync(http, token, ct);
        if (claims is null)
        {
            return refusal!;
        }

        var chosen = accounts.Count == 1 ? accounts[0] : default;
        Language? language = null;
        if (http.Request.HasFormContentType)
        {
            // A form this page did not send (too large, or one that does not parse) signs nobody in.
            var form = http.Request.ContentLength is >= 0 and <= MaxFormBytes ? await FormBody.TryReadAsync(http.Request, ct) : null;
            if (form is null)
            {
                // Nothing is claimed: the link still works from the page's own button.
                return await RefusedAsync(http, StatusCodes.Status400BadRequest, SignInTexts.ChooseUnitTitle, SiteTexts.UnreadableForm, askAgain: false);
            }

            var account = form["account"].ToString();
            if (ApiKeyStore.IsId(account))
            {
                // The unit is chosen by its key's id: unique among one address's keys, and not the whole hash.
                chosen = accounts.FirstOrDefault(a => a.Hash.StartsWith(account, StringComparison.Ordinal));
            }

            language = Languages.Parse(form["language"].ToString());
        }

        if (chosen.Record is null)
        {
            return await RefusedAsync(http, StatusCodes.Status400BadRequest, SignInTexts.ChooseUnitTitle, SignInTexts.ChooseUnit, askAgain: false);
        }

        var now = time.GetUtcNow();
        if (!await store.TryClaimLinkAsync(claims, chosen.Hash, now, ct))
        {
            return await UsedPageAsync(http, await store.UsedAtAsync(claims, ct));
        }

        var sessionId = await sessionRows.StartAsync(claims.Email, chosen.Hash, now, now + SignInSessions.Lifetime, ct);
        sessions.SignIn(http, new SessionClaims(chosen.Hash, claims.Email, now, sessionId));
        if (language is { } chosenLanguage)
        {
            // Stored with every key of the address: their mail comes in this language from now on.
            await keys.SetLanguageAsync(claims.Email, chosenLanguage, ct);
        }

        // Post/Redirect/Get: a reload shows the signed-in page instead of posting the used link again.
        return SeeOther(http, chosen.Record.Role == Role.Organiser ? "/organise" : "/signin/me");
    }

    /// <summary><c>GET /signin/me</c>: who is signed in (unit, province, email), or a 401 page linking to <c>/signin</c>.</summary>
    public async Task<IResult> MeAsync(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        var (caller, _) = await auth.AuthenticateAsync(http.Request, http.RequestAborted);
        return await pages.PageAsync<SignedInPage>(
            http,
            caller is null ? StatusCodes.Status401Unauthorized : StatusCodes.Status200OK,
            new Dictionary<string, object?> { [nameof(SignedInPage.Caller)] = caller },
            signedIn: caller?.UnitName);
    }

    /// <summary>
    /// <c>POST /signout</c>: ends the session on the server — a copy of the cookie kept elsewhere
    /// stops working at once — and clears the cookie. With <c>?everywhere=true</c>, ends every
    /// session of the signed-in address (other browsers, other devices) as well.
    /// </summary>
    public async Task<IResult> SignOutAsync(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        var ct = http.RequestAborted;
        if (!sessions.IsFromThisSite(http.Request, required: false))
        {
            return await CrossSiteAsync(http);
        }

        if (sessions.Read(http.Request) is { } session)
        {
            if (string.Equals(http.Request.Query["everywhere"], "true", StringComparison.OrdinalIgnoreCase))
            {
                // Only a live session ends the others: a copy of an ended cookie cannot sign its owner out again and again.
                if (await sessionRows.IsActiveAsync(session, time.GetUtcNow(), ct))
                {
                    await sessionRows.EndAllAsync(session.Email, keyHash: null, time.GetUtcNow(), ct);
                }
            }
            else
            {
                await sessionRows.EndAsync(session, ct);
            }
        }

        sessions.SignOut(http);
        return SeeOther(http, "/signin");
    }

    // Checks the link without changing anything: signature, expiry, use, and that the address
    // still holds a nominator key. GET and POST share it, so both refuse alike.
    private async Task<(SignInLinkClaims? Claims, IReadOnlyList<(string Hash, ApiKeyRecord Record)> Accounts, IResult? Refusal)> OpenAsync(HttpContext http, string token, CancellationToken ct)
    {
        var (check, claims) = links.Read(token);
        if (check == LinkCheck.Tampered || claims is null)
        {
            return (null, [], await RefusedAsync(http, StatusCodes.Status400BadRequest, SignInTexts.InvalidLinkTitle, SignInTexts.InvalidLink, askAgain: true));
        }

        if (check == LinkCheck.Expired)
        {
            return (null, [], await RefusedAsync(http, StatusCodes.Status410Gone, SignInTexts.ExpiredTitle,
                Texts.Format(SignInTexts.Expired, VietnameseText.FormatInstant(claims.ExpiresAt)), askAgain: true));
        }

        if (await store.UsedAtAsync(claims, ct) is { } usedAt)
        {
            return (null, [], await UsedPageAsync(http, usedAt));
        }

        var accounts = await keys.SignInKeysOfAsync(claims.Email, ct);
        if (accounts.Count == 0)
        {
            return (null, [], await RefusedAsync(http, StatusCodes.Status410Gone, SignInTexts.NoKeyTitle, SignInTexts.NoKey, askAgain: false));
        }

        return (claims, accounts, null);
    }

    private Task<IResult> UsedPageAsync(HttpContext http, DateTimeOffset? usedAt) =>
        RefusedAsync(http, StatusCodes.Status410Gone, SignInTexts.UsedTitle,
            usedAt is { } at ? Texts.Format(SignInTexts.UsedAt, VietnameseText.FormatInstant(at)) : SignInTexts.Used,
            askAgain: true);

    private Task<IResult> CrossSiteAsync(HttpContext http) =>
        RefusedAsync(http, StatusCodes.Status403Forbidden, SiteTexts.RequestRefused, SiteTexts.CrossSiteRefused, askAgain: false);

    private Task<IResult> RefusedAsync(HttpContext http, int status, string title, string message, bool askAgain) =>
        pages.PageAsync<SignInRefusedPage>(http, status, new Dictionary<string, object?>
        {
            [nameof(SignInRefusedPage.Title)] = title,
            [nameof(SignInRefusedPage.Message)] = message,
            [nameof(SignInRefusedPage.AskAgain)] = askAgain,
        });

    private Task<IResult> FormPageAsync(HttpContext http, int status, string? error, bool sent = false) =>
        pages.PageAsync<SignInFormPage>(http, status, new Dictionary<string, object?>
        {
            [nameof(SignInFormPage.Error)] = error,
            [nameof(SignInFormPage.Sent)] = sent,
            [nameof(SignInFormPage.LinkMinutes)] = (int)SignInLinks.Lifetime.TotalMinutes,
            [nameof(SignInFormPage.MaxEmailLength)] = MaxEmailLength,
        });
}
