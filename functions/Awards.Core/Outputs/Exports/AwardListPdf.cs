using System.Globalization;
using Awards.Domain;
using Awards.Outputs.Pdf;

namespace Awards.Outputs.Exports;

/// <summary>
/// The award lists as a PDF to print: A4, each awarding body from a new page under a title with
/// the campaign, the body and the date; one numbered table per kind (collectives: name, unit,
/// province, decision; individuals: name, date of birth, position, unit, province, decision),
/// its header repeated on every page, a count under it; <c>Trang x/y</c> at the foot of each page.
/// </summary>
/// <remarks>
/// Memory stays flat as the list grows: rows are drawn as they are read and never kept; each page's
/// drawing is compressed as soon as the page is full (<see cref="PdfDocuments.Seal"/>), so a page
/// costs PDFsharp a few kilobytes until the document is saved; page numbers are added when the last
/// page is known (PDFsharp's page count after rendering), and the document is saved through a
/// temporary file rather than a buffer.
/// </remarks>
public static class AwardListPdf
{
    private static readonly PdfColumn[] CollectiveColumns =
        [new("STT", 28, PdfAlign.Right), new("Tên tập thể", 0), new("Đơn vị", 0), new("Tỉnh", 64), new("Quyết định", 80)];

    private static readonly PdfColumn[] IndividualColumns =
        [new("STT", 28, PdfAlign.Right), new("Họ và tên", 0), new("Ngày sinh", 52), new("Chức vụ", 0), new("Đơn vị", 0), new("Tỉnh", 56), new("Quyết định", 72)];

    /// <summary>Writes the PDF of the export to <paramref name="output"/>.</summary>
    public static async Task WriteAsync(AwardListExport export, Stream output, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(export);
        ArgumentNullException.ThrowIfNull(output);
        var document = PdfDocuments.Create($"Danh sách khen thưởng – {export.Campaign.Name}", "Awards");
        var flow = new PdfFlow(document, (36, 36, 36, 50));
        var title = new PdfTextStyle(PdfFonts.Font(14, bold: true));
        var heading = new PdfTextStyle(PdfFonts.Font(11, bold: true));
        var text = new PdfTextStyle(PdfFonts.Font(9.5));
        var cell = new PdfTextStyle(PdfFonts.Font(8));
        var head = new PdfTextStyle(PdfFonts.Font(8, bold: true));
        var note = new PdfTextStyle(PdfFonts.Font(8, italic: true));
        foreach (var body in export.Bodies.DefaultIfEmpty(string.Empty))
        {
            flow.NewPage();
            flow.Paragraph(title, "DANH SÁCH KHEN THƯỞNG", PdfAlign.Center);
            flow.Paragraph(heading, export.Campaign.Name, PdfAlign.Center, spaceBefore: 2);
            flow.Paragraph(text, $"Cơ quan khen thưởng: {(body.Length > 0 ? body : "—")}", PdfAlign.Center, spaceBefore: 6);
            flow.Paragraph(text, $"Ngày lập: {VietnameseText.FormatDate(export.Date)}", PdfAlign.Center);
            if (export.Filter.IncludeRevoked)
            {
                flow.Paragraph(note, "Gồm cả khen thưởng đã thu hồi (ghi ở cột Quyết định).", PdfAlign.Center);
            }

            flow.Y += 8;
            var section = 0;
            foreach (var kind in export.Kinds)
            {
                var collective = kind == NomineeKind.Collective;
                var caption = $"{(++section == 1 ? "I" : "II")}. {(collective ? "TẬP THỂ" : "CÁ NHÂN")}";
                var table = new PdfTable(flow, collective ? CollectiveColumns : IndividualColumns, head, heading, caption, cell);
                var count = 0;
                if (body.Length > 0)
                {
                    await foreach (var entry in export.Read(body, kind, ct))
                    {
                        table.Row(cell, Cells(export, entry, ++count));
                    }
                }

                if (count == 0)
                {
                    table.Row(note, ["", collective ? "Không có tập thể nào." : "Không có cá nhân nào."]);
                }

                table.Close();
                flow.Ensure(text.LineHeight + 3);
                flow.Paragraph(text, $"Tổng số: {count.ToString("N0", VietnameseText.Culture)} {(collective ? "tập thể" : "cá nhân")}.", spaceBefore: 3);
                flow.Y += 6;
            }
        }

        flow.Finish(atFoot: true);
        await PdfDocuments.SendAsync(document, output, ct);
    }

    private static string[] Cells(AwardListExport export, AwardListEntry entry, int number)
    {
        var decision = entry.DecisionNumber is null ? string.Empty : $"{entry.DecisionNumber}\n{(entry.DecisionDate is { } d ? VietnameseText.FormatDate(d) : string.Empty)}";
        if (entry.RevokedAt is { } revoked)
        {
            decision = (decision.Length > 0 ? decision + "\n" : string.Empty) + $"Đã thu hồi {AwardListExport.LocalDate(revoked)}";
        }

        var stt = number.ToString(CultureInfo.InvariantCulture);
        return entry.Kind == NomineeKind.Collective
            ? [stt, entry.NomineeName, entry.UnitName, export.ProvinceName(entry.ProvinceCode), decision]
            : [stt, entry.NomineeName, entry.DateOfBirth is { } dob ? VietnameseText.FormatDate(dob) : string.Empty, entry.Position ?? string.Empty, entry.UnitName, export.ProvinceName(entry.ProvinceCode), decision];
    }
}
