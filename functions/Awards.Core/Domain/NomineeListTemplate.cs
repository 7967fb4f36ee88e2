using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Awards.Domain;

/// <summary>
/// A blank nominee list (danh sách) for a campaign, with the Vietnamese column headers the import
/// reads (<see cref="NomineeListReader.TemplateHeaders"/>): as CSV (UTF-8 with a byte order mark,
/// so Excel and LibreOffice keep the diacritics; semicolons, Excel's list separator under
/// Vietnamese settings) and as XLSX, with a second sheet saying how to fill it in and which award
/// codes the campaign has. Only the first sheet is read back.
/// </summary>
public static class NomineeListTemplate
{
    /// <summary>The file name of the CSV template.</summary>
    public const string CsvName = "danh-sach-de-nghi.csv";

    /// <summary>The file name of the XLSX template.</summary>
    public const string XlsxName = "danh-sach-de-nghi.xlsx";

    /// <summary>The media type of the XLSX template.</summary>
    public const string XlsxMediaType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /// <summary>The header line, UTF-8 with a byte order mark.</summary>
    public static byte[] Csv()
    {
        var line = string.Join(";", NomineeListReader.TemplateHeaders.Select(Quote)) + "\r\n";
        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(line)];
    }

    /// <summary>A workbook: sheet "Danh sách" with the header row, sheet "Hướng dẫn" with how to fill it in for <paramref name="campaign"/>.</summary>
    public static byte[] Xlsx(Campaign campaign)
    {
        ArgumentNullException.ThrowIfNull(campaign);
        using var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            workbook.Workbook = new Workbook();
            var sheets = workbook.Workbook.AppendChild(new Sheets());

            var list = AddSheet(workbook, sheets, 1, "Danh sách", [[.. NomineeListReader.TemplateHeaders]], [6, 22, 40, 22, 40, 28, 60]);
            list.Worksheet.InsertBefore(
                new SheetViews(new SheetView(new Pane { VerticalSplit = 1, TopLeftCell = "A2", ActivePane = PaneValues.BottomLeft, State = PaneStateValues.Frozen }) { WorkbookViewId = 0 }),
                list.Worksheet.GetFirstChild<Columns>());

            List<string[]> help =
            [
                ["Danh sách đề nghị khen thưởng — " + campaign.Name],
                [],
                ["Cột", "Cách ghi"],
                [NomineeListReader.TemplateHeaders[1], "\"Tập thể\" hoặc \"Cá nhân\""],
                [NomineeListReader.TemplateHeaders[2], "Tên tập thể hoặc họ và tên cá nhân, có dấu"],
                [NomineeListReader.TemplateHeaders[3], "Chỉ với cá nhân; để trống với tập thể"],
                [NomineeListReader.TemplateHeaders[4], "Cấp bậc, chức vụ (cá nhân)"],
                [NomineeListReader.TemplateHeaders[5], campaign.Awards.Count == 1 ? "Có thể để trống: đợt chỉ có một hình thức" : "Mã hoặc tên hình thức khen thưởng (xem dưới đây)"],
                [NomineeListReader.TemplateHeaders[6], "Tóm tắt ngắn; toàn văn ở báo cáo thành tích"],
                [],
                ["Mã", "Hình thức khen thưởng"],
            ];
            help.AddRange(campaign.Awards.Select(a => new[] { a.Code, a.NameVi }));
            AddSheet(workbook, sheets, 2, "Hướng dẫn", help, [28, 70]);
            workbook.Workbook.Save();
        }

        return stream.ToArray();
    }

    private static WorksheetPart AddSheet(WorkbookPart workbook, Sheets sheets, uint id, string name, IReadOnlyList<string[]> rows, IReadOnlyList<double> widths)
    {
        var part = workbook.AddNewPart<WorksheetPart>();
        var data = new SheetData();
        for (var r = 0; r < rows.Count; r++)
        {
            var row = new Row { RowIndex = (uint)(r + 1) };
            for (var c = 0; c < rows[r].Length; c++)
            {
                // Inline strings: no shared-string table to keep in step, and every cell is text
                // (a date typed later is the user's to format).
                row.AppendChild(new Cell
                {
                    CellReference = ColumnName(c) + (r + 1).ToString(System.Globalization.CultureInfo.InvariantCulture),
                    DataType = CellValues.InlineString,
                    InlineString = new InlineString(new Text(rows[r][c])),
                });
            }

            data.AppendChild(row);
        }

        var columns = new Columns(widths.Select((w, i) => new Column { Min = (uint)(i + 1), Max = (uint)(i + 1), Width = w, CustomWidth = true }));
        part.Worksheet = new Worksheet(columns, data);
        sheets.AppendChild(new Sheet { Id = workbook.GetIdOfPart(part), SheetId = id, Name = name });
        return part;
    }

    private static string ColumnName(int index) => ((char)('A' + index)).ToString();

    private static string Quote(string value) =>
        value.IndexOfAny([';', '"', '\r', '\n']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
}
