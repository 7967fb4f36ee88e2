using Awards.Domain;
using PdfSharp;
using PdfSharp.Drawing;
using PdfSharp.Pdf;
using QRCoder;

namespace Awards.Outputs.Pdf;

/// <summary>
/// Certificates of merit (bằng khen), one A4 landscape page each: the body's certificate heading
/// and <c>tặng</c>, <c>BẰNG KHEN</c> large, <c>Cho:</c> the name (with position and unit for a
/// person, the unit for a collective), the achievement line, the decision's number and date, the
/// register number (<c>Số sổ</c>), the place and date, the signer; and the certificate's
/// verification code with its URL, printed and as a QR code anyone can scan to check it.
/// </summary>
public static class CertificateDocument
{
    private const double Width = 842;
    private static readonly XColor Red = XColor.FromArgb(176, 18, 24);

    /// <summary>Renders one page per awardee of <paramref name="members"/> (each must stand and have a code).</summary>
    public static PdfDocument Render(DecisionPrint print, IEnumerable<PrintedMember> members, Func<string, Uri> verifyUrl)
    {
        ArgumentNullException.ThrowIfNull(print);
        ArgumentNullException.ThrowIfNull(members);
        ArgumentNullException.ThrowIfNull(verifyUrl);
        var document = PdfDocuments.Create($"Bằng khen – Quyết định số {print.Decision.Number}", print.Body.Name);
        var styles = new Styles();
        using var qr = new QRCodeGenerator();
        foreach (var member in members)
        {
            var entry = member.Entry ?? throw new ArgumentException($"{member.Member.NominationId} has no list entry.", nameof(members));
            var code = entry.VerificationCode ?? throw new ArgumentException($"{member.Member.NominationId} has no verification code.", nameof(members));
            var page = document.AddPage();
            page.Size = PageSize.A4;
            page.Orientation = PageOrientation.Landscape;
            using (var g = XGraphics.FromPdfPage(page))
            {
                DrawPage(g, styles, print, member, entry, code, verifyUrl(code), qr);
            }

            PdfDocuments.Seal(page);
        }

        return document;
    }

    private static void DrawPage(XGraphics g, Styles s, DecisionPrint print, PrintedMember member, AwardListEntry entry, string code, Uri url, QRCodeGenerator qr)
    {
        var d = print.Decision;
        var red = new XSolidBrush(Red);

        // A double frame.
        g.DrawRectangle(new XPen(Red, 3), 18, 18, Width - 36, 595 - 36);
        g.DrawRectangle(new XPen(Red, 0.8), 26, 26, Width - 52, 595 - 52);

        const double Text = 640;
        const double X = (Width - Text) / 2;
        var y = s.Heading.DrawWrapped(g, print.Body.CertificateHeading, X, 66, Text, PdfAlign.Center);
        y = s.Tang.DrawWrapped(g, "tặng", X, y + 6, Text, PdfAlign.Center);
        y = s.Title.DrawWrapped(g, "BẰNG KHEN", X, y + 14, Text, PdfAlign.Center, red);

        // "Cho:" and the name on one centred line when it fits, the name on lines of its own when not.
        y += 24;
        var cho = "Cho: ";
        var nameLines = s.Name.Wrap(g, entry.NomineeName, Text - s.Label.Width(g, cho));
        var first = s.Label.Width(g, cho) + s.Name.Width(g, nameLines[0]);
        var baselineShift = s.Name.LineHeight - s.Label.LineHeight;
        s.Label.Draw(g, [cho], X + ((Text - first) / 2), y + (baselineShift * 0.8), Text);
        s.Name.Draw(g, [nameLines[0]], X + ((Text - first) / 2) + s.Label.Width(g, cho), y, Text);
        y = s.Name.Draw(g, nameLines.Skip(1).ToList(), X, y + s.Name.LineHeight, Text, PdfAlign.Center);

        var about = entry.Kind == NomineeKind.Individual
            ? string.Join(", ", new[] { entry.Position, entry.UnitName }.Where(t => !string.IsNullOrWhiteSpace(t)))
            : VietnameseText.SameFolded(entry.UnitName, entry.NomineeName) ? string.Empty : entry.UnitName;
        if (about.Length > 0)
        {
            y = s.About.DrawWrapped(g, about, X, y + 6, Text, PdfAlign.Center);
        }

        s.Achievement.DrawWrapped(g, print.Fill(print.Body.AchievementLine), X - 20, y + 22, Text + 40, PdfAlign.Center);

        // Bottom right: place and date, signer.
        const double SignX = 470, SignWidth = 330, Bottom = 392;
        var sy = s.Date.DrawWrapped(g, print.PlaceAndDate, SignX, Bottom, SignWidth, PdfAlign.Center);
        sy = s.Signer.DrawWrapped(g, d.SignerTitle, SignX, sy + 2, SignWidth, PdfAlign.Center);
        if (d.SignerName is { Length: > 0 } signer)
        {
            s.SignerName.DrawWrapped(g, signer, SignX, sy + 62, SignWidth, PdfAlign.Center);
        }

        // Bottom left: the QR code, and beside it the decision, the register number and how to check it.
        const double QrSize = 92, QrX = 50, QrY = 452;
        DrawQr(g, qr, url.AbsoluteUri, QrX, QrY, QrSize);
        const double InfoX = QrX + QrSize + 8, InfoWidth = SignX - InfoX - 10;
        var iy = s.Info.DrawWrapped(g, $"Quyết định số {d.Number} ngày {VietnameseText.FormatDate(d.Date)}", InfoX, QrY + 4, InfoWidth);
        iy = s.Info.DrawWrapped(g, $"Số sổ: {print.RegisterNumber(member)}", InfoX, iy, InfoWidth);
        iy = s.Info.DrawWrapped(g, $"Mã xác thực: {code}", InfoX, iy + 4, InfoWidth);
        s.Small.DrawWrapped(g, $"Kiểm tra tại: {url.AbsoluteUri}", InfoX, iy, InfoWidth);
    }

