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
    // One key character per weight, in ascending ordinal order: the printable ASCII from '0' to
    // '~' without the characters table keys may not hold ('?', '\\') and the separator ('|').
    private static readonly string Weights = new([.. Enumerable.Range('0', '~' - '0' + 1).Select(c => (char)c).Where(c => c is not ('?' or '\\' or '|'))]);

    // Primary order: white space and punctuation first (in the order vi-VN collation gives the
    // common ones), then digits, then the letters in Vietnamese alphabetical order (letters
    // Vietnamese does not use — f, j, w, z — where the Latin alphabet puts them), then anything else.
    private const string Punctuation = " _-,;:!?.'\"()[]@*/&#%+<=>";
    private const string Alphabet = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz";
    private static readonly int OtherPunctuation = Punctuation.Length;
    private static readonly int Digits = OtherPunctuation + 1;
    private static readonly int FirstLetter = Digits + 10;
    private static readonly int Other = FirstLetter + Alphabet.Length;

    // Tones, the secondary level, in the order vi-VN collation gives them (no tone first).
    private static readonly Dictionary<char, int> Tones = new()
    {
        ['\u0300'] = 1, // huyền (grave)
        ['\u0309'] = 2, // hỏi (hook above)
        ['\u0303'] = 3, // ngã (tilde)
        ['\u0301'] = 4, // sắc (acute)
        ['\u0323'] = 5, // nặng (dot below)
    };

    /// <summary>
    /// The key of <paramref name="text"/> (NFC or NFD): compare keys with <see cref="StringComparer.Ordinal"/>.
    /// Three characters per letter (letter, tone, case), so a key of <paramref name="maxLetters"/>
    /// letters fits a table key; texts equal that far compare equal.
    /// </summary>
    public static string Of(string? text, int maxLetters = int.MaxValue)
    {
        var letters = Letters(text ?? string.Empty, maxLetters);
        var key = new StringBuilder(letters.Count * 3 + 2);
        foreach (var (primary, _, _) in letters)
        {
            key.Append(Weights[primary]);
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

    private static List<(int Primary, int Tone, bool Upper)> Letters(string text, int maxLetters)
    {
        var result = new List<(int, int, bool)>(Math.Min(text.Length, maxLetters));
        foreach (var cluster in Clusters(text.Normalize(NormalizationForm.FormD)))
        {
            if (result.Count == maxLetters)
            {
                break;
            }

            var baseChar = cluster[0];
            var marks = cluster[1..];
            var tone = marks.Select(m => Tones.GetValueOrDefault(m)).FirstOrDefault(t => t > 0);
            var quality = new string([.. marks.Where(m => !Tones.ContainsKey(m))]);

            // The vowel qualities (breve, circumflex, horn) and đ are letters of their own.
            var letter = (char.ToLowerInvariant(baseChar) + quality).Normalize(NormalizationForm.FormC);
            int primary;
            if (letter.Length == 1 && Alphabet.IndexOf(letter[0], StringComparison.Ordinal) is var index and >= 0)
            {
                primary = FirstLetter + index;
            }
            else if (char.IsAsciiDigit(baseChar))
            {
                primary = Digits + (baseChar - '0');
            }
            else if (char.IsWhiteSpace(baseChar))
            {
                primary = 0;
            }
            else if (Punctuation.IndexOf(baseChar, StringComparison.Ordinal) is var p and >= 0)
            {
                primary = p;
            }
            else if (char.IsPunctuation(baseChar) || char.IsSymbol(baseChar))
            {
                primary = OtherPunctuation;
            }
            else
            {
                primary = Other;
            }

            result.Add((primary, tone, char.IsUpper(baseChar)));
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
