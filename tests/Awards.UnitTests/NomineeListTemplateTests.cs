using System.Text;
using Awards.Domain;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Awards.UnitTests;

/// <summary>The nominee list templates a unit downloads read back through the import that will read them filled in.</summary>
[TestClass]
public sealed class NomineeListTemplateTests
{
    private static readonly DateOnly Today = new(2026, 1, 15);

    [TestMethod]
    public void The_csv_template_is_utf8_with_a_bom_and_a_row_added_under_its_headers_reads_back()
    {
        var template = NomineeListTemplate.Csv();
        CollectionAssert.AreEqual(Encoding.UTF8.GetPreamble(), template[..3], "Excel needs the byte order mark to keep the diacritics");
        var text = Encoding.UTF8.GetString(template[3..]);
        Assert.AreEqual(string.Join(";", NomineeListReader.TemplateHeaders) + "\r\n", text);

        var filled = Encoding.UTF8.GetBytes(text + "1;Cá nhân;Đỗ Thị Hường;08/03/1984;Trung tá;bk-mttq;Tham mưu ký kết Chương trình phối hợp\r\n");
        var result = NomineeListReader.Read(new MemoryStream([.. Encoding.UTF8.GetPreamble(), .. filled]), Today);

        Assert.IsEmpty(result.Errors, string.Join("; ", result.Errors.Select(e => e.Message)));
        var row = result.Rows.Single();
        Assert.AreEqual(2, row.RowNumber);
        Assert.AreEqual("Đỗ Thị Hường", row.Name);
        Assert.AreEqual(new DateOnly(1984, 3, 8), row.DateOfBirth);
        Assert.AreEqual("bk-mttq", row.AwardCode);
    }

    [TestMethod]
    public void The_xlsx_template_has_the_headers_on_its_first_sheet_and_the_campaigns_awards_on_the_guide()
    {
        var campaign = TestCampaigns.Valid();
        var bytes = NomineeListTemplate.Xlsx(campaign);

        var blank = NomineeListReader.Read(new MemoryStream(bytes), Today);
        Assert.AreEqual(NomineeListFormat.Xlsx, blank.Format);
        Assert.IsEmpty(blank.Errors, "a blank template is a valid, empty list");
        Assert.IsEmpty(blank.Rows);

        using var document = SpreadsheetDocument.Open(new MemoryStream(bytes), false);
        var workbook = document.WorkbookPart!;
        var sheets = workbook.Workbook.Sheets!.Elements<Sheet>().ToList();
        CollectionAssert.AreEqual(new[] { "Danh sách", "Hướng dẫn" }, sheets.Select(s => s.Name!.Value).ToArray());
        var header = ((WorksheetPart)workbook.GetPartById(sheets[0].Id!.Value!)).Worksheet.Descendants<Row>().Single();
        CollectionAssert.AreEqual(NomineeListReader.TemplateHeaders.ToList(), header.Elements<Cell>().Select(c => c.InlineString!.InnerText).ToList());
        var guide = ((WorksheetPart)workbook.GetPartById(sheets[1].Id!.Value!)).Worksheet.Descendants<Cell>().Select(c => c.InlineString!.InnerText).ToList();
        foreach (var award in campaign.Awards)
        {
            CollectionAssert.Contains(guide, award.Code);
            CollectionAssert.Contains(guide, award.NameVi);
        }
    }
}
