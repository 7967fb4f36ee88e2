using System.Globalization;
using System.Text;
using System.Xml;
using CsvHelper;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Awards.Domain;

/// <summary>What kind of file a nominee list was.</summary>
public enum NomineeListFormat
{
    /// <summary>Comma-, semicolon- or tab-separated text in UTF-8.</summary>
    Csv,

    /// <summary>An Office Open XML workbook.</summary>
    Xlsx,
}

/// <summary>One nominee read from a list (danh sách), values NFC-normalised and within limits.</summary>
public sealed record NomineeRow
{
    /// <summary>The row number the user sees in the spreadsheet (the header is row 1 in a plain list).</summary>
    public required int RowNumber { get; init; }

    /// <summary>Collective or individual.</summary>
    public required NomineeKind Kind { get; init; }

    /// <summary>Name of the collective or the individual.</summary>
    public required string Name { get; init; }

    /// <summary>Individuals: date of birth (always present for them); collectives: null.</summary>
    public DateOnly? DateOfBirth { get; init; }

    /// <summary>Rank and position, if given.</summary>
    public string? Position { get; init; }

    /// <summary>The award as written in the list (a code or a name), if given; the caller resolves or defaults it.</summary>
    public string? AwardCode { get; init; }

    /// <summary>Summary of the achievement, if given.</summary>
    public string? AchievementSummary { get; init; }
}

/// <summary>Why a row (or the file) could not be read.</summary>
/// <param name="RowNumber">The spreadsheet row; <see cref="WholeFile"/> when the file as a whole is unreadable.</param>
/// <param name="Column">The column's header as found in the file (or the expected header when it is missing); null when not about one column.</param>
/// <param name="Message">Vietnamese, then " / ", then English.</param>
public sealed record NomineeRowError(int RowNumber, string? Column, string Message)
{
    /// <summary>The row number of an error about the whole file.</summary>
    public const int WholeFile = 0;
}

/// <summary>The rows that were read, and the rows (or file problems) that were not.</summary>
/// <param name="Rows">Good rows, in file order.</param>
/// <param name="Errors">Problems, in file order; a bad row never stops the good ones.</param>
public sealed record NomineeListResult(IReadOnlyList<NomineeRow> Rows, IReadOnlyList<NomineeRowError> Errors)
{
    /// <summary>The detected format; null when the file was neither.</summary>
    public NomineeListFormat? Format { get; init; }

    /// <summary>True when the list had more than <see cref="NomineeListReader.MaxRows"/> rows and the rest was not read.</summary>
    public bool Truncated { get; init; }
}

/// <summary>
/// Reads a proposal's nominee list from CSV or XLSX. The format is decided from the content, not
/// the file name. Headers are Vietnamese and matched folded (so "Họ và tên", "HO VA TEN" and NFD
/// spellings all match), with a few synonyms; text in brackets after a header, such as
/// "Ngày sinh (dd/mm/yyyy)", is ignored. A title block above the header row is allowed: the header
/// is the first of the first rows that names a known column.
/// </summary>
public static class NomineeListReader
{
    /// <summary>Most nominees in one list.</summary>
    public const int MaxRows = 2000;

    /// <summary>Longest name (as for a single nomination).</summary>
    public const int MaxNameLength = 200;

    /// <summary>Longest rank and position.</summary>
    public const int MaxPositionLength = 200;

    /// <summary>Longest award code or name.</summary>
    public const int MaxAwardLength = 200;

    /// <summary>Longest achievement summary.</summary>
    public const int MaxSummaryLength = 4000;

    /// <summary>Largest file read (2,000 rows with full summaries fit well below it).</summary>
    public const long MaxFileBytes = 32L * 1024 * 1024;

    // Rows above the header that a title block may take ("DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG", date, …).
    private const int HeaderSearchRows = 10;

    // Bounds what one XML part of a workbook may expand to, so a small zip cannot inflate into
    // gigabytes (OpenXml stops reading a part beyond it).
    private const long MaxCharactersInPart = 64L * 1024 * 1024;

    private static readonly string[] DateFormats =
        ["d/M/yyyy", "dd/MM/yyyy", "d-M-yyyy", "dd-MM-yyyy", "d.M.yyyy", "dd.MM.yyyy", "yyyy-MM-dd"];

