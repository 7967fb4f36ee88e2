using System.Text;
using Awards.Domain;
using Awards.Security;
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
    TimeProvider time)
{
    /// <summary>Longest address accepted (RFC 5321's limit for a forward path).</summary>
    public const int MaxEmailLength = 254;

    // The forms carry one short field; anything larger is not from these pages.
    private const int MaxFormBytes = 4 * 1024;

    // What a form body that does not parse is told (only a client other than these pages sends one).
    private static readonly (string Vi, string En) UnreadableForm =
        ("Không đọc được biểu mẫu đã gửi. Hãy dùng biểu mẫu trên trang này.", "The form that was sent could not be read. Use the form on this page.");

    /// <summary><c>GET /signin</c>: the address form.</summary>
    public Task<IResult> ShowFormAsync(HttpContext http) =>
        Task.FromResult(FormPage(StatusCodes.Status200OK, null));

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
            return CrossSite();
        }

        if (!http.Request.HasFormContentType || http.Request.ContentLength is null or > MaxFormBytes)
        {
            return FormPage(StatusCodes.Status400BadRequest, ("Hãy nhập địa chỉ email vào biểu mẫu trên trang này.", "Enter your email address in the form on this page."));
        }

        // A body that does not parse (a broken multipart part, one cut off) gets the form again, with why.
        var form = await FormBody.TryReadAsync(http.Request, ct);
        if (form is null)
        {
            return FormPage(StatusCodes.Status400BadRequest, UnreadableForm);
        }

        var email = form["email"].ToString().Trim();
        if (email.Length > MaxEmailLength || !CampaignValidator.IsEmail(email))
        {
            return FormPage(StatusCodes.Status400BadRequest, ("Địa chỉ email không hợp lệ.", "That is not a valid email address."));
        }

        // Nothing is looked up here: whether a link goes out (registered? within its limit?) is
        // decided by the sender, so a registered address, an unknown one and one over its limit
        // get the same page after the same single write.
        await requests.QueueAsync(email, ct);
        return Page(StatusCodes.Status200OK, "Đăng nhập", "Sign in",
            $"<p class=\"notice ok\" id=\"sent\" role=\"status\">{Bi(
                $"Nếu địa chỉ này đã được đăng ký, liên kết đăng nhập đang được gửi đến hộp thư. Liên kết có hiệu lực {SignInLinks.Lifetime.TotalMinutes:0} phút và chỉ dùng được một lần.",
                "If the address is registered, a sign-in link is on its way. It works once, for a few minutes.")}</p>"
            + FormMarkup());
    }

    /// <summary><c>GET/HEAD /signin/{token}</c>: shows the sign-in button, or why the link does not work. Never signs in.</summary>
    public async Task<IResult> ShowLinkAsync(HttpContext http, string token)
    {
        ArgumentNullException.ThrowIfNull(http);
        var ct = http.RequestAborted;
        var (claims, accounts, refusal) = await OpenAsync(token, ct);
        if (claims is null)
        {
            return refusal!;
        }

        var body = new StringBuilder("<p>")
            .Append(Bi($"Đăng nhập hệ thống khen thưởng với địa chỉ {claims.Email}.", $"Sign in to the awards system as {claims.Email}."))
            .Append("</p>");
        foreach (var (hash, record) in accounts)
        {
            body.Append("<form method=\"post\"><input type=\"hidden\" name=\"account\" value=\"").Append(E(ApiKeyStore.IdOf(hash))).Append("\"><p>")
                .Append(Bi($"Đơn vị: {record.UnitName} ({record.ProvinceCode})", $"Unit: {record.UnitName} ({record.ProvinceCode})"))
                .Append("</p>").Append(LanguageChoice(record.Language)).Append("<button type=\"submit\">Đăng nhập / Sign in</button></form>");
        }

        return Page(StatusCodes.Status200OK, "Đăng nhập", "Sign in", body.ToString());
    }

    /// <summary><c>POST /signin/{token}</c>: uses the link (once) and sets the session cookie, then shows who is signed in.</summary>
    public async Task<IResult> SignInAsync(HttpContext http, string token)
    {
        ArgumentNullException.ThrowIfNull(http);
        var ct = http.RequestAborted;

        // Login CSRF: another site must not sign a visitor in as someone else.
        if (!sessions.IsFromThisSite(http.Request, required: false))
        {
            return CrossSite();
        }

        var (claims, accounts, refusal) = await OpenAsync(token, ct);
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
                return Page(StatusCodes.Status400BadRequest, "Hãy chọn đơn vị", "Choose a unit",
                    $"<p class=\"notice error\">{Bi(UnreadableForm.Vi, UnreadableForm.En)}</p>");
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
            return Page(StatusCodes.Status400BadRequest, "Hãy chọn đơn vị", "Choose a unit",
                $"<p class=\"notice error\">{Bi("Hãy mở lại liên kết trong email và bấm nút Đăng nhập của đơn vị mình.", "Open the link in the email again and press the Sign in button of your unit.")}</p>");
        }

        var now = time.GetUtcNow();
        if (!await store.TryClaimLinkAsync(claims, chosen.Hash, now, ct))
        {
            return UsedPage(await store.UsedAtAsync(claims, ct));
        }

        var sessionId = await sessionRows.StartAsync(claims.Email, chosen.Hash, now, now + SignInSessions.Lifetime, ct);
        sessions.SignIn(http, new SessionClaims(chosen.Hash, claims.Email, now, sessionId));
        if (language is { } chosenLanguage)
        {
            // Stored with every key of the address: their mail comes in this language from now on.
            await keys.SetLanguageAsync(claims.Email, chosenLanguage, ct);
        }

        // Post/Redirect/Get: a reload shows the signed-in page instead of posting the used link again.
        return SeeOther(http, "/signin/me");
    }

    /// <summary><c>GET /signin/me</c>: who is signed in (unit, province, email), or a 401 page linking to <c>/signin</c>.</summary>
    public async Task<IResult> MeAsync(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        var (caller, _) = await auth.AuthenticateAsync(http.Request, http.RequestAborted);
        if (caller is null)
        {
            return Page(StatusCodes.Status401Unauthorized, "Chưa đăng nhập", "Not signed in",
                $"<p class=\"notice\">{Bi("Bạn chưa đăng nhập hoặc phiên đăng nhập đã hết hạn.", "You are not signed in, or your session has ended.")}</p>"
                + $"<p><a id=\"signin\" href=\"{E(http.Request.PathBase + "/signin")}\">Đăng nhập / Sign in</a></p>");
        }

        var body = new StringBuilder("<p class=\"notice ok\">").Append(Bi("Bạn đã đăng nhập.", "You are signed in.")).Append("</p><table>")
            .Append("<tr><th>").Append(Bi("Đơn vị", "Unit")).Append("</th><td id=\"unit\">").Append(E(caller.UnitName)).Append("</td></tr>")
            .Append("<tr><th>").Append(Bi("Tỉnh, thành phố", "Province")).Append("</th><td id=\"province\">").Append(E(caller.ProvinceCode)).Append("</td></tr>")
            .Append("<tr><th>Email</th><td id=\"email\">").Append(E(caller.Email)).Append("</td></tr></table>")
            .Append("<form method=\"post\" action=\"").Append(E(http.Request.PathBase + "/signout")).Append("\"><p><button type=\"submit\">Đăng xuất / Sign out</button></p></form>")
            .Append("<form method=\"post\" action=\"").Append(E(http.Request.PathBase + "/signout?everywhere=true")).Append("\"><p>")
            .Append(Bi("Kết thúc mọi phiên đăng nhập của địa chỉ này, trên mọi thiết bị (ví dụ khi bị mất máy).", "End every session of this address, on every device (e.g. after losing one)."))
            .Append("<br><button type=\"submit\">Đăng xuất khỏi mọi nơi / Sign out everywhere</button></p></form>");
        return Page(StatusCodes.Status200OK, "Đã đăng nhập", "Signed in", body.ToString());
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
            return CrossSite();
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
    private async Task<(SignInLinkClaims? Claims, IReadOnlyList<(string Hash, ApiKeyRecord Record)> Accounts, IResult? Refusal)> OpenAsync(string token, CancellationToken ct)
    {
        var (check, claims) = links.Read(token);
        if (check == LinkCheck.Tampered || claims is null)
        {
            return (null, [], Page(StatusCodes.Status400BadRequest, "Liên kết không hợp lệ", "This link is not valid",
                $"<p class=\"notice error\" id=\"refused\">{Bi("Liên kết đã bị thay đổi hoặc không phải do hệ thống tạo ra. Hãy dùng đúng liên kết trong email, hoặc xin liên kết mới.", "The link was altered or was not made by this system. Use the link exactly as it is in the email, or ask for a new one.")}</p>"
                + AskAgain()));
        }

        if (check == LinkCheck.Expired)
        {
            return (null, [], Page(StatusCodes.Status410Gone, "Liên kết đã hết hạn", "This link has expired",
                $"<p class=\"notice error\" id=\"refused\">{Bi($"Liên kết hết hạn lúc {VietnameseText.FormatInstant(claims.ExpiresAt)}. Hãy xin liên kết mới.", "Ask for a new sign-in link.")}</p>"
                + AskAgain()));
        }

        if (await store.UsedAtAsync(claims, ct) is { } usedAt)
        {
            return (null, [], UsedPage(usedAt));
        }

        var accounts = await keys.NominatorKeysOfAsync(claims.Email, ct);
        if (accounts.Count == 0)
        {
            return (null, [], Page(StatusCodes.Status410Gone, "Không còn đăng nhập được", "Sign-in is no longer possible",
                $"<p class=\"notice error\" id=\"refused\">{Bi("Địa chỉ này không còn được cấp quyền của đơn vị trình khen thưởng. Hãy liên hệ ban tổ chức.", "This address no longer holds a nominating unit's key. Contact the organisers.")}</p>"));
        }

        return (claims, accounts, null);
    }

    private static IResult UsedPage(DateTimeOffset? usedAt) =>
        Page(StatusCodes.Status410Gone, "Liên kết đã được sử dụng", "This link was already used",
            $"<p class=\"notice error\" id=\"refused\">{Bi(
                usedAt is { } at ? $"Liên kết này đã được dùng để đăng nhập lúc {VietnameseText.FormatInstant(at)}. Mỗi liên kết chỉ dùng được một lần." : "Liên kết này đã được dùng. Mỗi liên kết chỉ dùng được một lần.",
                "Each sign-in link works once. Ask for a new one if you need to sign in again.")}</p>" + AskAgain());

    private static IResult CrossSite() =>
        Page(StatusCodes.Status403Forbidden, "Yêu cầu bị từ chối", "Request refused",
            $"<p class=\"notice error\">{Bi("Yêu cầu này không đến từ trang của hệ thống.", "This request did not come from this site's own pages.")}</p>");

    private static IResult FormPage(int status, (string Vi, string En)? error) =>
        Page(status, "Đăng nhập", "Sign in",
            (error is { } e ? $"<p class=\"notice error\" role=\"alert\">{Bi(e.Vi, e.En)}</p>" : string.Empty) + FormMarkup());

    private static string FormMarkup() =>
        "<form method=\"post\" action=\"/signin\"><p><label for=\"email\">"
        + Bi("Địa chỉ email đã đăng ký với ban tổ chức", "The email address registered with the organisers")
        + $"</label><br><input id=\"email\" name=\"email\" type=\"email\" required autocomplete=\"email\" maxlength=\"{MaxEmailLength}\" size=\"40\"></p>"
        + "<p><button type=\"submit\">Gửi liên kết đăng nhập / Email me a sign-in link</button></p></form>";

    private static string LanguageChoice(Language current) =>
        "<p><label>" + Bi("Ngôn ngữ của thư gửi cho bạn", "Language of the mail you get")
        + " <select name=\"language\">"
        + $"<option value=\"vi\"{(current == Language.Vi ? " selected" : string.Empty)}>Tiếng Việt</option>"
        + $"<option value=\"en\"{(current == Language.En ? " selected" : string.Empty)}>English</option>"
        + "</select></label></p>";

    private static string AskAgain() =>
        $"<p><a href=\"/signin\">{Bi("Xin liên kết đăng nhập mới", "Ask for a new sign-in link")}</a></p>";
}
