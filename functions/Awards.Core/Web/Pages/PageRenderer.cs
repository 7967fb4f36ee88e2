using System.Text;
using Awards.Domain;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Awards.Web.Pages;

/// <summary>What every page's layout needs to know about the request.</summary>
/// <param name="Language">The language the page is shown in.</param>
/// <param name="Path">The page's own path and query (the language switch comes back to it).</param>
/// <param name="SignedIn">The signed-in unit's name (or organiser's address), when someone is signed in (the header offers their home and sign-out).</param>
/// <param name="Organiser">True when the one signed in is an organiser: their home is the console (<c>/organise</c>), not a unit's workspace.</param>
public sealed record PageChrome(Language Language, string Path, string? SignedIn = null, bool Organiser = false);

/// <summary>
/// Renders a page's Razor component to HTML (markup encoded by the renderer; Vietnamese kept as
/// letters, not entities) in the visitor's language, and answers it: never cached, no referrer,
/// a Content-Security-Policy that allows only this site's own styles and scripts. Pages and mail
/// are built this way and no other.
/// </summary>
public sealed class PageRenderer(IServiceProvider services, ILoggerFactory loggers)
{
    /// <summary>
    /// The page <typeparamref name="TPage"/> with <paramref name="parameters"/>, in the request's
    /// language, as a result with <paramref name="status"/>. The language switch comes back to the
    /// request's own path, or to <paramref name="returnTo"/> — for a page answering a POST whose
    /// path does not answer a GET.
    /// </summary>
    public async Task<IResult> PageAsync<TPage>(HttpContext http, int status, IReadOnlyDictionary<string, object?> parameters, string? signedIn = null, string? returnTo = null, bool organiser = false)
        where TPage : IComponent
    {
        ArgumentNullException.ThrowIfNull(http);
        var language = PageLanguage.Of(http.Request);
        var chrome = new PageChrome(language, returnTo ?? http.Request.Path + http.Request.QueryString, signedIn, organiser);
        var all = new Dictionary<string, object?>(parameters, StringComparer.Ordinal) { ["Chrome"] = chrome };
        return new HtmlPage(status, await RenderAsync<TPage>(language, all));
    }

    /// <summary>Renders a component to an HTML string in <paramref name="language"/> (pages, and the HTML part of mail).</summary>
    public async Task<string> RenderAsync<TComponent>(Language language, IReadOnlyDictionary<string, object?> parameters)
        where TComponent : IComponent
    {
        var culture = PageLanguage.CultureOf(language);
        await using var renderer = new HtmlRenderer(services, loggers);
        return await renderer.Dispatcher.InvokeAsync(async () =>
        {
            // Resource classes read the current UI culture: set it where the component renders.
            System.Globalization.CultureInfo.CurrentUICulture = culture;
            System.Globalization.CultureInfo.CurrentCulture = culture;
            var output = await renderer.RenderComponentAsync<TComponent>(ParameterView.FromDictionary(parameters.ToDictionary(p => p.Key, p => p.Value)));
            return output.ToHtmlString();
        });
    }

    /// <summary>A rendered page: HTML, never cached, sent with the product's security headers.</summary>
    private sealed class HtmlPage(int status, string html) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            var response = httpContext.Response;
            response.StatusCode = status;
            response.ContentType = "text/html; charset=utf-8";
            Html.SecurityHeaders(response);
            var bytes = Encoding.UTF8.GetBytes(html);
            response.ContentLength = bytes.Length;
            if (!HttpMethods.IsHead(httpContext.Request.Method))
            {
                await response.Body.WriteAsync(bytes, httpContext.RequestAborted);
            }
        }
    }
}
