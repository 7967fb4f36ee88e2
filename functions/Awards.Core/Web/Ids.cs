using System.Security.Cryptography;

namespace Awards.Web;

/// <summary>Random identifiers: a readable prefix and 16 lower-case base-32 characters (80 bits).</summary>
public static class Ids
{
    private const string Alphabet = "abcdefghijkmnpqrstuvwxyz23456789";

    /// <summary>A new id such as <c>nom-k3j9…</c>.</summary>
    public static string New(string prefix)
    {
        Span<char> chars = stackalloc char[16];
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)];
        }

        return prefix + "-" + new string(chars);
    }

    /// <summary>True when <paramref name="value"/> could be an id we made (cheap check before storage look-ups).</summary>
    public static bool LooksValid(string? value) =>
        value is { Length: > 0 and <= 64 } && value.All(c => char.IsAsciiLetterOrDigit(c) || c == '-');
}
