using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using Awards.Domain;
using Awards.Storage;
using Awards.Testing;
using Awards.Web;
using Awards.Web.Api;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Microsoft.Extensions.DependencyInjection;

namespace Awards.IntegrationTests;

/// <summary>
/// The award outputs as files, each opened by the program a person would open it with and read
/// back: exports of the lists (CSV and XLSX through LibreOffice, PDF through pdftotext), the
/// decision PDF, and certificates whose QR code a scanner reads as the certificate's verify link.
/// </summary>
[TestClass]
public sealed class AwardOutputTests
{
    private const string Front = "Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam";

    // Together these carry every Vietnamese letter with a diacritic family (ă â đ ê ô ơ ư) and
    // every tone (huyền, sắc, hỏi, ngã, nặng), in lower and upper case; each fits a table cell's line.
    private static readonly string[] Individuals =
        ["Đặng Thị Hằng", "Lê Văn Đức", "Âu Thị Ngỗ", "Ơn Văn Ẩn", "Ưng Thị Ểu", "Ông Ẵng Ợi", "Ềnh Ấu Ỏ", "Trương đình Tơ", "Bùi Thị Ẹ", "Hồ Quân Ẽ", "Phạm Thị Thủy"];

    private static readonly string[] Collectives = ["Phòng Cảnh sát hình sự", "Ủy ban MTTQ xã Ẳng Tở"];

    // What spreadsheet programs would run as a formula if a cell began so.
    private static readonly string[] Formulas = ["=HYPERLINK(\"http://x\",\"y\")", "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)", "\tTab đầu ô", "\rCR đầu ô"];

    private const string RevokedName = "Hồ Văn Giả";

    private const string AwardListXlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public void The_test_names_carry_every_diacritic_family_and_tone_in_both_cases()
    {
        var text = string.Concat(Individuals.Concat(Collectives)).Normalize(NormalizationForm.FormD);
        foreach (var letter in "ăâđêôơưĂÂĐÊÔƠƯ")
        {
            Assert.Contains(letter.ToString().Normalize(NormalizationForm.FormD), text, $"no {letter}");
        }

        foreach (var (tone, name) in new[] { ('\u0300', "huyền"), ('\u0301', "sắc"), ('\u0309', "hỏi"), ('\u0303', "ngã"), ('\u0323', "nặng") })
        {
            var bases = Enumerable.Range(1, text.Length - 1).Where(i => text[i] == tone).Select(i => text[..i].TrimEnd('\u0302', '\u0306', '\u031B')[^1]).ToList();
            Assert.IsTrue(bases.Any(char.IsLower) && bases.Any(char.IsUpper), $"the {name} tone in both cases");
        }
    }

