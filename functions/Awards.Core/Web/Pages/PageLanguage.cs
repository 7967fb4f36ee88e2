using System.Globalization;
using Awards.Domain;
using Microsoft.AspNetCore.Http;

namespace Awards.Web.Pages;

/// <summary>
/// The language pages are shown in: Vietnamese unless the visitor chose English with the switch
/// on every page (<c>POST /language</c>), remembered in a cookie for a year. Mail follows each
/// recipient's own language instead (<see cref="Mail.Mailer"/>).
/// </summary>
public static class PageLanguage
{
    /// <summary>The cookie that remembers the choice.</summary>
    public const string CookieName = "awards_lang";

    /// <summary>The language of this request's pages.</summary>
    public static Language Of(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.Cookies.TryGetValue(CookieName, out var value) && Languages.Parse(value) is { } chosen ? chosen : Language.Vi;
    }

    /// <summary>The culture resource files are read in for a language (Vietnamese is the neutral one).</summary>
    public static CultureInfo CultureOf(Language language) => language == Language.En ? CultureInfo.GetCultureInfo("en") : CultureInfo.GetCultureInfo("vi");

    /// <summary>
    /// Makes the request's language the UI culture of its handling, so the texts a handler picks
    /// (an error to show) and the page it renders are in one language. Both hosts call this for
    /// every request, before the handler.
    /// </summary>
    public static void Apply(HttpRequest request) => CultureInfo.CurrentUICulture = CultureOf(Of(request));

    /// <summary>Remembers the visitor's choice.</summary>
    public static void Remember(HttpContext http, Language language)
    {
        ArgumentNullException.ThrowIfNull(http);
        http.Response.Cookies.Append(CookieName, language.Code(), new CookieOptions
        {
            // A preference, not a credential: readable by nothing but the server, sent on top-level navigations only.
            HttpOnly = true,
            SameSite = SameSiteMode.Lax,
            Secure = http.Request.IsHttps,
            Path = "/",
            MaxAge = TimeSpan.FromDays(365),
            IsEssential = true,
        });
    }

    /// <summary>A path of this site to go back to after switching (anything else goes home).</summary>
    public static string SafeReturn(string? path) =>
        path is { Length: > 0 and <= 2048 } p && p[0] == '/' && !p.StartsWith("//", StringComparison.Ordinal) && !p.Contains('\\', StringComparison.Ordinal) && !p.Any(char.IsControl)
            ? p
            : "/";
}
