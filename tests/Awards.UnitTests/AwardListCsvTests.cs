using System.Text;
using Awards.Domain;
using Awards.Outputs.Exports;

namespace Awards.UnitTests;

[TestClass]
public sealed class AwardListCsvTests
{
    private const string HeaderRow = "STT,Hình thức khen thưởng,Cơ quan khen thưởng,Tập thể/Cá nhân,Tên tập thể/Họ và tên,Ngày sinh,Chức vụ,Đơn vị,Tỉnh,Mã hồ sơ,Ngày phê duyệt,Số quyết định,Ngày quyết định,Thu hồi ngày";

    private static readonly Dictionary<string, string> Provinces = new() { ["PY"] = "Phú Yên", ["HN"] = "Hà Nội" };

    [TestMethod]
    public void The_file_starts_with_the_utf8_byte_order_mark()
    {
        var bytes = AwardListCsv.Write([Entry()], Provinces);

        Assert.AreEqual("EFBBBF", Convert.ToHexString(bytes[..3]));
        Assert.AreNotEqual(0xEF, bytes[3], "only one byte order mark");
    }

    [TestMethod]
    public void The_header_row_is_in_vietnamese()
    {
        var lines = Text(AwardListCsv.Write([], Provinces)).Split("\r\n");

        Assert.AreEqual(HeaderRow, lines[0]);
    }

    [TestMethod]
    public void An_empty_list_is_just_the_header_row()
    {
        Assert.AreEqual(HeaderRow + "\r\n", Text(AwardListCsv.Write([], Provinces)));
    }

    [TestMethod]
    public void Each_entry_is_one_numbered_row_in_order()
    {
        var entries = new[]
        {
            Entry() with { NominationId = "nom-aaaaaaaaaaaaaaaa", NomineeName = "Nguyễn Thị Ánh Tuyết" },
            Entry() with { NominationId = "nom-bbbbbbbbbbbbbbbb", NomineeName = "Đỗ Văn Đức" },
            Entry() with { NominationId = "nom-cccccccccccccccc", NomineeName = "Trương Thị Mai" },
        };

        var rows = Parse(AwardListCsv.Write(entries, Provinces));

        Assert.HasCount(4, rows);
        Assert.AreEqual("1 | 2 | 3", string.Join(" | ", rows.Skip(1).Select(r => r[0])));
        Assert.AreEqual("Nguyễn Thị Ánh Tuyết | Đỗ Văn Đức | Trương Thị Mai", string.Join(" | ", rows.Skip(1).Select(r => r[4])));
        Assert.AreEqual("nom-aaaaaaaaaaaaaaaa | nom-bbbbbbbbbbbbbbbb | nom-cccccccccccccccc", string.Join(" | ", rows.Skip(1).Select(r => r[9])));
    }

    [TestMethod]
    public void An_individuals_row_has_every_column_filled_in_the_vietnamese_way()
    {
        var entry = Entry() with
        {
            Kind = NomineeKind.Individual,
            NomineeName = "Nguyễn Thị Ánh Tuyết",
            DateOfBirth = new DateOnly(1980, 3, 5),
            Position = "Trung tá",
            AwardedAt = new DateTimeOffset(2026, 1, 31, 17, 30, 0, TimeSpan.Zero),
        };

        var row = Parse(AwardListCsv.Write([entry], Provinces))[1];

        string[] expected =
        [
            "1", "Bằng khen của Ủy ban Trung ương MTTQ Việt Nam", "Ủy ban Trung ương MTTQ Việt Nam", "Cá nhân", "Nguyễn Thị Ánh Tuyết",
            "05/03/1980", "Trung tá", "Công an tỉnh Phú Yên", "Phú Yên", "nom-k3j9abcdefghmnpq", "01/02/2026", "", "", "",
        ];
        CollectionAssert.AreEqual(expected, row);
    }

    [TestMethod]
    public void A_collectives_row_leaves_birth_date_and_position_empty()
    {
        var entry = Entry() with { Kind = NomineeKind.Collective, NomineeName = "Phòng Cảnh sát PCCC", DateOfBirth = null, Position = null };

        var row = Parse(AwardListCsv.Write([entry], Provinces))[1];

        Assert.AreEqual("Tập thể", row[3]);
        Assert.AreEqual(string.Empty, row[5]);
        Assert.AreEqual(string.Empty, row[6]);
    }