    [TestMethod]
    public async Task Every_export_opens_in_a_real_program_with_each_letter_intact_formulas_shown_as_text_and_revoked_awards_only_when_asked()
    {
        var ct = TestContext.CancellationToken;
        using var s = await Scenario.StartAsync("exports");
        var id = s.Campaign.Id;
        await using (var services = TestHost.SharedServices())
        {
            var n = 0;
            AwardListEntry Entry(NomineeKind kind, string name) => new()
            {
                CampaignId = id,
                AwardCode = "bk-mttq",
                AwardName = "Bằng khen của Ủy ban Trung ương MTTQ Việt Nam",
                AwardingBody = Front,
                NominationId = string.Create(CultureInfo.InvariantCulture, $"nom-export{++n:D8}"),
                Kind = kind,
                NomineeName = name,
                DateOfBirth = kind == NomineeKind.Individual ? new DateOnly(1980, 3, 5) : null,
                Position = kind == NomineeKind.Individual ? "Trung tá" : null,
                UnitName = "Công an tỉnh Phú Yên",
                ProvinceCode = "PY",
                AwardedAt = new DateTimeOffset(2019, 12, 1, 3, 0, 0, TimeSpan.Zero),
                DecisionNumber = "125/QĐ-MTTW",
                DecisionDate = new DateOnly(2019, 12, 5),
            };
            await services.GetRequiredService<AwardListStore>().UpsertManyAsync(
            [
                .. Collectives.Concat(Formulas).Select(name => Entry(NomineeKind.Collective, name)),
                .. Individuals.Select(name => Entry(NomineeKind.Individual, name)),
                Entry(NomineeKind.Individual, RevokedName) with { RevokedAt = new DateTimeOffset(2020, 3, 2, 2, 0, 0, TimeSpan.Zero), RevocationReason = "Hồ sơ giả." },
            ], ct);
        }

        // CSV: UTF-8 with BOM, saved by LibreOffice as a workbook and read back.
        var csv = await DownloadAsync(s, $"api/campaigns/{id}/awards?format=csv", "text/csv", $"Danh sách khen thưởng - {id}.csv");
        CollectionAssert.AreEqual(new byte[] { 0xEF, 0xBB, 0xBF }, csv[..3]);
        var csvCells = Cells((await OutputTools.SpreadsheetAsCsvAsync(csv, "csv", ct)).Single());
        AssertNames(csvCells, "CSV");
        foreach (var formula in Formulas)
        {
            CollectionAssert.Contains(csvCells, "'" + Lf(formula), $"CSV: {formula} stays text, behind an apostrophe");
        }

        AssertNothingComputed(csvCells, "CSV");
        CollectionAssert.DoesNotContain(csvCells, RevokedName, "CSV: a revoked award is left out");

        // XLSX: a sheet per awarding body, read back by LibreOffice, and its structure by the Open XML SDK.
        var xlsx = await DownloadAsync(s, $"api/campaigns/{id}/awards?format=xlsx", AwardListXlsxType, $"Danh sách khen thưởng - {id}.xlsx");
        var sheets = await OutputTools.SpreadsheetAsCsvAsync(xlsx, "xlsx", ct);
        Assert.HasCount(2, sheets, "one sheet per awarding body");
        var xlsxCells = sheets.SelectMany(Cells).ToList();
        AssertNames(xlsxCells, "XLSX");
        foreach (var formula in Formulas)
        {
            CollectionAssert.Contains(xlsxCells, Lf(formula), $"XLSX: {formula} is the text of its cell");
        }

        AssertNothingComputed(xlsxCells, "XLSX");
        CollectionAssert.DoesNotContain(xlsxCells, RevokedName, "XLSX: a revoked award is left out");
        var front = Cells(sheets.Single(t => t.Contains(Individuals[0], StringComparison.Ordinal)));
        StringAssert.Contains(string.Join("|", front), $"Tổng số|{Collectives.Length + Formulas.Length + Individuals.Length} ({Collectives.Length + Formulas.Length} tập thể, {Individuals.Length} cá nhân)", "the counts row");
        using (var workbook = SpreadsheetDocument.Open(new MemoryStream(xlsx), false))
        {
            var names = workbook.WorkbookPart!.Workbook.Sheets!.Elements<Sheet>().Select(x => x.Name!.Value).ToList();
            var frontCode = s.Campaign.AwardingBodies.Single(b => b.Name == Front).Code;
            Assert.AreEqual($"{frontCode} | Bộ Công an", string.Join(" | ", names), "a body's name, or its register code when the name is too long for a sheet");
            foreach (var part in workbook.WorkbookPart.WorksheetParts)
            {
                Assert.IsEmpty(part.Worksheet.Descendants<CellFormula>(), "no formula anywhere");
                var pane = part.Worksheet.Descendants<Pane>().Single();
                Assert.AreEqual(PaneStateValues.Frozen, pane.State!.Value, "the header row is frozen");
                Assert.AreEqual("A4", pane.TopLeftCell!.Value);
                Assert.IsNotEmpty(part.Worksheet.Descendants<Column>(), "column widths");
            }
        }

        // PDF: read back by pdftotext; the font embedded whole, with a map back to Unicode.
        var pdf = await DownloadAsync(s, $"api/campaigns/{id}/awards?format=pdf", "application/pdf", $"Danh sách khen thưởng - {id}.pdf");
        var pages = await OutputTools.PdfPagesAsync(pdf, ct);
        var text = string.Join("\n", pages);
        foreach (var name in Individuals.Concat(Collectives))
        {
            StringAssert.Contains(text, name, "PDF");
        }

        StringAssert.Contains(text, "DANH SÁCH KHEN THƯỞNG");
        StringAssert.Contains(text, s.Campaign.Name);
        StringAssert.Contains(text, "Cơ quan khen thưởng: " + Front);
        StringAssert.Contains(text, "125/QĐ-MTTW");
        StringAssert.Contains(pages[^1], $"Trang {pages.Length}/{pages.Length}");
        Assert.DoesNotContain(RevokedName, text, "PDF: a revoked award is left out");
        await AssertFontsEmbeddedWholeAsync(pdf);

        // Revoked awards when asked for, marked; filters as for JSON.
        var withRevokedCsv = await DownloadAsync(s, $"api/campaigns/{id}/awards?format=csv&includeRevoked=true", "text/csv", null);
        StringAssert.Contains(Encoding.UTF8.GetString(withRevokedCsv), $"{RevokedName},05/03/1980,Trung tá,Công an tỉnh Phú Yên,Phú Yên,", "asked for, the revoked award is listed");
        StringAssert.Contains(Encoding.UTF8.GetString(withRevokedCsv), ",125/QĐ-MTTW,05/12/2019,02/03/2020\r\n", "with the day it was revoked, Vietnam time");
        CollectionAssert.Contains(Cells((await OutputTools.SpreadsheetAsCsvAsync(withRevokedCsv, "csv", ct)).Single()), RevokedName);
        StringAssert.Contains(Flat(string.Join("\n", await OutputTools.PdfPagesAsync(await DownloadAsync(s, $"api/campaigns/{id}/awards?format=pdf&includeRevoked=true", "application/pdf", null), ct))), "Đã thu hồi 02/03/2020");
        var individualsOnly = (await OutputTools.SpreadsheetAsCsvAsync(await DownloadAsync(s, $"api/campaigns/{id}/awards?format=xlsx&kind=individual", AwardListXlsxType, null), "xlsx", ct)).SelectMany(Cells).ToList();
        CollectionAssert.Contains(individualsOnly, Individuals[0]);
        CollectionAssert.DoesNotContain(individualsOnly, Collectives[0]);

        using var bad = await s.Organiser.Http.GetAsync(new Uri($"api/campaigns/{id}/awards?format=docx", UriKind.Relative), ct);
        Assert.AreEqual(HttpStatusCode.BadRequest, bad.StatusCode);
        StringAssert.Contains((await AwardsClient.ProblemAsync(bad))["detail"]!.ToString(), "xlsx");
        using var unit = await s.Nominator.Http.GetAsync(new Uri($"api/campaigns/{id}/awards?format=xlsx", UriKind.Relative), ct);
        Assert.AreEqual(HttpStatusCode.Forbidden, unit.StatusCode, "the lists are the organisers'");
    }

