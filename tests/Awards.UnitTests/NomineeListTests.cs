using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using Awards.Domain;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Awards.UnitTests;

[TestClass]
public sealed class NomineeListTests
{
    private const string Header = "STT,Loại,Họ và tên / Tên tập thể,Ngày sinh,Chức vụ,Hình thức khen thưởng,Tóm tắt thành tích";

    private static readonly DateOnly Today = new(2026, 1, 15);

    private static readonly string[] FamilyNames = ["Nguyễn", "Trần", "Lê", "Phạm", "Đỗ", "Trương", "Đặng", "Bùi"];

    private static readonly string[] GivenNames = ["Thị Hường", "Văn Đức", "Thị Ánh Tuyết", "Quốc Hưng", "Thanh Mẫn", "Thị Mai", "Văn Minh"];

    [TestMethod]
    public void A_comma_separated_csv_with_a_bom_is_read_with_the_row_numbers_the_spreadsheet_shows()
    {
        var result = Read(Csv(true,
            Header,
            "1,Tập thể,\"Phòng Cảnh sát hình sự, Công an tỉnh Phú Yên\",,,bk-mttq,Xây dựng 12 mô hình tự quản",
            "2,Cá nhân,Đỗ Thị Hường,08/03/1984,Trung tá,bk-mttq,\"Tham mưu, tổ chức thực hiện\""));

        Assert.AreEqual(NomineeListFormat.Csv, result.Format);
        Assert.IsEmpty(result.Errors, Describe(result));
        Assert.HasCount(2, result.Rows);
        var collective = result.Rows[0];
        Assert.AreEqual(2, collective.RowNumber);
        Assert.AreEqual(NomineeKind.Collective, collective.Kind);
        Assert.AreEqual("Phòng Cảnh sát hình sự, Công an tỉnh Phú Yên", collective.Name);
        Assert.IsNull(collective.DateOfBirth);
        Assert.IsNull(collective.Position, "an empty cell is no value");
        Assert.AreEqual("bk-mttq", collective.AwardCode);
        var person = result.Rows[1];
        Assert.AreEqual(3, person.RowNumber);
        Assert.AreEqual(NomineeKind.Individual, person.Kind);
        Assert.AreEqual("Đỗ Thị Hường", person.Name);
        Assert.AreEqual(new DateOnly(1984, 3, 8), person.DateOfBirth, "dd/mm/yyyy, day first");
        Assert.AreEqual("Trung tá", person.Position);
        Assert.AreEqual("Tham mưu, tổ chức thực hiện", person.AchievementSummary);
    }

    [TestMethod]
    public void A_semicolon_separated_csv_without_a_bom_as_vietnamese_excel_saves_it_is_read()
    {
        var result = Read(Csv(false,
            "STT;Loại;Họ và tên / Tên tập thể;Ngày sinh;Chức vụ;Hình thức khen thưởng;Tóm tắt thành tích",
            "1;Cá nhân;Trương Văn Minh;15/11/1979;Thượng tá, Trưởng Công an huyện Đồng Xuân;;",
            "2;Tập thể;Công an phường 7, thành phố Tuy Hòa;;;;Duy trì 5 năm liền"));

        Assert.IsEmpty(result.Errors, Describe(result));
        Assert.AreEqual("Trương Văn Minh | Công an phường 7, thành phố Tuy Hòa", string.Join(" | ", result.Rows.Select(r => r.Name)));
        Assert.AreEqual("Thượng tá, Trưởng Công an huyện Đồng Xuân", result.Rows[0].Position);
        Assert.IsNull(result.Rows[0].AwardCode, "left for the caller to default");
    }

    [TestMethod]
    public void An_xlsx_with_shared_strings_an_inline_string_and_a_date_serial_is_read()
    {
        var result = Read(Xlsx(
            ["STT", "Loại", "Họ và tên / Tên tập thể", "Ngày sinh", "Chức vụ", "Hình thức khen thưởng", "Tóm tắt thành tích"],
            [1, "Cá nhân", "Đỗ Thị Hường", new DateOnly(1984, 3, 8), "Trung tá", "bk-mttq", new Inline("Tham mưu ký kết Chương trình 09")],
            [2, "Tập thể", new Inline("Phòng Cảnh sát hình sự, Công an tỉnh Phú Yên"), null, null, "bk-mttq", null],
            [3, "Cá nhân", "Nguyễn Thị Ánh Tuyết", "22/06/1990", "Đại úy", null, null]));

        Assert.AreEqual(NomineeListFormat.Xlsx, result.Format);
        Assert.IsEmpty(result.Errors, Describe(result));
        Assert.HasCount(3, result.Rows);
        Assert.AreEqual(new DateOnly(1984, 3, 8), result.Rows[0].DateOfBirth, "Excel's serial day number");
        Assert.AreEqual("Tham mưu ký kết Chương trình 09", result.Rows[0].AchievementSummary);
        Assert.AreEqual("Phòng Cảnh sát hình sự, Công an tỉnh Phú Yên", result.Rows[1].Name);
        Assert.AreEqual(NomineeKind.Collective, result.Rows[1].Kind);
        Assert.AreEqual(new DateOnly(1990, 6, 22), result.Rows[2].DateOfBirth, "a date typed as text");
        Assert.AreEqual("2 3 4", string.Join(' ', result.Rows.Select(r => r.RowNumber)));
    }

