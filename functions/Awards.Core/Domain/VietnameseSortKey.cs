using System.Globalization;
using System.Text;

namespace Awards.Domain;

/// <summary>
/// A sort key that orders text the way vi-VN collation does — the Vietnamese alphabet (a ă â b c
/// d đ e ê … o ô ơ … u ư …), then the tones (none, huyền, hỏi, ngã, sắc, nặng), then case — as a
/// plain string whose ordinal order is that order. Stored lists (the award lists) keep their rows
/// under such keys, so a partition read returns them already sorted and an export streams them
/// without holding the list in memory. Written here rather than taken from ICU's sort keys, whose
/// bytes may change with the ICU version a host happens to run.
/// </summary>
public static class VietnameseSortKey
{
    // Primary weights: spaces and punctuation first, then digits, then the letters in Vietnamese
    // alphabetical order (letters Vietnamese does not use — f, j, w, z — where the Latin alphabet
    // puts them), then everything else by code point.
    private const string Alphabet = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz";
    private const int DigitBase = 0x0100;
    private const int LetterBase = 0x0200;
    private const int OtherBase = 0x1000;

    // Tones, the secondary level, in the order vi-VN collation gives them (no tone first).
    private static readonly Dictionary<char, int> Tones = new()
    {
        ['\u0300'] = 1, // huyền (grave)
        ['\u0309'] = 2, // hỏi (hook above)
        ['\u0303'] = 3, // ngã (tilde)
        ['\u0301'] = 4, // sắc (acute)
        ['\u0323'] = 5, // nặng (dot below)
    };

    /// <summary>The key of <paramref name="text"/> (NFC or NFD): compare keys with <see cref="StringComparer.Ordinal"/>.</summary>
    public static string Of(string? text)
    {
        var letters = Letters(text ?? string.Empty);
        var key = new StringBuilder(letters.Count * 9 + 4);
        foreach (var (primary, _, _) in letters)
        {
            key.Append(primary.ToString("X4", CultureInfo.InvariantCulture));
        }

        // Each level ends with a separator that sorts below every weight, so a shorter text that
        // is a prefix of a longer one comes first, and a lower level only breaks ties of the ones above.
        key.Append('!');
        foreach (var (_, tone, _) in letters)
        {
            key.Append((char)('0' + tone));
        }

        key.Append('!');
        foreach (var (_, _, upper) in letters)
        {
            key.Append(upper ? '1' : '0');
        }

        return key.ToString();
    }

    private static List<(int Primary, int Tone, bool Upper)> Letters(string text)
    {
        var result = new List<(int, int, bool)>(text.Length);
        foreach (var cluster in Clusters(text.Normalize(NormalizationForm.FormD)))
        {
            var baseChar = cluster[0];
            var marks = cluster[1..];
            var tone = marks.Select(m => Tones.GetValueOrDefault(m)).FirstOrDefault(t => t > 0);
            var quality = new string([.. marks.Where(m => !Tones.ContainsKey(m))]);

            // The vowel qualities (breve, circumflex, horn) and đ are letters of their own.
            var letter = (char.ToLowerInvariant(baseChar) + quality).Normalize(NormalizationForm.FormC);
            var upper = char.IsUpper(baseChar);
            int primary;
            if (letter.Length == 1 && Alphabet.IndexOf(letter[0], StringComparison.Ordinal) is var index and >= 0)
            {
                primary = LetterBase + index;
            }
            else if (char.IsAsciiDigit(baseChar))
            {
                primary = DigitBase + (baseChar - '0');
            }
            else if (char.IsWhiteSpace(baseChar) || char.IsPunctuation(baseChar) || char.IsSymbol(baseChar))
            {
                primary = 0x0001 + Math.Min(baseChar, (char)0x00FE);
            }
            else
            {
                primary = OtherBase + Math.Min((int)char.ToLowerInvariant(baseChar), 0xEFFF);
            }

            result.Add((primary, tone, upper));
        }

        return result;
    }

    // A base character with the combining marks that follow it.
    private static IEnumerable<string> Clusters(string nfd)
    {
        var start = 0;
        for (var i = 1; i <= nfd.Length; i++)
        {
            if (i == nfd.Length || CharUnicodeInfo.GetUnicodeCategory(nfd[i]) != UnicodeCategory.NonSpacingMark)
            {
                yield return nfd[start..i];
                start = i;
            }
        }
    }
}