    [TestMethod]
    public async Task A_decision_prints_in_the_decree_layout_and_each_standing_award_gets_a_certificate_whose_QR_code_opens_its_verify_page()
    {
        var ct = TestContext.CancellationToken;
        using var s = await Scenario.StartAsync("prints");
        const string Collective = "Phòng Cảnh sát hình sự", Kept = "Đặng Thị Hằng", Revoked = "Ưng Văn Ẩn";
        await AwardDecisionTests.AwardAsync(s, "bk-mttq", [(NomineeKind.Collective, Collective), (NomineeKind.Individual, Kept), (NomineeKind.Individual, Revoked)]);
        using var issued = await s.Organiser.Http.PostAsJsonAsync($"api/campaigns/{s.Campaign.Id}/decisions", new { awardCode = "bk-mttq" }, ct);
        Assert.AreEqual(HttpStatusCode.Created, issued.StatusCode, await issued.Content.ReadAsStringAsync(ct));
        var view = (await issued.Content.ReadFromJsonAsync<DecisionView>(AwardsJson.Options, ct))!;
        var d = view.Decision;
        var date = VietnameseText.FormatDate(d.Date);

        // The decision.
        var document = await DownloadAsync(s, $"api/decisions/{d.Id}/document", "application/pdf", $"Quyết định {d.Number.Replace('/', '-')}.pdf");
        var pages = await OutputTools.PdfPagesAsync(document, ct);
        var first = pages[0];
        foreach (var part in new[]
        {
            "ỦY BAN TRUNG ƯƠNG MẶT TRẬN TỔ QUỐC VIỆT NAM", $"Số: {d.Number}", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
            string.Create(CultureInfo.InvariantCulture, $"Hà Nội, ngày {d.Date.Day:D2} tháng {d.Date.Month:D2} năm {d.Date.Year}"), "QUYẾT ĐỊNH", "Về việc tặng Bằng khen",
            "CHỦ TỊCH ỦY BAN TRUNG ƯƠNG MẶT TRẬN TỔ QUỐC VIỆT NAM", "Căn cứ Luật Thi đua, khen thưởng", "Điều 1.", "cho 1 tập thể và 2 cá nhân", "Điều 2.", "CHỦ TỊCH", "Trần Thanh Mẫn",
        })
        {
            StringAssert.Contains(Flat(first), part, "the decision's first page");
        }

        Assert.IsLessThan(Flat(first).IndexOf("QUYẾT ĐỊNH", StringComparison.Ordinal), Flat(first).IndexOf($"Số: {d.Number}", StringComparison.Ordinal), "the number heads the page, above the title");
        var annex = Flat(string.Join("\n", pages.Skip(1)));
        StringAssert.Contains(annex, "DANH SÁCH");
        StringAssert.Contains(annex, $"(Kèm theo Quyết định số {d.Number} ngày {date} của {Front})");
        StringAssert.Contains(annex, "I. TẬP THỂ (1)");
        StringAssert.Contains(annex, "II. CÁ NHÂN (2)");
        foreach (var name in new[] { Collective, Kept, Revoked })
        {
            StringAssert.Contains(annex, name);
        }

        // Revoked: marked in the annex, and no certificate.
        var revokedId = view.Members.Single(m => m.NomineeName == Revoked).NominationId;
        using (var revoke = await s.Organiser.Http.PostAsJsonAsync($"api/nominations/{revokedId}/revoke", new { reason = "Thành tích không đúng sự thật." }, ct))
        {
            Assert.AreEqual(HttpStatusCode.OK, revoke.StatusCode, await revoke.Content.ReadAsStringAsync(ct));
        }

        var after = Flat(string.Join("\n", (await OutputTools.PdfPagesAsync(await DownloadAsync(s, $"api/decisions/{d.Id}/document", "application/pdf", null), ct)).Skip(1)));
        StringAssert.Contains(after, "Đã thu hồi ngày");
        using (var none = await s.Organiser.Http.GetAsync(new Uri($"api/decisions/{d.Id}/certificates/{revokedId}", UriKind.Relative), ct))
        {
            Assert.AreEqual(HttpStatusCode.Conflict, none.StatusCode);
            StringAssert.Contains((await AwardsClient.ProblemAsync(none))["detail"]!.ToString(), "revoked");
        }

        // The certificates of the awards that stand: one page each, in the annex's order.
        var certificates = await DownloadAsync(s, $"api/decisions/{d.Id}/certificates", "application/pdf", $"Bằng khen {d.Number.Replace('/', '-')}.pdf");
        var certificatePages = await OutputTools.PdfPagesAsync(certificates, ct);
        Assert.HasCount(2, certificatePages, "the revoked award has no certificate");
        var standing = view.Members.Where(m => m.NominationId != revokedId).ToList();
        using var browser = new HttpClient { BaseAddress = TestHost.Runner.BaseUrl };
        for (var i = 0; i < standing.Count; i++)
        {
            var page = Flat(certificatePages[i]);
            var member = standing[i];
            foreach (var part in new[] { "CHỦ TỊCH ỦY BAN TRUNG ƯƠNG MẶT TRẬN TỔ QUỐC VIỆT NAM", "tặng", "BẰNG KHEN", "Cho:", member.NomineeName, $"Quyết định số {d.Number} ngày {date}", $"Mã xác thực: {member.VerificationCode}", "Trần Thanh Mẫn" })
            {
                StringAssert.Contains(page, part, $"certificate {i + 1}");
            }

            StringAssert.Contains(page, $"Số sổ: {d.Number}-{(view.Members.ToList().IndexOf(member) + 1).ToString("D3", CultureInfo.InvariantCulture)}");
            StringAssert.Contains(page, "Đã có thành tích xuất sắc trong " + s.Campaign.Name);
            var url = new Uri(TestHost.Runner.BaseUrl, "verify/" + member.VerificationCode).AbsoluteUri;
            StringAssert.Contains(page, url, "the verify address is printed");
            Assert.AreEqual(url, await OutputTools.QrCodeOnPageAsync(certificates, i + 1, ct), $"certificate {i + 1}'s QR code is its verify address");
            var verify = await browser.GetStringAsync(new Uri(url), ct);
            StringAssert.Contains(verify, member.NomineeName, "the scanned address shows whose award it is");
            StringAssert.Contains(verify, "Còn hiệu lực");
        }

        StringAssert.Contains(Flat(certificatePages[1]), "Trung tá, Phó Trưởng phòng, Công an tỉnh Phú Yên", "a person's certificate names position and unit");

        // One awardee's certificate.
        var one = await DownloadAsync(s, $"api/decisions/{d.Id}/certificates/{standing[1].NominationId}", "application/pdf", $"Bằng khen {d.Number.Replace('/', '-')} - {Kept}.pdf");
        var onePages = await OutputTools.PdfPagesAsync(one, ct);
        Assert.HasCount(1, onePages);
        StringAssert.Contains(Flat(onePages[0]), Kept);
        await AssertFontsEmbeddedWholeAsync(one);

        // Not found, and not for units.
        using (var missing = await s.Organiser.Http.GetAsync(new Uri($"api/decisions/{d.Id}/certificates/nom-0000000000000000", UriKind.Relative), ct))
        {
            Assert.AreEqual(HttpStatusCode.NotFound, missing.StatusCode);
        }

        using (var noDecision = await s.Organiser.Http.GetAsync(new Uri("api/decisions/MTTW-2019-99999/document", UriKind.Relative), ct))
        {
            Assert.AreEqual(HttpStatusCode.NotFound, noDecision.StatusCode);
        }

        using var unit = await s.Nominator.Http.GetAsync(new Uri($"api/decisions/{d.Id}/certificates", UriKind.Relative), ct);
        Assert.AreEqual(HttpStatusCode.Forbidden, unit.StatusCode);
    }