    [TestMethod]
    public void The_approval_date_is_the_date_in_vietnam()
    {
        var entry = Entry() with { AwardedAt = new DateTimeOffset(2026, 12, 31, 17, 0, 0, TimeSpan.Zero) };

        Assert.AreEqual("01/01/2027", Parse(AwardListCsv.Write([entry], Provinces))[1][10]);
    }

    [TestMethod]
    public void An_unknown_province_code_is_written_as_the_code()
    {
        var entry = Entry() with { ProvinceCode = "QN" };

        Assert.AreEqual("QN", Parse(AwardListCsv.Write([entry], Provinces))[1][8]);
    }

    [TestMethod]
    public void Cells_with_commas_or_quotes_are_quoted_rfc4180_style()
    {
        var entry = Entry() with { Position = "Trung tá, Phó Trưởng phòng", NomineeName = "Đội \"Thanh niên xung kích\"" };

        var line = Text(AwardListCsv.Write([entry], Provinces)).Split("\r\n")[1];

        Assert.Contains(",\"Đội \"\"Thanh niên xung kích\"\"\",", line);
        Assert.Contains(",\"Trung tá, Phó Trưởng phòng\",", line);
        var row = Parse(AwardListCsv.Write([entry], Provinces))[1];
        Assert.HasCount(14, row);
        Assert.AreEqual("Đội \"Thanh niên xung kích\"", row[4]);
        Assert.AreEqual("Trung tá, Phó Trưởng phòng", row[6]);
    }

    [TestMethod]
    public void A_cell_with_a_line_break_stays_in_one_quoted_cell()
    {
        var entry = Entry() with { Position = "Trung tá\r\nPhó Trưởng phòng" };

        var rows = Parse(AwardListCsv.Write([entry], Provinces));

        Assert.HasCount(2, rows);
        Assert.AreEqual("Trung tá\r\nPhó Trưởng phòng", rows[1][6]);
    }

    [TestMethod]
    [DataRow("=HYPERLINK(\"http://example.com\";\"Bấm\")")]
    [DataRow("=1+2")]
    [DataRow("+84 912 345 678")]
    [DataRow("-2+3")]
    [DataRow("@SUM(A1:A2)")]
    [DataRow("\tTab đầu dòng")]
    [DataRow("\rCR đầu dòng")]
    [DataRow("-5")]
    public void A_cell_a_spreadsheet_would_run_as_a_formula_is_prefixed_with_an_apostrophe(string name)
    {
        var entry = Entry() with { NomineeName = name };

        var row = Parse(AwardListCsv.Write([entry], Provinces))[1];

        Assert.AreEqual("'" + name, row[4]);
    }

    [TestMethod]
    public void A_decided_and_revoked_award_shows_its_decision_and_the_date_it_was_revoked()
    {
        var entry = Entry() with { DecisionNumber = "125/QĐ-MTTW", DecisionDate = new DateOnly(2019, 12, 5), RevokedAt = new DateTimeOffset(2020, 3, 1, 20, 0, 0, TimeSpan.Zero) };

        var row = Parse(AwardListCsv.Write([entry], Provinces))[1];

        Assert.AreEqual("125/QĐ-MTTW | 05/12/2019 | 02/03/2020", string.Join(" | ", row[11..]));
    }

    [TestMethod]
    public void A_formula_with_a_comma_is_both_prefixed_and_quoted()
    {
        var entry = Entry() with { NomineeName = "=SUM(A1,B1)" };

        var line = Text(AwardListCsv.Write([entry], Provinces)).Split("\r\n")[1];

        Assert.Contains(",\"'=SUM(A1,B1)\",", line);
    }

    [TestMethod]
    public void Every_line_ends_with_crlf()
    {
        var text = Text(AwardListCsv.Write([Entry(), Entry() with { NomineeName = "Đỗ Văn Đức" }], Provinces));

        Assert.EndsWith("\r\n", text);
        Assert.HasCount(4, text.Split("\r\n"));
        Assert.DoesNotContain("\n", text.Replace("\r\n", string.Empty, StringComparison.Ordinal));
        Assert.DoesNotContain("\r", text.Replace("\r\n", string.Empty, StringComparison.Ordinal));
    }