    [TestMethod]
    public void Headers_written_in_nfd_are_recognised_and_values_are_stored_nfc()
    {
        var nfd = (Header + "\n1,Cá nhân,Đỗ Thị Hường,08/03/1984,Trung tá,,").Normalize(NormalizationForm.FormD);

        var result = Read(new MemoryStream(Encoding.UTF8.GetBytes(nfd)));

        Assert.IsEmpty(result.Errors, Describe(result));
        Assert.AreEqual("Đỗ Thị Hường", result.Rows[0].Name);
        Assert.IsTrue(result.Rows[0].Name.IsNormalized(NormalizationForm.FormC));
        Assert.AreEqual("Trung tá", result.Rows[0].Position);
    }

    [TestMethod]
    public void Headers_and_kinds_without_diacritics_or_with_synonyms_are_recognised()
    {
        var result = Read(Csv(false,
            "STT,TAP THE/CA NHAN,HO VA TEN,NGAY SINH (dd/mm/yyyy),\"CAP BAC, CHUC VU\",MA KHEN THUONG,TOM TAT THANH TICH",
            "1,ca nhan,Do Thi Huong,8/3/1984,Trung ta,bk-mttq,",
            "2,TAP THE,Cong an phuong 7,,,,",
            "3,individual,Tran Van Duc,1979-11-15,,,"));

        Assert.IsEmpty(result.Errors, Describe(result));
        Assert.AreEqual("Individual Collective Individual", string.Join(' ', result.Rows.Select(r => r.Kind)));
        Assert.AreEqual(new DateOnly(1984, 3, 8), result.Rows[0].DateOfBirth);
        Assert.AreEqual(new DateOnly(1979, 11, 15), result.Rows[2].DateOfBirth);
        Assert.AreEqual("bk-mttq", result.Rows[0].AwardCode);
    }

    [TestMethod]
    [DataRow("csv")]
    [DataRow("xlsx")]
    public void A_list_of_200_with_3_bad_rows_gives_197_nominees_and_exactly_those_3_errors(string format)
    {
        // Spreadsheet rows 17, 88 and 154 are bad: a date that does not exist, no name, an individual without a date of birth.
        var rows = new List<object?[]>();
        for (var row = 2; row <= 201; row++)
        {
            var individual = row % 3 != 0;
            var name = individual
                ? $"{FamilyNames[row % FamilyNames.Length]} {GivenNames[row % GivenNames.Length]}"
                : $"Công an phường {row}, thành phố Tuy Hòa";
            object? born = individual ? new DateOnly(1970 + (row % 30), 1 + (row % 12), 1 + (row % 28)) : null;
            (name, born) = row switch
            {
                17 => (name, "31/02/1984"),
                88 => (string.Empty, born),
                154 => (name, null),
                _ => (name, born),
            };
            rows.Add([row - 1, individual ? "Cá nhân" : "Tập thể", name, born, individual ? "Đại úy" : null, "bk-mttq", "Hoàn thành xuất sắc nhiệm vụ"]);
        }

        var result = Read(format == "csv"
            ? Csv(true, [Header, .. rows.Select(CsvLine)])
            : Xlsx([["STT", "Loại", "Họ và tên / Tên tập thể", "Ngày sinh", "Chức vụ", "Hình thức khen thưởng", "Tóm tắt thành tích"], .. rows]));

        Assert.HasCount(197, result.Rows);
        Assert.AreEqual(
            "17 Ngày sinh | 88 Họ và tên / Tên tập thể | 154 Ngày sinh",
            string.Join(" | ", result.Errors.Select(e => $"{e.RowNumber} {e.Column}")),
            Describe(result));
        StringAssert.Contains(result.Errors[0].Message, "31/02/1984");
        StringAssert.Contains(result.Errors[1].Message, "Thiếu họ và tên");
        StringAssert.Contains(result.Errors[2].Message, "Cá nhân phải có ngày sinh");
        Assert.IsTrue(result.Errors.All(e => e.Message.Contains(" / ", StringComparison.Ordinal)), "Vietnamese, then English");
        Assert.IsFalse(result.Rows.Any(r => r.RowNumber is 17 or 88 or 154));
        Assert.AreEqual(201, result.Rows[^1].RowNumber);
        Assert.IsFalse(result.Truncated);
    }

