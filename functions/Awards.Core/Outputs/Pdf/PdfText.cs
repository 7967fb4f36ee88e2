using System.Text;
using PdfSharp.Drawing;
using PdfSharp.Pdf;
using PdfSharp.Pdf.Advanced;

namespace Awards.Outputs.Pdf;

/// <summary>
/// A font with the width of each letter remembered: a long list measures every cell to wrap it,
/// and PDFsharp places glyphs by their advance widths alone (no kerning), so the sum of the
/// letters' widths is what PDFsharp would measure, at a fraction of the cost.
/// </summary>
public sealed class PdfTextStyle(XFont font)
{
    private readonly Dictionary<int, double> widths = [];

    /// <summary>The font.</summary>
    public XFont Font { get; } = font;

    /// <summary>The distance between two lines of this font.</summary>
    public double LineHeight { get; } = font.GetHeight();

    /// <summary>The width of <paramref name="text"/> in points.</summary>
    public double Width(XGraphics g, ReadOnlySpan<char> text)
    {
        ArgumentNullException.ThrowIfNull(g);
        var width = 0.0;
        foreach (var rune in text.EnumerateRunes())
        {
            if (!widths.TryGetValue(rune.Value, out var w))
            {
                w = g.MeasureString(rune.ToString(), Font).Width;
                widths[rune.Value] = w;
            }

            width += w;
        }

        return width;
    }

    /// <summary>
    /// The lines <paramref name="text"/> takes in <paramref name="width"/> points (the first in
    /// <paramref name="firstWidth"/>, when a paragraph's first line is indented): broken at spaces
    /// (and at line breaks it holds), a word longer than a line broken between letters.
    /// </summary>
    public List<string> Wrap(XGraphics g, string? text, double width, double? firstWidth = null)
    {
        var lines = new List<string>(1);
        if (string.IsNullOrEmpty(text))
        {
            lines.Add(string.Empty);
            return lines;
        }

        double Room() => lines.Count == 0 && firstWidth is { } first ? first : width;
        if (text.IndexOf('\n', StringComparison.Ordinal) < 0 && Width(g, text) <= Room())
        {
            // The common case: one line, measured once.
            lines.Add(text);
            return lines;
        }

        foreach (var paragraph in text.Split('\n'))
        {
            var line = new StringBuilder();
            var lineWidth = 0.0;
            var space = Width(g, " ");
            foreach (var word in paragraph.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                var wordWidth = Width(g, word);
                if (line.Length > 0 && lineWidth + space + wordWidth <= Room())
                {
                    line.Append(' ').Append(word);
                    lineWidth += space + wordWidth;
                    continue;
                }

                if (line.Length > 0)
                {
                    lines.Add(line.ToString());
                    line.Clear();
                    lineWidth = 0;
                }

                if (wordWidth <= Room())
                {
                    line.Append(word);
                    lineWidth = wordWidth;
                    continue;
                }

                // A word wider than the column: cut it between letters.
                foreach (var rune in word.EnumerateRunes())
                {
                    var letter = rune.ToString();
                    var w = Width(g, letter);
                    if (line.Length > 0 && lineWidth + w > Room())
                    {
                        lines.Add(line.ToString());
                        line.Clear();
                        lineWidth = 0;
                    }

                    line.Append(letter);
                    lineWidth += w;
                }
            }

            lines.Add(line.ToString());
        }

        return lines;
    }

    /// <summary>Draws lines from <paramref name="top"/> down, each aligned in [<paramref name="left"/>, <paramref name="left"/> + <paramref name="width"/>]; returns the y below the last.</summary>
    public double Draw(XGraphics g, IReadOnlyList<string> lines, double left, double top, double width, PdfAlign align = PdfAlign.Left, XBrush? brush = null)
    {
        ArgumentNullException.ThrowIfNull(g);
        ArgumentNullException.ThrowIfNull(lines);
        var y = top;
        foreach (var line in lines)
        {
            var x = align switch
            {
                PdfAlign.Center => left + ((width - Width(g, line)) / 2),
                PdfAlign.Right => left + width - Width(g, line),
                _ => left,
            };
            g.DrawString(line, Font, brush ?? XBrushes.Black, x, y, XStringFormats.TopLeft);
            y += LineHeight;
        }

        return y;
    }

    /// <summary>Wraps <paramref name="text"/> to the width and draws it; returns the y below it.</summary>
    public double DrawWrapped(XGraphics g, string? text, double left, double top, double width, PdfAlign align = PdfAlign.Left, XBrush? brush = null) =>
        Draw(g, Wrap(g, text, width), left, top, width, align, brush);
}

/// <summary>How a line sits in its box.</summary>
public enum PdfAlign
{
    /// <summary>Against the left edge.</summary>
    Left,

    /// <summary>Centred.</summary>
    Center,

    /// <summary>Against the right edge.</summary>
    Right,
}

/// <summary>What the product's PDF writers share: a document set up alike, pages compressed as they are finished, saving through a temporary file.</summary>
public static class PdfDocuments
{
    /// <summary>A new document with its title and author set, content streams compressed.</summary>
    public static PdfDocument Create(string title, string author)
    {
        PdfFonts.EnsureRegistered();
        var document = new PdfDocument();
        document.Info.Title = title;
        document.Info.Author = author;
        document.Info.Creator = "Awards";
        document.Options.CompressContentStreams = true;
        return document;
    }

    /// <summary>
    /// Compresses a finished page's content now rather than when the document is saved, so a
    /// document of thousands of pages holds each page's drawing in a fraction of the memory.
    /// </summary>
    public static void Seal(PdfPage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        for (var i = 0; i < page.Contents.Elements.Count; i++)
        {
            if (page.Contents.Elements.GetDictionary(i) is PdfContent { Stream: { } stream } && !stream.IsFiltered())
            {
                stream.Zip();
            }
        }
    }

    /// <summary>
    /// Writes the document to <paramref name="output"/> (a response body): PDFsharp saves
    /// synchronously and to a seekable stream, so it saves to a temporary file that is then copied
    /// asynchronously and deleted — the document's bytes are never held in memory a second time.
    /// </summary>
    public static async Task SendAsync(PdfDocument document, Stream output, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(output);
        var path = Path.Combine(Path.GetTempPath(), "awards-" + Guid.NewGuid().ToString("N") + ".pdf");
        await using var file = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 64 * 1024, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        document.Save(file, closeStream: false);
        document.Dispose();
        file.Position = 0;
        await file.CopyToAsync(output, 64 * 1024, ct);
    }
}
