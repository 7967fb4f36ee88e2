using System.Text.RegularExpressions;
using Awards.Domain;
using Awards.Outputs.Exports;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace Awards.Outputs.Pdf;

/// <summary>
/// An award decision as a PDF in the layout of Decree 30/2020/NĐ-CP: the issuing body top left
/// over its number, the national motto top right over the place and date, <c>QUYẾT ĐỊNH</c> and
/// the title, the authority, the grounds, the articles with their places filled, the signer; then
/// the annex <c>DANH SÁCH …</c> with collectives and individuals in separate numbered tables,
/// revoked awards marked. Pages after the first are numbered at the head, as the decree says.
/// </summary>
public static partial class DecisionDocument
{
    // Decree 30/2020: left margin 30–35 mm, right 15–20 mm, top and bottom 20–25 mm.
    private static readonly (double, double, double, double) Margins = (85, 57, 57, 57);

    /// <summary>Renders the decision of <paramref name="print"/>.</summary>
    public static PdfDocument Render(DecisionPrint print)
    {
        ArgumentNullException.ThrowIfNull(print);
        var d = print.Decision;
        var document = PdfDocuments.Create($"Quyết định số {d.Number}", print.Body.Name);
        var flow = new PdfFlow(document, Margins);
        var headingBold = new PdfTextStyle(PdfFonts.Font(10.5, bold: true));
        var nation = new PdfTextStyle(PdfFonts.Font(10.5, bold: true));
        var motto = new PdfTextStyle(PdfFonts.Font(11.5, bold: true));
        var text = new PdfTextStyle(PdfFonts.Font(12));
        var italic = new PdfTextStyle(PdfFonts.Font(12, italic: true));
        var bold = new PdfTextStyle(PdfFonts.Font(12, bold: true));
        var title = new PdfTextStyle(PdfFonts.Font(14, bold: true));
        var small = new PdfTextStyle(PdfFonts.Font(10));
        var smallBold = new PdfTextStyle(PdfFonts.Font(10, bold: true, italic: true));

        // The head: two columns side by side.
        var g = flow.G;
        var top = flow.Y;
        var leftWidth = flow.Width * 0.44;
        var rightX = flow.Left + leftWidth;
        var rightWidth = flow.Width - leftWidth;
        var heading = print.Body.Heading ?? print.Body.Name.ToUpper(VietnameseText.Culture);
        var leftLines = headingBold.Wrap(g, heading, leftWidth - 6);
        var leftY = headingBold.Draw(g, leftLines, flow.Left, top, leftWidth, PdfAlign.Center);
        Underline(g, flow.Left, leftWidth, leftY + 3, Math.Min(90, leftWidth / 2));
        var rightY = nation.Draw(g, nation.Wrap(g, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", rightWidth), rightX, top, rightWidth, PdfAlign.Center);
        const string Motto = "Độc lập - Tự do - Hạnh phúc";
        rightY = motto.Draw(g, [Motto], rightX, rightY, rightWidth, PdfAlign.Center);
        Underline(g, rightX, rightWidth, rightY + 3, motto.Width(g, Motto));
        var line = Math.Max(leftY, rightY) + 10;
        text.Draw(g, [$"Số: {d.Number}"], flow.Left, line, leftWidth, PdfAlign.Center);
        italic.Draw(g, italic.Wrap(g, print.PlaceAndDate, rightWidth), rightX, line, rightWidth, PdfAlign.Center);
        flow.Y = line + (2 * italic.LineHeight) + 12;

        // Title, authority, grounds.
        flow.Paragraph(title, "QUYẾT ĐỊNH", PdfAlign.Center);
        flow.Paragraph(bold, d.Title, PdfAlign.Center);
        flow.Rule(70, flow.Left, flow.Width, 4);
        flow.Paragraph(bold, AuthorityOf(print), PdfAlign.Center, spaceBefore: 12);
        flow.Y += 8;
        foreach (var ground in print.Body.Grounds)
        {
            flow.Paragraph(italic, print.Fill(ground), indent: 28, spaceBefore: 3);
        }

        flow.Paragraph(bold, "QUYẾT ĐỊNH:", PdfAlign.Center, spaceBefore: 10);
        flow.Y += 6;
        foreach (var article in print.Body.Articles.DefaultIfEmpty($"Điều 1. Tặng {print.AwardName} cho {{collectives}} tập thể và {{individuals}} cá nhân có tên trong danh sách kèm theo, đã có thành tích xuất sắc trong {{campaign}}."))
        {
            Article(flow, bold, text, print.Fill(article));
        }

        // The signer, on the right; the recipients, on the left.
        var signerHeight = (2 * bold.LineHeight) + 70;
        flow.Ensure(signerHeight + 10);
        flow.Y += 14;
        g = flow.G;
        var signTop = flow.Y;
        var signerX = flow.Left + (flow.Width * 0.45);
        var signerWidth = flow.Width * 0.55;
        var y = bold.Draw(g, bold.Wrap(g, d.SignerTitle, signerWidth), signerX, signTop, signerWidth, PdfAlign.Center);
        if (d.SignerName is { Length: > 0 } signer)
        {
            y = bold.Draw(g, bold.Wrap(g, signer, signerWidth), signerX, y + 70, signerWidth, PdfAlign.Center);
        }

        var left = smallBold.Draw(g, ["Nơi nhận:"], flow.Left, signTop, signerX - flow.Left);
        left = small.Draw(g, [print.Body.Articles.Count >= 3 ? "- Như Điều 3;" : "- Như Điều 1;", "- Lưu: VT."], flow.Left, left, signerX - flow.Left);
        flow.Y = Math.Max(y, left);

        Annex(flow, print);
        flow.Finish(atFoot: false);
        return document;
    }

    /// <summary>Who decides: the body's certificate heading (e.g. <c>CHỦ TỊCH ỦY BAN TRUNG ƯƠNG MẶT TRẬN TỔ QUỐC VIỆT NAM</c>).</summary>
    private static string AuthorityOf(DecisionPrint print) => print.Body.CertificateHeading;

    private static void Article(PdfFlow flow, PdfTextStyle bold, PdfTextStyle text, string article)
    {
        // "Điều 1." in bold, the rest of the article after it.
        var match = ArticleLabel().Match(article);
        var label = match.Success ? match.Value.Trim() : string.Empty;
        var rest = match.Success ? article[match.Length..] : article;
        const double Indent = 28;
        flow.Y += 4;
        var g = flow.G;
        var labelWidth = label.Length == 0 ? 0 : bold.Width(g, label + " ");
        var lines = text.Wrap(g, rest, flow.Width, flow.Width - Indent - labelWidth);
        for (var i = 0; i < lines.Count; i++)
        {
            flow.Ensure(text.LineHeight);
            g = flow.G;
            if (i == 0)
            {
                if (label.Length > 0)
                {
                    bold.Draw(g, [label], flow.Left + Indent, flow.Y, labelWidth);
                }

                text.Draw(g, [lines[0]], flow.Left + Indent + labelWidth, flow.Y, flow.Width - Indent - labelWidth);
            }
            else
            {
                text.Draw(g, [lines[i]], flow.Left, flow.Y, flow.Width);
            }

            flow.Y += text.LineHeight;
        }
    }

    private static void Annex(PdfFlow flow, DecisionPrint print)
    {
        var d = print.Decision;
        var title = new PdfTextStyle(PdfFonts.Font(13, bold: true));
        var bold = new PdfTextStyle(PdfFonts.Font(11, bold: true));
        var italic = new PdfTextStyle(PdfFonts.Font(11, italic: true));
        var head = new PdfTextStyle(PdfFonts.Font(9, bold: true));
        var cell = new PdfTextStyle(PdfFonts.Font(9));
        flow.NewPage();
        flow.Paragraph(title, "DANH SÁCH", PdfAlign.Center);
        flow.Paragraph(bold, $"Các tập thể, cá nhân được tặng {print.AwardName}", PdfAlign.Center, spaceBefore: 2);
        flow.Paragraph(italic, $"(Kèm theo Quyết định số {d.Number} ngày {VietnameseText.FormatDate(d.Date)} của {print.Body.Name})", PdfAlign.Center, spaceBefore: 2);
        flow.Rule(70, flow.Left, flow.Width, 4);
        flow.Y += 8;

        var section = 0;
        foreach (var kind in new[] { NomineeKind.Collective, NomineeKind.Individual })
        {
            var members = print.Members.Where(m => m.Member.Kind == kind).ToList();
            if (members.Count == 0)
            {
                continue;
            }

            var collective = kind == NomineeKind.Collective;
            PdfColumn[] columns = collective
                ? [new("STT", 30, PdfAlign.Right), new("Tên tập thể", 0), new("Đơn vị", 0), new("Ghi chú", 80)]
                : [new("STT", 30, PdfAlign.Right), new("Họ và tên", 0), new("Ngày sinh", 60), new("Chức vụ", 0), new("Đơn vị", 0), new("Ghi chú", 70)];
            var caption = $"{(++section == 1 ? "I" : "II")}. {(collective ? "TẬP THỂ" : "CÁ NHÂN")} ({members.Count})";
            var table = new PdfTable(flow, columns, head, bold, caption, cell);
            var number = 0;
            foreach (var m in members)
            {
                var note = m.Entry is null ? "Không còn trong danh sách" : m.Entry.RevokedAt is { } revoked ? $"Đã thu hồi ngày {AwardListExport.LocalDate(revoked)}" : string.Empty;
                var stt = (++number).ToString(VietnameseText.Culture);
                table.Row(cell, collective
                    ? [stt, m.Member.NomineeName, m.Member.UnitName, note]
                    : [stt, m.Member.NomineeName, m.Entry?.DateOfBirth is { } dob ? VietnameseText.FormatDate(dob) : string.Empty, m.Entry?.Position ?? string.Empty, m.Member.UnitName, note]);
            }

            table.Close();
            flow.Y += 10;
        }
    }

    private static void Underline(XGraphics g, double x0, double width, double y, double length)
    {
        var x = x0 + ((width - length) / 2);
        g.DrawLine(new XPen(XColors.Black, 0.6), x, y, x + length, y);
    }

    [GeneratedRegex(@"^\s*Điều\s+\d+\.\s*", RegexOptions.None, 100)]
    private static partial Regex ArticleLabel();
}