    /// <summary>
    /// The QR code of <paramref name="text"/> drawn as filled squares (runs of dark modules merged
    /// row by row), with its quiet zone: sharp at any zoom and on any printer, unlike a scaled image.
    /// </summary>
    private static void DrawQr(XGraphics g, QRCodeGenerator qr, string text, double x, double y, double size)
    {
        using var data = qr.CreateQrCode(text, QRCodeGenerator.ECCLevel.M);
        var matrix = data.ModuleMatrix;
        var module = size / matrix.Count;
        g.DrawRectangle(XBrushes.White, x, y, size, size);
        for (var row = 0; row < matrix.Count; row++)
        {
            var bits = matrix[row];
            var col = 0;
            while (col < bits.Length)
            {
                if (!bits[col])
                {
                    col++;
                    continue;
                }

                var start = col;
                while (col < bits.Length && bits[col])
                {
                    col++;
                }

                // A hair wider and taller than the module, so no seam shows between neighbours.
                g.DrawRectangle(XBrushes.Black, x + (start * module), y + (row * module), ((col - start) * module) + 0.05, module + 0.05);
            }
        }
    }

    private sealed class Styles
    {
        public PdfTextStyle Heading { get; } = new(PdfFonts.Font(15, bold: true));

        public PdfTextStyle Tang { get; } = new(PdfFonts.Font(14, italic: true));

        public PdfTextStyle Title { get; } = new(PdfFonts.Font(54, bold: true));

        public PdfTextStyle Label { get; } = new(PdfFonts.Font(16));

        public PdfTextStyle Name { get; } = new(PdfFonts.Font(22, bold: true));

        public PdfTextStyle About { get; } = new(PdfFonts.Font(14));

        public PdfTextStyle Achievement { get; } = new(PdfFonts.Font(14, italic: true));

        public PdfTextStyle Date { get; } = new(PdfFonts.Font(12, italic: true));

        public PdfTextStyle Signer { get; } = new(PdfFonts.Font(13, bold: true));

        public PdfTextStyle SignerName { get; } = new(PdfFonts.Font(14, bold: true));

        public PdfTextStyle Info { get; } = new(PdfFonts.Font(9.5));

        public PdfTextStyle Small { get; } = new(PdfFonts.Font(8));
    }
}
