using System.Globalization;

namespace Awards.Web.Pages;

/// <summary>Fills a text from the resource files with values, in the current (page or mail) culture.</summary>
public static class Texts
{
    /// <summary>The text <paramref name="format"/> (from a resource class) with <paramref name="values"/> in its places.</summary>
    // The format is a resource text of the current culture, read once per use: caching a
    // CompositeFormat per culture and text would save nothing worth the bookkeeping.
#pragma warning disable CA1863
    public static string Format(string format, params object?[] values) => string.Format(CultureInfo.CurrentCulture, format, values);
#pragma warning restore CA1863
}
