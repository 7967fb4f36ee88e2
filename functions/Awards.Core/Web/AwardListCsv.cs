using System.Globalization;
using System.Text;
using Awards.Domain;

namespace Awards.Web;

/// <summary>
/// The award list as CSV for machines: UTF-8 with a BOM (so spreadsheet programs detect the
/// encoding and diacritics survive), comma-separated, RFC 4180 quoting, CRLF line ends.
/// </summary>
public static class AwardListCsv
{
    /// <summary>Column headers, Vietnamese as organisers read them.</summary>
    public static readonly IReadOnlyList<string> Headers =
        ["STT", "Hình thức khen thưởng", "Cơ quan khen thưởng", "Tập thể/Cá nhân", "Tên tập thể/Họ và tên", "Ngày sinh", "Chức vụ", "Đơn vị", "Tỉnh", "Mã hồ sơ", "Ngày phê duyệt"];

    /// <summary>Writes the list, BOM first.</summary>
    public static byte[] Write(IReadOnlyList<AwardListEntry> entries, IReadOnlyDictionary<string, string> provinceNames)
    {
        var text = new StringBuilder();
        AppendRow(text, Headers);
        var number = 0;
        foreach (var e in entries)
        {
            number++;
            AppendRow(text,
            [
                number.ToString(CultureInfo.InvariantCulture),
                e.AwardName,
                e.AwardingBody,
                e.Kind == NomineeKind.Collective ? "Tập thể" : "Cá nhân",
                e.NomineeName,
                e.DateOfBirth is { } dob ? VietnameseText.FormatDate(dob) : string.Empty,
                e.Position ?? string.Empty,
                e.UnitName,
                provinceNames.TryGetValue(e.ProvinceCode, out var p) ? p : e.ProvinceCode,
                e.NominationId,
                VietnameseText.FormatDate(DateOnly.FromDateTime(VietnamTime.ToLocal(e.AwardedAt).DateTime)),
            ]);
        }

        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text.ToString())];
    }

    private static void AppendRow(StringBuilder text, IReadOnlyList<string> cells)
    {
        for (var i = 0; i < cells.Count; i++)
        {
            if (i > 0)
            {
                text.Append(',');
            }

            var cell = cells[i];

            // Cells a spreadsheet would run as a formula are prefixed with an apostrophe (CSV injection).
            if (cell.Length > 0 && cell[0] is '=' or '+' or '-' or '@' && !double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
            {
                cell = "'" + cell;
            }

            if (cell.IndexOfAny([',', '"', '\r', '\n']) >= 0)
            {
                text.Append('"').Append(cell.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
            }
            else
            {
                text.Append(cell);
            }
        }

        text.Append("\r\n");
    }
}
