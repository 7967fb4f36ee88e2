namespace Awards.Domain;

/// <summary>
/// The language a person reads the product's mail in. Vietnamese unless they chose otherwise:
/// with their key (set by the organiser who issues it, changed at sign-in), or in the campaign's
/// configuration for approvers and escalation contacts, or by the approver who delegates.
/// In JSON: <c>"vi"</c> or <c>"en"</c>.
/// </summary>
public enum Language
{
    /// <summary>Tiếng Việt — the default.</summary>
    Vi,

    /// <summary>English.</summary>
    En,
}

/// <summary>Reading a language from a form field or header value.</summary>
public static class Languages
{
    /// <summary>The language of a code such as "vi", "en" or "en-GB" (case-insensitive), or null for anything else.</summary>
    public static Language? Parse(string? code) =>
        code?.Trim().ToLowerInvariant() switch
        {
            "vi" or "vi-vn" => Language.Vi,
            "en" or "en-gb" or "en-us" => Language.En,
            _ => null,
        };

    /// <summary>The code of a language ("vi", "en").</summary>
    public static string Code(this Language language) => language == Language.En ? "en" : "vi";
}