    [TestMethod]
    public void A_missing_required_column_is_one_error_naming_it_and_listing_the_headers_found()
    {
        var result = Read(Csv(true, "STT,Loại,Tên,Ngày sinh", "1,Cá nhân,Đỗ Thị Hường,08/03/1984"));

        Assert.IsEmpty(result.Rows);
        Assert.HasCount(1, result.Errors);
        var error = result.Errors[0];
        Assert.AreEqual(1, error.RowNumber);
        Assert.AreEqual("Họ và tên / Tên tập thể", error.Column);
        StringAssert.Contains(error.Message, "Thiếu cột bắt buộc \"Họ và tên / Tên tập thể\"");
        StringAssert.Contains(error.Message, "\"STT\", \"Loại\", \"Tên\", \"Ngày sinh\"");
        StringAssert.Contains(error.Message, "Required column");
    }

    [TestMethod]
    public void A_file_with_no_known_header_says_which_columns_it_has()
    {
        var result = Read(Csv(true, "Name,Birthday", "Do Thi Huong,1984-03-08"));

        Assert.IsEmpty(result.Rows);
        Assert.AreEqual("Họ và tên / Tên tập thể | Loại (Tập thể/Cá nhân)", string.Join(" | ", result.Errors.Select(e => e.Column)));
        StringAssert.Contains(result.Errors[0].Message, "\"Name\", \"Birthday\"");
    }

    [TestMethod]
    public void A_title_block_above_the_header_is_skipped_and_row_numbers_stay_those_of_the_sheet()
    {
        var result = Read(Xlsx(
            ["DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG"],
            ["(Kèm theo Tờ trình số 15/TTr-CAT ngày 20/02/2019)"],
            null,
            ["STT", "Loại", "Họ và tên / Tên tập thể", "Ngày sinh"],
            [1, "Cá nhân", "Đỗ Thị Hường", new DateOnly(1984, 3, 8)],
            null,
            [2, "Cá nhân", "Trương Văn Minh", "32/11/1979"]));

        Assert.AreEqual("5", string.Join(' ', result.Rows.Select(r => r.RowNumber)));
        Assert.AreEqual(7, result.Errors.Single().RowNumber, Describe(result));
    }

    [TestMethod]
    public void A_collective_with_a_date_of_birth_and_an_unknown_kind_are_refused()
    {
        var result = Read(Csv(true, Header,
            "1,Tập thể,Công an phường 7,08/03/1984,,,",
            "2,Hộ gia đình,Nguyễn Văn An,01/01/1960,,,",
            "3,,Trần Văn Bình,01/01/1960,,,"));

        Assert.IsEmpty(result.Rows);
        Assert.AreEqual("2 Ngày sinh | 3 Loại | 4 Loại", string.Join(" | ", result.Errors.Select(e => $"{e.RowNumber} {e.Column}")));
        StringAssert.Contains(result.Errors[0].Message, "Tập thể không có ngày sinh");
        StringAssert.Contains(result.Errors[1].Message, "\"Hộ gia đình\"");
    }

    [TestMethod]
    public void Dates_that_cannot_be_a_birth_date_are_refused()
    {
        var result = Read(Csv(true, Header,
            "1,Cá nhân,Đỗ Thị Hường,08/03/2030,,,",
            "2,Cá nhân,Đỗ Thị Hường,03/08/84,,,",
            "3,Cá nhân,Đỗ Thị Hường,03-08-1984,,,"));

        Assert.AreEqual("4", string.Join(' ', result.Rows.Select(r => r.RowNumber)));
        Assert.AreEqual(new DateOnly(1984, 8, 3), result.Rows[0].DateOfBirth);
        Assert.AreEqual("2 3", string.Join(' ', result.Errors.Select(e => e.RowNumber)));
        StringAssert.Contains(result.Errors[0].Message, "không hợp lý");
    }

    [TestMethod]
    public void A_year_typed_as_a_number_in_excel_is_not_taken_for_a_day_in_1905()
    {
        var result = Read(Xlsx(["Loại", "Họ và tên", "Ngày sinh"], ["Cá nhân", "Đỗ Thị Hường", 1984]));

        Assert.IsEmpty(result.Rows);
        Assert.AreEqual("Ngày sinh", result.Errors.Single().Column);
        StringAssert.Contains(result.Errors[0].Message, "\"1984\"");
    }