    private enum Field
    {
        Ordinal,
        Kind,
        Name,
        DateOfBirth,
        Position,
        Award,
        Summary,
    }

    // Folded header → field; see Canonical for how a header is folded.
    private static readonly Dictionary<string, Field> Headers = new(StringComparer.Ordinal)
    {
        ["stt"] = Field.Ordinal,
        ["tt"] = Field.Ordinal,
        ["so tt"] = Field.Ordinal,
        ["so thu tu"] = Field.Ordinal,
        ["loai"] = Field.Kind,
        ["tap the ca nhan"] = Field.Kind,
        ["ca nhan tap the"] = Field.Kind,
        ["doi tuong"] = Field.Kind,
        ["ho va ten ten tap the"] = Field.Name,
        ["ten tap the ho va ten"] = Field.Name,
        ["ho va ten"] = Field.Name,
        ["ho ten"] = Field.Name,
        ["ten tap the"] = Field.Name,
        ["ngay sinh"] = Field.DateOfBirth,
        ["ngay thang nam sinh"] = Field.DateOfBirth,
        ["chuc vu"] = Field.Position,
        ["cap bac chuc vu"] = Field.Position,
        ["hinh thuc khen thuong"] = Field.Award,
        ["ma khen thuong"] = Field.Award,
        ["tom tat thanh tich"] = Field.Summary,
        ["thanh tich"] = Field.Summary,
    };

    /// <summary>
    /// The column headers of a blank list, in order, as the reader recognises them (the nominee
    /// list template is made from these, so a template filled in reads back).
    /// </summary>
    public static IReadOnlyList<string> TemplateHeaders { get; } =
    [
        Display(Field.Ordinal),
        Display(Field.Kind),
        Display(Field.Name),
        Display(Field.DateOfBirth) + " (dd/mm/yyyy)",
        Display(Field.Position),
        Display(Field.Award),
        Display(Field.Summary),
    ];

