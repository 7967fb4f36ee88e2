using Awards.Web.Pages.Home;
using Awards.Domain;
using Microsoft.AspNetCore.Http;

namespace Awards.Web.Pages;

/// <summary>
/// The site's own pages: <c>GET /</c>, the home page — what the service is, sign-in for units,
/// where reviewers' links come from — and <c>POST /language</c>, the language switch every page carries.
/// </summary>
public sealed class HomePages(PageRenderer pages)
{
    /// <summary>The home page.</summary>
    public Task<IResult> ShowAsync(HttpContext http) =>
        pages.PageAsync<HomePage>(http, StatusCodes.Status200OK, new Dictionary<string, object?>());

    /// <summary><c>POST /language</c> (fields <c>lang</c>, <c>return</c>): remembers the choice and goes back to the page.</summary>
    public async Task<IResult> SwitchLanguageAsync(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        var form = http.Request.HasFormContentType && http.Request.ContentLength is >= 0 and <= 8192 ? await FormBody.TryReadAsync(http.Request, http.RequestAborted) : null;
        if (form is null || Languages.Parse(form["lang"].ToString()) is not { } chosen)
        {
            return Problems.Field("lang", "Choose the language with the button on a page: lang=vi or lang=en.");
        }

        PageLanguage.Remember(http, chosen);
        return Html.SeeOther(http, PageLanguage.SafeReturn(form["return"].ToString()));
    }
}