    [TestMethod]
    public void Values_are_limited_in_length()
    {
        var result = Read(Csv(true, Header,
            $"1,Tập thể,{new string('A', 201)},,,,",
            $"2,Cá nhân,Đỗ Thị Hường,08/03/1984,{new string('B', 201)},,",
            $"3,Tập thể,Công an phường 7,,,,{new string('C', 4001)}",
            $"4,Tập thể,{new string('A', 200)},,{new string('B', 200)},,{new string('C', 4000)}"));

        Assert.AreEqual("2 Họ và tên / Tên tập thể | 3 Chức vụ | 4 Tóm tắt thành tích", string.Join(" | ", result.Errors.Select(e => $"{e.RowNumber} {e.Column}")));
        Assert.AreEqual(5, result.Rows.Single().RowNumber, "the limits themselves are allowed");
    }

    [TestMethod]
    public void Blank_rows_are_skipped_but_keep_their_numbers()
    {
        var result = Read(Csv(true, Header, ",,,,,,", string.Empty, "3,Tập thể,Công an phường 7,,,,"));

        Assert.IsEmpty(result.Errors, Describe(result));
        Assert.AreEqual(4, result.Rows.Single().RowNumber);
    }

    [TestMethod]
    public void More_than_2000_nominees_reads_the_first_2000_and_says_so()
    {
        var lines = new List<string> { Header };
        for (var i = 1; i <= 2005; i++)
        {
            lines.Add($"{i},Tập thể,Công an xã số {i},,,,");
        }

        var result = Read(Csv(true, [.. lines]));

        Assert.HasCount(NomineeListReader.MaxRows, result.Rows);
        Assert.IsTrue(result.Truncated);
        var error = result.Errors.Single();
        Assert.AreEqual(2002, error.RowNumber);
        StringAssert.Contains(error.Message, "hơn 2000");
        StringAssert.Contains(error.Message, "more than 2000");
    }

    [TestMethod]
    public void A_csv_saved_in_a_legacy_code_page_is_refused_with_advice()
    {
        // "Đỗ" in Windows-1258 is not valid UTF-8.
        var bytes = Encoding.UTF8.GetBytes(Header + "\n1,Cá nhân,").Concat(new byte[] { 0xD0, 0xD5, 0xF5 }).Concat(Encoding.UTF8.GetBytes(",08/03/1984,,,")).ToArray();

        var result = Read(new MemoryStream(bytes));

        Assert.IsEmpty(result.Rows);
        Assert.AreEqual(NomineeRowError.WholeFile, result.Errors.Single().RowNumber);
        StringAssert.Contains(result.Errors[0].Message, "CSV UTF-8");
    }

    [TestMethod]
    public void An_excel_97_file_and_a_damaged_xlsx_are_refused_with_a_message()
    {
        var xls = Read(new MemoryStream([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0, 0, 0]));
        var damaged = Read(new MemoryStream([.. "PK\u0003\u0004"u8, .. new byte[100]]));

        StringAssert.Contains(xls.Errors.Single().Message, ".xls");
        Assert.AreEqual(NomineeListFormat.Xlsx, damaged.Format);
        StringAssert.Contains(damaged.Errors.Single().Message, "XLSX");
        Assert.IsEmpty(damaged.Rows);
    }

    [TestMethod]
    public async Task A_stream_that_only_reads_asynchronously_can_be_read()
    {
        using var body = new AsyncOnlyStream(Csv(true, Header, "1,Tập thể,Công an phường 7,,,,").ToArray());

        var result = await NomineeListReader.ReadAsync(body, CancellationToken.None, Today);

        Assert.AreEqual("Công an phường 7", result.Rows.Single().Name);
    }

    [TestMethod]
    public void The_sample_list_in_the_repository_reads_without_errors()
    {
        var path = Path.Combine(Path.GetDirectoryName(ThisFile())!, "..", "..", "samples", "danh-sach-de-nghi.csv");
        var bytes = File.ReadAllBytes(path);

        var result = Read(new MemoryStream(bytes));

        Assert.AreEqual("EFBBBF", Convert.ToHexString(bytes[..3]), "opens with diacritics intact in Excel");
        Assert.IsEmpty(result.Errors, Describe(result));
        Assert.HasCount(5, result.Rows);
        Assert.AreEqual(2, result.Rows.Count(r => r.Kind == NomineeKind.Collective));
        var huong = result.Rows.Single(r => r.Name == "Đỗ Thị Hường");
        Assert.AreEqual(new DateOnly(1984, 3, 8), huong.DateOfBirth);
        StringAssert.StartsWith(huong.Position!, "Trung tá");
    }

