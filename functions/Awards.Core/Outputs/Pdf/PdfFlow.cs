using System.Globalization;
using PdfSharp;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace Awards.Outputs.Pdf;

/// <summary>
/// Text and tables flowing down A4 pages: where the next line goes, a new page when it does not
/// fit, each full page compressed at once (<see cref="PdfDocuments.Seal"/>), page numbers once
/// the last page is known.
/// </summary>
/// <param name="document">The document pages are added to.</param>
/// <param name="margins">Left, top, right and bottom margins in points.</param>
/// <param name="orientation">Portrait or landscape.</param>
public sealed class PdfFlow(PdfDocument document, (double Left, double Top, double Right, double Bottom) margins, PageOrientation orientation = PageOrientation.Portrait)
{
    private PdfPage? page;
    private XGraphics? graphics;

    /// <summary>Called after each new page is started (a table repeats its header there).</summary>
    public Action? PageStarted { get; set; }

    /// <summary>The document.</summary>
    public PdfDocument Document => document;

    /// <summary>The current page's drawing surface (a page is started if none is).</summary>
    public XGraphics G
    {
        get
        {
            if (graphics is null)
            {
                NewPage();
            }

            return graphics!;
        }
    }

    /// <summary>Where the next line goes.</summary>
    public double Y { get; set; }

    /// <summary>The left margin.</summary>
    public double Left => margins.Left;

    /// <summary>The width between the margins.</summary>
    public double Width { get; private set; }

    /// <summary>The lowest y text may reach.</summary>
    public double Bottom { get; private set; }

    /// <summary>Starts a new page (ending the current one).</summary>
    public void NewPage()
    {
        EndPage();
        page = document.AddPage();
        page.Size = PageSize.A4;
        page.Orientation = orientation;
        graphics = XGraphics.FromPdfPage(page);
        Width = page.Width.Point - margins.Left - margins.Right;
        Bottom = page.Height.Point - margins.Bottom;
        Y = margins.Top;
        PageStarted?.Invoke();
    }

    /// <summary>Starts a new page unless <paramref name="height"/> more points fit on this one.</summary>
    public void Ensure(double height)
    {
        if (graphics is null || Y + height > Bottom)
        {
            NewPage();
        }
    }

    /// <summary>
    /// A paragraph: wrapped to the width (its first line indented by <paramref name="indent"/>),
    /// going on to the next page line by line when it does not fit.
    /// </summary>
    public void Paragraph(PdfTextStyle style, string? text, PdfAlign align = PdfAlign.Left, double indent = 0, double spaceBefore = 0)
    {
        ArgumentNullException.ThrowIfNull(style);
        Y += spaceBefore;
        var lines = style.Wrap(G, text, Width, Width - indent);
        for (var i = 0; i < lines.Count; i++)
        {
            Ensure(style.LineHeight);
            var x = i == 0 ? Left + indent : Left;
            Y = style.Draw(G, [lines[i]], x, Y, Left + Width - x, align);
        }
    }

    /// <summary>A horizontal rule centred under the last line, <paramref name="length"/> points long.</summary>
    public void Rule(double length, double x0, double width, double gap = 1)
    {
        var x = x0 + ((width - length) / 2);
        G.DrawLine(new XPen(XColors.Black, 0.6), x, Y + gap, x + length, Y + gap);
        Y += gap + 2;
    }

    /// <summary>
    /// Ends the last page and numbers every page: "Trang x/y" at the foot (<paramref name="atFoot"/>),
    /// or the bare number at the head from the second page on, as Decree 30/2020 numbers an official document's pages.
    /// </summary>
    public void Finish(bool atFoot)
    {
        EndPage();
        var pages = document.PageCount;
        var style = new PdfTextStyle(PdfFonts.Font(atFoot ? 8 : 11));
        for (var i = atFoot ? 0 : 1; i < pages; i++)
        {
            var p = document.Pages[i];
            using (var g = XGraphics.FromPdfPage(p, XGraphicsPdfPageOptions.Append))
            {
                var text = atFoot ? string.Create(CultureInfo.InvariantCulture, $"Trang {i + 1}/{pages}") : (i + 1).ToString(CultureInfo.InvariantCulture);
                var y = atFoot ? p.Height.Point - margins.Bottom + 12 : margins.Top / 2;
                style.DrawWrapped(g, text, margins.Left, y, p.Width.Point - margins.Left - margins.Right, PdfAlign.Center);
            }

            PdfDocuments.Seal(p);
        }
    }

    private void EndPage()
    {
        if (page is null)
        {
            return;
        }

        graphics!.Dispose();
        graphics = null;
        PdfDocuments.Seal(page);
        page = null;
    }
}