    /// <summary>
    /// Reads a list from a stream that allows synchronous reads (a file, a blob download, a
    /// <see cref="MemoryStream"/>). For an HTTP request body use <see cref="ReadAsync"/>.
    /// </summary>
    /// <param name="content">The file's bytes, from the current position.</param>
    /// <param name="today">Today in Vietnam time, the latest possible date of birth; defaults to the system clock.</param>
    public static NomineeListResult Read(Stream content, DateOnly? today = null)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = content.Read(chunk, 0, chunk.Length)) > 0)
        {
            if (buffer.Length + read > MaxFileBytes)
            {
                return TooLarge();
            }

            buffer.Write(chunk, 0, read);
        }

        return Parse(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), today ?? Today());
    }

    /// <summary>Reads a list, buffering the stream asynchronously first (up to <see cref="MaxFileBytes"/>).</summary>
    /// <param name="content">The file's bytes, from the current position.</param>
    /// <param name="ct">Cancels the read.</param>
    /// <param name="today">Today in Vietnam time, the latest possible date of birth; defaults to the system clock.</param>
    public static async Task<NomineeListResult> ReadAsync(Stream content, CancellationToken ct, DateOnly? today = null)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await content.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > MaxFileBytes)
            {
                return TooLarge();
            }

            buffer.Write(chunk, 0, read);
        }

        return Parse(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), today ?? Today());
    }

    private static DateOnly Today() => DateOnly.FromDateTime(VietnamTime.ToLocal(DateTimeOffset.UtcNow).DateTime);

    private static NomineeListResult TooLarge() => FileError(
        null,
        $"Tệp lớn hơn {MaxFileBytes / (1024 * 1024)} MiB; hãy chia danh sách thành nhiều tệp / The file is larger than {MaxFileBytes / (1024 * 1024)} MiB; split the list into several files.");

    private static NomineeListResult FileError(NomineeListFormat? format, string message) =>
        new([], [new NomineeRowError(NomineeRowError.WholeFile, null, message)]) { Format = format };

    private static NomineeListResult Parse(ReadOnlyMemory<byte> bytes, DateOnly today)
    {
        var head = bytes.Span;
        if (head.IsEmpty)
        {
            return FileError(null, "Tệp rỗng / The file is empty.");
        }

        if (head.StartsWith("PK\u0003\u0004"u8))
        {
            return ReadXlsx(bytes, today);
        }

        if (head.StartsWith((ReadOnlySpan<byte>)[0xD0, 0xCF, 0x11, 0xE0]))
        {
            return FileError(
                null,
                "Tệp Excel 97–2003 (.xls) không được hỗ trợ; hãy lưu thành .xlsx hoặc CSV UTF-8 / Excel 97–2003 files (.xls) are not supported; save as .xlsx or UTF-8 CSV.");
        }

        return ReadCsv(bytes, today);
    }

    private static NomineeListResult ReadCsv(ReadOnlyMemory<byte> bytes, DateOnly today)
    {
        string text;
        try
        {
            // Strict UTF-8: a list saved in a legacy code page would otherwise be stored as
            // mojibake; a UTF-16 file (Excel's "Unicode text") is recognised by its byte order mark.
            using var reader = new StreamReader(new MemoryStream(bytes.ToArray(), writable: false), new UTF8Encoding(false, throwOnInvalidBytes: true), detectEncodingFromByteOrderMarks: true);
            text = reader.ReadToEnd();
        }
        catch (DecoderFallbackException)
        {
            return FileError(
                NomineeListFormat.Csv,
                "Tệp CSV không phải UTF-8; trong Excel hãy chọn \"CSV UTF-8\" khi lưu / The CSV file is not UTF-8; in Excel choose \"CSV UTF-8\" when saving.");
        }

        // Excel may write a first line "sep=;" that it hides when opening: honour it and do not count it.
        var separator = DetectSeparator(text);
        if (text.StartsWith("sep=", StringComparison.OrdinalIgnoreCase) && text.Length > 4 && text[4] is not ('\r' or '\n'))
        {
            separator = text[4];
            var end = text.IndexOf('\n', StringComparison.Ordinal);
            text = end < 0 ? string.Empty : text[(end + 1)..];
        }

        var options = CsvReaderOptions.Default with
        {
            Separator = separator,
            HasHeader = false,

            // Row numbers must be the ones Excel shows, so blank lines count as (empty) rows.
            SkipEmptyLines = false,
            DetectSeparatorHint = false,
        };
        return ReadRows(CsvRows(text, options), today) with { Format = NomineeListFormat.Csv };
    }

    private static IEnumerable<(int Row, IReadOnlyDictionary<int, string> Cells)> CsvRows(string text, CsvReaderOptions options)
    {
        using var reader = CsvReader.FromText(text, options);
        var row = 0;
        while (reader.Read())
        {
            row++;
            var cells = new Dictionary<int, string>();
            for (var i = 0; i < reader.FieldCount; i++)
            {
                cells[i] = reader[i].ToString() ?? string.Empty;
            }

            yield return (row, cells);
        }
    }

    /// <summary>The separator that occurs most often, outside quotes, on the first line that has any (the header line).</summary>
    private static char DetectSeparator(string text)
    {
        foreach (var line in text.AsSpan().EnumerateLines())
        {
            int commas = 0, semicolons = 0, tabs = 0;
            var quoted = false;
            foreach (var ch in line)
            {
                switch (ch)
                {
                    case '"':
                        quoted = !quoted;
                        break;
                    case ',' when !quoted:
                        commas++;
                        break;
                    case ';' when !quoted:
                        semicolons++;
                        break;
                    case '\t' when !quoted:
                        tabs++;
                        break;
                }
            }

            if (commas + semicolons + tabs > 0)
            {
                return semicolons > commas && semicolons >= tabs ? ';' : tabs > commas ? '\t' : ',';
            }
        }

        return ',';
    }

    private static NomineeListResult ReadXlsx(ReadOnlyMemory<byte> bytes, DateOnly today)
    {
        try
        {
            using var stream = new MemoryStream(bytes.ToArray(), writable: false);
            using var document = SpreadsheetDocument.Open(stream, false, new OpenSettings { AutoSave = false, MaxCharactersInPart = MaxCharactersInPart });
            var workbook = document.WorkbookPart;
            var sheet = workbook?.Workbook?.Sheets?.Elements<Sheet>().FirstOrDefault();
            if (workbook is null || sheet?.Id?.Value is not { } sheetId || workbook.GetPartById(sheetId) is not WorksheetPart worksheet)
            {
                return FileError(NomineeListFormat.Xlsx, "Tệp XLSX không có trang tính nào / The XLSX file has no worksheet.");
            }

            var sharedStrings = ReadSharedStrings(workbook.SharedStringTablePart);
            var dateStyles = DateStyles(workbook.WorkbookStylesPart?.Stylesheet);

            // Read inside this block: rows stream from the open document, one at a time.
            return ReadRows(XlsxRows(worksheet, sharedStrings, dateStyles), today) with { Format = NomineeListFormat.Xlsx };
        }
        catch (Exception e) when (e is OpenXmlPackageException or InvalidDataException or XmlException or IOException or FormatException or KeyNotFoundException or ArgumentException)
        {
            return FileError(
                NomineeListFormat.Xlsx,
                "Không đọc được tệp XLSX (tệp hỏng hoặc không phải bảng tính Excel) / The XLSX file cannot be read (damaged, or not an Excel workbook).");
        }
    }

    private static List<string> ReadSharedStrings(SharedStringTablePart? part)
    {
        var strings = new List<string>();
        if (part is null)
        {
            return strings;
        }

        // One item at a time: the table can be large, and only the text is needed.
        using var reader = OpenXmlReader.Create(part);
        while (reader.Read())
        {
            if (reader.ElementType == typeof(SharedStringItem) && reader.IsStartElement)
            {
                strings.Add(RichText((SharedStringItem)reader.LoadCurrentElement()!));
            }
        }

        return strings;
    }

    // Plain text of a shared or inline string: its <t>, or its runs' <t>s. Not InnerText, which
    // would add the phonetic guides (rPh) that East Asian editions of Excel store alongside.
    private static string RichText(OpenXmlElement item) =>
        item.GetFirstChild<Text>()?.Text
        ?? string.Concat(item.Elements<Run>().Select(r => r.Text?.Text));

    /// <summary>For each cell style index, whether it shows a number as a date.</summary>
    private static bool[] DateStyles(Stylesheet? styles)
    {
        if (styles?.CellFormats is not { } formats)
        {
            return [];
        }

        var custom = styles.NumberingFormats?.Elements<NumberingFormat>()
            .Where(f => f.NumberFormatId?.Value is not null)
            .GroupBy(f => f.NumberFormatId!.Value)
            .ToDictionary(g => g.Key, g => g.First().FormatCode?.Value ?? string.Empty)
            ?? [];
        return
        [
            .. formats.Elements<CellFormat>().Select(f => f.NumberFormatId?.Value is { } id && (custom.TryGetValue(id, out var code) ? IsDateFormat(code) : IsBuiltInDate(id))),
        ];
    }

    // Built-in number formats that show dates (ECMA-376 part 1, 18.8.30, with the East Asian ones).
    private static bool IsBuiltInDate(uint id) => id is (>= 14 and <= 22) or (>= 27 and <= 36) or (>= 45 and <= 47) or (>= 50 and <= 58);

    private static bool IsDateFormat(string code)
    {
        // Quoted literals, [colour]/[$-locale] sections and escaped characters say nothing about dates.
        var inQuotes = false;
        var inBrackets = false;
        for (var i = 0; i < code.Length; i++)
        {
            var ch = code[i];
            if (inQuotes)
            {
                inQuotes = ch != '"';
            }
            else if (inBrackets)
            {
                inBrackets = ch != ']';
            }
            else if (ch == '"')
            {
                inQuotes = true;
            }
            else if (ch == '[')
            {
                inBrackets = true;
            }
            else if (ch == '\\')
            {
                i++;
            }
            else if (ch is 'd' or 'D' or 'y' or 'Y')
            {
                return true;
            }
        }

        return false;
    }

    private static IEnumerable<(int Row, IReadOnlyDictionary<int, string> Cells)> XlsxRows(WorksheetPart worksheet, List<string> sharedStrings, bool[] dateStyles)
    {
        using var reader = OpenXmlReader.Create(worksheet);
        var rowNumber = 0;
        while (reader.Read())
        {
            if (reader.ElementType != typeof(Row) || !reader.IsStartElement)
            {
                continue;
            }

            // One row's elements at a time keeps memory to a row, not the sheet.
            var row = (Row)reader.LoadCurrentElement()!;
            rowNumber = row.RowIndex?.Value is { } index ? (int)index : rowNumber + 1;
            var cells = new Dictionary<int, string>();
            var column = -1;
            foreach (var cell in row.Elements<Cell>())
            {
                column = ColumnIndex(cell.CellReference?.Value) ?? column + 1;
                var text = CellText(cell, sharedStrings, dateStyles);
                if (text.Length > 0)
                {
                    cells[column] = text;
                }
            }

            // Sheets often carry formatted but empty rows down to row 1,048,576: not worth a look.
            if (cells.Count > 0)
            {
                yield return (rowNumber, cells);
            }
        }
    }

    /// <summary>Zero-based column of a reference such as "C12"; null when there is none.</summary>
    private static int? ColumnIndex(string? reference)
    {
        if (string.IsNullOrEmpty(reference))
        {
            return null;
        }

        var column = 0;
        foreach (var ch in reference)
        {
            if (!char.IsAsciiLetter(ch))
            {
                break;
            }

            column = (column * 26) + (char.ToUpperInvariant(ch) - 'A' + 1);
            if (column > 16384)
            {
                return null;
            }
        }

        return column == 0 ? null : column - 1;
    }

    private static string CellText(Cell cell, List<string> sharedStrings, bool[] dateStyles)
    {
        var value = cell.CellValue?.Text ?? string.Empty;
        var type = cell.DataType?.Value;
        if (type == CellValues.SharedString)
        {
            return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < sharedStrings.Count ? sharedStrings[i] : string.Empty;
        }

        if (type == CellValues.InlineString)
        {
            return cell.InlineString is { } inline ? RichText(inline) : value;
        }

        if (type == CellValues.Date)
        {
            // ISO 8601 date cells (strict files, some generators): shown the way users write dates.
            return DateTime.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.None, out var iso) ? VietnameseText.FormatDate(DateOnly.FromDateTime(iso)) : value;
        }

        if (type is null || type == CellValues.Number)
        {
            var style = (int)(cell.StyleIndex?.Value ?? 0);
            if (style < dateStyles.Length && dateStyles[style]
                && double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var serial)
                && serial is >= 1 and < 2958466)
            {
                // Excel stores dates as serial day numbers; only a date-formatted cell is one, so a
                // year typed as the number 1984 is not taken for a day in 1905.
                return VietnameseText.FormatDate(DateOnly.FromDateTime(DateTime.FromOADate(serial)));
            }
        }

        return value;
    }

    private static NomineeListResult ReadRows(IEnumerable<(int Row, IReadOnlyDictionary<int, string> Cells)> source, DateOnly today)
    {
        var rows = new List<NomineeRow>();
        var errors = new List<NomineeRowError>();
        Dictionary<Field, List<(int Column, string Header)>>? columns = null;
        IReadOnlyDictionary<int, string>? firstNonEmpty = null;
        var firstNonEmptyRow = 1;
        var dataRows = 0;
        foreach (var (rowNumber, cells) in source)
        {
            if (columns is null)
            {
                var found = MapHeaders(cells);
                if (found.Count == 0)
                {
                    if (firstNonEmpty is null && cells.Values.Any(v => !string.IsNullOrWhiteSpace(v)))
                    {
                        (firstNonEmpty, firstNonEmptyRow) = (cells, rowNumber);
                    }

                    if (rowNumber < HeaderSearchRows)
                    {
                        continue;
                    }

                    // No known header near the top: report against the row that looks like one.
                    return new([], MissingColumns(found, firstNonEmpty ?? cells, firstNonEmptyRow));
                }

                columns = found;
                var missing = MissingColumns(found, cells, rowNumber);
                if (missing.Count > 0)
                {
                    return new([], missing);
                }

                continue;
            }

            string? Value(Field field) =>
                columns.TryGetValue(field, out var at)
                    ? at.Select(c => VietnameseText.Normalize(cells.GetValueOrDefault(c.Column))).FirstOrDefault(v => !string.IsNullOrEmpty(v))
                    : null;

            string HeaderOf(Field field) => columns.TryGetValue(field, out var at) ? at[0].Header : Display(field);

            var kindText = Value(Field.Kind);
            var name = Value(Field.Name);
            var dateText = Value(Field.DateOfBirth);
            var position = Value(Field.Position);
            var award = Value(Field.Award);
            var summary = Value(Field.Summary);
            if (kindText is null && name is null && dateText is null && position is null && award is null && summary is null)
            {
                // Blank rows (and rows holding only a number in STT) are spacing, not nominees.
                continue;
            }

            if (++dataRows > MaxRows)
            {
                errors.Add(new(rowNumber, null,
                    $"Danh sách có hơn {MaxRows} người; từ dòng {rowNumber} trở đi không được đọc, hãy chia thành nhiều danh sách"
                    + $" / The list has more than {MaxRows} nominees; rows from {rowNumber} on were not read, split it into several lists."));
                return new(rows, errors) { Truncated = true };
            }

            var before = errors.Count;
            void Fail(Field field, string message) => errors.Add(new(rowNumber, HeaderOf(field), message));

            NomineeKind? kind = null;
            if (kindText is null)
            {
                Fail(Field.Kind, "Thiếu loại (Tập thể hoặc Cá nhân) / The kind is missing (collective or individual).");
            }
            else
            {
                kind = ParseKind(kindText);
                if (kind is null)
                {
                    Fail(Field.Kind, $"Loại \"{Clip(kindText)}\" không hợp lệ, cần \"Tập thể\" hoặc \"Cá nhân\" / Kind \"{Clip(kindText)}\" is not valid; use \"Tập thể\" (collective) or \"Cá nhân\" (individual).");
                }
            }

            if (name is null)
            {
                Fail(Field.Name, "Thiếu họ và tên / tên tập thể / The name is missing.");
            }
            else if (name.Length > MaxNameLength)
            {
                Fail(Field.Name, $"Tên dài quá {MaxNameLength} ký tự / The name is longer than {MaxNameLength} characters.");
            }

            DateOnly? dateOfBirth = null;
            if (kind == NomineeKind.Collective && dateText is not null)
            {
                Fail(Field.DateOfBirth, "Tập thể không có ngày sinh; hãy để trống ô này / A collective has no date of birth; leave this cell empty.");
            }
            else if (kind == NomineeKind.Individual && dateText is null)
            {
                Fail(Field.DateOfBirth, "Cá nhân phải có ngày sinh (dd/mm/yyyy) / An individual needs a date of birth (dd/mm/yyyy).");
            }
            else if (kind == NomineeKind.Individual)
            {
                dateOfBirth = ParseDate(dateText!);
                if (dateOfBirth is null)
                {
                    Fail(Field.DateOfBirth, $"Ngày sinh \"{Clip(dateText!)}\" không hợp lệ, cần dd/mm/yyyy / Date of birth \"{Clip(dateText!)}\" is not a valid date; write it as dd/mm/yyyy.");
                }
                else if (dateOfBirth > today || dateOfBirth.Value.Year < 1900)
                {
                    Fail(Field.DateOfBirth, $"Ngày sinh {VietnameseText.FormatDate(dateOfBirth.Value)} không hợp lý / Date of birth {VietnameseText.FormatDate(dateOfBirth.Value)} is not plausible.");
                }
            }

            if (position?.Length > MaxPositionLength)
            {
                Fail(Field.Position, $"Chức vụ dài quá {MaxPositionLength} ký tự / The position is longer than {MaxPositionLength} characters.");
            }

            if (award?.Length > MaxAwardLength)
            {
                Fail(Field.Award, $"Hình thức khen thưởng dài quá {MaxAwardLength} ký tự / The award is longer than {MaxAwardLength} characters.");
            }

            if (summary?.Length > MaxSummaryLength)
            {
                Fail(Field.Summary, $"Tóm tắt thành tích dài quá {MaxSummaryLength} ký tự; hãy đưa toàn văn vào báo cáo thành tích / The achievement summary is longer than {MaxSummaryLength} characters; put the full text in the achievement report.");
            }

            if (errors.Count == before)
            {
                rows.Add(new NomineeRow
                {
                    RowNumber = rowNumber,
                    Kind = kind!.Value,
                    Name = name!,
                    DateOfBirth = dateOfBirth,
                    Position = position,
                    AwardCode = award,
                    AchievementSummary = summary,
                });
            }
        }

        if (columns is null)
        {
            return new([], firstNonEmpty is null
                ? [new NomineeRowError(NomineeRowError.WholeFile, null, "Tệp không có dữ liệu / The file holds no data.")]
                : MissingColumns([], firstNonEmpty, firstNonEmptyRow));
        }

        return new(rows, errors);
    }

    private static Dictionary<Field, List<(int Column, string Header)>> MapHeaders(IReadOnlyDictionary<int, string> cells)
    {
        var map = new Dictionary<Field, List<(int, string)>>();
        foreach (var (column, text) in cells.OrderBy(c => c.Key))
        {
            if (Headers.TryGetValue(Canonical(text), out var field))
            {
                if (!map.TryGetValue(field, out var list))
                {
                    map[field] = list = [];
                }

                // A list may split names into "Họ và tên" and "Tên tập thể": each row uses the one filled in.
                list.Add((column, VietnameseText.Normalize(text)!));
            }
        }

        return map;
    }

    private static List<NomineeRowError> MissingColumns(Dictionary<Field, List<(int, string)>> found, IReadOnlyDictionary<int, string> headerCells, int headerRow)
    {
        var present = string.Join(", ", headerCells.OrderBy(c => c.Key)
            .Select(c => VietnameseText.Normalize(c.Value))
            .Where(v => !string.IsNullOrEmpty(v))
            .Take(30)
            .Select(v => "\"" + Clip(v!) + "\""));
        if (present.Length == 0)
        {
            present = "(không có / none)";
        }

        return
        [
            .. new[] { Field.Name, Field.Kind }
                .Where(f => !found.ContainsKey(f))
                .Select(f => new NomineeRowError(
                    headerRow,
                    Display(f),
                    $"Thiếu cột bắt buộc \"{Display(f)}\"; các cột tìm thấy: {present} / Required column \"{Display(f)}\" is missing; columns found: {present}.")),
        ];
    }

    private static string Display(Field field) => field switch
    {
        Field.Kind => "Loại (Tập thể/Cá nhân)",
        Field.Name => "Họ và tên / Tên tập thể",
        Field.DateOfBirth => "Ngày sinh",
        Field.Position => "Chức vụ",
        Field.Award => "Hình thức khen thưởng",
        Field.Summary => "Tóm tắt thành tích",
        _ => "STT",
    };

    /// <summary>A header folded, without bracketed hints, with punctuation as single spaces: "Họ và tên / Tên tập thể" → "ho va ten ten tap the".</summary>
    private static string Canonical(string header)
    {
        var folded = VietnameseText.Fold(header);
        var builder = new StringBuilder(folded.Length);
        var depth = 0;
        foreach (var ch in folded)
        {
            if (ch is '(' or '[')
            {
                depth++;
            }
            else if (ch is ')' or ']')
            {
                depth = Math.Max(0, depth - 1);
            }
            else if (depth == 0)
            {
                builder.Append(char.IsLetterOrDigit(ch) ? ch : ' ');
            }
        }

        return VietnameseText.Normalize(builder.ToString())!;
    }

    private static NomineeKind? ParseKind(string value) => Canonical(value) switch
    {
        "tap the" or "collective" => NomineeKind.Collective,
        "ca nhan" or "individual" => NomineeKind.Individual,
        _ => null,
    };

    private static DateOnly? ParseDate(string value) =>
        DateOnly.TryParseExact(value, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : null;

    /// <summary>A cell value short enough to quote in a message.</summary>
    private static string Clip(string value) => value.Length <= 50 ? value : string.Concat(value.AsSpan(0, 50), "…");
}