    private static NomineeListResult Read(MemoryStream content)
    {
        using (content)
        {
            return NomineeListReader.Read(content, Today);
        }
    }

    private static string Describe(NomineeListResult result) =>
        string.Join("\n", result.Errors.Select(e => $"row {e.RowNumber} [{e.Column}]: {e.Message}"));

    private static string ThisFile([CallerFilePath] string path = "") => path;

    private static MemoryStream Csv(bool bom, params string[] lines)
    {
        var text = string.Join("\r\n", lines) + "\r\n";
        return new MemoryStream([.. bom ? Encoding.UTF8.Preamble : [], .. Encoding.UTF8.GetBytes(text)]);
    }

    /// <summary>One CSV line: dates written dd/mm/yyyy, fields with a comma or a quote quoted.</summary>
    private static string CsvLine(object?[] values) => string.Join(',', values.Select(v =>
    {
        var text = v is DateOnly date ? date.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture) : Convert.ToString(v, CultureInfo.InvariantCulture) ?? string.Empty;
        return text.Contains(',', StringComparison.Ordinal) || text.Contains('"', StringComparison.Ordinal) ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text;
    }));

    /// <summary>A text cell written as an inline string rather than through the shared string table.</summary>
    private sealed record Inline(string Text);

    /// <summary>
    /// A workbook the way Excel writes one: text in the shared string table (or inline), dates as
    /// serial numbers in a date-formatted style, numbers as numbers; a null row is a row left blank.
    /// </summary>
    private static MemoryStream Xlsx(params object?[]?[] rows)
    {
        var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            workbook.Workbook = new Workbook();
            workbook.AddNewPart<WorkbookStylesPart>().Stylesheet = new Stylesheet(
                new Fonts(new Font()) { Count = 1 },
                new Fills(new Fill(new PatternFill { PatternType = PatternValues.None }), new Fill(new PatternFill { PatternType = PatternValues.Gray125 })) { Count = 2 },
                new Borders(new Border()) { Count = 1 },
                new CellFormats(new CellFormat(), new CellFormat { NumberFormatId = 14, ApplyNumberFormat = true }) { Count = 2 });
            var strings = new List<string>();
            var data = new SheetData();
            for (var r = 0; r < rows.Length; r++)
            {
                if (rows[r] is not { } values)
                {
                    continue;
                }

                var row = new Row { RowIndex = (uint)(r + 1) };
                for (var c = 0; c < values.Length; c++)
                {
                    var reference = $"{(char)('A' + c)}{r + 1}";
                    Cell? cell = values[c] switch
                    {
                        string s when s.Length > 0 => new Cell { CellReference = reference, DataType = CellValues.SharedString, CellValue = new CellValue(SharedIndex(strings, s)) },
                        Inline inline => new Cell { CellReference = reference, DataType = CellValues.InlineString, InlineString = new InlineString(new Text(inline.Text)) },
                        DateOnly date => new Cell { CellReference = reference, StyleIndex = 1, CellValue = new CellValue(date.ToDateTime(TimeOnly.MinValue).ToOADate()) },
                        int number => new Cell { CellReference = reference, CellValue = new CellValue(number) },
                        _ => null,
                    };
                    if (cell is not null)
                    {
                        row.Append(cell);
                    }
                }

                data.Append(row);
            }

            var sheet = workbook.AddNewPart<WorksheetPart>();
            sheet.Worksheet = new Worksheet(data);
            workbook.AddNewPart<SharedStringTablePart>().SharedStringTable =
                new SharedStringTable(strings.Select(s => new SharedStringItem(new Text(s)))) { Count = (uint)strings.Count, UniqueCount = (uint)strings.Count };
            workbook.Workbook.AppendChild(new Sheets(new Sheet { Id = workbook.GetIdOfPart(sheet), SheetId = 1, Name = "Danh sách" }));
        }

        stream.Position = 0;
        return stream;
    }

    private static int SharedIndex(List<string> strings, string value)
    {
        var index = strings.IndexOf(value);
        if (index < 0)
        {
            strings.Add(value);
            index = strings.Count - 1;
        }

        return index;
    }

    /// <summary>Like ASP.NET Core's request body: synchronous reads throw.</summary>
    private sealed class AsyncOnlyStream(byte[] bytes) : Stream
    {
        private readonly MemoryStream inner = new(bytes);

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => throw new InvalidOperationException("Synchronous operations are disallowed.");

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => inner.ReadAsync(buffer, cancellationToken);

        public override void Flush() => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
