using System.Globalization;
using System.Text;

namespace Awards.Domain;

/// <summary>
/// One place for how Vietnamese text is stored, compared and sorted. Input arrives in NFC or
/// NFD depending on the keyboard; we store NFC, compare folded, and sort with vi-VN collation.
/// </summary>
public static class VietnameseText
{
    private static readonly CompareInfo VietnameseCompare = CultureInfo.GetCultureInfo("vi-VN").CompareInfo;

    /// <summary>Culture used for sorting and formatting.</summary>
    public static CultureInfo Culture { get; } = CultureInfo.GetCultureInfo("vi-VN");

    /// <summary>A comparer that orders strings the way a Vietnamese reader expects.</summary>
    public static StringComparer Collation { get; } = StringComparer.Create(CultureInfo.GetCultureInfo("vi-VN"), ignoreCase: false);

    /// <summary>NFC, trimmed, inner runs of white space collapsed to one space. Null stays null.</summary>
    public static string? Normalize(string? value)
    {
        if (value is null)
        {
            return null;
        }

        var nfc = value.Normalize(NormalizationForm.FormC);
        var builder = new StringBuilder(nfc.Length);
        var pendingSpace = false;
        foreach (var ch in nfc)
        {
            if (char.IsWhiteSpace(ch))
            {
                pendingSpace = builder.Length > 0;
                continue;
            }

            if (pendingSpace)
            {
                builder.Append(' ');
                pendingSpace = false;
            }

            builder.Append(ch);
        }

        return builder.ToString();
    }

    /// <summary>
    /// The key used for diacritic- and case-insensitive comparison: NFD with combining marks
    /// removed, đ/Đ folded to d explicitly (Unicode does not decompose it), lower-cased.
    /// </summary>
    public static string Fold(string? value)
    {
        var normalized = Normalize(value);
        if (string.IsNullOrEmpty(normalized))
        {
            return string.Empty;
        }

        var decomposed = normalized.Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder(decomposed.Length);
        foreach (var ch in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(ch) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            builder.Append(ch switch
            {
                'đ' or 'Đ' => 'd',
                _ => char.ToLowerInvariant(ch),
            });
        }

        return builder.ToString();
    }

    /// <summary>True when two strings are the same once folded.</summary>
    public static bool SameFolded(string? left, string? right) => string.Equals(Fold(left), Fold(right), StringComparison.Ordinal);

    /// <summary>Compares with vi-VN collation.</summary>
    public static int Compare(string? left, string? right) => VietnameseCompare.Compare(left, right, CompareOptions.None);

    /// <summary>A date written the Vietnamese way: dd/MM/yyyy with leading zeros.</summary>
    public static string FormatDate(DateOnly date) => date.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);

    /// <summary>An instant written in Vietnam time as dd/MM/yyyy HH:mm.</summary>
    public static string FormatInstant(DateTimeOffset instant) =>
        VietnamTime.ToLocal(instant).ToString("dd/MM/yyyy HH:mm", CultureInfo.InvariantCulture);
}