    [TestMethod]
    public void Decoding_as_utf8_gives_back_every_vietnamese_letter()
    {
        const string lower = "aàáảãạăằắẳẵặâầấẩẫậbcdđeèéẻẽẹêềếểễệghiìíỉĩịklmnoòóỏõọôồốổỗộơờớởỡợpqrstuùúủũụưừứửữựvxyỳýỷỹỵ";
        var all = lower + " " + lower.ToUpper(VietnameseText.Culture);
        var entry = Entry() with { NomineeName = all, UnitName = "Ủy ban nhân dân xã Ẳng Tở", Position = "Chủ tịch Hội Liên hiệp Phụ nữ" };

        var bytes = AwardListCsv.Write([entry], Provinces);
        var decoded = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(bytes, 3, bytes.Length - 3);

        var row = ParseText(decoded)[1];
        Assert.AreEqual(all, row[4]);
        Assert.AreEqual("Ủy ban nhân dân xã Ẳng Tở", row[7]);
        Assert.AreEqual("Chủ tịch Hội Liên hiệp Phụ nữ", row[6]);
        Assert.AreEqual(HeaderRow, decoded.Split("\r\n")[0]);
    }

    private static AwardListEntry Entry() => new()
    {
        CampaignId = "bang-khen-2026",
        AwardCode = "bk-mttq",
        AwardName = "Bằng khen của Ủy ban Trung ương MTTQ Việt Nam",
        AwardingBody = "Ủy ban Trung ương MTTQ Việt Nam",
        NominationId = "nom-k3j9abcdefghmnpq",
        Kind = NomineeKind.Individual,
        NomineeName = "Nguyễn Thị Ánh Tuyết",
        DateOfBirth = new DateOnly(1980, 3, 5),
        Position = "Trung tá",
        UnitName = "Công an tỉnh Phú Yên",
        ProvinceCode = "PY",
        AwardedAt = new DateTimeOffset(2026, 1, 31, 17, 30, 0, TimeSpan.Zero),
    };

    private static string Text(byte[] bytes)
    {
        Assert.AreEqual("EFBBBF", Convert.ToHexString(bytes[..3]));
        return Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3);
    }

    private static List<string[]> Parse(byte[] bytes) => ParseText(Text(bytes));

    /// <summary>A strict RFC 4180 reader: fails the test on anything a spreadsheet would misread.</summary>
    private static List<string[]> ParseText(string text)
    {
        var rows = new List<string[]>();
        var row = new List<string>();
        var cell = new StringBuilder();
        var i = 0;
        while (i < text.Length)
        {
            if (text[i] == '"' && cell.Length == 0)
            {
                i++;
                while (true)
                {
                    Assert.IsLessThan(text.Length, i, "unterminated quoted cell");
                    if (text[i] == '"')
                    {
                        if (i + 1 < text.Length && text[i + 1] == '"')
                        {
                            cell.Append('"');
                            i += 2;
                            continue;
                        }

                        i++;
                        break;
                    }

                    cell.Append(text[i++]);
                }

                Assert.IsTrue(i == text.Length || text[i] == ',' || text[i] == '\r', "a quoted cell must end at a comma or line end");
                continue;
            }

            if (text[i] == ',')
            {
                row.Add(cell.ToString());
                cell.Clear();
                i++;
            }
            else if (text[i] == '\r')
            {
                Assert.IsTrue(i + 1 < text.Length && text[i + 1] == '\n', "CR must be followed by LF");
                row.Add(cell.ToString());
                cell.Clear();
                rows.Add([.. row]);
                row.Clear();
                i += 2;
            }
            else
            {
                Assert.AreNotEqual('"', text[i], "a bare quote inside an unquoted cell");
                Assert.AreNotEqual('\n', text[i], "a bare LF");
                cell.Append(text[i++]);
            }
        }

        Assert.AreEqual(0, cell.Length + row.Count, "the last line must end with CRLF");
        return rows;
    }
}
