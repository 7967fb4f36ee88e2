using System.Globalization;
using System.Text;
using Awards.Domain;
using Microsoft.Net.Http.Headers;

namespace Awards.Web;

/// <summary>File names in <c>Content-Disposition</c>: read from uploads, written on downloads (RFC 6266 / 8187).</summary>
public static class ContentDisposition
{
    /// <summary>Longest file name accepted.</summary>
    public const int MaxFileNameLength = 255;

    /// <summary>
    /// Reads the file name from an upload's header (<c>filename*=UTF-8''…</c> preferred over
    /// <c>filename</c>), NFC-normalised. Returns an error message instead when it is missing or unsafe.
    /// </summary>
    public static (string? FileName, string? Error) ReadFileName(string? header)
    {
        if (string.IsNullOrWhiteSpace(header) || !ContentDispositionHeaderValue.TryParse(header, out var parsed))
        {
            return (null, "Send the file name in a Content-Disposition header, e.g. attachment; filename*=UTF-8''B%C3%A1o%20c%C3%A1o.pdf");
        }

        var raw = parsed.FileNameStar.HasValue ? parsed.FileNameStar.Value : HeaderUtilities.RemoveQuotes(parsed.FileName).Value;
        return CheckFileName(raw, "The Content-Disposition header has no file name.");
    }

    /// <summary>
    /// Checks a file name given as plain text (e.g. in a JSON body) by the same rules as
    /// <see cref="ReadFileName"/>, NFC-normalised. Returns an error message instead when it is missing or unsafe.
    /// </summary>
    public static (string? FileName, string? Error) CheckFileName(string? raw, string missing = "Give the file name.")
    {
        // Checked before normalising (which folds white space): line breaks, tabs and invisible
        // format characters such as U+202E, which makes "cáo\u202Efdp.exe" display as "cáoexe.pdf", are refused.
        if (raw is not null && raw.Any(ch => char.IsControl(ch) || CharUnicodeInfo.GetUnicodeCategory(ch) == UnicodeCategory.Format))
        {
            return (null, "The file name must not contain control or invisible formatting characters.");
        }

        var name = VietnameseText.Normalize(raw);
        if (string.IsNullOrEmpty(name))
        {
            return (null, missing);
        }

        if (name.Length > MaxFileNameLength)
        {
            return (null, $"The file name has {name.Length} characters; use at most {MaxFileNameLength}.");
        }

        if (name.IndexOfAny(['/', '\\']) >= 0 || name is "." or "..")
        {
            return (null, "The file name must be a plain name, without folders or control characters.");
        }

        return (name, null);
    }

    /// <summary>A download header: an ASCII fallback plus the exact UTF-8 name.</summary>
    public static string Attachment(string fileName) => Header("attachment", fileName);

    /// <summary>
    /// A header that lets the browser show the file in place (a PDF in a page's frame), under the
    /// same names as <see cref="Attachment"/> should the reader save it.
    /// </summary>
    public static string Inline(string fileName) => Header("inline", fileName);

    private static string Header(string disposition, string fileName)
    {
        var ascii = new StringBuilder();
        foreach (var ch in FoldKeepCase(fileName))
        {
            ascii.Append(ch is >= ' ' and < (char)127 and not '"' and not '\\' ? ch : '_');
        }

        return string.Create(CultureInfo.InvariantCulture, $"{disposition}; filename=\"{ascii}\"; filename*=UTF-8''{Uri.EscapeDataString(fileName)}");
    }

    private static string FoldKeepCase(string value)
    {
        var decomposed = value.Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder(decomposed.Length);
        foreach (var ch in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(ch) != UnicodeCategory.NonSpacingMark)
            {
                builder.Append(ch switch { 'đ' => 'd', 'Đ' => 'D', _ => ch });
            }
        }

        return builder.ToString();
    }
}
