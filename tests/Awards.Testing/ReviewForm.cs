using System.Net;
using System.Text.RegularExpressions;

namespace Awards.Testing;

/// <summary>
/// Posts a review page's decision form as a browser would: it loads the page first and sends
/// back the hidden fields that say which nominees (and document versions) the page showed —
/// the product decides exactly those and nothing else.
/// </summary>
public static partial class ReviewForm
{
    /// <summary>Loads <paramref name="link"/>, then posts <paramref name="fields"/> with the page's hidden <c>shown</c> fields.</summary>
    public static async Task<HttpResponseMessage> PostAsync(HttpClient http, Uri link, IEnumerable<KeyValuePair<string, string>> fields)
    {
        ArgumentNullException.ThrowIfNull(http);
        return await PostAsync(http, link, await ShownAsync(http, link), fields);
    }

    /// <summary>Posts <paramref name="fields"/> with hidden <c>shown</c> fields read earlier (a page loaded before something changed).</summary>
    public static async Task<HttpResponseMessage> PostAsync(HttpClient http, Uri link, IReadOnlyList<string> shown, IEnumerable<KeyValuePair<string, string>> fields)
    {
        ArgumentNullException.ThrowIfNull(http);
        using var form = new FormUrlEncodedContent(shown.Select(s => new KeyValuePair<string, string>("shown", s)).Concat(fields));
        return await http.PostAsync(link, form);
    }

    /// <summary>The hidden <c>shown</c> values of the review page at <paramref name="link"/> (none when nothing waits).</summary>
    public static async Task<IReadOnlyList<string>> ShownAsync(HttpClient http, Uri link)
    {
        ArgumentNullException.ThrowIfNull(http);
        using var page = await http.GetAsync(link);
        return Shown(await page.Content.ReadAsStringAsync());
    }

    /// <summary>The hidden <c>shown</c> values in a page's HTML.</summary>
    public static IReadOnlyList<string> Shown(string html) =>
        [.. ShownField().Matches(html).Select(m => WebUtility.HtmlDecode(m.Groups[1].Value))];

    // As the page's template renders it: <input type="hidden" name="shown" value="…" /> (the
    // renderer closes void elements with " />"; a hand-written ">" is accepted as well).
    [GeneratedRegex("<input type=\"hidden\" name=\"shown\" value=\"([^\"]*)\"\\s*/?>")]
    private static partial Regex ShownField();
}