/// <summary>A table column: its heading, its width (0: shares what the fixed columns leave) and how its cells align.</summary>
/// <param name="Title">The heading.</param>
/// <param name="Width">Points, or 0 for a share of the rest.</param>
/// <param name="Align">Alignment of its cells.</param>
public sealed record PdfColumn(string Title, double Width, PdfAlign Align = PdfAlign.Left);

/// <summary>
/// A ruled table in a <see cref="PdfFlow"/>: a row that does not fit goes to the next page, under
/// the table's title marked "(tiếp theo)" and its header row again. Rows are drawn as they come
/// and not kept.
/// </summary>
public sealed class PdfTable
{
    private const double Padding = 2.5;
    private readonly PdfFlow flow;
    private readonly PdfColumn[] columns;
    private readonly PdfTextStyle head;
    private readonly PdfTextStyle title;
    private readonly string? caption;
    private readonly XPen rule = new(XColors.Black, 0.5);
    private double top;
    private bool open;

    /// <summary>Starts a table at the flow's position (on a new page unless its title, header and a row fit).</summary>
    public PdfTable(PdfFlow flow, IReadOnlyList<PdfColumn> columns, PdfTextStyle head, PdfTextStyle title, string? caption, PdfTextStyle firstRow)
    {
        ArgumentNullException.ThrowIfNull(flow);
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(head);
        ArgumentNullException.ThrowIfNull(title);
        ArgumentNullException.ThrowIfNull(firstRow);
        this.flow = flow;
        this.head = head;
        this.title = title;
        this.caption = caption;
        _ = flow.G; // a page is open, so the width is known
        var fixedWidth = columns.Sum(c => c.Width);
        var shared = Math.Max(1, columns.Count(c => c.Width == 0));
        this.columns = [.. columns.Select(c => c.Width == 0 ? c with { Width = (flow.Width - fixedWidth) / shared } : c)];
        flow.Ensure((caption is null ? 0 : title.LineHeight + 6) + (3 * (head.LineHeight + (2 * Padding))) + firstRow.LineHeight + (2 * Padding));
        Start(continued: false);
    }

    /// <summary>Draws a row of <paramref name="values"/> in <paramref name="style"/>, each cell wrapped to its column.</summary>
    public void Row(PdfTextStyle style, IReadOnlyList<string> values)
    {
        ArgumentNullException.ThrowIfNull(style);
        ArgumentNullException.ThrowIfNull(values);
        var g = flow.G;
        var lines = new List<string>[columns.Length];
        var height = 0.0;
        for (var i = 0; i < columns.Length; i++)
        {
            lines[i] = style.Wrap(g, i < values.Count ? values[i] : string.Empty, columns[i].Width - (2 * Padding));
            height = Math.Max(height, lines[i].Count * style.LineHeight);
        }

        height += 2 * Padding;
        if (flow.Y + height > flow.Bottom)
        {
            Close();
            flow.NewPage();
            Start(continued: true);
            g = flow.G;
        }

        var x = flow.Left;
        for (var i = 0; i < columns.Length; i++)
        {
            style.Draw(g, lines[i], x + Padding, flow.Y + Padding, columns[i].Width - (2 * Padding), columns[i].Align);
            x += columns[i].Width;
        }

        flow.Y += height;
        g.DrawLine(rule, flow.Left, flow.Y, flow.Left + flow.Width, flow.Y);
    }

    /// <summary>Draws the column lines of the table's part on this page; the table ends (or breaks) here.</summary>
    public void Close()
    {
        if (!open)
        {
            return;
        }

        var g = flow.G;
        var x = flow.Left;
        g.DrawLine(rule, x, top, x, flow.Y);
        foreach (var c in columns)
        {
            x += c.Width;
            g.DrawLine(rule, x, top, x, flow.Y);
        }

        open = false;
    }

    private void Start(bool continued)
    {
        var g = flow.G;
        if (caption is not null)
        {
            flow.Y = title.DrawWrapped(g, continued ? caption + " (tiếp theo)" : caption, flow.Left, flow.Y + (continued ? 0 : 4), flow.Width) + 2;
        }

        top = flow.Y;
        g.DrawLine(rule, flow.Left, flow.Y, flow.Left + flow.Width, flow.Y);
        var height = 0.0;
        var x = flow.Left;
        foreach (var c in columns)
        {
            var wrapped = head.Wrap(g, c.Title, c.Width - (2 * Padding));
            head.Draw(g, wrapped, x + Padding, flow.Y + Padding, c.Width - (2 * Padding), PdfAlign.Center);
            height = Math.Max(height, wrapped.Count * head.LineHeight);
            x += c.Width;
        }

        flow.Y += height + (2 * Padding);
        g.DrawLine(rule, flow.Left, flow.Y, flow.Left + flow.Width, flow.Y);
        open = true;
    }
}