    /// <summary>GETs a file as the organiser: 200, its type, the exact Vietnamese name in filename*, never cached.</summary>
    private async Task<byte[]> DownloadAsync(Scenario s, string path, string contentType, string? fileName)
    {
        using var response = await s.Organiser.Http.GetAsync(new Uri(path, UriKind.Relative), TestContext.CancellationToken);
        var bytes = await response.Content.ReadAsByteArrayAsync(TestContext.CancellationToken);
        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode, Encoding.UTF8.GetString(bytes));
        Assert.AreEqual(contentType, response.Content.Headers.ContentType!.MediaType);
        Assert.IsTrue(response.Headers.CacheControl?.NoStore, "Cache-Control: no-store");
        var disposition = response.Content.Headers.ContentDisposition!;
        Assert.AreEqual("attachment", disposition.DispositionType);
        if (fileName is not null)
        {
            Assert.AreEqual(fileName, disposition.FileNameStar, "the exact name, diacritics and all");
            Assert.IsTrue(disposition.FileName!.All(c => c < 128), "an ASCII fallback name");
        }

        return bytes;
    }

    /// <summary>
    /// DejaVu Sans regular and bold are embedded, each font program whole (its /Length1, the
    /// uncompressed length, is the shipped file's), with a map back to Unicode. A subset would
    /// show letters with two marks without them (see PdfFonts); pdffonts cannot tell, since
    /// PDFsharp gives whole fonts a subset tag too.
    /// </summary>
    private async Task AssertFontsEmbeddedWholeAsync(byte[] pdf)
    {
        var fonts = await OutputTools.PdfFontsAsync(pdf, TestContext.CancellationToken);
        Assert.HasCount(2, fonts, string.Join("; ", fonts.Select(f => f.Name)));
        Assert.IsTrue(fonts.All(f => f.Embedded && f.Unicode && f.Name.Contains("DejaVu Sans", StringComparison.Ordinal)), string.Join("; ", fonts.Select(f => f.Name)));
        var raw = Encoding.Latin1.GetString(pdf);
        foreach (var file in new[] { "DejaVuSans.ttf", "DejaVuSans-Bold.ttf" })
        {
            var length = new FileInfo(Path.Combine(RepositoryPaths.Root, "functions", "Awards.Core", "Outputs", "Fonts", file)).Length;
            StringAssert.Contains(raw, $"/Length1 {length}", $"{file} embedded whole");
        }
    }

    private static void AssertNames(IReadOnlyCollection<string> cells, string what)
    {
        foreach (var name in Individuals.Concat(Collectives))
        {
            CollectionAssert.Contains(cells.ToList(), name, $"{what}: {name} intact");
        }
    }

    /// <summary>No cell shows what one of the formulas would compute (that each formula's own text is there says the rest).</summary>
    private static void AssertNothingComputed(IReadOnlyCollection<string> cells, string what)
    {
        CollectionAssert.DoesNotContain(cells.ToList(), "y", $"{what}: HYPERLINK ran");
        Assert.IsFalse(cells.Any(c => c.StartsWith('#') || c.StartsWith("Err:", StringComparison.Ordinal)), $"{what}: a formula was evaluated into an error");
    }

    /// <summary>The cells of a CSV (RFC 4180 quoting), line breaks inside a cell as LF.</summary>
    private static List<string> Cells(string csv)
    {
        var cells = new List<string>();
        var cell = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < csv.Length; i++)
        {
            var c = csv[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < csv.Length && csv[i + 1] == '"')
                {
                    cell.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    cell.Append(c);
                }
            }
            else if (c == '"' && cell.Length == 0)
            {
                quoted = true;
            }
            else if (c is ',' or '\n' or '\r')
            {
                if (c == '\r' && i + 1 < csv.Length && csv[i + 1] == '\n')
                {
                    i++;
                }

                cells.Add(Lf(cell.ToString()));
                cell.Clear();
            }
            else
            {
                cell.Append(c);
            }
        }

        cells.Add(Lf(cell.ToString()));
        return cells;
    }

    private static string Lf(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');

    /// <summary>Text with its line breaks and runs of spaces as single spaces (pdftotext breaks lines where the page does).</summary>
    private static string Flat(string text) => string.Join(' ', text.Split([' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries));
}
